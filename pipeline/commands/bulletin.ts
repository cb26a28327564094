// `press bulletin`: declares the command and lists the bulletins it wrote into the output, one per language.
import {join, resolve} from 'node:path'
import {Option} from 'commander'
import {aheadRefusal, count, languagesOf, listed, nowOption, parseDate, printReport, refusedBySystem, rootOption, shown, widthOption, type CommandLine} from './command-line.js'
import {exitCodes, type Io} from './io.js'

type BulletinCommandOptions = {lang?: string; category?: string; since?: string; until?: string; period?: 'daily' | 'weekly'; root: string; out?: string; now?: Date; width: number}

export function register({program, io, done}: CommandLine): void {
  program
    .command('bulletin')
    .description('write, for each language, one email gathering its published releases in a date range')
    .option('--lang <languages>', 'only these languages, such as en or en,fr (default: every language of the newsroom)')
    .option('--category <id>', 'only the releases of this category, such as culture')
    .addOption(new Option('--since <date>', 'first release date included, YYYY-MM-DD (default: six days before --until)').argParser(parseDate))
    .addOption(new Option('--until <date>', 'last release date included, YYYY-MM-DD (default: the day of --now)').argParser(parseDate))
    .addOption(new Option('--period <period>', 'a digest of the last complete day (daily) or Monday-to-Sunday week (weekly) in the newsroom’s time zone, which press send --new sends once to each language’s list').choices(['daily', 'weekly']))
    .option(...rootOption)
    .option('--out <dir>', 'output folder the bulletin is written into (default: output/ in the newsroom)')
    .addOption(nowOption('the time now, ISO 8601 with offset: releases embargoed until later are left out'))
    .addOption(widthOption())
    .addHelpText('after', '\nExamples:\n  press bulletin --lang fr --since 2026-03-09 --until 2026-03-15\n  press bulletin --period weekly && press publish\n')
    .action(async (options: BulletinCommandOptions) => done(await runBulletin(options, io)))
}

async function runBulletin(options: BulletinCommandOptions, io: Io): Promise<number> {
  // A bulletin goes into the published site: never one for a later time.
  const refused = aheadRefusal('press bulletin', options.now, false)
  if (refused) {
    io.stderr(`press bulletin: ${refused}.\n`)
    return exitCodes.usage
  }
  const {writeBulletin} = await import('../engine/write-bulletin.js')
  const root = resolve(io.cwd, options.root)
  const out = options.out === undefined ? join(root, 'output') : resolve(io.cwd, options.out)
  const languages = languagesOf(options.lang)
  const result = await refusedBySystem(writeBulletin({...options, ...(languages ? {languages} : {}), root, out, now: options.now ?? new Date(), cwd: io.cwd, notice: (text) => io.stderr(`press bulletin: ${text}\n`)}), 'press bulletin', shown(io.cwd, out))
  printReport(result.files, io)
  if (result.problem) {
    io.stderr(`press bulletin: ${result.problem}\n`)
    return result.usage ? exitCodes.usage : exitCodes.failed
  }
  if (!result.ok) {
    io.stderr('press bulletin: no bulletin written. Fix the errors above and try again.\n')
    return exitCodes.failed
  }
  const none = result.made.filter(({count: releases}) => releases === 0).map(({lang}) => lang)
  const range = result.since === result.until ? `dated ${result.since}` : `dated ${result.since} to ${result.until}`
  if (none.length === 1) io.stdout(`No published ${none[0]} releases ${range}: no bulletin written.\n`)
  if (none.length > 1) io.stdout(`No published releases ${range} in ${none.join(', ')}: no bulletin written in those.\n`)
  const made = result.made.filter(({count: releases}) => releases > 0)
  const files = listed(result.written.map((path) => shown(io.cwd, join(out, path))))
  const kind = options.period ? `${options.period} digest` : 'bulletin'
  if (made.length === 1) io.stdout(`Wrote a ${kind} of ${count(made[0]!.count, 'release')} ${range}:\n${files}`)
  if (made.length > 1) io.stdout(`Wrote ${made.length} ${kind}s of releases ${range} (${made.map(({lang, count: releases}) => `${lang}: ${releases}`).join(', ')}):\n${files}`)
  if (options.period && made.length > 0) io.stdout(`press send --new sends ${made.length === 1 ? 'it' : 'each'} once to the list of its language, after the site is published.\n`)
  return exitCodes.ok
}
