// `press new`: declares the command and lists the release files it started.
import {resolve} from 'node:path'
import {Option} from 'commander'
import {count, languagesOf, listed, parseDate, printReport, rootOption, type CommandLine} from './command-line.js'
import {exitCodes} from './io.js'

export function register({program, io, done}: CommandLine): void {
  program
    .command('new')
    .description('start a release in every language: releases/<date>-<slug>/<lang>.md, as drafts to fill in')
    .argument('<slug>', 'a few lower-case words joined by hyphens, such as minister-visit')
    .addOption(new Option('--date <date>', 'the release date, YYYY-MM-DD (default: today in the newsroom’s time zone)').argParser(parseDate))
    .option('--lang <languages>', 'the languages to start, such as en,fr (default: every language of the newsroom)')
    .option(...rootOption)
    .addHelpText('after', '\nExample:\n  press new minister-visit --date 2026-03-14 --lang en,fr\n')
    .action(async (slug: string, options: {date?: string; lang?: string; root: string}) => {
      const {newRelease} = await import('../engine/new-release.js')
      const languages = languagesOf(options.lang)
      const result = await newRelease({root: resolve(io.cwd, options.root), cwd: io.cwd, slug, now: new Date(), ...(options.date ? {date: options.date} : {}), ...(languages ? {languages} : {})})
      printReport(result.files, io)
      if ('problem' in result) {
        io.stderr(`press new: ${result.problem}\n`)
        return done(result.usage ? exitCodes.usage : exitCodes.failed)
      }
      io.stdout(`Started ${count(result.created.length, 'file')} as ${result.created.length === 1 ? 'a draft' : 'drafts'}; write the release, then set status: published:\n${listed(result.created)}`)
      done(exitCodes.ok)
    })
}
