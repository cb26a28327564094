// `press embargoed`: declares the command and lists the advance copies it
// wrote, or with --preview-url the addresses they are published at.
import {resolve} from 'node:path'
import {languagesOf, listed, nowOption, printReport, rootOption, type CommandLine} from './command-line.js'
import {exitCodes} from './io.js'

export function register({program, io, done}: CommandLine): void {
  program
    .command('embargoed')
    .description('write advance copies of an embargoed release for journalists (email and page per language, marked with the embargo) into embargoed/, never into the site')
    .argument('<id>', 'the release, such as 2026-03-14-minister-visit')
    .option('--lang <languages>', 'only these languages, such as en,fr (default: every embargoed translation)')
    .option('--out <dir>', 'folder of the advance copies (default: embargoed/ in the newsroom)')
    .option(...rootOption)
    .addOption(nowOption('the time now, ISO 8601 with offset (default: the current time)'))
    .option('--preview-url', 'print the unguessable address of each language’s page in the protected place of the settings (advance), and write nothing')
    .addHelpText('after', '\nExample:\n  press embargoed 2026-03-14-minister-visit --lang en,fr\n')
    .action(async (id: string, options: {lang?: string; out?: string; root: string; now?: Date; previewUrl?: boolean}) => {
      const {advanceCopies, previewAddresses} = await import('../preview/advance-copies.js')
      const languages = languagesOf(options.lang)
      const root = resolve(io.cwd, options.root)
      const now = options.now ?? new Date()
      if (options.previewUrl) {
        const found = await previewAddresses({root, cwd: io.cwd, id, now, ...(languages ? {languages} : {}), environment: process.env})
        if ('problem' in found) {
          io.stderr(`press embargoed: ${found.problem}\n`)
          return done(exitCodes.failed)
        }
        io.stdout(found.addresses.map((address) => `${address}\n`).join(''))
        return done(exitCodes.ok)
      }
      const result = await advanceCopies({root, cwd: io.cwd, id, now, ...(options.out ? {out: resolve(io.cwd, options.out)} : {}), ...(languages ? {languages} : {})})
      printReport(result.files, io)
      if ('problem' in result) {
        io.stderr(`press embargoed: ${result.problem}\n`)
        return done(result.usage ? exitCodes.usage : exitCodes.failed)
      }
      io.stdout(`Wrote advance copies, each marked with the embargo; send the .eml files with press send, and keep the folder out of the site:\n${listed(result.written)}`)
      done(exitCodes.ok)
    })
}
