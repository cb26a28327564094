// Refactoring the engine must not change what readers get: the sample
// newsroom, a newsroom with an embargo and links to releases not yet public,
// and a slice of the bench corpus are built, and every file the site holds
// is compared, by its hash, with the files the engine made before
// (test/fixtures/same-output/). A change of output made on purpose is
// committed on purpose: PRESS_REFRESH_OUTPUTS=1 writes the lists anew.
import {createHash} from 'node:crypto'
import {cp, mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {writeNewsroom} from '../../bench/newsroom.js'
import {fixture, press, projectRoot, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

/** Press's own records (cache keys hold a hash of its code), not what readers get. */
const ownRecords = new Set(['.communique', '.communique-outputs.json', '.communique-strings.json'])

async function fingerprints(out: string): Promise<string> {
  const lines: string[] = []
  for (const entry of await readdir(out, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile() || ownRecords.has(entry.name)) continue
    const path = join(entry.parentPath, entry.name)
    lines.push(`${createHash('sha256').update(await readFile(path)).digest('hex')}  ${relative(out, path)}`)
  }
  return lines.sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1)).join('\n') + '\n'
}

async function expectSame(name: string, root: string, now: string, cache = ['--no-cache']): Promise<void> {
  const out = join(await temporaryFolder(), 'site')
  const built = await press(['build', '--root', root, '--out', out, '--now', now, ...cache, '-q'])
  expect(built.stderr).toBe('')
  expect(built.code).toBe(0)
  const made = await fingerprints(out)
  const kept = join(projectRoot, 'test', 'fixtures', 'same-output', `${name}.sha256`)
  if (process.env['PRESS_REFRESH_OUTPUTS']) {
    await mkdir(join(kept, '..'), {recursive: true})
    await writeFile(kept, made)
  }
  expect(made).toBe(await readFile(kept, 'utf8'))
}

/** The sample newsroom with a release under embargo and one that links to it and to the draft. */
async function newsroomWithHiddenLinks(): Promise<string> {
  const root = await temporaryFolder()
  for (const name of ['releases', 'media', 'newsroom.yaml']) await cp(join(projectRoot, name), join(root, name), {recursive: true})
  await cp(join(fixture('embargo'), 'releases'), join(root, 'releases'), {recursive: true})
  const link = 'https://embassy.example.org/news/'
  await writeReleases(root, {
    '2026-03-13-linking/en.md': releaseText('title: Ahead of the minister’s visit\ndate: 2026-03-13', `The [announcement](${link}en/2026-03-10-embargoed/) follows; see also [the programme](${link}en/2026-03-11-draft/) and [the hours](${link}en/2026-03-02-consular-hours/).`),
    '2026-03-13-linking/fr.md': releaseText('title: Avant la visite du ministre\ndate: 2026-03-13', `L’[annonce](${link}fr/2026-03-10-embargoed/) suivra.`)
  })
  return root
}

describe('the outputs of the engine', () => {
  it('should be the same files, byte for byte, for the sample newsroom', async () => {
    await expectSame('sample', projectRoot, '2026-12-01T12:00:00Z')
  })

  it('should be the same files for a newsroom hiding links to releases not yet public', async () => {
    await expectSame('hidden-links', await newsroomWithHiddenLinks(), '2026-03-13T12:00:00Z')
  })

  it('should be the same files for a slice of the bench corpus, built cold, then from a warm cache', async () => {
    const root = await temporaryFolder()
    await writeNewsroom(root, 12)
    await expectSame('bench', root, '2026-12-01T12:00:00Z')
    await expectSame('bench', root, '2026-12-01T12:00:00Z', ['--cache', join(root, 'cache')])
    await expectSame('bench', root, '2026-12-01T12:00:00Z', ['--cache', join(root, 'cache')])
  })
})
