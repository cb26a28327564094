// press check reads what a build of the same releases left in the cache: the
// notes of each typographic change are kept with the fragments, shown by
// press check (and build --verbose) and left out of every other build's
// messages, so that a check after a build parses nothing again.
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {check} from '../../pipeline/engine/check.js'
import {releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const now = new Date('2026-03-06T12:00:00Z')
const infos = (files: ReadonlyArray<{messages: ReadonlyArray<{fatal?: boolean | null; reason: string}>}>) => files.flatMap((file) => file.messages.filter((message) => message.fatal === undefined || message.fatal === null).map((message) => message.reason))

describe('press check after a build', () => {
  it('should list each typographic change from the cache, parsing nothing, and a build should still show none', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {
      '2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03', 'The fair opens on Monday -- "all welcome".'),
      '2026-03-03-fair/fr.md': releaseText('title: Salon du livre\ndate: 2026-03-03', 'Le salon ouvre lundi : "entrée libre" !')
    })
    const built = await build({root, out: join(root, 'output'), cwd: root, now})
    expect(built.ok).toBe(true)
    expect(built.parsed).toBe(2)
    expect(infos(built.files)).toEqual([])

    const checked = await build({root, out: '', cwd: root, now, dryRun: true, notes: true})
    expect(checked.parsed).toBe(0)
    const notes = infos(checked.files)
    expect(notes).toEqual(expect.arrayContaining([expect.stringContaining('(en typography)'), expect.stringContaining('(fr typography)')]))
    // press check itself gives the same notes.
    expect(infos((await check({root, cwd: root, now})).files)).toEqual(expect.arrayContaining(notes))

    // A build after the check, into another output: from the cache, and still without notes.
    const again = await build({root, out: join(root, 'again'), cwd: root, now})
    expect(again.parsed).toBe(0)
    expect(infos(again.files)).toEqual([])
  })
})
