// press serve's first preview takes from the newsroom's own output every file
// whose inputs are the same (its public releases, most often), rendering only
// what differs (drafts and embargoed releases, marked, and the lists showing
// them): the same preview a preview made from nothing is, and the published
// site is never written through.
import {cp, readdir, readFile, stat, symlink} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {previewBuild, previewFolder} from '../../pipeline/preview/preview-build.js'
import {placedMessages} from '../../pipeline/source/diagnostics.js'
import {readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const now = new Date('2026-03-06T12:00:00Z')
const preview = (root: string) => build({root, out: previewFolder(root), cwd: root, now, preview: true})
const withoutRecords = (tree: Map<string, string>) => new Map([...tree].filter(([path]) => !path.startsWith('.communique-')))

describe('the first preview', () => {
  it('should take the published files it can from the output, make the rest, and be the preview made from nothing', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {
      '2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03', 'The fair opens on Monday.'),
      '2026-03-03-fair/fr.md': releaseText('title: Salon du livre\ndate: 2026-03-03', 'Le salon ouvre lundi.'),
      '2026-03-05-grants/en.md': releaseText('title: Grants\ndate: 2026-03-05\nstatus: draft', 'Applications open soon.'),
      '2026-03-06-visit/en.md': releaseText('title: State visit\ndate: 2026-03-06\nembargo: 2026-03-09T09:00:00-05:00', 'The minister arrives.')
    })
    // A copy, never built: its preview is made from nothing.
    const alone = await temporaryFolder()
    await cp(join(root, 'releases'), join(alone, 'releases'), {recursive: true})
    expect((await build({root, out: join(root, 'output'), cwd: root, now})).ok).toBe(true)

    const first = await preview(root)
    expect(first.ok).toBe(true)
    // The public release's files are the output's; the draft's and the embargoed one's are made, as are the lists showing them.
    expect(first.rendered).not.toContain('en/2026-03-03-fair/index.html')
    expect(first.rendered).not.toContain('fr/2026-03-03-fair/release.txt')
    expect(first.rendered).toEqual(expect.arrayContaining(['en/2026-03-05-grants/index.html', 'en/2026-03-06-visit/index.html']))
    const page = join(previewFolder(root), 'en/2026-03-03-fair/index.html')
    expect((await stat(page)).ino).toBe((await stat(join(root, 'output/en/2026-03-03-fair/index.html'))).ino)
    expect(await readFile(join(previewFolder(root), 'en/2026-03-05-grants/index.html'), 'utf8')).toContain('Applications open soon.')

    const made = await preview(alone)
    expect(made.rendered).toContain('en/2026-03-03-fair/index.html')
    expect(withoutRecords(await readTree(previewFolder(root)))).toEqual(withoutRecords(await readTree(previewFolder(alone))))

    // The output built again with the fair changed twice, the second time in the build folder whose page the preview shares:
    // made over it, and not written through.
    const before = await readFile(page, 'utf8')
    for (const day of ['Tuesday', 'Wednesday']) {
      await writeReleases(root, {'2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03', `The fair opens on ${day}.`)})
      expect((await build({root, out: join(root, 'output'), cwd: root, now})).ok).toBe(true)
    }
    expect(await readFile(join(root, 'output/en/2026-03-03-fair/index.html'), 'utf8')).toContain('Wednesday')
    expect(await readFile(page, 'utf8')).toBe(before)
  })
})

describe('the preview folder', () => {
  it('should be a folder of the newsroom: a link in its place is refused, and nothing is written where it leads', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {'2026-03-05-grants/en.md': releaseText('title: Grants\ndate: 2026-03-05\nstatus: draft', 'Applications open soon.')})
    const webRoot = await temporaryFolder()
    await symlink(webRoot, join(root, '.communique-preview'))
    const report = await previewBuild(root, root)
    expect(report.ok).toBe(false)
    expect(placedMessages(report.files)).toEqual([expect.objectContaining({file: '.communique-preview', severity: 'error', message: expect.stringContaining('remove it, and press makes the folder again')})])
    expect(await readdir(webRoot)).toEqual([])
  })
})
