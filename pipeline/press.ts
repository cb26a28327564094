#!/usr/bin/env node
// Entry point of the `press` command.
import {run, exitCodes} from './commands/cli.js'
import {growHeaps} from './lib/heap.js'
import {followParent, relaunch, relaunched} from './commands/relaunch.js'

growHeaps()
followParent()

// A reader that stops reading (press --help | head -1) is no fault: press stops too.
process.stdout.on('error', (problem: NodeJS.ErrnoException) => {
  if (problem.code === 'EPIPE') process.exit(0)
  throw problem
})

try {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    color: process.stderr.isTTY,
    terminal: process.stderr.isTTY,
    ...(relaunched() ? {} : {relaunch})
  })
} catch (problem) {
  const system = problem as NodeJS.ErrnoException
  if (system.code === 'ERR_MODULE_NOT_FOUND') {
    // A part of press, or a package it needs, is not where it was installed: the installation, not press, is at fault.
    process.stderr.write(`press: this installation of press is incomplete: ${system.message.split('\n')[0]}\nInstall press again (npm ci in its folder, or npm install again where it was installed), then run the command again.\n`)
    process.exitCode = exitCodes.failed
  } else if (system.code && system.syscall) {
    // The disk or the system refused: a folder without permission, a full disk.
    process.stderr.write(`press: ${system.message}\nCheck that the folder exists, that you may write to it, and that the disk has room.\n`)
    process.exitCode = exitCodes.failed
  } else {
    // Bad input is reported as diagnostics; reaching here is a bug in press itself.
    process.stderr.write(`press: internal error: ${problem instanceof Error ? problem.message : String(problem)}\n`)
    if (process.env.PRESS_DEBUG) process.stderr.write(`${problem instanceof Error ? problem.stack : ''}\n`)
    process.stderr.write('This is a fault in press, not in your releases. Please report it with the command you ran (set PRESS_DEBUG=1 for details).\n')
    process.exitCode = exitCodes.internal
  }
}
