// press build parses a newsroom anew (no record of the last build) in a
// process of its own, started with V8's collector working in each thread
// alone (commands/relaunch.ts): the person who ran it sees one command, with
// its messages once and its exit code, and killing it stops the build.
import {spawn} from 'node:child_process'
import {appendFile, readFile, readdir, writeFile} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {writeNewsroom} from '../../bench/newsroom.js'
import {run} from '../../pipeline/commands/cli.js'
import {pressBin, runPress, temporaryFolder} from '../helpers.js'

const now = '2026-06-01T00:00:00Z'
const flag = '--single-threaded-gc'

/** The processes whose parent is `parent`, with their command lines. */
async function childrenOf(parent: number): Promise<Array<{pid: number; command: string[]}>> {
  const found: Array<{pid: number; command: string[]}> = []
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = await readFile(join('/proc', name, 'stat'), 'utf8')
      // The parent's pid is the second field after the command's name in parentheses.
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== parent) continue
      found.push({pid: Number(name), command: (await readFile(join('/proc', name, 'cmdline'), 'utf8')).split('\0')})
    } catch {
      // Gone meanwhile.
    }
  }
  return found
}

const alive = (pid: number) => readFile(join('/proc', String(pid), 'stat'), 'utf8').then((stat) => !/^\d+ \(.*\) Z/.test(stat), () => false)

/** Polls `check` every 50 ms until it gives a value or `ms` pass. */
async function within<T>(ms: number, check: () => Promise<T | undefined>): Promise<T | undefined> {
  const until = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined || Date.now() > until) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function newsroom(releases: number): Promise<string> {
  const root = join(await temporaryFolder(), 'newsroom')
  await writeNewsroom(root, releases)
  return root
}

// Threads, and so a relaunch, need two cores; the processes are read from Linux's /proc.
describe.runIf(process.platform === 'linux' && availableParallelism() >= 2)('a build that parses its newsroom anew', () => {
  it('should run in a process of its own with the collector in each thread, which ends with press, however press is stopped', async () => {
    const root = await newsroom(24)
    for (const [signal, name] of [['SIGTERM', 'terminated'], ['SIGKILL', 'killed']] as const) {
      const out = join(root, '..', name)
      const press = spawn(process.execPath, [pressBin, 'build', '--root', root, '--out', out, '--now', now], {stdio: 'ignore'})
      const exited = new Promise<NodeJS.Signals | null>((resolve) => press.on('exit', (_, by) => resolve(by)))
      const child = await within(10_000, async () => (await childrenOf(press.pid!)).find(({command}) => command.includes(flag)))
      expect(child?.command.slice(child.command.indexOf(pressBin))).toEqual([pressBin, 'build', '--root', root, '--out', out, '--now', now, ''])
      // Stopped once the build has begun (it holds the output's lock), long after the child started.
      await within(10_000, async () => ((await readdir(join(root, '..'))).includes(`.${name}.lock`) ? true : undefined))
      press.kill(signal)
      // Ended by the signal that ended the build, as a build in one process was.
      expect(await exited).toBe(signal)
      expect(await within(3_000, async () => ((await alive(child!.pid)) ? undefined : true)), signal).toBe(true)
      expect((await readdir(join(root, '..'))).includes(name), signal).toBe(false)
    }
  })

  it('should print what the build says once, and run a rebuild in press itself', async () => {
    const root = await newsroom(24)
    const out = join(root, '..', 'site')
    const built = await runPress(['build', '--root', root, '--out', out, '--now', now])
    expect(built.code).toBe(0)
    expect(built.stdout.match(/Built \d+ pages: 72 translations of 24 releases/g)).toHaveLength(1)

    // A rebuild, which knows the last build, runs in press itself.
    await appendFile(join(root, 'releases', (await readdir(join(root, 'releases'))).sort()[0]!, 'en.md'), '\nOne more sentence.\n')
    const rebuild = spawn(process.execPath, [pressBin, 'build', '--root', root, '--out', out, '--now', now], {stdio: 'ignore'})
    let ended = false
    const rebuilt = new Promise<number | null>((resolve) => rebuild.on('exit', (code) => ((ended = true), resolve(code))))
    expect(await within(30_000, async () => ((await childrenOf(rebuild.pid!)).some(({command}) => command.includes(flag)) ? true : ended ? false : undefined))).toBe(false)
    expect(await rebuilt).toBe(0)
  })

  it('should say each error once and exit as the build did', async () => {
    const root = await newsroom(24)
    const broken = join(root, 'releases', (await readdir(join(root, 'releases'))).sort()[3]!, 'fr.md')
    await writeFile(broken, '---\ntitle: Unclosed\ndate: "2026-01-01\n---\n\nThe text.\n')
    const result = await runPress(['build', '--root', root, '--out', join(root, '..', 'site'), '--now', now])
    expect(result.code).toBe(1)
    expect(result.stderr.match(/error\s+The front matter is not valid YAML/g)).toHaveLength(1)
    expect(result.stderr.match(/failed; .*site was left as it was/g)).toHaveLength(1)
  })

  it('should run in press itself when it is small or told to use no threads, and relaunch only what it says', async () => {
    const root = await newsroom(24)
    const asked: Array<readonly string[]> = []
    const relaunch = async (flags: readonly string[]) => (asked.push(flags), 3)
    const build = (args: string[]) => run(['build', ...args, '--now', now, '-q'], {stdout: () => {}, stderr: () => {}, cwd: root, relaunch})
    // Relaunched, the build is the new process's: its code is the command's.
    expect(await build(['--root', root])).toBe(3)
    expect(asked).toEqual([[flag, '--max-semi-space-size=4']])
    const small = await newsroom(5)
    expect(await build(['--root', small])).toBe(0)
    expect(await build(['--root', root, '--threads', '0', '--no-cache'])).toBe(0)
    expect(asked).toHaveLength(1)
  })

  it('should build press publish in press itself, which would otherwise deploy and send twice', async () => {
    const root = await newsroom(24)
    const asked: Array<readonly string[]> = []
    let printed = ''
    const io = {stdout: (text: string) => void (printed += text), stderr: (text: string) => void (printed += text), cwd: root, relaunch: async (flags: readonly string[]) => (asked.push(flags), 0)}
    const code = await run(['publish', '--root', root, '--no-deploy', '--smtp', 'smtp://127.0.0.1:9'], io)
    expect(asked).toEqual([])
    expect(printed.match(/Built \d+ pages: 72 translations/g), printed).toHaveLength(1)
    expect(code, printed).not.toBe(70)
  })
})
