// Runs one benchmark step in this process and prints, as its last line, the
// CPU time and peak memory the process used, and the time the tool itself
// took once loaded: `press <args…>` through the command line's own entry,
// `eleventy <input> <output>`, or `parse <releases> <threads>`, press's
// parser alone (parse-floor.ts).
import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {run} from '../pipeline/commands/cli.js'
import {growHeaps} from '../pipeline/lib/heap.js'
import {followParent, relaunched, relaunchedArguments, relaunchedEnvironment} from '../pipeline/commands/relaunch.js'

/** What a relaunched press used (its own last line), added to this process's. */
let child: {cpu: number; rss: number} | undefined

/** press build relaunches a build that parses its newsroom anew (commands/relaunch.ts): here this script is run again, and the child's use added to this process's. */
function relaunchMeasured(flags: readonly string[]): Promise<number | undefined> {
  return new Promise((done) => {
    const again = spawn(process.execPath, relaunchedArguments(flags), {stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env: relaunchedEnvironment()})
    let printed = ''
    again.stdout!.setEncoding('utf8').on('data', (text: string) => (printed += text))
    again.once('error', () => done(undefined))
    again.channel?.unref()
    again.once('close', (code) => {
      try {
        if (code === 0) child = JSON.parse(printed.trim().split('\n').pop()!) as {cpu: number; rss: number}
      } catch {
        // Counted as this process alone.
      }
      done(code ?? 1)
    })
  })
}

const [tool, ...args] = process.argv.slice(2)
let started = performance.now()
if (tool === 'press') {
  // As the press command does.
  growHeaps()
  followParent()
  const code = await run(args, {stdout: () => {}, stderr: (text) => process.stderr.write(text), cwd: process.cwd(), ...(relaunched() ? {} : {relaunch: relaunchMeasured})})
  if (code !== 0) process.exit(code)
} else if (tool === 'eleventy') {
  // Loaded by name: Eleventy ships no type declarations.
  const eleventyPackage = '@11ty/eleventy'
  const {default: Eleventy} = await import(eleventyPackage)
  started = performance.now()
  const [input, output, includes] = args
  const eleventy = new Eleventy(input, output, {
    quietMode: true,
    config(config: {setIncludesDirectory: (folder: string) => void; addGlobalData: (name: string, value: unknown) => void}) {
      config.setIncludesDirectory(includes!)
      config.addGlobalData('layout', 'release.njk')
    }
  })
  await eleventy.write()
} else if (tool === 'parse') {
  const {parseFloor} = await import('./parse-floor.js')
  started = performance.now()
  await parseFloor(args[0]!, Number(args[1]))
} else {
  throw new Error(`measure: unknown tool ${tool}`)
}
const usage = process.resourceUsage()
const own = (performance.now() - started) / 1000
const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6 + (child?.cpu ?? 0)
// Beside a relaunched press, this process holds its own memory (the pages of Node.js's program and files it shares with the child are the child's too).
const rss = child ? child.rss + ownMemory(usage.maxRSS / 1024) : usage.maxRSS / 1024
process.stdout.write(`\n${JSON.stringify({own, cpu, rss})}\n`)

/** This process's memory of its own (RssAnon, in MB), where the system says; `otherwise` elsewhere. */
function ownMemory(otherwise: number): number {
  try {
    const anon = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    return anon ? Number(anon[1]) / 1024 : otherwise
  } catch {
    return otherwise
  }
}
