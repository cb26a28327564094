// The media cache: a copy made from an image is kept with the hash of its
// name and bytes, taken again while it is whole, and kept young while builds
// use it, so that pruning the cache takes the copies no build needs.
import {createHash} from 'node:crypto'
import {cp, readdir, readFile, rm, stat, utimes, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import sharp from 'sharp'
import {describe, expect, it, vi} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {cached} from '../../pipeline/publish/media-content.js'
import {projectRoot, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

// The translations rendered in this thread, counted: the others were rendered in a worker thread.
const renderedHere = vi.hoisted(() => ({count: 0}))
vi.mock('../../pipeline/publish/render-translation.js', async (importOriginal) => {
  const rendering = await importOriginal<typeof import('../../pipeline/publish/render-translation.js')>()
  return {...rendering, renderTranslation: (...args: Parameters<typeof rendering.renderTranslation>) => (renderedHere.count++, rendering.renderTranslation(...args))}
})

describe('the media cache', () => {
  it('should take a copy again while it is whole, make it again when damaged, and keep a copy in use young', async () => {
    const cache = await temporaryFolder()
    const made: string[] = []
    const make = (bytes: string) => async () => (made.push(bytes), Buffer.from(bytes))
    const name = 'reception-0123456789-800.jpg'
    expect((await cached(cache, name, make('resized'))).toString()).toBe('resized')
    const [file] = await readdir(join(cache, 'media'))
    const path = join(cache, 'media', file!)

    // Written two months ago and read now: taken as it is, and made young.
    const old = new Date(Date.now() - 60 * 24 * 3600_000)
    await utimes(path, old, old)
    expect((await cached(cache, name, make('again'))).toString()).toBe('resized')
    expect(made).toEqual(['resized'])
    expect(Date.now() - (await stat(path)).mtimeMs).toBeLessThan(60_000)

    // Damaged: made again.
    await writeFile(path, 'not a copy')
    expect((await cached(cache, name, make('remade'))).toString()).toBe('remade')
    expect(made).toEqual(['resized', 'remade'])
  })

  it('should make a copy once for the releases that ask for it at once, and make it anew where that making failed', async () => {
    const cache = await temporaryFolder()
    let makings = 0
    const slowly = async () => {
      makings++
      await new Promise((resolve) => setTimeout(resolve, 20))
      return Buffer.from('resized')
    }
    const copies = await Promise.all([1, 2, 3].map(() => cached(cache, 'portrait-0123456789-480.jpg', slowly)))
    expect(copies.map(String)).toEqual(['resized', 'resized', 'resized'])
    expect(makings).toBe(1)
    // The first making fails (a photo changed meanwhile): one of the releases waiting for it makes its own, the other waits for that.
    const failing = async () => {
      await new Promise((resolve) => setTimeout(resolve, 10))
      throw new Error('not as it was known')
    }
    makings = 0
    const [first, ...others] = await Promise.allSettled([cached(cache, 'portrait-9876543210-480.jpg', failing), cached(cache, 'portrait-9876543210-480.jpg', slowly), cached(cache, 'portrait-9876543210-480.jpg', slowly)])
    expect(first.status).toBe('rejected')
    expect(others.map((other) => other.status === 'fulfilled' && other.value.toString())).toEqual(['resized', 'resized'])
    expect(makings).toBe(1)
  })

  it('should publish each release its own photo, the copies in the cache named by each photo’s bytes and kept while in use', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    const photo = (width: number) => sharp({create: {width, height: 200, channels: 3, background: {r: width % 255, g: 90, b: 40}}}).jpeg().toBuffer()
    for (const [id, width] of [['2026-03-02-visit', 300], ['2026-03-03-fair', 500]] as const) {
      await writeReleases(root, {[`${id}/en.md`]: releaseText(`title: Visit\ndate: ${id.slice(0, 10)}`, '![The delegation](photo.jpg)')})
      await writeFile(join(root, 'releases', id, 'photo.jpg'), await photo(width))
    }
    const out = join(root, 'site')
    // Twice, the second from the cache.
    for (let run = 0; run < 2; run++) {
      expect((await build({root, out, now: new Date('2026-11-24T12:00:00Z'), cwd: root, workers: 0})).ok).toBe(true)
      for (const [id, width] of [['2026-03-02-visit', 300], ['2026-03-03-fair', 500]] as const) {
        // The photo as published, and its smaller copies.
        const folder = join(out, 'media', id)
        const widths = await Promise.all((await readdir(folder)).filter((name) => name.endsWith('.jpg')).map(async (name) => (await sharp(join(folder, name)).metadata()).width))
        expect(Math.max(...widths)).toBe(width)
      }
    }
    // A rebuild after an edit, pruning the cache to nothing it does not use: the copies it used stay.
    const copies = await readdir(join(root, '.communique-cache', 'media'))
    await writeFile(join(root, 'releases', '2026-03-02-visit', 'en.md'), releaseText('title: Visit\ndate: 2026-03-02', 'The delegation arrives.\n\n![The delegation](photo.jpg)'))
    expect((await build({root, out, now: new Date('2026-11-24T12:00:00Z'), cwd: root, workers: 0, cacheBytes: 1})).ok).toBe(true)
    expect((await readdir(join(root, '.communique-cache', 'media'))).sort()).toEqual(copies.sort())
  })

  it('should take an unchanged release’s photo and its copies from the previous output, reading neither, as a cold build would write them', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    const now = new Date('2026-11-24T12:00:00Z')
    const photo = (width: number) => sharp({create: {width, height: 400, channels: 3, background: {r: 20, g: 90, b: width % 255}}}).jpeg().toBuffer()
    await writeReleases(root, {'2026-03-02-visit/en.md': releaseText('title: Visit\ndate: 2026-03-02', '![The delegation](photo.jpg)'), '2026-03-03-fair/en.md': releaseText('title: Fair\ndate: 2026-03-03', '![The stands](photo.jpg)')})
    await writeFile(join(root, 'releases', '2026-03-02-visit', 'photo.jpg'), await photo(1000))
    await writeFile(join(root, 'releases', '2026-03-03-fair', 'photo.jpg'), await photo(1200))
    const out = join(root, 'output')
    expect((await build({root, out, now, cwd: root, workers: 0})).ok).toBe(true)
    // The fair's smaller copies gone from the cache: a build that made them again would put them back.
    const media = join(root, '.communique-cache', 'media')
    const fairCopies = async () => (await readdir(media)).filter((name) => name.startsWith('photo-') && (name.endsWith('-480.jpg') || name.endsWith('-960.jpg')))
    expect(await fairCopies()).toHaveLength(4)
    const fair = await readdir(join(out, 'media', '2026-03-03-fair'))
    for (const name of await fairCopies()) if (fair.includes(name)) await rm(join(media, name))
    // And its photo as published: what the photo was found to be is kept apart, so that it is not read again either.
    const fairOriginal = `original-${createHash('sha256').update(await readFile(join(root, 'releases', '2026-03-03-fair', 'photo.jpg'))).digest('hex')}.jpg`
    await rm(join(media, fairOriginal))
    // The visit edited twice: the first rebuild links the fair's files from the live site, the second keeps them in the build before last.
    for (const text of ['The delegation arrives.', 'The delegation arrives on Monday.']) {
      await writeFile(join(root, 'releases', '2026-03-02-visit', 'en.md'), releaseText('title: Visit\ndate: 2026-03-02', `${text}\n\n![The delegation](photo.jpg)`))
      expect((await build({root, out, now, cwd: root, workers: 0})).ok).toBe(true)
      const cold = join(await temporaryFolder(), 'cold')
      expect((await build({root, out: cold, now, cwd: root, cache: false, workers: 0})).ok).toBe(true)
      expect(await readTree(out)).toEqual(await readTree(cold))
    }
    expect((await fairCopies()).filter((name) => fair.includes(name))).toEqual([])
    expect(await readdir(media)).not.toContain(fairOriginal)
  })

  it('should refuse to publish a photo whose copy in the cache is not the one it checked, with a placed error, and check it anew the next time', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    const now = new Date('2026-11-24T12:00:00Z')
    await writeReleases(root, {'2026-03-03-fair/en.md': releaseText('title: Fair\ndate: 2026-03-03', 'The fair opens.\n\n![The stands](photo.jpg)')})
    const photo = await sharp({create: {width: 300, height: 200, channels: 3, background: {r: 20, g: 90, b: 40}}}).jpeg().toBuffer()
    await writeFile(join(root, 'releases', '2026-03-03-fair', 'photo.jpg'), photo)
    expect((await build({root, out: join(root, 'site'), now, cwd: root, workers: 0})).ok).toBe(true)
    // Another picture put in the cache in the photo's place, framed as press frames its copies.
    const name = `original-${createHash('sha256').update(photo).digest('hex')}.jpg`
    const other = await sharp({create: {width: 300, height: 200, channels: 3, background: {r: 200, g: 0, b: 0}}}).jpeg().toBuffer()
    const frame = createHash('sha256').update(name).update('\0').update(other).digest('hex')
    await writeFile(join(root, '.communique-cache', 'media', name), Buffer.concat([Buffer.from(`${frame}\n`), other]))
    // Into a new folder, where the copies must be written: refused at the image, nothing published.
    const refused = await build({root, out: join(root, 'elsewhere'), now, cwd: root, workers: 0})
    expect(refused.ok).toBe(false)
    expect(refused.files.flatMap((file) => file.messages.filter((message) => message.ruleId === 'media').map((message) => `${message.line}:${message.reason}`))).toEqual(['8:photo.jpg could not be published: its copy in the cache is not the one press checked: run the build again, and press checks the image anew'])
    // The next build checks the image again.
    expect((await build({root, out: join(root, 'elsewhere'), now, cwd: root, workers: 0})).ok).toBe(true)
  })

  it('should point pages and emails at the published photos in worker threads as in the main thread', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    // Enough releases that the build starts its threads and renders every page there.
    const ids = Array.from({length: 6}, (_, index) => `2026-03-0${index + 1}-visit`)
    for (const id of ids) {
      await writeReleases(root, {[`${id}/en.md`]: releaseText(`title: Visit\ndate: ${id.slice(0, 10)}`, 'The delegation arrives.\n\n![The delegation](photo.jpg)')})
      await writeFile(join(root, 'releases', id, 'photo.jpg'), await sharp({create: {width: 1000, height: 400, channels: 3, background: {r: 20, g: 90, b: 40}}}).jpeg().toBuffer())
    }
    const threaded = join(root, 'threaded')
    renderedHere.count = 0
    expect((await build({root, out: threaded, now: new Date('2026-11-24T12:00:00Z'), cwd: root, workers: 2, cache: false})).ok).toBe(true)
    expect(renderedHere.count).toBe(0)
    const here = join(root, 'here')
    expect((await build({root, out: here, now: new Date('2026-11-24T12:00:00Z'), cwd: root, workers: 0, cache: false})).ok).toBe(true)
    expect(renderedHere.count).toBe(6)
    expect(await readTree(threaded)).toEqual(await readTree(here))
    const page = await readFile(join(threaded, 'en', ids[5]!, 'index.html'), 'utf8')
    const email = await readFile(join(threaded, 'en', ids[5]!, 'email.html'), 'utf8')
    const name = (await readdir(join(threaded, 'media', ids[5]!))).find((file) => /^photo-[0-9a-f]{10}\.jpg$/.test(file))!
    expect(page).toContain(`<img src="../../media/${ids[5]}/${name}"`)
    expect(page).toContain(`srcset="../../media/${ids[5]}/${name.replace('.jpg', '-480.jpg')} 480w`)
    expect(email).toMatch(new RegExp(`<img src="https://embassy\\.example\\.org/news/media/${ids[5]}/${name.replace('.', '\\.')}"[^>]* width="552" height="221"`))
  })
})
