// press serve's watcher: a change it cannot follow (a link that loops inside
// the releases, planted while it runs or there from the start) is told as a
// change, for the full build to report, never an error that ends press serve.
import {mkdir, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {watchNewsroom} from '../../pipeline/preview/watch.js'
import {temporaryFolder} from '../helpers.js'

/** Passes once `told` holds a change naming `name`; fails after ten seconds. */
const toldOf = (told: string[][], name: string) => expect.poll(() => told.flat().some((path) => path.endsWith(name)), {timeout: 10_000, interval: 10}).toBe(true)

describe('press serve’s watcher', () => {
  it('should tell a link that loops, planted in the releases while watching, as a change', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'releases', '2026-03-01-visit'), {recursive: true})
    const told: string[][] = []
    const watching = watchNewsroom(root, (paths) => told.push(paths))
    try {
      await watching.ready
      await symlink('loop', join(root, 'releases', 'loop'))
      await toldOf(told, 'loop')
      // And it goes on watching.
      await writeFile(join(root, 'releases', '2026-03-01-visit', 'en.md'), '---\ntitle: Visit\n---\n\nText.\n')
      await toldOf(told, 'en.md')
    } finally {
      await watching.close()
    }
  })

  it('should tell a link that loops, there from the start, as a change', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'locales'), {recursive: true})
    await symlink('selfloop', join(root, 'locales', 'selfloop'))
    const told: string[][] = []
    const watching = watchNewsroom(root, (paths) => told.push(paths))
    try {
      await watching.ready
      await toldOf(told, 'selfloop')
    } finally {
      await watching.close()
    }
  })
})
