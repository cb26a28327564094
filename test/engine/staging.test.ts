// The build folder refuses a second file at one path however the path is
// spelled, whether the file was written or taken from the previous output,
// and makes each folder it writes in, at the top of the site too.
import {mkdir, readdir, readFile, rename, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {Staging} from '../../pipeline/engine/staging.js'
import {temporaryFolder} from '../helpers.js'

async function staging() {
  const root = await temporaryFolder()
  return {root, staging: await Staging.open(join(root, 'output'), root)}
}

describe('a build folder', () => {
  it('refuses a second file at one path, however its path is spelled', async () => {
    const {staging: folder} = await staging()
    await folder.write('en/2026-03-01-visit/index.html', 'first')
    for (const again of ['en/2026-03-01-visit/index.html', './en//2026-03-01-visit/index.html', 'en/other/../2026-03-01-visit/index.html']) {
      await expect(folder.write(again, 'second'), again).rejects.toThrow(/Two pages would be written/)
    }
    expect(await folder.read('en/2026-03-01-visit/index.html')).toBe('first')
    await folder.discard()
  })

  it('refuses to take from the previous output a file it has written, and the reverse', async () => {
    const {root, staging: folder} = await staging()
    const previous = join(root, 'previous')
    await mkdir(join(previous, 'en', '2026-03-01-visit'), {recursive: true})
    await mkdir(join(previous, 'fr', '2026-03-01-visit'), {recursive: true})
    await writeFile(join(previous, 'en', '2026-03-01-visit', 'index.html'), 'kept')
    await writeFile(join(previous, 'fr', '2026-03-01-visit', 'index.html'), 'gardé')
    const keys = new Map([['en/2026-03-01-visit/index.html', 'k'], ['fr/2026-03-01-visit/index.html', 'k']])
    await folder.write('en/2026-03-01-visit/index.html', 'written')
    for (const spelled of ['en//2026-03-01-visit', 'en//2026-03-01-visit/', './en/2026-03-01-visit/']) await expect(folder.reuse(previous, spelled, ['index.html'], keys), spelled).rejects.toThrow(/Two pages would be written/)
    expect(await folder.read('en/2026-03-01-visit/index.html')).toBe('written')
    expect(await folder.reuse(previous, 'fr/2026-03-01-visit/', ['index.html'], keys)).toBe(true)
    await expect(folder.write('./fr/2026-03-01-visit/index.html', 'written')).rejects.toThrow(/Two pages would be written/)
    expect(await folder.read('fr/2026-03-01-visit/index.html')).toBe('gardé')
    await folder.discard()
  })

  it('never takes a file through a folder of the previous output swapped for a link while it builds', async () => {
    const {root, staging: folder} = await staging()
    const previous = join(root, 'previous')
    const outside = join(root, 'outside')
    for (const base of [previous, outside]) for (const id of ['2026-03-01-visit', '2026-03-02-fair']) await mkdir(join(base, 'fr', id), {recursive: true})
    await writeFile(join(previous, 'fr', '2026-03-01-visit', 'index.html'), 'visite')
    await writeFile(join(previous, 'fr', '2026-03-02-fair', 'index.html'), 'salon')
    await writeFile(join(outside, 'fr', '2026-03-02-fair', 'index.html'), 'not this')
    const keys = new Map([['fr/2026-03-01-visit/index.html', 'k'], ['fr/2026-03-02-fair/index.html', 'k']])
    expect(await folder.reuse(previous, 'fr/2026-03-01-visit/', ['index.html'], keys)).toBe(true)
    // The language's folder, found real for the first file, is a link to another place for the second.
    await rename(join(previous, 'fr'), join(previous, 'fr.real'))
    await symlink(join(outside, 'fr'), join(previous, 'fr'))
    expect(await folder.reuse(previous, 'fr/2026-03-02-fair/', ['index.html'], keys)).toBe(false)
    expect(await folder.read('fr/2026-03-02-fair/index.html')).toBeUndefined()
    expect(await folder.read('fr/2026-03-01-visit/index.html')).toBe('visite')
    await folder.discard()
  })

  it('makes the folders it writes in, and writes at its top', async () => {
    const {staging: folder} = await staging()
    await Promise.all([folder.write('sitemap.xml', '<urlset/>'), folder.write('zh/2026-03-01-visit/index.html', '访问'), folder.write('zh/2026-03-01-visit/release.txt', '访问'), folder.write('zh/news/page/2/index.html', '新闻')])
    expect(await readFile(join(folder.folder, 'sitemap.xml'), 'utf8')).toBe('<urlset/>')
    expect(await readFile(join(folder.folder, 'zh', '2026-03-01-visit', 'release.txt'), 'utf8')).toBe('访问')
    expect(await readFile(join(folder.folder, 'zh', 'news', 'page', '2', 'index.html'), 'utf8')).toBe('新闻')
    await folder.discard()
  })

  it('never writes through a file or a link put where one of its folders goes', async () => {
    const {root, staging: folder} = await staging()
    const outside = join(root, 'outside')
    await mkdir(outside)
    await symlink(outside, join(folder.folder, 'en'))
    await writeFile(join(folder.folder, 'fr'), 'a file')
    await expect(folder.write('en/2026-03-01-visit/index.html', 'page')).rejects.toThrow(/EEXIST/)
    await expect(folder.write('fr/2026-03-01-visit/index.html', 'page')).rejects.toThrow(/EEXIST/)
    expect(await readdir(outside)).toEqual([])
    await folder.discard()
  })
})
