// press check reads what a build of the same releases left: the notes of
// each typographic change are kept in the cache with the fragments, shown by
// press check (and build --verbose) and left out of every other build's
// messages, so that a check after a build parses nothing again; and a file
// the output has from the same inputs is taken as it is, not made again.
import {readdir, readFile, rename, rm} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {check} from '../../pipeline/engine/check.js'
import {placedMessages} from '../../pipeline/source/diagnostics.js'
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
    // Their entries gone (pruned, say): made again from the sources, the same notes.
    const cache = join(root, '.communique-cache')
    let removed = 0
    for (const shard of (await readdir(cache)).filter((name) => /^[0-9a-f]{2}$/.test(name))) {
      for (const name of await readdir(join(cache, shard))) {
        const text = await readFile(join(cache, shard, name), 'utf8')
        const body: unknown = JSON.parse(text.slice(text.indexOf('\n') + 1))
        if (Array.isArray(body) && body.length > 0 && body.every((one) => typeof one === 'object' && one !== null && 'reason' in one && !('fatal' in one))) {
          await rm(join(cache, shard, name))
          removed++
        }
      }
    }
    expect(removed).toBe(2)
    const remade = await build({root, out: '', cwd: root, now, dryRun: true, notes: true})
    expect(remade.parsed).toBe(2)
    expect(infos(remade.files)).toEqual(notes)
    // press check itself gives the same notes.
    expect(infos((await check({root, cwd: root, now})).files)).toEqual(expect.arrayContaining(notes))

    // Nothing rendered either: a rebuild of the output would take every file as it is, and so does the check.
    expect(checked.rendered).toEqual([])
    // One translation edited since: only its files are made, and the check says what it says without the output too.
    await writeReleases(root, {'2026-03-03-fair/fr.md': releaseText('title: Salon du livre\ndate: 2026-03-03', 'Le salon ouvre mardi : "entrée libre" !')})
    const edited = await build({root, out: '', cwd: root, now, dryRun: true, notes: true})
    expect([...edited.rendered].sort()).toEqual(['fr/2026-03-03-fair/email.html', 'fr/2026-03-03-fair/index.html', 'fr/2026-03-03-fair/release.eml', 'fr/2026-03-03-fair/release.txt'])
    await rename(join(root, 'output'), join(root, 'elsewhere'))
    const alone = await build({root, out: '', cwd: root, now, dryRun: true, notes: true})
    await rename(join(root, 'elsewhere'), join(root, 'output'))
    expect(alone.rendered.length).toBeGreaterThan(4)
    expect(placedMessages(edited.files)).toEqual(placedMessages(alone.files))

    // A build after the check, into another output: from the cache but for the edit (a check keeps nothing), and still without notes.
    const again = await build({root, out: join(root, 'again'), cwd: root, now})
    expect(again.parsed).toBe(1)
    expect(infos(again.files)).toEqual([])
  })
})
