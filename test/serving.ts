// Starts press serve as a press officer would, in a process of its own on a
// free port of 127.0.0.1, and stops it after the test whatever happened.
import {spawn, type ChildProcess} from 'node:child_process'
import {afterEach} from 'vitest'
import {pressBin} from './helpers.js'

export interface Serving {
  readonly process: ChildProcess
  readonly url: string
  output: string
  readonly exited: Promise<number | null>
}

/** Every press serve a test started, stopped after it whatever happened. */
const started = new Set<ChildProcess>()
afterEach(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  started.clear()
})

/** Starts press serve on a free port and waits for its first build. */
export async function startServe(root: string, port = 0): Promise<Serving> {
  const child = spawn(process.execPath, [pressBin, 'serve', '--root', root, '--port', String(port)], {env: {...process.env, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']})
  started.add(child)
  const serving = {process: child, url: '', output: '', exited: new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))}
  const heard = (text: Buffer) => (serving.output += text.toString())
  child.stdout.on('data', heard)
  child.stderr.on('data', heard)
  await until(() => /Built the preview|error/.test(serving.output) || child.exitCode !== null, 20_000)
  const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(serving.output)?.[1]
  if (!url) throw new Error(`press serve did not start:\n${serving.output}`)
  return {...serving, url, get output() {
    return serving.output
  }}
}

export async function until(done: () => boolean, timeout: number, poll?: () => Promise<void>) {
  const end = Date.now() + timeout
  await poll?.()
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 25))
    await poll?.()
  }
}

