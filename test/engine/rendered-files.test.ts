// The thread that renders a translation writes its files where the main
// thread claimed them in the build folder: kept when the recycled build has
// the same bytes, written in place when its own, replaced (never written
// through) when shared with the live site or planted as a link; what it was
// not claimed for goes back to the main thread, what it did not make is
// given back, and a refused write comes back as the system said it.
import {link, mkdir, readFile, stat, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {Staging} from '../../pipeline/engine/staging.js'
import {writeClaimed, writeError} from '../../pipeline/engine/rendered-files.js'
import type {ClaimedFile} from '../../pipeline/model/output-writer.js'
import type {RenderedTranslation} from '../../pipeline/publish/render-translation.js'
import {temporaryFolder} from '../helpers.js'

const rendered = (files: Array<readonly [string, string]>): RenderedTranslation => ({files, strings: {}})

describe('files written by the thread that renders them', () => {
  it('writes what was claimed, hands back the rest, and gives back what it did not make', async () => {
    const root = await temporaryFolder()
    const folder = await Staging.open(join(root, 'output'), root)
    const into = await folder.claim!(['en/2026-03-01-visit/index.html', 'en/2026-03-01-visit/release.eml'])
    const result = writeClaimed(rendered([['en/2026-03-01-visit/index.html', '<p>Visite</p>'], ['en/2026-03-01-visit/other.txt', 'not claimed']]), into)
    expect(result.written).toEqual([['en/2026-03-01-visit/index.html', 13]])
    expect(result.files).toEqual([['en/2026-03-01-visit/other.txt', 'not claimed']])
    expect(result.unwritten).toEqual(['en/2026-03-01-visit/release.eml'])
    expect(await folder.read('en/2026-03-01-visit/index.html')).toBe('<p>Visite</p>')
    // Claimed twice is refused as a second write is; given back, the file may be written after all.
    await expect(folder.write('en/2026-03-01-visit/index.html', 'again')).rejects.toThrow(/Two pages would be written/)
    await expect(folder.write('en/2026-03-01-visit/release.eml', 'x')).rejects.toThrow(/Two pages would be written/)
    folder.unclaim!(into[1]!)
    await folder.write('en/2026-03-01-visit/release.eml', 'message')
    expect(await folder.read('en/2026-03-01-visit/release.eml')).toBe('message')
    // A file a failed thread wrote, given back, is not left in the folder for the build to publish unknowingly.
    const [failed] = await folder.claim!(['fr/2026-03-01-visit/index.html'])
    writeClaimed(rendered([['fr/2026-03-01-visit/index.html', '<p>Visite</p>']]), [failed!])
    folder.unclaim!(failed!)
    expect(await folder.read('fr/2026-03-01-visit/index.html')).toBeUndefined()
    await folder.discard()
  })

  it('keeps the same bytes, writes its own file in place, and never writes through a file the live site shares', async () => {
    const root = await temporaryFolder()
    const [building, live] = [join(root, 'building'), join(root, 'live')]
    await mkdir(building)
    await mkdir(live)
    const at = (name: string) => join(building, name)
    await writeFile(at('same.html'), 'unchanged')
    await writeFile(at('own.html'), 'old text')
    await writeFile(join(live, 'shared.html'), 'live text')
    await link(join(live, 'shared.html'), at('shared.html'))
    await writeFile(join(live, 'linked.html'), 'live linked')
    await link(join(live, 'linked.html'), at('linked.html'))
    const before = {same: await stat(at('same.html')), own: await stat(at('own.html'))}
    const into: ClaimedFile[] = [
      {path: 'same.html', target: at('same.html'), mode: 'recycled'},
      {path: 'own.html', target: at('own.html'), mode: 'recycled'},
      {path: 'shared.html', target: at('shared.html'), mode: 'recycled'},
      {path: 'linked.html', target: at('linked.html'), mode: 'linked'}
    ]
    const result = writeClaimed(rendered([['same.html', 'unchanged'], ['own.html', 'new text'], ['shared.html', 'new shared'], ['linked.html', 'new linked']]), into)
    expect(result.writeProblem).toBeUndefined()
    expect((await stat(at('same.html'))).mtimeMs).toBe(before.same.mtimeMs)
    expect([(await stat(at('own.html'))).ino, await readFile(at('own.html'), 'utf8')]).toEqual([before.own.ino, 'new text'])
    expect([await readFile(at('shared.html'), 'utf8'), await readFile(join(live, 'shared.html'), 'utf8')]).toEqual(['new shared', 'live text'])
    expect([await readFile(at('linked.html'), 'utf8'), await readFile(join(live, 'linked.html'), 'utf8')]).toEqual(['new linked', 'live linked'])
  })

  it('refuses to write through a link planted where a new file goes, and says so as the system did', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'building'))
    await writeFile(join(root, 'secret.txt'), 'untouched')
    await symlink(join(root, 'secret.txt'), join(root, 'building', 'index.html'))
    const result = writeClaimed(rendered([['index.html', 'page']]), [{path: 'index.html', target: join(root, 'building', 'index.html'), mode: 'new'}])
    expect(result.writeProblem).toMatchObject({code: 'EEXIST', syscall: 'open', path: 'index.html'})
    expect(await readFile(join(root, 'secret.txt'), 'utf8')).toBe('untouched')
    // As press reports a refusal of the system: its code and call kept (commands/command-line.ts).
    expect(writeError(result.writeProblem!)).toMatchObject({code: 'EEXIST', syscall: 'open'})
  })
})
