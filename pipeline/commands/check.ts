// `press check`: declares the command and presents what the check found:
// the messages, the translation matrix and the schedule, for people or as JSON.
import {resolve} from 'node:path'
import {Option} from 'commander'
import type {CheckResult} from '../engine/check.js'
import {placedMessages} from '../source/diagnostics.js'
import {count, nowOption, printReport, rootOption, type CommandLine} from './command-line.js'
import {exitCodes} from './io.js'

export function register({program, io, done}: CommandLine): void {
  program
    .command('check')
    .description('check every release as a build would, writing nothing, and list each typographic change normalization makes')
    .option(...rootOption)
    .addOption(nowOption('the time to check for, ISO 8601 with offset: decides which releases are public, as in build'))
    .addOption(new Option('--format <format>', 'text for people, json for programs').choices(['text', 'json']).default('text'))
    .addOption(new Option('--mark-reviewed', 'record every warning found now as reviewed (reviewed-warnings.json), so that press check no longer shows it until what it says changes').conflicts('all'))
    .option('--all', 'show the warnings marked reviewed too')
    .addHelpText('after', '\nExamples:\n  press check --now 2026-03-14T09:00:00-05:00 --format json\n  press check --mark-reviewed\n')
    .action(async (options: {root: string; now?: Date; format: 'text' | 'json'; markReviewed?: boolean; all?: boolean}) => {
      if (options.markReviewed && options.format === 'json') {
        io.stderr('press check: --mark-reviewed goes with the text report, which shows what is marked; leave out --format json\n')
        return done(exitCodes.usage)
      }
      const {check} = await import('../engine/check.js')
      const root = resolve(io.cwd, options.root)
      const result = await check({root, cwd: io.cwd, ...(options.now ? {now: options.now} : {})})
      if (options.format === 'json') {
        io.stdout(`${JSON.stringify(checkDocument(result), null, 1)}\n`)
        return done(result.ok ? exitCodes.ok : exitCodes.failed)
      }
      const {hideReviewed, markReviewed, reviewedFile} = await import('../engine/reviewed-warnings.js')
      let unmarked = false
      if (options.markReviewed) {
        const marked = await markReviewed(result.files, root, io.cwd).catch((problem: NodeJS.ErrnoException) => {
          io.stderr(`press check: ${reviewedFile} could not be written (${problem.code ?? problem.message}): check that you may write in the newsroom folder; nothing was marked\n`)
          unmarked = true
          return undefined
        })
        if (marked !== undefined) io.stdout(`Marked ${count(marked, 'warning')} as reviewed in ${reviewedFile}: press check shows ${marked === 1 ? 'it' : 'them'} again only if what ${marked === 1 ? 'it says' : 'they say'} changes (press check --all shows every warning).\n`)
      }
      const found = options.all ? 0 : hideReviewed(result.files, root, io.cwd)
      const hidden = typeof found === 'number' ? found : 0
      printReport(result.files, io)
      if (typeof found !== 'number') io.stderr(`press check: ${reviewedFile} could not be read (${found.problem}), so every warning is shown; run press check --mark-reviewed to write it again\n`)
      if (hidden > 0) io.stderr(`${count(hidden, 'warning')} marked reviewed ${hidden === 1 ? 'is' : 'are'} not shown (${reviewedFile}); press check --all shows ${hidden === 1 ? 'it' : 'them'}.\n`)
      if (result.matrix.length > 0) io.stdout(matrixText(result))
      io.stdout(result.ok ? `Checked ${count(result.translations, 'translation')}: ready to build.\n` : 'press check: fix the errors above before building.\n')
      done(result.ok && !unmarked ? exitCodes.ok : exitCodes.failed)
    })
}

/** The translation matrix as a table: a row per release, a column per language, and how many of each are published. */
function matrixText(result: CheckResult): string {
  const head = ['release', ...result.languages]
  const rows = result.matrix.map((row) => [row.id, ...result.languages.map((lang) => row.languages[lang]!.status)])
  const totals = ['published', ...result.languages.map((lang) => `${result.matrix.filter((row) => row.languages[lang]!.status === 'published').length} of ${result.matrix.length}`)]
  const widths = head.map((_, column) => Math.max(...[head, ...rows, totals].map((cells) => cells[column]!.length)))
  const line = (cells: string[]) => `${cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`
  const schedule = result.schedule.map(({until, id, languages}) => `  ${until}  ${id} (${languages.join(', ')})\n`).join('')
  return `\nTranslations:\n${line(head)}${rows.map(line).join('')}${line(totals)}${schedule === '' ? '' : `Schedule: what publishes when its embargo ends\n${schedule}`}\n`
}

/** Everything press check found, for programs. */
function checkDocument(result: CheckResult) {
  return {
    ok: result.ok,
    messages: placedMessages(result.files),
    languages: result.languages,
    translations: result.matrix,
    schedule: result.schedule.map(({id, until, languages}) => ({id, until, languages}))
  }
}
