// What a recycled build folder holds, taken in a thread of its own while the
// build reads its releases: every file and folder by its path in the folder,
// and which folders hold nothing. Anything that is neither a file nor a
// folder (a link, a pipe) is none of press's: it is removed, never followed.
import {readdirSync, rmSync} from 'node:fs'
import {join, sep} from 'node:path'
import {Worker} from 'node:worker_threads'
import {workerScript} from './worker-script.js'

export interface Stock {
  /** The files, by path in the folder. */
  readonly files: readonly string[]
  /** The folders inside it, by path in the folder, each before those in it. */
  readonly folders: readonly string[]
  /** Those of `folders` that hold nothing. */
  readonly empty: readonly string[]
}

/** Walks `folder` here, in this thread, removing what is neither file nor folder. */
export function takeStock(folder: string): Stock {
  const files: string[] = []
  const folders: string[] = []
  const holding = new Set<string>()
  // Each path is its folder's and its name joined: a path sliced from an absolute one would hold that one, 600 bytes a file.
  const walk = (inside: string) => {
    const at = join(folder, inside)
    for (const entry of readdirSync(at, {withFileTypes: true})) {
      if (!entry.isDirectory() && !entry.isFile()) {
        rmSync(join(at, entry.name), {force: true})
        continue
      }
      holding.add(inside)
      const path = inside === '.' ? entry.name : `${inside}${sep}${entry.name}`
      if (entry.isFile()) files.push(path)
      else {
        folders.push(path)
        walk(path)
      }
    }
  }
  walk('.')
  return {files, folders, empty: folders.filter((path) => !holding.has(path))}
}

/**
 * The same, taken in a worker thread, so that a large folder (tens of
 * thousands of files) is walked on the other core while this one reads the
 * releases; here when the compiled worker is not there.
 */
export function stockOf(folder: string): Promise<Stock> {
  const script = workerScript('stock-worker.js')
  if (!script) return Promise.resolve().then(() => takeStock(folder))
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, {workerData: folder})
    let answer: {stock: Stock} | {problem: Partial<NodeJS.ErrnoException> & {message: string}} | undefined
    worker.once('message', (message: typeof answer) => (answer = message))
    // A thread that failed has run its last: nothing more is walked or removed in the folder.
    worker.once('error', reject)
    // Answered, settled when the thread has ended: nothing is walked or removed in the folder after the build goes on without it.
    worker.once('exit', () => {
      if (answer === undefined) reject(new Error(`The walk of ${folder} ended without an answer`))
      else if ('problem' in answer) reject(Object.assign(new Error(answer.problem.message), answer.problem))
      else resolve(answer.stock)
    })
  })
}
