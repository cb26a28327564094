// Runs press's command line again in a new Node.js process started with V8
// flags that only a start can set (commands/build.ts asks for it before a
// build that parses its newsroom anew). The parent only waits: the child
// has its terminal, its exit code is the parent's, a signal sent to the
// parent is sent on, and a child whose parent is killed outright ends itself
// at once, as it would have died with it.
import {spawn, type ChildProcess} from 'node:child_process'
import {url as inspectorUrl} from 'node:inspector'
import {constants} from 'node:os'

/** Set in the child's environment to the parent's pid: a relaunched process never relaunches, and follows its parent. */
const relaunchedVariable = 'COMMUNIQUE_RELAUNCHED'
/** Signals passed on to the child (Windows has no SIGHUP to send), and those by which the child's end is this process's. */
const forwarded: readonly NodeJS.Signals[] = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP']
const raised = new Set<NodeJS.Signals>(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGKILL'])

/**
 * The pid of the process that relaunched this one, if it did: the variable is
 * read once and taken out of the environment, so that no program press runs
 * inherits it, and counts only with the channel `relaunch` opens (a process
 * has `connected` only with one, false once the parent is gone).
 */
const parent = process.env[relaunchedVariable] !== undefined && typeof process.connected === 'boolean' ? Number(process.env[relaunchedVariable]) : undefined
delete process.env[relaunchedVariable]

/** Whether this process is a relaunched one. */
export function relaunched(): boolean {
  return parent !== undefined
}

/**
 * In a relaunched process: ends at once when the parent is gone (its channel
 * closes when it dies, even by SIGKILL, and this process passes to another
 * parent), so that killing the command a person started stops the build, as
 * it did in one process. A parent gone before this process came to run its
 * code is found so too.
 */
export function followParent(): void {
  if (parent === undefined) return
  if (!process.connected || process.ppid !== parent) process.kill(process.pid, 'SIGKILL')
  // Unreferenced, the channel keeps this process alive no more than it did before; a listener added after does not hold it.
  process.channel?.unref()
  process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'))
}

/** The arguments of Node.js that run this process's command line again, started with `flags`. */
export function relaunchedArguments(flags: readonly string[]): string[] {
  return [...flags, ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)]
}

/** The environment of a relaunched process, spawned with an IPC channel: this one's, with the mark that makes it follow this process. */
export function relaunchedEnvironment(): NodeJS.ProcessEnv {
  return {...process.env, [relaunchedVariable]: String(process.pid)}
}

/**
 * Runs this process's command line again in a new process of Node.js started
 * with `flags`, and resolves to its exit code; undefined when it could not be
 * started, and the command is then run here. A child ended by SIGINT, SIGTERM,
 * SIGHUP or SIGKILL ends this process by the same signal; by another (V8
 * aborting, out of memory), this process exits with the shell's code for it.
 */
export function relaunch(flags: readonly string[]): Promise<number | undefined> {
  // Started so already (node --single-threaded-gc press.js …), or under an inspector whose port the child could not take: run here.
  if (flags.every((flag) => process.execArgv.includes(flag)) || inspectorUrl() !== undefined) return Promise.resolve(undefined)
  return new Promise((done) => {
    let child: ChildProcess
    try {
      child = spawn(process.execPath, relaunchedArguments(flags), {stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: relaunchedEnvironment()})
    } catch {
      done(undefined)
      return
    }
    // The channel only tells the child this process is gone: it keeps nothing here alive.
    child.channel?.unref()
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal)
    }
    const stopForwarding = () => {
      for (const signal of forwarded) process.off(signal, forward)
    }
    for (const signal of forwarded) process.on(signal, forward)
    let started = false
    child.once('spawn', () => {
      started = true
    })
    child.on('error', () => {
      if (started) return
      stopForwarding()
      done(undefined)
    })
    child.once('exit', (code, signal) => {
      stopForwarding()
      if (signal && raised.has(signal)) process.kill(process.pid, signal)
      done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0))
    })
  })
}
