// The newsroom's own deploy step (`deploy` in newsroom.yaml): a command the
// press office writes, such as rsync to the web server, run by the shell in
// the newsroom folder with the built site's folder in PRESS_OUTPUT. press
// never prints the command, which may name an account or a key; it passes on
// what the command prints and says how it ended.
import {spawn} from 'node:child_process'

export type DeployOutcome = {readonly ok: true} | {readonly ok: false; readonly problem: string}

export interface DeployOptions {
  readonly command: string
  /** The newsroom folder, where the command runs. */
  readonly root: string
  /** The built site's own folder (not a link to it, which the next build may switch), given as PRESS_OUTPUT. */
  readonly output: string
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly environment?: NodeJS.ProcessEnv
}

/** How long what the step left running may go on printing once the step has ended, in milliseconds. */
const afterExit = 1000

export function deploy(options: DeployOptions): Promise<DeployOutcome> {
  // The mail server's address (and its password) is none of the deploy step's business.
  const {PRESS_SMTP_URL: _smtp, ...environment} = options.environment ?? process.env
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', options.command], {cwd: options.root, env: {...environment, PRESS_OUTPUT: options.output}, stdio: ['ignore', 'pipe', 'pipe']})
    child.stdout.setEncoding('utf8').on('data', options.stdout)
    child.stderr.setEncoding('utf8').on('data', options.stderr)
    child.on('error', (problem) => resolve({ok: false, problem: `the deploy step could not be started (${problem.message})`}))
    // When the step ends, not when every process it started has let go of its output (ssh -f, a command left running with &).
    child.on('exit', (code, signal) => {
      setTimeout(() => {
        child.stdout.destroy()
        child.stderr.destroy()
      }, afterExit).unref()
      if (code === 0) resolve({ok: true})
      else resolve({ok: false, problem: signal ? `the deploy step was stopped by ${signal}` : `the deploy step failed (exit status ${code})`})
    })
  })
}
