// The floor under a cold build: every source of the bench's newsroom parsed
// by press's own parser (remark-parse with GFM and its extensions, nothing
// after it), in this thread or split between `threads` worker threads at
// once. What it costs beside Eleventy, and how it scales with a second
// thread, bound what a cold build and its threads can reach on this machine.
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {isMainThread, Worker, workerData} from 'node:worker_threads'
import {createParser} from '../pipeline/source/parse.js'

/** Parses every file in `paths`. */
function parseAll(paths: readonly string[]): void {
  const {full} = createParser()
  for (const path of paths) full.parse(readFileSync(path, 'utf8'))
}

/** Parses every source under `releases`, shared among `threads` threads (one: this thread). */
export async function parseFloor(releases: string, threads: number): Promise<void> {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`parse: threads must be a whole number from 1, not ${threads}`)
  const paths = readdirSync(releases, {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.md')).sort().map((name) => join(releases, name))
  if (threads === 1) return parseAll(paths)
  await Promise.all(
    Array.from({length: threads}, (_, index) => new Promise<void>((done, failed) => {
      const worker = new Worker(new URL(import.meta.url), {workerData: paths.filter((_path, at) => at % threads === index)})
      worker.once('error', failed)
      worker.once('exit', (code) => (code === 0 ? done() : failed(new Error(`a parsing thread stopped with ${code}`))))
    }))
  )
}

if (!isMainThread && Array.isArray(workerData)) {
  parseAll(workerData as string[])
}
