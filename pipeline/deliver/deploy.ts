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

export function deploy(options: DeployOptions): Promise<DeployOutcome> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', options.command], {
      cwd: options.root,
      env: {...(options.environment ?? process.env), PRESS_OUTPUT: options.output},
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child.stdout.setEncoding('utf8').on('data', options.stdout)
    child.stderr.setEncoding('utf8').on('data', options.stderr)
    child.on('error', (problem) => resolve({ok: false, problem: `the deploy step could not be started (${problem.message})`}))
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ok: true})
      else resolve({ok: false, problem: signal ? `the deploy step was stopped by ${signal}` : `the deploy step failed (exit status ${code})`})
    })
  })
}
