// How output reaches the disk: under the output's lock (lock.ts), after
// putting right what an interrupted command left (output-switch.ts), a build
// writes a new build folder (staging.ts) that replaces the output in one step
// if it commits, so that after any interruption the output path names either
// the complete old site or the complete new one.
import {mkdir} from 'node:fs/promises'
import {dirname, resolve} from 'node:path'
import {OutputLock, type LockOptions} from './lock.js'
import {checkOutputFolder} from './output-folder.js'
import {recoverOutput} from './output-switch.js'
import {Staging} from './staging.js'

export interface OutputOptions {
  /** The output folder. */
  readonly out: string
  /** The newsroom, whose own folders are never an output. */
  readonly root: string
  /** The newsroom's languages, whose folders a site holds. */
  readonly languages?: readonly string[]
  readonly lock: LockOptions
  /** Build in the build before last, changing only what differs (staging.ts), rather than in a new folder. */
  readonly recycle?: boolean
}

export interface Commit<T> {
  /** Told, with the lock still held, of the work's value and the build folder the output now shows, after it is switched. */
  readonly afterCommit?: (value: T, folder: string) => Promise<void>
}

/**
 * Runs `work` with the output's lock held, after putting right anything an
 * interrupted command left, on a new build folder that becomes the output if
 * `work` says to commit it and is discarded otherwise, or if `work` throws.
 */
export async function withOutput<T>(options: OutputOptions & Commit<T>, work: (staging: Staging) => Promise<{commit: boolean; value: T}>): Promise<T> {
  const out = resolve(options.out)
  await checkOutputFolder(out, options.root, options.languages)
  await mkdir(dirname(out), {recursive: true})
  const lock = await OutputLock.acquire(out, options.lock)
  try {
    await recoverOutput(out)
    const staging = await Staging.open(out, options.root, options.languages, {recycle: options.recycle === true})
    let done
    try {
      done = await work(staging)
    } catch (problem) {
      // What stopped the build is what to say: a folder left half removed is never served, and the next build removes it (output-switch.ts).
      await staging.discard().catch(() => {})
      throw problem
    }
    if (done.commit) {
      await staging.commit()
      await options.afterCommit?.(done.value, staging.folder)
    } else await staging.discard().catch(() => {})
    return done.value
  } finally {
    await lock.release()
  }
}
