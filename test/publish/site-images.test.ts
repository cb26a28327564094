// The newsroom's crest and icons are drawn once and kept in the cache: a
// rebuild takes them from there without loading sharp, an entry that is not
// what was drawn is never published, and a new crest is drawn anew.
import {createHash} from 'node:crypto'
import {writeFile} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {describe, expect, it, vi} from 'vitest'
import {siteImages, type DrawnImages} from '../../pipeline/publish/site-images.js'
import {projectRoot, temporaryFolder} from '../helpers.js'

// Every time sharp is asked for, counted: a build that draws nothing never asks.
const loads = vi.hoisted(() => ({count: 0}))
vi.mock('../../pipeline/publish/image-encoder.js', async (importOriginal) => {
  const encoder = await importOriginal<typeof import('../../pipeline/publish/image-encoder.js')>()
  return {...encoder, loadSharp: () => (loads.count++, encoder.loadSharp())}
})

function memoryCache() {
  const entries = new Map<string, string>()
  const cache: DrawnImages['cache'] = {
    get: async <T>(key: string) => (entries.has(key) ? (JSON.parse(entries.get(key)!) as T) : undefined),
    set: async (key: string, value: unknown) => void entries.set(key, JSON.stringify(value))
  }
  return {entries, cache}
}

const crest = join(projectRoot, 'media', 'crest.svg')
const names = (images: {files: ReadonlyMap<string, Uint8Array>}) => [...images.files.keys()].sort()

describe('the site images kept in the cache', () => {
  it('are drawn once, then taken from the cache without loading sharp', async () => {
    const {entries, cache} = memoryCache()
    loads.count = 0
    const drawn = await siteImages({logo: crest}, projectRoot, undefined, {cache, stamp: 'code'})
    expect(loads.count).toBeGreaterThan(0)
    expect(names(drawn)).toEqual(expect.arrayContaining([expect.stringMatching(/^assets\/logo-[0-9a-f]{10}\.svg$/), expect.stringMatching(/^assets\/logo-email-[0-9a-f]{10}\.png$/), expect.stringMatching(/^assets\/card-[0-9a-f]{10}\.png$/), expect.stringMatching(/^assets\/icon-[0-9a-f]{10}\.png$/), expect.stringMatching(/^assets\/touch-icon-[0-9a-f]{10}\.png$/)]))
    expect(entries.size).toBe(1)

    loads.count = 0
    const kept = await siteImages({logo: crest}, projectRoot, undefined, {cache, stamp: 'code'})
    expect(loads.count).toBe(0)
    expect(kept.fingerprint).toBe(drawn.fingerprint)
    expect(kept.card).toEqual(drawn.card)
    expect(kept.emailLogo).toEqual(drawn.emailLogo)
    for (const [path, bytes] of drawn.files) expect(Buffer.from(kept.files.get(path)!).equals(Buffer.from(bytes))).toBe(true)

    // Other code (or packages) draws again.
    loads.count = 0
    await siteImages({logo: crest}, projectRoot, undefined, {cache, stamp: 'other code'})
    expect(loads.count).toBeGreaterThan(0)
  })

  it('never publishes a kept file that is not what its name says, and draws a changed crest anew', async () => {
    const {entries, cache} = memoryCache()
    const drawn = await siteImages({logo: crest}, projectRoot, undefined, {cache, stamp: 'code'})
    const [key, text] = [...entries][0]!
    const entry = JSON.parse(text) as {files: Array<[string, string]>}
    entries.set(key, JSON.stringify({...entry, files: entry.files.map(([path, bytes]) => [path, path.includes('card') ? Buffer.from('<svg onload="alert(1)"/>').toString('base64') : bytes])}))
    loads.count = 0
    const again = await siteImages({logo: crest}, projectRoot, undefined, {cache, stamp: 'code'})
    expect(loads.count).toBeGreaterThan(0)
    for (const [path, bytes] of drawn.files) expect(Buffer.from(again.files.get(path)!).equals(Buffer.from(bytes))).toBe(true)

    const root = await temporaryFolder()
    const svg = (colour: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="${colour}"/></svg>`
    await writeFile(join(root, 'crest.svg'), svg('#1a3d6e'))
    const blue = await siteImages({logo: join(root, 'crest.svg')}, root, undefined, {cache, stamp: 'code'})
    await writeFile(join(root, 'crest.svg'), svg('#8a1c1c'))
    const red = await siteImages({logo: join(root, 'crest.svg')}, root, undefined, {cache, stamp: 'code'})
    expect(red.logo!.path).not.toBe(blue.logo!.path)
    expect(red.card!.path).not.toBe(blue.card!.path)
  })

  it('never publishes a kept drawing that would run or fetch, nor an image the entry leaves empty, and draws them again', async () => {
    const {entries, cache} = memoryCache()
    const drawn = await siteImages({logo: crest}, projectRoot, undefined, {cache, stamp: 'code'})
    const [key, text] = [...entries][0]!
    const entry = JSON.parse(text) as {logo: {path: string}; files: Array<[string, string]>}
    // A file named by its own content, as a hand-made entry can be.
    const active = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>')
    const path = `assets/logo-${createHash('sha256').update(active).digest('hex').slice(0, 10)}.svg`
    const hostile = {...entry, logo: {...entry.logo, path}, files: entry.files.map(([one, bytes]) => (one === entry.logo.path ? [path, active.toString('base64')] : [one, bytes]))}
    for (const planted of [hostile, {...entry, card: null}, {...entry, files: [...entry.files, ['assets/extra-0123456789.png', 'AAAA']]}]) {
      entries.set(key, JSON.stringify(planted))
      const again = await siteImages({logo: crest}, projectRoot, undefined, {cache, stamp: 'code'})
      expect(again.logo).toEqual(drawn.logo)
      expect(names(again)).toEqual(names(drawn))
    }
  })

  it('tells an icon named but unreadable (no icon) from one not named (made from the crest)', async () => {
    const {cache} = memoryCache()
    const unnamed = await siteImages({logo: crest}, projectRoot, undefined, {cache, stamp: 'code'})
    expect(unnamed.icon).toBeDefined()
    const unreadable = await siteImages({logo: crest, favicon: join(projectRoot, 'media', 'no-such-icon.png')}, projectRoot, undefined, {cache, stamp: 'code'})
    expect(unreadable.icon).toBeUndefined()
    expect((await siteImages({logo: crest}, projectRoot, undefined, {cache, stamp: 'code'})).icon).toEqual(unnamed.icon)
  })

  it('still says a missing icon is missing when the crest is kept', async () => {
    const {cache} = memoryCache()
    const settings = {logo: crest, favicon: join(projectRoot, 'media', 'no-such-icon.png')}
    for (let build = 0; build < 2; build++) {
      const images = await siteImages(settings, projectRoot, (path) => relative(projectRoot, path), {cache, stamp: 'code'})
      expect(images.problems).toEqual([{field: 'favicon', message: expect.stringContaining('media/no-such-icon.png, which is not there')}])
      expect(images.logo).toBeDefined()
      expect(images.icon).toBeUndefined()
    }
  })
})
