// The stock of a recycled build folder, taken in a thread of its own: every
// file and folder by its path in the folder, the folders that hold nothing,
// and anything else (links, pipes) removed without being followed.
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdir, readFile, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {stockOf, takeStock} from '../../pipeline/engine/build-stock.js'
import {temporaryFolder} from '../helpers.js'

describe('the stock of a recycled build', () => {
  it('names every file and folder by its path in it, and removes links and pipes without following them', async () => {
    const root = await temporaryFolder()
    const outside = join(root, 'outside')
    await mkdir(join(outside, 'kept'), {recursive: true})
    await writeFile(join(outside, 'secret.txt'), 'not the site')
    const folder = join(root, 'build')
    await mkdir(join(folder, 'en', '2026-03-01-visit'), {recursive: true})
    await mkdir(join(folder, 'fr', 'empty'), {recursive: true})
    await writeFile(join(folder, 'index.html'), 'home')
    await writeFile(join(folder, 'en', '2026-03-01-visit', 'index.html'), 'page')
    await symlink(outside, join(folder, 'en', 'linked-folder'))
    await symlink(join(outside, 'secret.txt'), join(folder, 'en', '2026-03-01-visit', 'release.txt'))
    execFileSync('mkfifo', [join(folder, 'fr', 'pipe')])

    const stock = await stockOf(folder)
    expect([...stock.files].sort()).toEqual(['en/2026-03-01-visit/index.html', 'index.html'])
    expect([...stock.folders].sort()).toEqual(['en', 'en/2026-03-01-visit', 'fr', 'fr/empty'])
    // `fr` held only the pipe and an empty folder: it holds the folder still, so only that one is empty.
    expect(stock.empty).toEqual(['fr/empty'])
    for (const planted of [join(folder, 'en', 'linked-folder'), join(folder, 'en', '2026-03-01-visit', 'release.txt'), join(folder, 'fr', 'pipe')]) expect(existsSync(planted), planted).toBe(false)
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('not the site')
    expect(existsSync(join(outside, 'kept'))).toBe(true)
    // Taken here, in this thread, it is the same.
    expect(takeStock(folder)).toEqual(stock)
  })

  it('fails, rather than waiting, when the folder cannot be read', async () => {
    const root = await temporaryFolder()
    // As the system said it, so that press says the system refused, and names the folder.
    await expect(stockOf(join(root, 'gone'))).rejects.toMatchObject({code: 'ENOENT', syscall: 'scandir', path: join(root, 'gone'), message: expect.stringMatching(/ENOENT/)})
  })
})
