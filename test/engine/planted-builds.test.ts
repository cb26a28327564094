// The folders beside an output that hold its builds are press's own: a link
// put among them, or in their place, to a folder elsewhere that looks like a
// build (a `.communique` marker in it), is never recycled, written, emptied
// or taken from, by a build, a first preview or press check.
import {mkdir, readdir, readFile, realpath, rename, stat, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {previewFolder} from '../../pipeline/preview/preview-build.js'
import {releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const now = new Date('2026-03-06T12:00:00Z')
const fair = (day: string) => ({'2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03', `The fair opens on ${day}.`)})

describe('a link among the builds of an output', () => {
  it('should never be recycled: the folder it leads to keeps its files, and the site is built beside the output', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, fair('Monday'))
    expect((await build({root, out: join(root, 'output'), cwd: root, now})).ok).toBe(true)
    const outside = await temporaryFolder()
    await mkdir(join(outside, 'docs'))
    await writeFile(join(outside, 'docs', 'thesis.txt'), 'precious')
    await writeFile(join(outside, '.communique'), '')
    // Named to sort after every build's name: the newest complete build but the live one, were it taken for one.
    await symlink(outside, join(root, '.output.builds', 'zzz'))
    for (const day of ['Tuesday', 'Wednesday']) {
      await writeReleases(root, fair(day))
      expect((await build({root, out: join(root, 'output'), cwd: root, now})).ok).toBe(true)
    }
    expect(await readFile(join(outside, 'docs', 'thesis.txt'), 'utf8')).toBe('precious')
    expect((await readdir(outside)).sort()).toEqual(['.communique', 'docs'])
    expect(await realpath(join(root, 'output'))).toContain(join(root, '.output.builds'))
    expect(await readFile(join(root, 'output/en/2026-03-03-fair/index.html'), 'utf8')).toContain('Wednesday')
  })

  it('should not be taken from by a first preview or press check when the output shows it', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, fair('Monday'))
    expect((await build({root, out: join(root, 'output'), cwd: root, now})).ok).toBe(true)
    // The output's build moved out of the newsroom, and linked back where it was: the output still names it.
    const shown = await realpath(join(root, 'output'))
    const outside = join(await temporaryFolder(), 'build')
    await rename(shown, outside)
    await symlink(outside, shown)
    const page = join(outside, 'en/2026-03-03-fair/index.html')
    await writeFile(page, (await readFile(page, 'utf8')).replace('Monday', 'OUTSIDE'))
    const first = await build({root, out: previewFolder(root), cwd: root, now, preview: true})
    expect(first.rendered).toContain('en/2026-03-03-fair/index.html')
    const previewed = join(previewFolder(root), 'en/2026-03-03-fair/index.html')
    expect(await readFile(previewed, 'utf8')).toContain('Monday')
    expect((await stat(previewed)).ino).not.toBe((await stat(page)).ino)
    const checked = await build({root, out: '', cwd: root, now, dryRun: true})
    expect(checked.rendered).toContain('en/2026-03-03-fair/index.html')
  })

  it('should refuse a link in place of the folder of builds itself, and remove nothing where it leads', async () => {
    for (const [root, out] of await Promise.all([temporaryFolder(), temporaryFolder()]).then(([a, b]) => [[a, join(a, 'output')], [b, previewFolder(b)]] as const)) {
      await writeReleases(root, fair('Monday'))
      const outside = await temporaryFolder()
      await mkdir(join(outside, 'docs'))
      await writeFile(join(outside, 'notes.txt'), 'keep')
      await mkdir(join(out, '..'), {recursive: true})
      await symlink(outside, join(out, '..', `.${out.split('/').at(-1)}.builds`))
      await expect(build({root, out, cwd: root, now, ...(out.endsWith('site') ? {preview: true} : {})})).rejects.toThrow(/is a link or a file where press keeps the builds/)
      expect((await readdir(outside)).sort()).toEqual(['docs', 'notes.txt'])
    }
  })
})
