// `press serve`: declares the command and runs the preview until Ctrl-C: the
// first stops watching and lets a build under way finish, a second stops at once.
import {resolve} from 'node:path'
import {Option} from 'commander'
import {defaultPort, PortInUse} from '../preview/preview-server.js'
import {parsePort, rootOption, type CommandLine} from './command-line.js'
import {exitCodes, type Io} from './io.js'

export function register({program, io, done}: CommandLine): void {
  program
    .command('serve')
    .description('preview every output in every language as you edit, drafts and embargoed releases included and marked; never writes to output/')
    .option(...rootOption)
    .addOption(new Option('--port <number>', 'the port on 127.0.0.1 to listen on').default(defaultPort).argParser(parsePort))
    .option('--open', 'open the dashboard in your browser')
    .addHelpText('after', `\nExample:\n  press serve --port ${defaultPort} --open\n`)
    .action(async (options: {root: string; port: number; open?: boolean}) => done(await runServe(options, io)))
}

async function runServe(options: {root: string; port: number; open?: boolean}, io: Io): Promise<number> {
  let stop = () => {}
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  const onSignal = () => {
    stop()
    io.stderr('Stopping (Ctrl-C again to stop at once)…\n')
    process.once('SIGINT', () => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    // Loaded here: the watcher and the preview's pages serve this command only.
    const {serve} = await import('../preview/serve.js')
    await serve({root: resolve(io.cwd, options.root), cwd: io.cwd, port: options.port, open: options.open === true, log: io.stdout, stopped})
    return exitCodes.ok
  } catch (problem) {
    if (!(problem instanceof PortInUse)) throw problem
    io.stderr(`press serve: ${problem.message}\n`)
    return exitCodes.failed
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
