// A threaded build gives back its threads' memory once every translation is
// published: the lists, feeds, search and records it makes after are the
// main thread's, and a build's peak memory was its threads' heaps held
// through them.
import {cp} from 'node:fs/promises'
import {join} from 'node:path'
import {Piscina} from 'piscina'
import {describe, expect, it, vi} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {projectRoot, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

// When the lists are made, how many pools of threads had been let go, and what the heaps had been told of them.
const atLists = vi.hoisted(() => ({closed: [] as number[], heaps: [] as string[][]}))
const closing = vi.hoisted(() => ({count: 0}))
const heaps = vi.hoisted(() => ({told: [] as string[]}))
vi.mock('../../pipeline/publish/emit-site.js', async (importOriginal) => {
  const site = await importOriginal<typeof import('../../pipeline/publish/emit-site.js')>()
  return {...site, emitSiteIndexes: (...args: Parameters<typeof site.emitSiteIndexes>) => (atLists.closed.push(closing.count), atLists.heaps.push([...heaps.told]), site.emitSiteIndexes(...args))}
})
vi.mock('../../pipeline/lib/heap.js', () => ({threadsStarted: () => heaps.told.push('started'), threadsStopped: () => heaps.told.push('stopped')}))

describe('worker threads', () => {
  it('should let the threads go before the lists are made, and write what one thread writes', async () => {
    const destroy = Piscina.prototype.destroy
    const spy = vi.spyOn(Piscina.prototype, 'destroy').mockImplementation(function (this: Piscina) {
      closing.count++
      return destroy.call(this)
    })
    try {
      const root = await temporaryFolder()
      await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
      // Enough releases that the build starts its threads.
      for (let day = 1; day <= 9; day++) await writeReleases(root, {[`2026-03-0${day}-visit/en.md`]: releaseText(`title: Visit ${day}\ndate: 2026-03-0${day}`, `The delegation arrives on day ${day}.`)})
      const now = new Date('2026-11-24T12:00:00Z')
      const threaded = join(root, 'threaded')
      expect((await build({root, out: threaded, now, cwd: root, workers: 2, cache: false})).ok).toBe(true)
      expect(atLists.closed).toEqual([1])
      // Heaps grew gently while the threads were alive, and freely again for the lists (lib/heap.ts).
      expect(atLists.heaps).toEqual([['started', 'stopped']])
      const here = join(root, 'here')
      expect((await build({root, out: here, now, cwd: root, workers: 0, cache: false})).ok).toBe(true)
      expect(await readTree(threaded)).toEqual(await readTree(here))
      expect(heaps.told).toEqual(['started', 'stopped'])
    } finally {
      spy.mockRestore()
    }
  })
})
