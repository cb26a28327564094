// `press bulletin`: declares the command and lists the bulletin it wrote into the output.
import {join, resolve} from 'node:path'
import {Option} from 'commander'
import {aheadOption, aheadRefusal, count, listed, nowOption, parseDate, printReport, refusedBySystem, rootOption, shown, widthOption, type CommandLine} from './command-line.js'
import {exitCodes, type Io} from './io.js'

type BulletinCommandOptions = {lang: string; category?: string; since?: string; until?: string; root: string; out?: string; now?: Date; width: number; ahead?: boolean}

export function register({program, io, done}: CommandLine): void {
  program
    .command('bulletin')
    .description('write one email gathering the published releases of a language in a date range')
    .requiredOption('--lang <lang>', 'language of the bulletin, such as en')
    .option('--category <id>', 'only the releases of this category, such as culture')
    .addOption(new Option('--since <date>', 'first release date included, YYYY-MM-DD (default: six days before --until)').argParser(parseDate))
    .addOption(new Option('--until <date>', 'last release date included, YYYY-MM-DD (default: the day of --now)').argParser(parseDate))
    .option(...rootOption)
    .option('--out <dir>', 'output folder the bulletin is written into (default: output/ in the newsroom)')
    .addOption(nowOption('the time now, ISO 8601 with offset: releases embargoed until later are left out'))
    .option(...aheadOption)
    .addOption(widthOption())
    .addHelpText('after', '\nExample:\n  press bulletin --lang fr --since 2026-03-09 --until 2026-03-15\n')
    .action(async (options: BulletinCommandOptions) => done(await runBulletin(options, io)))
}

async function runBulletin(options: BulletinCommandOptions, io: Io): Promise<number> {
  const refused = aheadRefusal('press bulletin', options.now, options.ahead)
  if (refused) {
    io.stderr(`press bulletin: ${refused}.\n`)
    return exitCodes.usage
  }
  const {writeBulletin} = await import('../engine/write-bulletin.js')
  const root = resolve(io.cwd, options.root)
  const out = options.out === undefined ? join(root, 'output') : resolve(io.cwd, options.out)
  const result = await refusedBySystem(writeBulletin({...options, root, out, now: options.now ?? new Date(), cwd: io.cwd, notice: (text) => io.stderr(`press bulletin: ${text}\n`)}), 'press bulletin', shown(io.cwd, out))
  printReport(result.files, io)
  if (result.problem) {
    io.stderr(`press bulletin: ${result.problem}\n`)
    return result.usage ? exitCodes.usage : exitCodes.failed
  }
  if (!result.ok) {
    io.stderr('press bulletin: no bulletin written. Fix the errors above and try again.\n')
    return exitCodes.failed
  }
  if (result.count === 0) {
    io.stdout(`No published ${options.lang} releases dated ${result.since} to ${result.until}: no bulletin written.\n`)
    return exitCodes.ok
  }
  io.stdout(`Wrote a bulletin of ${count(result.count, 'release')} dated ${result.since} to ${result.until}:\n${listed(result.written.map((path) => shown(io.cwd, join(out, path))))}`)
  return exitCodes.ok
}
