// `press translated`: declares the command and lists the translations it marked up to date.
import {resolve} from 'node:path'
import {listed, rootOption, type CommandLine} from './command-line.js'
import {exitCodes} from './io.js'

export function register({program, io, done}: CommandLine): void {
  program
    .command('translated')
    .description('record that translations are up to date with the default language’s text as it now is')
    .argument('<id>', 'the release, such as 2026-03-14-minister-visit')
    .argument('<lang...>', 'the languages translated, such as fr zh')
    .option(...rootOption)
    .addHelpText('after', '\nExample:\n  press translated 2026-03-14-minister-visit fr zh\n')
    .action(async (id: string, languages: string[], options: {root: string}) => {
      const {markTranslated} = await import('../engine/mark-translated.js')
      const result = await markTranslated({root: resolve(io.cwd, options.root), cwd: io.cwd, id, languages})
      if ('problem' in result) {
        io.stderr(`press translated: ${result.problem}\n`)
        return done(result.usage ? exitCodes.usage : exitCodes.failed)
      }
      io.stdout(`Marked up to date with the current text:\n${listed(result.updated)}`)
      done(exitCodes.ok)
    })
}
