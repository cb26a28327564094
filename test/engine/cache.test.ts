// The cache and the worker threads change how fast a build is, never what it
// writes: cold, warm, threaded and single-threaded builds give the same bytes,
// and a damaged cache entry is noticed and made again, never trusted.
import {createHash} from 'node:crypto'
import {spawnSync} from 'node:child_process'
import {cp, mkdir, readFile, readdir, rm, stat, utimes, writeFile} from 'node:fs/promises'
import {basename, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {feedTextKeeper, FragmentCache, hash} from '../../pipeline/engine/cache.js'
import {press, projectRoot, readTree, temporaryFolder} from '../helpers.js'

const now = new Date('2026-11-24T12:00:00Z')

async function newsroom(): Promise<string> {
  const root = join(await temporaryFolder(), 'newsroom')
  await cp(join(projectRoot, 'releases'), join(root, 'releases'), {recursive: true})
  return root
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000)
const daysAgo = (days: number) => hoursAgo(days * 24)

/** Every cache entry's path (not the tag that marks the folder as a cache). */
async function entries(cache: string): Promise<string[]> {
  // Fragment entries only: not the tag, nor the builds' records (build-record.ts), nor the pages' texts kept for the feeds,
  // nor what the whole newsroom shares (its crest drawn, its email frames: session.ts).
  const files = (await readdir(cache, {recursive: true, withFileTypes: true})).filter((entry) => entry.isFile() && entry.name !== 'CACHEDIR.TAG' && basename(entry.parentPath) !== 'builds').map((entry) => join(entry.parentPath, entry.name))
  const fragments = async (path: string) => {
    const text = await readFile(path, 'utf8')
    if (/^[0-9a-f]{64}\n(\{\}|\{"body":)/.test(text)) return false
    const value = JSON.parse(text.slice(65)) as unknown
    if (typeof value !== 'object' || value === null) return true
    return !('files' in value) && !Object.values(value).every((one) => typeof one === 'string' && one.includes('<html'))
  }
  const kept = []
  for (const path of files) if (await fragments(path)) kept.push(path)
  return kept
}

describe('the cache and the worker threads', () => {
  it('should key by the same hash whichever way Node computes it: a cache restored from another machine or version is used', () => {
    const parts = ['é 文', 'en,fr', '']
    const expected = createHash('sha256')
    for (const part of parts) expected.update(part).update('\0')
    const hex = expected.digest('hex')
    expect(hash(...parts)).toBe(hex)
    // With bytes among the parts, the same again; and of no parts, the hash of nothing.
    expect(hash(Buffer.from('é 文'), 'en,fr', '')).toBe(hex)
    expect(hash()).toBe(createHash('sha256').digest('hex'))
  })

  it('should give a cold, a warm and a threaded build exactly the bytes of a cold single-threaded one', async () => {
    const root = await newsroom()
    const plain = await build({root, out: join(root, '..', 'plain'), now, cwd: root, cache: false, workers: 0})
    expect(plain.ok).toBe(true)
    const expected = await readTree(join(root, '..', 'plain'))

    const cold = await build({root, out: join(root, '..', 'cold'), now, cwd: root, workers: 2})
    expect(cold.ok).toBe(true)
    expect(await readTree(join(root, '..', 'cold'))).toEqual(expected)
    // Each translation's fragments in four entries: its page's body, its other bodies, its email's body inlined in the house frame, and the rest.
    expect((await entries(join(root, '.communique-cache'))).length).toBe(64)

    const warm = await build({root, out: join(root, '..', 'warm'), now, cwd: root, workers: 2})
    expect(warm.files.flatMap((file) => file.messages.map(String))).toEqual(plain.files.flatMap((file) => file.messages.map(String)))
    expect(await readTree(join(root, '..', 'warm'))).toEqual(expected)
  })

  it('should place a template’s mistake made in a worker thread as one made in this thread', async () => {
    const root = await newsroom()
    await mkdir(join(root, 'templates'))
    await writeFile(join(root, 'templates', 'release.njk'), '<p>\n{{ release.title | nosuchfilter }}\n')
    const messages = async (workers: number) => {
      const result = await build({root, out: join(root, '..', `out-${workers}`), now, cwd: root, cache: false, workers})
      expect(result.ok).toBe(false)
      return result.files.flatMap((file) => file.messages.filter((message) => message.ruleId === 'template-error').map((message) => `${file.path}:${String(message)}`))
    }
    const threaded = await messages(2)
    expect(threaded).toEqual([expect.stringMatching(/^templates\/release\.njk:.*\d+:\d+: The template could not be rendered: filter not found: nosuchfilter/)])
    expect(threaded).toEqual(await messages(0))
  })

  it('should notice a damaged entry, make it again and give the same bytes', async () => {
    const root = await newsroom()
    const out = join(root, 'output')
    expect((await press(['build', '--root', root, '--now', now.toISOString()], root)).code).toBe(0)
    const expected = await readTree(out)
    const all = await entries(join(root, '.communique-cache'))
    const summaries: string[] = []
    for (const path of all) if ((await readFile(path, 'utf8')).includes('"messages"')) summaries.push(path)
    // Each summary's page body and other bodies, by their keys; the other entries are its email's body inlined.
    const keyed = (part: string) => summaries.map((path) => all.find((one) => basename(one, '.json') === hash(basename(path, '.json'), part))).filter((path) => path !== undefined)
    const pages = keyed('page')
    const bodies = keyed('bodies')
    const inlined = all.filter((path) => !summaries.includes(path) && !pages.includes(path) && !bodies.includes(path))
    expect(pages).toHaveLength(bodies.length)
    expect(inlined).toHaveLength(bodies.length)
    const [first, second] = summaries
    await writeFile(first!, (await readFile(first!, 'utf8')).slice(0, 200))
    await writeFile(second!, (await readFile(second!, 'utf8')).replace('"read":true', '"read":false'))
    // Without the last build's record, which knows every summary, the summaries are read from their entries.
    await rm(join(root, '.communique-cache', 'builds'), {recursive: true})
    const again = await press(['build', '--root', root, '--now', now.toISOString()], root)
    expect(again.code).toBe(0)
    expect(again.stderr.match(/ignored a damaged cache entry/g)).toHaveLength(2)
    expect(await readTree(out)).toEqual(expected)

    // A translation's bodies are read only when its files are made again: here, into a folder of their own.
    for (const path of pages) await writeFile(path, (await readFile(path, 'utf8')).replace('\n"', '\n"<p>not this</p>'))
    const fresh = join(root, '..', 'fresh')
    const remade = await press(['build', '--root', root, '--out', fresh, '--now', now.toISOString()], root)
    expect(remade.code).toBe(0)
    // Every published translation's: the draft's bodies are never needed.
    expect(pages).toHaveLength(16)
    expect(remade.stderr.match(/ignored a damaged cache entry/g)).toHaveLength(15)
    expect(await readTree(fresh)).toEqual(expected)
  })

  it('should read only the pages’ bodies after a template change, and publish what a build from nothing does', async () => {
    const root = await newsroom()
    await cp(join(projectRoot, 'templates'), join(root, 'templates'), {recursive: true})
    const build = (out: string, ...more: string[]) => press(['build', '--root', root, '--out', out, '--now', now.toISOString(), ...more], root)
    expect((await build(join(root, 'output'))).code).toBe(0)
    // Every entry but the summaries and the pages' bodies damaged: a build that read one would say so.
    const all = await entries(join(root, '.communique-cache'))
    const summaries: string[] = []
    for (const path of all) if ((await readFile(path, 'utf8')).includes('"messages"')) summaries.push(path)
    const pages = new Set(summaries.map((path) => hash(basename(path, '.json'), 'page')))
    const damaged = all.filter((path) => !summaries.includes(path) && !pages.has(basename(path, '.json')))
    expect(damaged.length).toBeGreaterThan(pages.size)
    for (const path of damaged) await writeFile(path, (await readFile(path, 'utf8')).slice(0, 80))

    await writeFile(join(root, 'templates', 'release.njk'), (await readFile(join(root, 'templates', 'release.njk'), 'utf8')).replace('<article class="release">', '<article class="release house-style">'))
    const restyled = await build(join(root, 'output'))
    expect(restyled.code).toBe(0)
    expect(restyled.stderr).not.toContain('ignored a damaged cache entry')
    const fresh = join(root, '..', 'fresh')
    expect((await build(fresh, '--no-cache')).code).toBe(0)
    const made = await readTree(join(root, 'output'))
    expect([...made.values()].filter((content) => content.includes('<article class="release house-style">')).length).toBe(15)
    expect(made).toEqual(await readTree(fresh))
  })

  it('should remove the least recently used entries once over its limit, after a build that added some', async () => {
    const folder = join(await temporaryFolder(), 'cache')
    const earlier = new FragmentCache(folder)
    const value = 'x'.repeat(1000)
    for (const key of ['a1', 'b2', 'c3']) await earlier.set(hash(key), {value})
    const [oldest, middle, newest] = ['a1', 'b2', 'c3'].map((key) => hash(key))
    const paths = await entries(folder)
    const size = (await readFile(paths[0]!)).length
    const pathOf = (key: string) => paths.find((path) => path.includes(key))!
    await utimes(pathOf(oldest!), daysAgo(60), daysAgo(60))
    await utimes(pathOf(middle!), daysAgo(30), daysAgo(30))

    // A build that only read the cache leaves it as it is.
    await new FragmentCache(folder).prune(size)
    expect(await entries(folder)).toHaveLength(3)

    // One that wrote an entry, leaving the cache over nine tenths of its limit though under it: the oldest goes, which leaves
    // them under four fifths of it.
    const cache = new FragmentCache(folder)
    await cache.set(hash('d4'), {value})
    await cache.prune(size * 4.2)
    const left = await entries(folder)
    expect(left.map((path) => basename(path, '.json')).sort()).toEqual([middle, newest, hash('d4')].sort())
    expect(await cache.get(newest!)).toEqual({value})
  })

  it('should remove, when it measures itself, what a press killed while writing an entry left, and nothing a running one is writing', async () => {
    const folder = join(await temporaryFolder(), 'cache')
    const cache = new FragmentCache(folder)
    await cache.set(hash('a1'), {value: 'x'})
    const [entry] = await entries(folder)
    const gone = spawnSync(process.execPath, ['-e', '']).pid
    await mkdir(join(folder, 'media'), {recursive: true})
    await mkdir(join(folder, 'builds'), {recursive: true})
    const leftovers = [`${entry}.${gone}.0123456789ab.tmp`, join(folder, 'media', `original-${'0'.repeat(64)}.jpg.${gone}.00112233aabb.tmp`), join(folder, 'builds', `${'f'.repeat(32)}.sources.json.${gone}.abcdefabcdef.tmp`)]
    const writing = [`${entry}.${process.ppid}.0123456789ab.tmp`, join(folder, 'builds', `${'f'.repeat(32)}.json.${process.ppid}.abcdefabcdef.tmp`)]
    const hourAgo = new Date(Date.now() - 3600_000)
    for (const path of [...leftovers, ...writing]) {
      await writeFile(path, 'half an entry')
      await utimes(path, hourAgo, hourAgo)
    }
    // One written this minute may be a process's of another machine sharing the cache: left until it is old.
    const recent = `${entry}.${gone}.aaaaaaaaaaaa.tmp`
    await writeFile(recent, 'half an entry')
    writing.push(recent)
    await cache.set(hash('b2'), {value: 'y'})
    await cache.prune()
    const left = (await readdir(folder, {recursive: true, withFileTypes: true})).filter((one) => one.isFile()).map((one) => join(one.parentPath, one.name))
    for (const path of leftovers) expect(left).not.toContain(path)
    for (const path of writing) expect(left).toContain(path)
    expect(await cache.get(hash('a1'))).toEqual({value: 'x'})
  })

  it('should never prune an entry the build read or wrote, nor those of the translations it published though it did not read them', async () => {
    const folder = join(await temporaryFolder(), 'cache')
    const value = 'x'.repeat(1000)
    const earlier = new FragmentCache(folder)
    const keys = ['a1', 'b2', 'c3', 'd4'].map((key) => hash(key))
    for (const key of keys) await earlier.set(key, {value})
    const paths = await entries(folder)
    const size = (await readFile(paths[0]!)).length
    // Read ten hours ago (not a day: reading it does not make it young, below), published two months ago, the others an hour or two ago.
    for (const [index, time] of [hoursAgo(10), daysAgo(60), hoursAgo(2), hoursAgo(1)].entries()) await utimes(paths.find((path) => path.includes(keys[index]!))!, time, time)
    const [read, published] = keys
    const cache = new FragmentCache(folder)
    expect(await cache.get(read!)).toEqual({value})
    await cache.set(hash('e5'), {value})
    // Five entries over a limit of four and two thirds: the two the build did not use go, though the two it did are older.
    await cache.prune(size * 4.66, () => new Set([published!]))
    expect((await entries(folder)).map((path) => basename(path, '.json')).sort()).toEqual([read, published, hash('e5')].sort())

    // An entry read that was written more than a day ago is made young; one written less than a day ago is left as it was.
    const before = (await stat(paths.find((path) => path.includes(read!))!)).mtimeMs
    await utimes(paths.find((path) => path.includes(published!))!, daysAgo(60), daysAgo(60))
    await new FragmentCache(folder).get(published!)
    await new FragmentCache(folder).get(read!)
    expect(Date.now() - (await stat(paths.find((path) => path.includes(published!))!)).mtimeMs).toBeLessThan(60_000)
    expect((await stat(paths.find((path) => path.includes(read!))!)).mtimeMs).toBe(before)

    // Entries in use that hold more than the limit stay; the next build's few bytes do not measure the cache again, and take nothing.
    const next = new FragmentCache(folder)
    await next.set(hash('f6'), {value: 'y'})
    await next.prune(size * 2.5)
    expect(await entries(folder)).toHaveLength(4)
  })

  it('should leave a full cache room, so that the builds after the one that pruned it neither measure it again nor remove anything', async () => {
    const folder = join(await temporaryFolder(), 'cache')
    const value = 'x'.repeat(1000)
    const earlier = new FragmentCache(folder)
    const keys = ['a1', 'b2', 'c3', 'd4', 'e5'].map((key) => hash(key))
    for (const key of keys) await earlier.set(key, {value})
    const paths = await entries(folder)
    const size = (await readFile(paths[0]!)).length
    for (const [index, key] of keys.entries()) {
      const day = daysAgo(10 - index)
      await utimes(paths.find((path) => path.includes(key))!, day, day)
    }
    // Six entries over a limit of 5.8: pruned to four fifths of it (four left), not just under it (five).
    const limit = size * 5.8
    const first = new FragmentCache(folder)
    await first.set(hash('f6'), {value})
    await first.prune(limit)
    expect((await entries(folder)).map((path) => basename(path, '.json')).sort()).toEqual([...keys.slice(2), hash('f6')].sort())
    const measured = JSON.parse(await readFile(join(folder, 'builds', 'size.json'), 'utf8')) as {bytes: number; at: number}
    expect(measured.bytes).toBe(size * 4)

    // The next build adds an entry: the ledger counts it, the cache is not measured again, nothing is removed.
    const next = new FragmentCache(folder)
    await next.set(hash('g7'), {value})
    await next.prune(limit)
    expect(await entries(folder)).toHaveLength(5)
    expect(JSON.parse(await readFile(join(folder, 'builds', 'size.json'), 'utf8'))).toMatchObject({bytes: size * 5, at: measured.at})
  })

  it('should keep, pruning a full cache, the entries of every translation a rebuild took as it was, so that a template change after it parses nothing', async () => {
    const root = await newsroom()
    await cp(join(projectRoot, 'templates'), join(root, 'templates'), {recursive: true})
    const out = join(root, '..', 'site')
    expect((await build({root, out, now, cwd: root, workers: 0})).ok).toBe(true)
    const cache = join(root, '.communique-cache')
    const first = await entries(cache)
    expect(first).toHaveLength(64)
    // One release edited: the rebuild reads no other translation's bodies, and prunes a cache over its limit (here a byte).
    const edited = join(root, 'releases', '2026-03-02-consular-hours', 'en.md')
    await writeFile(edited, `${await readFile(edited, 'utf8')}\nThe consulate also opens on the first Saturday of each month.\n`)
    const rebuilt = await build({root, out, now, cwd: root, workers: 0, cacheBytes: 1})
    expect(rebuilt.ok).toBe(true)
    expect(rebuilt.parsed).toBe(1)
    // The edited translation's four entries are new and its four former ones gone; nothing else is.
    const left = await entries(cache)
    expect(left).toHaveLength(64)
    expect(first.filter((path) => !left.includes(path))).toHaveLength(4)
    // A change of house style makes every page again from the cache, parsing no release.
    await writeFile(join(root, 'templates', 'release.njk'), `${await readFile(join(root, 'templates', 'release.njk'), 'utf8')}{# house style #}\n`)
    const restyled = await build({root, out, now, cwd: root, workers: 0, cacheBytes: 1})
    expect(restyled.ok).toBe(true)
    expect(restyled.parsed).toBe(0)
  })

  it('should take an entry whose hash is right but whose body is not JSON as damaged, rather than stop the build', async () => {
    const folder = join(await temporaryFolder(), 'cache')
    const notices: string[] = []
    const cache = new FragmentCache(folder, (text) => notices.push(text))
    const key = hash('a release')
    await cache.set(key, {text: 'The library opens.'})
    const [path] = await entries(folder)
    await writeFile(path!, `${hash(key, '{not json')}\n{not json`)
    expect(await cache.get(key)).toBeUndefined()
    expect(notices).toEqual([`ignored a damaged cache entry, ${path}; it is made again`])
    expect(await entries(folder)).toEqual([])
  })

  it('should keep a page’s text for the feeds by the page’s bytes: read again only from a page that changed', async () => {
    const keep = feedTextKeeper(new FragmentCache(join(await temporaryFolder(), 'cache')))
    const parsed: string[] = []
    const body = (page: string) => (parsed.push(page), page.toUpperCase())
    const page = '<div class="release-body"><p>The library opens.</p></div>'
    expect(await keep(page, body)).toBe(page.toUpperCase())
    // The same page again (a template comment, a string it does not show): taken from the cache, not parsed.
    expect(await keep(page, body)).toBe(page.toUpperCase())
    const edited = page.replace('opens', 'opens on Monday')
    expect(await keep(edited, body)).toBe(edited.toUpperCase())
    expect(parsed).toEqual([page, edited])
  })
})

