// `press build` with nothing changed since the last build leaves the output as
// it is and says so, without reading the newsroom; any change to what the
// build reads, an embargo lifting, or an output that is no longer that build's
// makes it build again.
import {createHash} from 'node:crypto'
import {execFileSync} from 'node:child_process'
import {cp, link, mkdir, readdir, readFile, realpath, rename, rm, stat, symlink, utimes, writeFile} from 'node:fs/promises'
import {setTimeout as sleep} from 'node:timers/promises'
import {basename, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {knownSources} from '../../pipeline/engine/build-record.js'
import {codeVersion} from '../../pipeline/engine/code-version.js'
import {hash} from '../../pipeline/engine/cache.js'
import {ReadLog} from '../../pipeline/lib/read-log.js'
import {press, projectRoot, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const before = '2026-03-05T13:00:00Z'
const after = '2026-03-05T15:00:00Z'

const releases = {
  '2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03', 'The fair opens on Monday: see [the hours](docs/y2026/hours.csv).'),
  '2026-03-03-fair/docs/y2026/hours.csv': 'Day,Hours\nMonday,9-17\n',
  '2026-03-03-fair/fr.md': releaseText('title: Salon du livre\ndate: 2026-03-03', 'Le salon ouvre lundi.'),
  '2026-03-05-visit/en.md': releaseText('title: State visit\ndate: 2026-03-05\nembargo: 2026-03-05T09:00:00-05:00', 'The minister arrives on Thursday.'),
  '2026-03-05-visit/fr.md': releaseText('title: Visite d’État\ndate: 2026-03-05\nembargo: 2026-03-05T09:00:00-05:00', 'La ministre arrive jeudi.')
}

const nothingChanged = /^Nothing changed since the last build/

type Change = [string, (root: string) => Promise<unknown>, string[]?]

/** Makes each change to a newsroom of its own, built and settled, and expects the next build to be made, not skipped; the newsrooms. */
async function expectBuilds(changes: Change[]): Promise<string[]> {
  const roots = await builtNewsrooms(changes.length)
  for (const [index, [change, make, args]] of changes.entries()) {
    const root = roots[index]!
    await make(root)
    const built = await press(['build', '--root', root, ...(args ?? ['--now', before])], root)
    expect(built.stdout, change).not.toMatch(nothingChanged)
    if (change.includes('moved and linked')) expect(built.stderr, change).toContain('is a symbolic link')
    else expect(built.stdout, change).toMatch(/^Built /)
  }
  return roots
}

/** The files of the builds' records in a newsroom's cache. */
async function records(root: string): Promise<string[]> {
  const folder = join(root, '.communique-cache', 'builds')
  return (await readdir(folder)).filter((name) => name !== 'size.json').map((name) => join(folder, name))
}

/** Newsrooms alike, built once each after their files have settled (read-log.ts trusts no file seen younger than two seconds). */
async function builtNewsrooms(count: number): Promise<string[]> {
  const roots = []
  for (let index = 0; index < count; index++) {
    const root = await temporaryFolder()
    await writeReleases(root, releases)
    roots.push(root)
  }
  await sleep(2100)
  for (const root of roots) {
    const built = await press(['build', '--root', root, '--now', before], root)
    expect(built.stdout, built.stderr).toMatch(/^Built /)
  }
  return roots
}

describe('a build with nothing changed', () => {
  it('should leave the output as it was, say so, and repeat what the last build warned of', async () => {
    const [root] = await builtNewsrooms(1)
    const page = join(root!, 'output', 'en', '2026-03-03-fair', 'index.html')
    const folder = await realpath(join(root!, 'output'))
    const inode = (await stat(page)).ino
    const last = await press(['build', '--root', root!, '--now', before], root!)
    const same = await press(['build', '--root', root!, '--now', '2026-03-05T13:30:00Z'], root!)
    expect(last.stdout).toMatch(nothingChanged)
    expect(same.stdout).toMatch(nothingChanged)
    expect(same.stdout).toContain('output is as it was, 15 pages: 2 translations of 1 release in 2 languages')
    expect(await realpath(join(root!, 'output'))).toBe(folder)
    expect((await stat(page)).ino).toBe(inode)
    // The sample embassy's name is still in the locales: said again each time, as a build would.
    expect(same.stderr).toContain('sample-identity')
    expect(same.stderr).toBe((await press(['build', '--root', root!, '--out', join(root!, 'elsewhere'), '--now', before], root!)).stderr)
    // A verbose build asks for notes the last build did not record: it is made again.
    const verbose = await press(['build', '--root', root!, '--now', before, '--verbose'], root!)
    expect(verbose.stdout).toMatch(/^Held back: en\/2026-03-05-visit, embargoed until/m)
    expect(await realpath(join(root!, 'output'))).not.toBe(folder)
  })

  it('should build again after any change to what a build reads', async () => {
    await expectBuilds([
      ['a release edited', (root) => writeFile(join(root, 'releases/2026-03-03-fair/en.md'), releaseText('title: Book fair\ndate: 2026-03-03', 'The fair opens on Tuesday.'))],
      ['a release added', (root) => writeReleases(root, {'2026-03-04-concert/en.md': releaseText('title: Concert\ndate: 2026-03-04')})],
      ['a release removed', (root) => rm(join(root, 'releases/2026-03-03-fair'), {recursive: true})],
      ['a template added where the built-in one was used', async (root) => {
        await mkdir(join(root, 'templates/partials'), {recursive: true})
        await writeFile(join(root, 'templates/partials/footer.njk'), (await readFile(join(projectRoot, 'templates/partials/footer.njk'), 'utf8')).replace('</footer>', '<p>Hours: 9 to 5</p></footer>'))
      }],
      ['settings of its own', (root) => cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))],
      ['a language of its own', (root) => cp(join(projectRoot, 'locales/fr'), join(root, 'locales/fr'), {recursive: true})]
    ])
  })

  it('should build again after an embargo lifts, a link is put on the way, or the output or the record is not the last build\'s', async () => {
    const roots = await expectBuilds([
      ['the embargo lifting', async () => {}, ['--now', after]],
      ['the output rebuilt without the cache', (root) => press(['build', '--root', root, '--now', before, '--no-cache', '--width', '60'], root)],
      // A record damaged, or of a shape press does not know (whole, its hash right), is no record: the build is made, nothing crashes.
      ['the record cut short', async (root) => {
        const [path] = await records(root)
        await writeFile(path!, (await readFile(path!, 'utf8')).slice(0, 500))
      }],
      // The same files, through a link press refuses in releases/: the build says so, it does not find nothing changed.
      ['releases/ moved and linked', async (root) => {
        await rename(join(root, 'releases'), join(root, '..', `${basename(root)}-releases`))
        await symlink(join(root, '..', `${basename(root)}-releases`), join(root, 'releases'))
      }],
      // The same, with no release naming a document (read by its own reader): the sources, as they were, are not taken as read.
      ['releases/ without documents moved and linked', async (root) => {
        await rm(join(root, 'releases/2026-03-03-fair'), {recursive: true})
        await rename(join(root, 'releases'), join(root, '..', `${basename(root)}-releases`))
        await symlink(join(root, '..', `${basename(root)}-releases`), join(root, 'releases'))
      }],
      // A link put in a folder no build lists, on the way to a file a release names.
      ['a document\'s folder moved and linked', async (root) => {
        await rename(join(root, 'releases/2026-03-03-fair/docs/y2026'), join(root, 'releases/2026-03-03-fair/docs/real'))
        await symlink('real', join(root, 'releases/2026-03-03-fair/docs/y2026'))
      }],
      ['the record of another shape', async (root) => {
        for (const path of await records(root)) {
          const text = JSON.stringify({version: 2, options: 'x', embargoes: 'none', read: {files: 3}, report: {files: 'none'}, sources: 5, summaries: null})
          await writeFile(path, `${createHash('sha256').update(text).update('\0').digest('hex')}\n${text}`)
        }
      }]
    ])
    // The lifted embargo published the visit.
    expect(await readFile(join(roots[0]!, 'output/en/2026-03-05-visit/index.html'), 'utf8')).toContain('The minister arrives on Thursday.')
  })

  it('should find nothing changed in a copy of the newsroom with its cache and output, as a CI runner restores them, without building', async () => {
    const [root] = await builtNewsrooms(1)
    const moved = join(await temporaryFolder(), 'restored')
    // As a cache action restores them: new files, new times, the links as they were.
    await cp(root!, moved, {recursive: true, verbatimSymlinks: true})
    const page = join(moved, 'output', 'en', '2026-03-03-fair', 'index.html')
    const inode = (await stat(page)).ino
    const summaries = (await records(moved)).find((path) => path.endsWith('.summaries.json'))!
    const summariesInode = (await stat(summaries)).ino
    const restored = await press(['build', '--root', moved, '--now', before], moved)
    expect(restored.stdout).toMatch(nothingChanged)
    expect(restored.stdout).toContain('output is as it was, 15 pages')
    expect(restored.stderr).toContain('sample-identity')
    expect((await stat(page)).ino).toBe(inode)
    // The summaries name no file and are not written again: most of what a record holds.
    expect((await stat(summaries)).ino).toBe(summariesInode)
    // The record is kept as the copy is seen: it names the copy's files, not the original's.
    const kept = (await Promise.all((await records(moved)).map((path) => readFile(path, 'utf8')))).join('\n')
    expect(kept).toContain(join(moved, 'releases', '2026-03-03-fair', 'en.md'))
    expect(kept).not.toContain(join(root!, 'releases'))
    expect((await press(['build', '--root', moved, '--now', before], moved)).stdout).toMatch(nothingChanged)
    // Saved again with the same bytes: nothing changed either.
    await writeFile(join(moved, 'releases/2026-03-03-fair/fr.md'), await readFile(join(moved, 'releases/2026-03-03-fair/fr.md')))
    expect((await press(['build', '--root', moved, '--now', before], moved)).stdout).toMatch(nothingChanged)
  })

  it('should build a restored copy again when a file differs, even by bytes of the same length and time', async () => {
    const [root] = await builtNewsrooms(1)
    const moved = join(await temporaryFolder(), 'restored')
    await cp(root!, moved, {recursive: true, verbatimSymlinks: true, preserveTimestamps: true})
    const source = join(moved, 'releases/2026-03-03-fair/en.md')
    const {mtime} = await stat(source)
    const text = await readFile(source, 'utf8')
    await writeFile(source, text.replace('Monday', 'Sunday'))
    await utimes(source, mtime, mtime)
    const built = await press(['build', '--root', moved, '--now', before], moved)
    expect(built.stdout).toMatch(/^Built /)
    expect(await readFile(join(moved, 'output/en/2026-03-03-fair/index.html'), 'utf8')).toContain('The fair opens on Sunday')
  })

  it('should build a restored copy whose links lead back into the original, or whose files have other names, as a first build would', async () => {
    const [root] = await builtNewsrooms(1)
    // A template of its own, kept in a folder of the newsroom and linked to by its absolute path.
    await mkdir(join(root!, 'house'))
    await writeFile(join(root!, 'house', 'footer.njk'), (await readFile(join(projectRoot, 'templates/partials/footer.njk'), 'utf8')).replace('</footer>', '<p>Open 9 to 5</p></footer>'))
    await mkdir(join(root!, 'templates', 'partials'), {recursive: true})
    await symlink(join(root!, 'house', 'footer.njk'), join(root!, 'templates', 'partials', 'footer.njk'))
    await sleep(2100)
    expect((await press(['build', '--root', root!, '--now', before], root!)).stdout).toMatch(/^Built /)
    const moved = join(await temporaryFolder(), 'restored')
    execFileSync('cp', ['-a', root!, moved])
    const copied = await press(['build', '--root', moved, '--now', before], moved)
    expect(copied.stdout).not.toMatch(nothingChanged)
    // The link leads out of the copy, into the original: its reader refuses it.
    expect(copied.stderr).toContain('footer.njk')
    expect(copied.code).not.toBe(0)

    // A release given another name elsewhere (a hard link), which the reader refuses in releases/.
    const [other] = await builtNewsrooms(1)
    await link(join(other!, 'releases/2026-03-03-fair/en.md'), join(await temporaryFolder(), 'en.md'))
    const linked = await press(['build', '--root', other!, '--now', before], other!)
    expect(linked.stdout).not.toMatch(nothingChanged)
    expect(linked.stderr).toContain('hard link')
  })

  it('should name the copy’s files, not the original’s, when it says again what the last build warned of', async () => {
    const parent = await temporaryFolder()
    const root = join(parent, 'newsroom')
    await writeReleases(root, releases)
    await sleep(2100)
    expect((await press(['build', '--root', 'newsroom', '--now', before], parent)).stderr).toContain('newsroom/locales')
    const elsewhere = await temporaryFolder()
    await cp(root, join(elsewhere, 'copy'), {recursive: true, verbatimSymlinks: true})
    const copied = await press(['build', '--root', 'copy', '--now', before], elsewhere)
    expect(copied.stderr).toContain('copy/locales')
    expect(copied.stderr).not.toContain('newsroom/locales')
  })

  it('should keep no bytes for a file read twice with different bytes, so that no later look finds it unchanged', () => {
    const log = new ReadLog()
    log.file('/newsroom/locales/fr/translation.json', undefined, undefined, 'a'.repeat(64))
    log.file('/newsroom/locales/fr/translation.json', undefined, undefined, 'b'.repeat(64))
    log.file('/newsroom/newsroom.yaml', undefined, undefined, 'c'.repeat(64))
    log.file('/newsroom/newsroom.yaml', undefined, undefined, 'c'.repeat(64))
    const {digests} = log.toJSON()
    expect(digests?.['/newsroom/locales/fr/translation.json']).not.toMatch(/^[0-9a-f]{64}$/)
    expect(digests?.['/newsroom/newsroom.yaml']).toBe('c'.repeat(64))
  })

  it('should not take for a restored copy’s sources what another save of the cache knew of them', async () => {
    const [root] = await builtNewsrooms(1)
    // Save A: the newsroom, its cache and output, as a CI runner saves them.
    const copy = join(await temporaryFolder(), 'restored')
    await cp(root!, copy, {recursive: true, verbatimSymlinks: true})
    // Save B: the French text changed and built.
    await writeFile(join(root!, 'releases/2026-03-03-fair/fr.md'), releaseText('title: Salon du livre\ndate: 2026-03-03', 'Le salon ouvre mardi.'))
    expect((await press(['build', '--root', root!, '--now', before], root!)).stdout).toMatch(/^Built /)
    // Restored from both: the newsroom, output and build record of A; B's cache entries and what B knew of the sources.
    const record = (await records(copy)).filter((path) => /[0-9a-f]\.json$/.test(path))
    const kept = await Promise.all(record.map((path) => readFile(path)))
    await cp(join(root!, '.communique-cache'), join(copy, '.communique-cache'), {recursive: true})
    await Promise.all(record.map((path, index) => writeFile(path, kept[index]!)))
    // Settled, so that the copy's files are seen as they are (read-log.ts trusts none younger than two seconds).
    await sleep(2100)
    expect((await press(['build', '--root', copy, '--now', before], copy)).stdout).toMatch(nothingChanged)
    await writeFile(join(copy, 'releases/2026-03-03-fair/en.md'), releaseText('title: Book fair\ndate: 2026-03-03', 'The fair opens on Monday at nine.'))
    expect((await press(['build', '--root', copy, '--now', before], copy)).stdout).toMatch(/^Built /)
    expect(await readFile(join(copy, 'output/fr/2026-03-03-fair/index.html'), 'utf8')).toContain('Le salon ouvre lundi.')
  })

  it('should build what a cold build builds when the kept summaries are an earlier build’s than the sources', async () => {
    const [root] = await builtNewsrooms(1)
    const summaries = (await records(root!)).find((path) => path.endsWith('.summaries.json'))!
    const earlier = await readFile(summaries)
    await writeFile(join(root!, 'releases/2026-03-03-fair/fr.md'), releaseText('title: Salon du livre\ndate: 2026-03-03', 'Le salon ouvre mardi.'))
    expect((await press(['build', '--root', root!, '--now', before], root!)).stdout).toMatch(/^Built /)
    // As a build stopped between its records, or a cache restored from two saves, would leave them.
    await writeFile(summaries, earlier)
    await utimes(join(root!, 'releases/2026-03-03-fair/fr.md'), new Date(), new Date())
    const now = new Date(after)
    const rebuilt = await build({root: root!, out: join(root!, 'output'), now, cwd: root!})
    expect(rebuilt.ok).toBe(true)
    // The edited release's summary is not among the earlier ones: it comes from the cache, not from the earlier summary.
    expect((await build({root: root!, out: join(root!, 'cold'), now, cwd: root!, cache: false})).ok).toBe(true)
    expect(await readTree(join(root!, 'output'))).toEqual(await readTree(join(root!, 'cold')))
    expect(await readFile(join(root!, 'output/fr/2026-03-03-fair/index.html'), 'utf8')).toContain('Le salon ouvre mardi.')
  })

  it('should know nothing of the sources a build by another press, its packages or Node.js saw, whose summaries no key of this one finds', async () => {
    const [root] = await builtNewsrooms(1)
    const options = {root: root!, cacheFolder: join(root!, '.communique-cache'), out: join(root!, 'output')}
    const known = knownSources(options, await codeVersion())
    expect(Object.keys(known?.summaries ?? {})).toHaveLength(4)
    expect(Object.keys(known?.sources ?? {}).filter((path) => path.endsWith('.md'))).toHaveLength(4)
    expect(knownSources(options, 'another press')).toBeUndefined()
    // The summaries this code's, the sources another's (a cache put together from two saves): nothing known either.
    const sources = (await records(root!)).find((path) => path.endsWith('.sources.json'))!
    const text = (await readFile(sources, 'utf8')).slice(65).replace(`"code":${JSON.stringify(await codeVersion())}`, '"code":"another press"')
    await writeFile(sources, `${hash(text)}\n${text}`)
    expect(knownSources(options, await codeVersion())).toBeUndefined()
  })

  it('should read only the sources changed since the last build, and build what a cold build builds', async () => {
    const [root] = await builtNewsrooms(1)
    await writeFile(join(root!, 'releases/2026-03-03-fair/fr.md'), releaseText('title: Salon du livre\ndate: 2026-03-03', 'Le salon ouvre mardi.'))
    // Touched, not changed: read again, and found to be what it was.
    await utimes(join(root!, 'releases/2026-03-03-fair/en.md'), new Date(), new Date())
    const now = new Date(after)
    const rebuilt = await build({root: root!, out: join(root!, 'output'), now, cwd: root!})
    expect(rebuilt.ok).toBe(true)
    expect(rebuilt.opened).toBe(2)
    expect(rebuilt.parsed).toBe(1)
    // Those known from the record are noted as they were just looked at: the next build opens again only the two seen too young to trust.
    expect((await build({root: root!, out: join(root!, 'output'), now, cwd: root!})).opened).toBe(2)
    const cold = await build({root: root!, out: join(root!, 'cold'), now, cwd: root!, cache: false})
    expect(cold.opened).toBe(4)
    expect(await readTree(join(root!, 'output'))).toEqual(await readTree(join(root!, 'cold')))
    expect(await readFile(join(root!, 'output/fr/2026-03-03-fair/index.html'), 'utf8')).toContain('Le salon ouvre mardi.')
  })
})
