// `press format`: declares the command and lists the release files it set, or would set.
import {resolve} from 'node:path'
import {count, listed, printReport, rootOption, type CommandLine} from './command-line.js'
import {exitCodes} from './io.js'

export function register({program, io, done}: CommandLine): void {
  program
    .command('format')
    .description('set the typography of each language in the release files themselves')
    .argument('[paths...]', 'release files or folders (default: every release)')
    .option(...rootOption)
    .option('--check', 'change nothing; list the files that would change and exit 1 if any would')
    .addHelpText('after', '\nExample:\n  press format releases/2026-03-14-minister-visit\n')
    .action(async (paths: string[], options: {root: string; check?: boolean}) => {
      const {format} = await import('../engine/format-releases.js')
      const result = await format({root: resolve(io.cwd, options.root), cwd: io.cwd, paths, check: options.check === true})
      printReport(result.files, io)
      if (options.check) {
        if (result.changed.length > 0) {
          io.stdout(`${count(result.changed.length, 'file')} of ${result.total} would change; run press format to fix:\n${listed(result.changed)}`)
          return done(exitCodes.failed)
        }
        io.stdout(`All ${count(result.total, 'release file')} are formatted.\n`)
      } else {
        io.stdout(result.changed.length > 0 ? `Formatted ${count(result.changed.length, 'file')} of ${result.total}:\n${listed(result.changed)}` : (result.total === 1 ? 'The release file was already formatted.\n' : `All ${count(result.total, 'release file')} were already formatted.\n`))
      }
      done(result.ok ? exitCodes.ok : exitCodes.failed)
    })
}
