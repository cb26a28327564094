// The press serve steps of the benchmark: the first preview of the newsroom
// (until the server is ready for edits: built, and its quick path for edited
// releases warm), then one release edited, timed from the save until the server has
// published it again and serves its page with the edit (what an open tab
// reloads to), and until the full build that follows has finished.
import {spawn} from 'node:child_process'
import {appendFile, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {packageRoot} from '../pipeline/source/package-root.js'
import type {Step} from './run.js'

interface ServeState {
  readonly number: number
  readonly building: boolean
  /** Whether the quick path for edited releases is open and warm. */
  readonly quick: boolean
}

/** `edited` is the release file to edit and `page` its page's path on the server. */
export async function serveSteps(root: string, edited: string, page: string): Promise<Step[]> {
  const started = performance.now()
  const child = spawn(process.execPath, [join(packageRoot, 'dist', 'pipeline', 'press.js'), 'serve', '--root', root, '--port', '0'], {stdio: ['ignore', 'pipe', 'pipe']})
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    const url = await until(async () => /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1], () => output)
    const state = async () => (await (await fetch(new URL('_press/state', url))).json()) as ServeState
    const first = await until(async () => {
      const now = await state()
      return now.number > 0 && !now.building && now.quick ? now : undefined
    }, () => output)
    const firstWall = (performance.now() - started) / 1000
    const firstUsage = await usageOf(child.pid!)

    const marker = `Edited for the benchmark at ${Date.now()}.`
    const saved = performance.now()
    await appendFile(edited, `\n${marker}\n`)
    await until(async () => ((await state()).number > first.number && (await (await fetch(new URL(page, url))).text()).includes(marker) ? true : undefined), () => output)
    const visible = (performance.now() - saved) / 1000
    await until(async () => (!(await state()).building ? true : undefined), () => output)
    const settled = (performance.now() - saved) / 1000
    const usage = await usageOf(child.pid!)
    return [
      {name: 'press serve, first preview', wall: firstWall, own: firstWall, ...firstUsage},
      {name: 'press serve, one release edited, until its page is served', wall: visible, own: visible, cpu: usage.cpu - firstUsage.cpu, rss: usage.rss},
      {name: 'press serve, one release edited, until lists are rebuilt', wall: settled, own: settled, cpu: usage.cpu - firstUsage.cpu, rss: usage.rss}
    ]
  } finally {
    child.kill('SIGINT')
    await exited
  }
}

/** Polls `found` every 5 ms until it gives a value; fails with what press printed after ten minutes. */
async function until<T>(found: () => Promise<T | undefined>, printed: () => string): Promise<T> {
  const end = performance.now() + 600_000
  for (;;) {
    const value = await found().catch(() => undefined)
    if (value !== undefined) return value
    if (performance.now() > end) throw new Error(`press serve did not get there:\n${printed()}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** The CPU seconds and peak resident megabytes of a process so far, from Linux's /proc. */
async function usageOf(pid: number): Promise<{cpu: number; rss: number}> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ')
  const ticks = 100
  return {cpu: (Number(stat[11]) + Number(stat[12])) / ticks, rss: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024}
}
