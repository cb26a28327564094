// One writer at a time per output folder, however many ask at once: a lock
// seen by another before its owner has written it in must never look
// abandoned. Its file is written slowly here, as on a busy disk.
import {describe, expect, it, vi} from 'vitest'
import {join} from 'node:path'
import {spawnSync} from 'node:child_process'
import {lutimes, mkdir, readFile, readdir, symlink, utimes, writeFile} from 'node:fs/promises'
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
    const out = join(folder, 'site.v2')
    // A process that has ended, and one still running (the one that started this test).
    const gone = spawnSync(process.execPath, ['-e', '']).pid
    const leftovers = [`.site.v2.lock.${gone}.0123456789ab.tmp`, `.site.v2.lock.takeover.${gone}.ba9876543210.tmp`]
    const kept = [`.site.v2.lock.${process.ppid}.00112233aabb.tmp`, `.site.v2.lock.${gone}.notours.tmp`, `.siteXv2.lock.${gone}.0123456789ab.tmp`, `.other.lock.${gone}.0123456789ab.tmp`]
    const hourAgo = new Date(Date.now() - 3600_000)
    for (const name of [...leftovers, ...kept]) {
      await writeFile(join(folder, name), '{"pid": 1}\n')
      await utimes(join(folder, name), hourAgo, hourAgo)
    }
    // One being written this minute (by a process of another machine sharing the folder, say), a folder and a link by such names: never taken.
    const recent = `.site.v2.lock.${gone}.aaaaaaaaaaaa.tmp`
    await writeFile(join(folder, recent), '{"pid": 1}\n')
    const notFiles = [`.site.v2.lock.${gone}.bbbbbbbbbbbb.tmp`, `.site.v2.lock.${gone}.cccccccccccc.tmp`]
    await mkdir(join(folder, notFiles[0]!))
    await writeFile(join(folder, 'target'), 'kept')
    await symlink(join(folder, 'target'), join(folder, notFiles[1]!))
    await lutimes(join(folder, notFiles[1]!), hourAgo, hourAgo)
    const all = [...kept, recent, ...notFiles, 'target']
    const lock = await OutputLock.acquire(out, {command: 'press build'})
    expect((await readdir(folder)).sort()).toEqual([...all, '.site.v2.lock'].sort())
    await lock.release()
    expect((await readdir(folder)).sort()).toEqual([...all].sort())
    expect(await readFile(join(folder, 'target'), 'utf8')).toBe('kept')
  })
})
