// One writer at a time per output folder: an exclusive lock file beside it,
// created atomically and holding the process id of its owner. A lock whose
// process is gone is taken over; a live one is waited for, for a bounded time.
import {randomBytes} from 'node:crypto'
import {link, open, readdir, rm, writeFile} from 'node:fs/promises'
import {readRegularFile, UnreadableFile} from '../lib/newsroom-file.js'
import {basename, dirname, join} from 'node:path'
import {isAlive, removeLeftover} from '../lib/leftovers.js'

export class OutputBusyError extends Error {
  override name = 'OutputBusyError'
}

interface LockOwner {
  readonly pid: number
  readonly command: string
  readonly since: string
}

export interface LockOptions {
  /** What the owner is doing, such as `press build`: shown to whoever waits. */
  readonly command: string
  /** How long to wait for another process to finish, in milliseconds. */
  readonly wait?: number
  /** Told once when press waits, and when it takes over an abandoned lock. */
  readonly notice?: (text: string) => void
}

/** How long a command waits for another one writing the same output. */
const defaultLockWait = 60_000

const pollEvery = 100

function lockPath(out: string): string {
  return join(dirname(out), `.${basename(out)}.lock`)
}

export class OutputLock {
  private constructor(
    readonly path: string,
    private readonly content: string
  ) {}

  /** Takes the lock of the output folder `out`, waiting for its owner or taking over an abandoned one. */
  static async acquire(out: string, options: LockOptions): Promise<OutputLock> {
    const path = lockPath(out)
    const content = `${JSON.stringify({pid: process.pid, command: options.command, since: new Date().toISOString()} satisfies LockOwner)}\n`
    const deadline = Date.now() + (options.wait ?? defaultLockWait)
    let told = false
    for (;;) {
      if (await createExclusive(path, content)) {
        await removeLeftovers(path)
        return new OutputLock(path, content)
      }
      const owner = await readOwner(path)
      if (owner === 'gone') continue
      if (owner === undefined || !isAlive(owner.pid)) {
        if (await takeOver(path, owner)) {
          options.notice?.(owner ? `took over the lock of ${owner.command} (process ${owner.pid}), which stopped without finishing` : `removed an unreadable lock file ${path}`)
        }
        continue
      }
      if (Date.now() >= deadline) {
        throw new OutputBusyError(`${owner.command} (process ${owner.pid}) has been writing ${out} since ${owner.since}: wait for it to finish and try again`)
      }
      if (!told) options.notice?.(`waiting for ${owner.command} (process ${owner.pid}) to finish writing ${out}`)
      told = true
      await sleep(pollEvery)
    }
  }

  /** Gives the lock up, if it is still this process's. */
  async release(): Promise<void> {
    if (lockText(this.path) === this.content) await rm(this.path, {force: true})
  }
}

/**
 * Creates `path` holding `content`, unless it exists: written whole under a
 * name of its own, then linked to `path` in one step, so that no one ever
 * reads it empty or half written (and takes it for abandoned) while its owner
 * writes it in.
 */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  const handle = await open(temporary, 'wx')
  try {
    try {
      await handle.writeFile(content)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await link(temporary, path).catch(async (problem: NodeJS.ErrnoException) => {
      // A file system without hard links (FAT): the lock is created in place, as exclusively, and written at once.
      if (problem.code !== 'EPERM' && problem.code !== 'ENOTSUP' && problem.code !== 'EOPNOTSUPP' && problem.code !== 'ENOSYS') throw problem
      await writeFile(path, content, {flag: 'wx'})
    })
    return true
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw problem
  } finally {
    await rm(temporary, {force: true})
  }
}

/**
 * Removes the files a command killed while making the lock or its guard left
 * beside the output (a few bytes each), once their process is gone: nothing
 * reads them, and they would pile up.
 */
async function removeLeftovers(path: string): Promise<void> {
  const own = [basename(path), `${basename(path)}.takeover`]
  for (const name of await readdir(dirname(path)).catch(() => [] as string[])) if (name.startsWith(`${own[0]}.`)) await removeLeftover(dirname(path), name, (of) => own.includes(of))
}

/** A lock's text; a link, a pipe or a device put in its place is none, and never hangs the read. */
function lockText(path: string): string | 'gone' | undefined {
  try {
    return readRegularFile(path, 4096).toString('utf8')
  } catch (problem) {
    if (!(problem instanceof UnreadableFile)) throw problem
    return problem.reason === 'missing' ? 'gone' : undefined
  }
}

/** The owner written in the lock; `gone` when the lock vanished meanwhile, undefined when it cannot be read. */
async function readOwner(path: string): Promise<LockOwner | 'gone' | undefined> {
  const text = lockText(path)
  if (text === 'gone' || text === undefined) return text
  try {
    const owner = JSON.parse(text) as LockOwner
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : undefined
  } catch {
    // A lock appears whole (createExclusive): one that is not was left so by an older press that stopped while writing it.
    return undefined
  }
}

/**
 * Removes an abandoned lock. Two processes may find the same one abandoned at
 * once: a second lock file, created exclusively, lets only one of them remove
 * it, after checking that it is still the abandoned one and not a fresh lock.
 */
async function takeOver(path: string, abandoned: LockOwner | undefined): Promise<boolean> {
  const guard = `${path}.takeover`
  if (!(await createExclusive(guard, `${JSON.stringify({pid: process.pid})}\n`))) {
    const holder = await readOwner(guard)
    if (holder !== 'gone' && (holder === undefined || !isAlive(holder.pid))) await rm(guard, {force: true})
    else await sleep(pollEvery)
    return false
  }
  try {
    const now = await readOwner(path)
    if (now === 'gone' || JSON.stringify(now) !== JSON.stringify(abandoned)) return false
    await rm(path, {force: true})
    return true
  } finally {
    await rm(guard, {force: true})
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
