// The `press` command: wires the commands together. Each commands/<name>.ts
// declares its own command, parses its arguments and presents its result,
// loading the engine only when it runs, so `press --help` loads no build code.
// This layer checks --root, turns refusals of folders and of the system into
// plain messages, and sets the exit code.
import {readFileSync, statSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {Command, CommanderError} from 'commander'
import {RefusedFolder} from '../engine/folder-gate.js'
import {OutputBusyError} from '../engine/lock.js'
import {packageRoot} from '../source/package-root.js'
import {SystemRefusal, type CommandLine} from './command-line.js'
import {exitCodes, type Io} from './io.js'

export {exitCodes, type Io} from './io.js'

/** Each command's module by its name, in the order `press --help` lists them: a command line naming one loads that one and what it uses (publish uses build and send), not every other command's code (8 to 15 ms of a command's start). */
const commandModules: Readonly<Record<string, () => Promise<{register: (line: CommandLine) => void}>>> = {
  build: () => import('./build.js'),
  init: () => import('./init.js'),
  new: () => import('./new.js'),
  translated: () => import('./translated.js'),
  format: () => import('./format.js'),
  check: () => import('./check.js'),
  embargoed: () => import('./embargoed.js'),
  schedule: () => import('./schedule.js'),
  serve: () => import('./serve.js'),
  bulletin: () => import('./bulletin.js'),
  send: () => import('./send.js'),
  publish: () => import('./publish.js')
}

/** Runs `press` with `argv` (without the node and script names); resolves to the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code: number = exitCodes.ok
  const program = new Command('press')
    .description('Publish multilingual press releases from Markdown')
    .exitOverride()
    .configureOutput({writeOut: io.stdout, writeErr: io.stderr})
    .showHelpAfterError('(run press --help for the commands)')
    .version(version(), '-V, --version', 'print the version of press')
    .hook('preAction', (_, command) => {
      // A newsroom folder that is not there is a mistake in the command, said plainly.
      const root = (command.opts() as {root?: string}).root
      if (root !== undefined && !isFolder(resolve(io.cwd, root))) {
        io.stderr(`press ${command.name()}: the newsroom folder ${root} does not exist: give the folder that holds releases/ with --root\n`)
        throw new CommanderError(exitCodes.usage, 'press.noRoot', 'no newsroom folder')
      }
    })
  const line: CommandLine = {program, io, done: (exit) => (code = exit)}
  // Help, a version, a mistyped command (told the nearest) or none: every command is declared, in the order help lists them.
  const named = Object.hasOwn(commandModules, argv[0] ?? '') ? commandModules[argv[0]!] : undefined
  if (named) (await named()).register(line)
  else for (const module of await Promise.all(Object.values(commandModules).map((load) => load()))) module.register(line)

  try {
    await program.parseAsync(argv, {from: 'user'})
  } catch (problem) {
    if (problem instanceof CommanderError) return problem.exitCode === 0 ? exitCodes.ok : exitCodes.usage
    // Problems with the folders or the server the user named, not with releases.
    if (problem instanceof RefusedFolder || problem instanceof OutputBusyError) {
      io.stderr(`press ${argv[0]}: ${problem.message}\n`)
      return exitCodes.failed
    }
    if (problem instanceof SystemRefusal) {
      io.stderr(`${problem.message}\n`)
      return exitCodes.failed
    }
    throw problem
  }
  return code
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {version: string}).version
}
