// The one gate for every folder press writes or deletes, tried as a hurried
// press officer or an attacker would: advance copies or a cache pointed at
// the sources or into a live site (by another --out, through the output's
// link, into its build folder, or a copy of it), and cache entries moved
// under another key.
import {cp, mkdir, readFile, readdir, readlink, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {FragmentCache, hash} from '../../pipeline/engine/cache.js'
import {fixture, press, projectRoot, readTree, temporaryFolder} from '../helpers.js'

const before = '2026-03-14T13:00:00Z'
const id = '2026-03-10-embargoed'

async function newsroom() {
  const root = await temporaryFolder()
  await cp(join(fixture('embargo'), 'releases'), join(root, 'releases'), {recursive: true})
  await writeFile(join(root, 'newsroom.yaml'), (await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8')).replace(/^ {2}logo: .*$/m, ''))
  return root
}

describe('advance copies', () => {
  it('should never replace a release’s sources, whatever --out names', async () => {
    const root = await newsroom()
    const sources = await readTree(join(root, 'releases'))
    for (const out of ['releases', `releases/${id}/..`, 'releases/x', '.', 'templates', 'locales']) {
      const result = await press(['embargoed', id, '--now', before, '--out', out], root)
      expect(result.code, out).toBe(2)
      expect(result.stderr, out).toMatch(/press embargoed: .* (the newsroom itself|the newsroom's (releases|templates|locales)\/ folder)/)
    }
    // Through a link to the sources as well.
    await symlink(join(root, 'releases'), join(root, 'advance'))
    expect((await press(['embargoed', id, '--now', before, '--out', 'advance'], root)).stderr).toContain("the newsroom's releases/ folder, whose files press never replaces")
    expect(await readTree(join(root, 'releases'))).toEqual(sources)
  })

  it('should never go into a site press built, by any --out, its link, its build folder or a copy of it', async () => {
    const root = await newsroom()
    expect((await press(['build', '--out', 'site', '--now', before], root)).code).toBe(0)
    const build = join('.site.builds', (await readlink(join(root, 'site'))).split('/').at(-1)!)
    await cp(join(root, 'site'), join(root, 'www'), {recursive: true, dereference: true})
    await symlink(join(root, build), join(root, 'live'))
    const site = await readTree(join(root, 'site'))
    for (const out of ['site', 'site/advance', build, `${build}/en`, 'www', 'www/x', 'live', '.site.builds']) {
      const result = await press(['embargoed', id, '--now', before, '--out', out], root)
      expect(result.code, out).toBe(2)
      expect(result.stderr, out).toMatch(/a site press built and may be published: choose a folder outside it for advance copies/)
    }
    expect(await readTree(join(root, 'site'))).toEqual(site)
    expect(JSON.stringify([...site.values()])).not.toContain('EMBARGOED')
  })

  it('should replace only advance copies it made, never a folder of the same name it did not', async () => {
    const root = await newsroom()
    await mkdir(join(root, 'embargoed', id), {recursive: true})
    await writeFile(join(root, 'embargoed', id, 'notes.docx'), 'the press officer’s own notes')
    const refused = await press(['embargoed', id, '--now', before], root)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`embargoed/${id} is there already and holds no advance copies press made`)
    expect(await readFile(join(root, 'embargoed', id, 'notes.docx'), 'utf8')).toBe('the press officer’s own notes')
    await import('node:fs/promises').then(({rm}) => rm(join(root, 'embargoed', id), {recursive: true}))
    expect((await press(['embargoed', id, '--now', before], root)).code).toBe(0)
    // Made by press, replaced by press.
    expect((await press(['embargoed', id, '--now', before], root)).code).toBe(0)
  })
})

describe('the cache and build folders', () => {
  it('should refuse a cache or an output inside a published site or the sources, writing nothing there', async () => {
    const root = await newsroom()
    expect((await press(['build', '--out', 'site', '--now', before], root)).code).toBe(0)
    const site = await readTree(join(root, 'site'))
    for (const cache of ['site/cache', 'site', 'output', 'releases/cache']) {
      const result = await press(['build', '--cache', cache, '--now', before], root)
      expect(result.code, cache).toBe(1)
      expect(result.stderr, cache).toMatch(/press build: .*(a site press built|output folder|releases\/ folder).*for the cache$/m)
    }
    for (const out of ['site/en', 'site/news', `releases/${id}`]) {
      const result = await press(['build', '--out', out, '--now', before], root)
      expect(result.code, out).toBe(1)
    }
    expect(await readTree(join(root, 'site'))).toEqual(site)
  })

  it('should refuse a cache folder holding files press did not write, and prune only its own entries', async () => {
    const root = await newsroom()
    await mkdir(join(root, 'papers'))
    await writeFile(join(root, 'papers', 'minutes.txt'), 'minutes')
    const result = await press(['build', '--cache', 'papers', '--now', before], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("holds files that are not press's cache")
    expect(await readdir(join(root, 'papers'))).toEqual(['minutes.txt'])
    // A cache press made carries the tag backup tools know it by.
    expect((await press(['build', '--cache', 'fresh-cache', '--now', before], root)).code).toBe(0)
    expect(await readFile(join(root, 'fresh-cache', 'CACHEDIR.TAG'), 'utf8')).toMatch(/^Signature: 8a477f597d28d172789f06886806bc55\n/)
    // Files press did not name, put inside its own folders, are never pruned.
    await mkdir(join(root, 'fresh-cache', 'media'), {recursive: true})
    await writeFile(join(root, 'fresh-cache', 'media', 'keep.txt'), 'not an entry')
    const shard = (await readdir(join(root, 'fresh-cache'))).find((name) => /^[0-9a-f]{2}$/.test(name))!
    await writeFile(join(root, 'fresh-cache', shard, 'notes.json'), 'not an entry either')
    const cache = new FragmentCache(join(root, 'fresh-cache'))
    await cache.set(hash('and one'), {value: 1})
    await cache.prune(0)
    expect(await readFile(join(root, 'fresh-cache', 'media', 'keep.txt'), 'utf8')).toBe('not an entry')
    expect(await readFile(join(root, 'fresh-cache', shard, 'notes.json'), 'utf8')).toBe('not an entry either')
    expect((await readdir(join(root, 'fresh-cache', shard))).filter((name) => name.endsWith('.json') && name !== 'notes.json')).toEqual([])
  })

  it('should refuse an entry found under another key than its own, and make it again', async () => {
    const folder = join(await temporaryFolder(), 'cache')
    const notices: string[] = []
    const cache = new FragmentCache(folder, (text) => notices.push(text))
    const [mine, theirs] = [hash('this release'), hash('another release')]
    await cache.set(mine, {text: 'this release’s text'})
    await cache.set(theirs, {text: 'EMBARGOED text of another'})
    const path = (key: string) => join(folder, key.slice(0, 2), `${key}.json`)
    await writeFile(path(mine), await readFile(path(theirs)))
    expect(await cache.get(mine)).toBeUndefined()
    expect(notices).toEqual([expect.stringContaining('ignored a damaged cache entry')])
    expect(await cache.get(theirs)).toEqual({text: 'EMBARGOED text of another'})
  })
})

describe('what an outside attack found', () => {
  it('should refuse a cache whose media folder or shards are links, and a folder of someone else’s files named media', async () => {
    const root = await newsroom()
    const victim = await temporaryFolder()
    await writeFile(join(victim, 'thesis.txt'), 'years of work')
    await mkdir(join(root, '.communique-cache'))
    await symlink(victim, join(root, '.communique-cache', 'media'))
    const linked = await press(['build', '--now', before], root)
    expect(linked.code).toBe(1)
    expect(linked.stderr).toContain('is a link or a file where press keeps a folder of its cache')
    expect(await readdir(victim)).toEqual(['thesis.txt'])
    await mkdir(join(root, 'pressfiles', 'media'), {recursive: true})
    await writeFile(join(root, 'pressfiles', 'media', 'holiday.jpg'), 'a photo of mine')
    const foreign = await press(['build', '--cache', 'pressfiles', '--now', before], root)
    expect(foreign.code).toBe(1)
    expect(foreign.stderr).toContain("holds files that are not press's cache")
    expect(await readFile(join(root, 'pressfiles', 'media', 'holiday.jpg'), 'utf8')).toBe('a photo of mine')
  })

  it('should refuse to replace a copy of a site that holds other files, such as a web root', async () => {
    const root = await newsroom()
    expect((await press(['build', '--out', 'site', '--now', before], root)).code).toBe(0)
    await cp(join(root, 'site'), join(root, 'webroot'), {recursive: true, dereference: true})
    await writeFile(join(root, 'webroot', 'index.php'), '<?php echo "the ministry"; ?>')
    const result = await press(['build', '--out', 'webroot', '--now', before], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('already holds files that press build did not write (index.php)')
    expect(await readFile(join(root, 'webroot', 'index.php'), 'utf8')).toContain('the ministry')
  })

  it('should never hang on a lock or a cache entry that is a pipe, or fault on one that is a device', async () => {
    const {execFileSync} = await import('node:child_process')
    const root = await newsroom()
    execFileSync('mkfifo', [join(root, '.output.lock')])
    const piped = await press(['build', '--now', before], root)
    expect(piped.code).toBe(0)
    await import('node:fs/promises').then(({rm}) => rm(join(root, '.output.lock'), {force: true}))
    await symlink('/dev/zero', join(root, '.output.lock'))
    expect((await press(['build', '--now', before], root)).code).toBe(0)
    const cache = join(root, '.communique-cache')
    const shard = (await readdir(cache)).find((name) => /^[0-9a-f]{2}$/.test(name))!
    const entry = (await readdir(join(cache, shard)))[0]!
    await import('node:fs/promises').then(({rm}) => rm(join(cache, shard, entry)))
    execFileSync('mkfifo', [join(cache, shard, entry)])
    expect((await press(['build', '--now', before], root)).code).toBe(0)
  })
})

describe('press serve’s quick path', () => {
  it('should refuse a preview folder linked into the live site or the sources, as the full build does', async () => {
    const {QuickPreview} = await import('../../pipeline/preview/quick-preview.js')
    const root = await newsroom()
    expect((await press(['build', '--now', before], root)).code).toBe(0)
    const site = await readTree(join(root, 'output'))
    const sources = await readTree(join(root, 'releases'))
    await mkdir(join(root, '.communique-preview'))
    const session = (await QuickPreview.open(root, root))!
    try {
      for (const target of ['../output', `../releases/${id}`]) {
        await import('node:fs/promises').then(({rm}) => rm(join(root, '.communique-preview', 'site'), {force: true}))
        await symlink(target, join(root, '.communique-preview', 'site'))
        const result = await session.republish([id], join(root, '.communique-preview', 'site'))
        expect(result.ok, target).toBe(false)
        expect(result.files.flatMap((file) => file.messages.map((message) => message.reason)).join('\n'), target).toMatch(/press did not make|a site press built|releases\/ folder/)
      }
    } finally {
      await session.close()
    }
    expect(await readTree(join(root, 'output'))).toEqual(site)
    expect(await readTree(join(root, 'releases'))).toEqual(sources)
  })
})
