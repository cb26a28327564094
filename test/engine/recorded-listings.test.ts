// A rebuild lists again only the folders that changed since the last build:
// one still as the last build saw it (the same identity, times included,
// settled for two seconds) holds what that build's record says it held.
import {mkdir, rm, writeFile} from 'node:fs/promises'
import {setTimeout as sleep} from 'node:timers/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {listNewsroomFolder} from '../../pipeline/lib/newsroom-file.js'
import {lookAt, ReadLog} from '../../pipeline/lib/read-log.js'
import {press, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const now = '2026-03-06T12:00:00Z'

describe('a rebuild', () => {
  it('should find every release and translation added or removed since the last build, as a cold build does', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {
      '2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03', 'The fair opens on Monday.'),
      '2026-03-03-fair/fr.md': releaseText('title: Salon du livre\ndate: 2026-03-03', 'Le salon ouvre lundi.'),
      '2026-03-04-visit/en.md': releaseText('title: State visit\ndate: 2026-03-04', 'The minister arrives on Thursday.'),
      '2026-03-05-grants/en.md': releaseText('title: Grants\ndate: 2026-03-05', 'Applications open.')
    })
    // Settled, so that the next build may trust what this one lists.
    await sleep(2100)
    expect((await press(['build', '--root', root, '--now', now], root)).stdout).toMatch(/^Built .*: 4 translations of 3 releases/)
    // A translation added to one release, one removed from another, a release added; the fourth release's folder as it was.
    await writeFile(join(root, 'releases/2026-03-04-visit/fr.md'), releaseText('title: Visite d’État\ndate: 2026-03-04', 'La ministre arrive jeudi.'))
    await rm(join(root, 'releases/2026-03-03-fair/fr.md'))
    await writeReleases(root, {'2026-03-06-concert/en.md': releaseText('title: Concert\ndate: 2026-03-06', 'An evening of music.')})
    const rebuilt = await press(['build', '--root', root, '--now', now], root)
    expect(rebuilt.stdout, rebuilt.stderr).toMatch(/^Built .*: 5 translations of 4 releases/)
    const output = await readTree(join(root, 'output'))
    expect(output.get('fr/2026-03-04-visit/index.html')).toContain('La ministre arrive jeudi.')
    expect(output.get('en/2026-03-06-concert/index.html')).toContain('An evening of music.')
    expect(output.has('fr/2026-03-03-fair/index.html')).toBe(false)
    const cold = await build({root, out: join(root, 'cold'), now: new Date(now), cwd: root, cache: false})
    expect(cold.ok).toBe(true)
    const records = (tree: Map<string, string>) => new Map([...tree].filter(([path]) => !path.startsWith('.communique-')))
    expect(records(output)).toEqual(records(await readTree(join(root, 'cold'))))
  })

  it('should take a settled folder’s entries from the record, and list one that moved, or whose record is not a listing', async () => {
    const folder = await temporaryFolder()
    await mkdir(join(folder, 'docs'))
    await writeFile(join(folder, 'en.md'), 'text')
    await sleep(2100)
    const seen = lookAt(folder)
    const names = (log: ReadLog) => log.record(async () => (await listNewsroomFolder(folder)).map((entry) => `${entry.name} ${entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other'}`).sort())
    // As it was: what the record says, not a look at the disk.
    expect(await names(new ReadLog({[folder]: {seen, entries: 'fr.md/f\nphotos/d'}}))).toEqual(['fr.md file', 'photos folder'])
    // A record whose lines are not entries (a name with a line break in it), or no record: listed.
    expect(await names(new ReadLog({[folder]: {seen, entries: 'fr\n.md/f'}}))).toEqual(['docs folder', 'en.md file'])
    expect(await names(new ReadLog())).toEqual(['docs folder', 'en.md file'])
    // Changed since, just now or seconds ago: listed, whatever the record says.
    await writeFile(join(folder, 'fr.md'), 'texte')
    expect(await names(new ReadLog({[folder]: {seen, entries: 'ghost.md/f'}}))).toEqual(['docs folder', 'en.md file', 'fr.md file'])
    await sleep(2100)
    expect(await names(new ReadLog({[folder]: {seen, entries: 'ghost.md/f'}}))).toEqual(['docs folder', 'en.md file', 'fr.md file'])
    expect(await names(new ReadLog({[folder]: {seen: lookAt(folder), entries: 'ghost.md/f'}}))).toEqual(['ghost.md file'])
  })
})
