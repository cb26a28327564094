// One writer at a time per output folder, however many ask at once: a lock
// seen by another before its owner has written it in must never look
// abandoned. Its file is written slowly here, as on a busy disk.
import {describe, expect, it, vi} from 'vitest'
import {join} from 'node:path'
import {spawnSync} from 'node:child_process'
import {readdir, writeFile} from 'node:fs/promises'
import {temporaryFolder} from '../helpers.js'

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  const slowly = <T>(work: () => Promise<T>) => new Promise<T>((done, failed) => setTimeout(() => work().then(done, failed), 30))
  return {
    ...real,
    open: (async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args)
      // The lock's own file written slowly, the rest (the guard taking over an abandoned one) at once.
      if (!String(args[0]).includes('.lock') || String(args[0]).includes('.takeover')) return handle
      const writeFile = handle.writeFile.bind(handle)
      return Object.assign(handle, {writeFile: (...more: Parameters<typeof handle.writeFile>) => slowly(() => writeFile(...more))})
    }) as typeof real.open,
  }
})

const {OutputLock} = await import('../../pipeline/engine/lock.js')

describe('the output lock', () => {
  it('should let only one of many commands asking at once hold it, and take over none', async () => {
    const out = join(await temporaryFolder(), 'site')
    const notices: string[] = []
    let holding = 0
    let most = 0
    await Promise.all(
      Array.from({length: 6}, async () => {
        const lock = await OutputLock.acquire(out, {command: 'press build', wait: 25_000, notice: (text) => notices.push(text)})
        most = Math.max(most, ++holding)
        await new Promise((done) => setTimeout(done, 20))
        holding--
        await lock.release()
      })
    )
    expect(most).toBe(1)
    expect(notices.filter((text) => !text.startsWith('waiting for press build'))).toEqual([])
  })

  it("should remove what a command killed while making the lock left beside the output, and nothing of a live one's", async () => {
    const folder = await temporaryFolder()
    const out = join(folder, 'site')
    // A process that has ended, and one still running (the one that started this test).
    const gone = spawnSync(process.execPath, ['-e', '']).pid
    const leftovers = [`.site.lock.${gone}.0123456789ab.tmp`, `.site.lock.takeover.${gone}.ba9876543210.tmp`]
    const live = [`.site.lock.${process.ppid}.00112233aabb.tmp`, `.site.lock.${gone}.notours.tmp`, `.other.lock.${gone}.0123456789ab.tmp`]
    for (const name of [...leftovers, ...live]) await writeFile(join(folder, name), '{"pid": 1}\n')
    const lock = await OutputLock.acquire(out, {command: 'press build'})
    expect((await readdir(folder)).sort()).toEqual([...live, '.site.lock'].sort())
    await lock.release()
    expect((await readdir(folder)).sort()).toEqual([...live].sort())
  })
})
