// The `press` command: a thin layer over the pipeline's functions that parses
// arguments, prints diagnostics like a compiler and sets the exit code.
import {readFileSync, statSync} from 'node:fs'
import {join, relative, resolve} from 'node:path'
import {Command, CommanderError, InvalidArgumentError, Option} from 'commander'
import type {VFile} from 'vfile'
import {reporter} from 'vfile-reporter'
import {build} from '../engine/build.js'
import {writeBulletin} from './bulletin.js'
import {check, type CheckResult} from '../engine/check.js'
import {defaultWidth} from '../publish/emit-text.js'
import {noProgress, progressBar} from './progress.js'
import {format} from './format.js'
import {newRelease} from './new.js'
import {initNewsroom} from './init.js'
import {markTranslated} from './translated.js'
import {defaultPort, PortInUse} from '../preview/preview-server.js'
import {RefusedFolder} from '../engine/folder-gate.js'
import {OutputBusyError} from '../engine/lock.js'
import {readDate, readInstant} from '../source/calendar.js'
import {packageRoot} from '../source/package-root.js'
import {placedMessages} from '../source/diagnostics.js'
import type {SendCommandOptions} from './send.js'
import {exitCodes, type Io} from './io.js'

export {exitCodes, type Io} from './io.js'

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

  program
    .command('build')
    .description('build the web site of the newsroom into the output folder')
    .option('--root <dir>', 'newsroom folder holding releases/', '.')
    .option('--out <dir>', 'output folder, replaced whole by a successful build (default: output/ in the newsroom)')
    .addOption(new Option('--now <date-time>', 'build time, ISO 8601 with offset: embargoes later than this hold releases back').argParser(parseNow))
    .addOption(widthOption())
    .option('--cache <dir>', 'folder of the cache of rendered releases (default: .communique-cache/ in the newsroom)')
    .option('--no-cache', 'render every release again, reading and writing no cache')
    .addOption(new Option('-q, --quiet', 'print only errors: no warnings, no progress, no summary').conflicts('verbose'))
    .option('-v, --verbose', 'print notes too: each typographic change made, and each translation held back')
    .addHelpText('after', '\nExample:\n  press build --root ../my-newsroom --now 2026-03-14T09:00:00-05:00\n')
    .action(async (options: BuildCommandOptions) => {
      code = await runBuild(options, io)
    })

  program
    .command('init')
    .description('make a newsroom of your own: releases/, newsroom.yaml and each language’s strings, with the embassy’s identity to fill in')
    .argument('[dir]', 'the newsroom folder, made when missing', '.')
    .option('--lang <languages>', 'its languages, such as en,fr (default: en,fr,zh,ar)')
    .addHelpText('after', '\nExample:\n  press init my-newsroom --lang en,fr\n')
    .action(async (dir: string, options: {lang?: string}) => {
      code = await runInit(dir, options, io)
    })

  program
    .command('new')
    .description('start a release in every language: releases/<date>-<slug>/<lang>.md, as drafts to fill in')
    .argument('<slug>', 'a few lower-case words joined by hyphens, such as minister-visit')
    .addOption(new Option('--date <date>', 'the release date, YYYY-MM-DD (default: today in the newsroom’s time zone)').argParser(parseDate))
    .option('--lang <languages>', 'the languages to start, such as en,fr (default: every language of the newsroom)')
    .option('--root <dir>', 'newsroom folder holding releases/', '.')
    .addHelpText('after', '\nExample:\n  press new minister-visit --date 2026-03-14 --lang en,fr\n')
    .action(async (slug: string, options: {date?: string; lang?: string; root: string}) => {
      code = await runNew(slug, options, io)
    })

  program
    .command('translated')
    .description('record that translations are up to date with the default language’s text as it now is')
    .argument('<id>', 'the release, such as 2026-03-14-minister-visit')
    .argument('<lang...>', 'the languages translated, such as fr zh')
    .option('--root <dir>', 'newsroom folder holding releases/', '.')
    .addHelpText('after', '\nExample:\n  press translated 2026-03-14-minister-visit fr zh\n')
    .action(async (id: string, languages: string[], options: {root: string}) => {
      const result = await markTranslated({root: resolve(io.cwd, options.root), cwd: io.cwd, id, languages})
      if ('problem' in result) {
        io.stderr(`press translated: ${result.problem}\n`)
        code = result.usage ? exitCodes.usage : exitCodes.failed
        return
      }
      io.stdout(`Marked up to date with the current text:\n${result.updated.map((path) => `  ${path}\n`).join('')}`)
    })

  program
    .command('format')
    .description('set the typography of each language in the release files themselves')
    .argument('[paths...]', 'release files or folders (default: every release)')
    .option('--root <dir>', 'newsroom folder holding releases/', '.')
    .option('--check', 'change nothing; list the files that would change and exit 1 if any would')
    .addHelpText('after', '\nExample:\n  press format releases/2026-03-14-minister-visit\n')
    .action(async (paths: string[], options: {root: string; check?: boolean}) => {
      code = await runFormat(paths, options, io)
    })

  program
    .command('check')
    .description('check every release as a build would, writing nothing, and list each typographic change normalization makes')
    .option('--root <dir>', 'newsroom folder holding releases/', '.')
    .addOption(new Option('--now <date-time>', 'the time to check for, ISO 8601 with offset: decides which releases are public, as in build').argParser(parseNow))
    .addOption(new Option('--format <format>', 'text for people, json for programs').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExample:\n  press check --now 2026-03-14T09:00:00-05:00 --format json\n')
    .action(async (options: {root: string; now?: Date; format: 'text' | 'json'}) => {
      code = await runCheck(options, io)
    })

  program
    .command('embargoed')
    .description('write advance copies of an embargoed release for journalists (email and page per language, marked with the embargo) into embargoed/, never into the site')
    .argument('<id>', 'the release, such as 2026-03-14-minister-visit')
    .option('--lang <languages>', 'only these languages, such as en,fr (default: every embargoed translation)')
    .option('--out <dir>', 'folder of the advance copies (default: embargoed/ in the newsroom)')
    .option('--root <dir>', 'newsroom folder holding releases/', '.')
    .addOption(new Option('--now <date-time>', 'the time now, ISO 8601 with offset (default: the current time)').argParser(parseNow))
    .option('--preview-url', 'print the unguessable address of each language’s page in the protected place of the settings (advance), and write nothing')
    .addHelpText('after', '\nExample:\n  press embargoed 2026-03-14-minister-visit --lang en,fr\n')
    .action(async (id: string, options: {lang?: string; out?: string; root: string; now?: Date; previewUrl?: boolean}) => {
      const {advanceCopies, previewAddresses} = await import('./embargoed.js')
      const languages = options.lang?.split(',').map((lang) => lang.trim()).filter((lang) => lang !== '')
      if (options.previewUrl) {
        const root = resolve(io.cwd, options.root)
        const found = await previewAddresses({root, cwd: io.cwd, id, now: options.now ?? new Date(), ...(languages ? {languages} : {}), environment: process.env})
        if ('problem' in found) {
          io.stderr(`press embargoed: ${found.problem}\n`)
          code = exitCodes.failed
          return
        }
        io.stdout(found.addresses.map((address) => `${address}\n`).join(''))
        return
      }
      const result = await advanceCopies({root: resolve(io.cwd, options.root), cwd: io.cwd, id, now: options.now ?? new Date(), ...(options.out ? {out: resolve(io.cwd, options.out)} : {}), ...(languages ? {languages} : {})})
      printReport(result.files, io)
      if ('problem' in result) {
        io.stderr(`press embargoed: ${result.problem}\n`)
        code = result.usage ? exitCodes.usage : exitCodes.failed
        return
      }
      io.stdout(`Wrote advance copies, each marked with the embargo; send the .eml files with press send, and keep the folder out of the site:\n${result.written.map((path) => `  ${path}\n`).join('')}`)
    })

  program
    .command('schedule')
    .description('list the embargoes still to lift, soonest first, with the languages each releases; --next prints only the next instant, for a timer')
    .option('--root <dir>', 'newsroom folder holding releases/', '.')
    .addOption(new Option('--now <date-time>', 'the time now, ISO 8601 with offset (default: the current time)').argParser(parseNow))
    .option('--next', 'print only the next instant an embargo lifts (ISO 8601, UTC), or nothing when there is none')
    .addOption(new Option('--format <format>', 'text for people, json for programs').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExample:\n  press schedule --next\n')
    .action(async (options: {root: string; now?: Date; next?: boolean; format: 'text' | 'json'}) => {
      code = await runSchedule(options, io)
    })

  program
    .command('serve')
    .description('preview every output in every language as you edit, drafts and embargoed releases included and marked; never writes to output/')
    .option('--root <dir>', 'newsroom folder holding releases/', '.')
    .addOption(new Option('--port <number>', 'the port on 127.0.0.1 to listen on').default(defaultPort).argParser(parsePort))
    .option('--open', 'open the dashboard in your browser')
    .addHelpText('after', `\nExample:\n  press serve --port ${defaultPort} --open\n`)
    .action(async (options: {root: string; port: number; open?: boolean}) => {
      code = await runServe(options, io)
    })

  program
    .command('bulletin')
    .description('write one email gathering the published releases of a language in a date range')
    .requiredOption('--lang <lang>', 'language of the bulletin, such as en')
    .option('--category <id>', 'only the releases of this category, such as culture')
    .addOption(new Option('--since <date>', 'first release date included, YYYY-MM-DD (default: six days before --until)').argParser(parseDate))
    .addOption(new Option('--until <date>', 'last release date included, YYYY-MM-DD (default: the day of --now)').argParser(parseDate))
    .option('--root <dir>', 'newsroom folder holding releases/', '.')
    .option('--out <dir>', 'output folder the bulletin is written into (default: output/ in the newsroom)')
    .addOption(new Option('--now <date-time>', 'the time now, ISO 8601 with offset: releases embargoed until later are left out').argParser(parseNow))
    .addOption(widthOption())
    .addHelpText('after', '\nExample:\n  press bulletin --lang fr --since 2026-03-09 --until 2026-03-15\n')
    .action(async (options: {lang: string; category?: string; since?: string; until?: string; root: string; out?: string; now?: Date; width: number}) => {
      code = await runBulletin(options, io)
    })

  program
    .command('send')
    .description('deliver a generated message (.eml) over SMTP, or with --new every published release not sent yet, each once')
    .argument('[file.eml]', 'the message, such as output/en/<id>/release.eml')
    .option('--new', 'send the email of every translation the last build published that was not sent yet, recording each in sent-mail.jsonl')
    .option('--smtp <url>', 'the mail server: smtp://[user:password@]host:port, with ?starttls=required to insist on encryption, or smtps://host:465 (default: the environment variable PRESS_SMTP_URL)')
    .option('--to <address...>', 'recipients instead of the message’s To (not with --new)')
    .option('--root <dir>', 'newsroom folder, whose settings say how mail is signed', '.')
    .option('--out <dir>', 'with --new: the built site (default: output/ in the newsroom)')
    .option('--dry-run', 'with --new: list what would be sent, and send nothing')
    .option('--resend-uncertain', 'with --new: send again, under the same Message-ID, what a crash left uncertain')
    .option('--corrections', 'with --new: send the corrections of releases already sent')
    .option('--retry-refused', 'with --new: try again what the server refused for good in an earlier run')
    .option('--mark-sent', 'with --new: record every message not yet sent as sent, without sending it')
    .option('--first-run', 'with --new: send everything published, though nothing was ever sent from this newsroom')
    .addOption(new Option('--retry <seconds>', 'the waits before each new try after a temporary failure (a 4xx reply, no connection), or 0 to try once (default: 2,10,30,120 with --new, 2,10 for one file)').argParser(parseRetry))
    .addHelpText('after', '\nExamples:\n  press send --new --dry-run\n  press send --new --smtp smtp://mail.example.org:587?starttls=required\n  press send output/en/2026-03-14-minister-visit/release.eml --smtp smtps://mail.example.org\n')
    .action(async (file: string | undefined, options: SendCommandOptions) => {
      // Loaded here: the mail parser and the SMTP client serve this command only, and every other would pay for loading them.
      const {runSend} = await import('./send.js')
      code = await runSend(file, options, io)
    })

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

interface BuildCommandOptions {
  root: string
  out?: string
  now?: Date
  width: number
  cache?: string | false
  quiet?: boolean
  verbose?: boolean
}

async function runBuild(options: BuildCommandOptions, io: Io): Promise<number> {
  const started = performance.now()
  const root = resolve(io.cwd, options.root)
  const out = options.out === undefined ? join(root, 'output') : resolve(io.cwd, options.out)
  const cache = typeof options.cache === 'string' ? resolve(io.cwd, options.cache) : options.cache
  const bar = io.terminal && !options.quiet ? progressBar(io.stderr, 'releases') : noProgress
  const notice = (text: string) => {
    bar.clear()
    io.stderr(`press build: ${text}\n`)
  }
  const now = options.now ?? new Date()
  const built = build({root, out, now, cwd: io.cwd, width: options.width, ...(cache === undefined ? {} : {cache}), notice, progress: bar.update, notes: options.verbose === true})
  const result = await refusedBySystem(built, 'press build', shown(io.cwd, out)).finally(() => bar.clear())
  printReport(result.files, io, options)
  if (!result.ok) {
    io.stderr(`press build: failed; ${shown(io.cwd, out)} was left as it was. Fix the errors above and build again.\n`)
    return exitCodes.failed
  }
  if (options.quiet) return exitCodes.ok
  if (options.verbose) {
    for (const {id, lang, status, until} of result.statuses) {
      if (status === 'draft' || status === 'embargoed') io.stdout(`Held back: ${lang}/${id}, ${status === 'draft' ? 'a draft' : `embargoed until ${until}`}\n`)
    }
  }
  const heldCount = result.held.embargoed + result.held.draft
  const reasons = [`${result.held.embargoed} embargoed`, `${result.held.draft} ${result.held.draft === 1 ? 'draft' : 'drafts'}`].filter((text) => !text.startsWith('0 '))
  const heldText = heldCount > 0 ? `; held back ${count(heldCount, 'translation')} (${reasons.join(', ')})` : ''
  const took = Math.round(performance.now() - started)
  io.stdout(`Built ${count(result.pages, 'page')}: ${count(result.translations, 'translation')} of ${count(result.releases, 'release')} in ${count(result.languages, 'language')}${heldText}; into ${shown(io.cwd, out)} in ${took} ms\n`)
  return exitCodes.ok
}

function count(number: number, noun: string): string {
  return `${number} ${noun}${number === 1 ? '' : 's'}`
}

async function runInit(dir: string, options: {lang?: string}, io: Io): Promise<number> {
  const languages = options.lang?.split(',').map((lang) => lang.trim()).filter((lang) => lang !== '')
  const result = await initNewsroom({dir: resolve(io.cwd, dir), cwd: io.cwd, ...(languages ? {languages} : {})})
  if ('problem' in result) {
    io.stderr(`press init: ${result.problem}\n`)
    return exitCodes.usage
  }
  const list = (paths: string[]) => paths.map((path) => `  ${path}\n`).join('')
  io.stdout(result.created.length > 0 ? `Made ${count(result.created.length, 'file')} and folders:\n${list(result.created)}` : 'Nothing to make: the newsroom has every file already.\n')
  if (result.kept.length > 0) io.stdout(`Left as they were:\n${list(result.kept)}`)
  io.stdout('Next: fill in the embassy’s name, address, telephone, email, web site and the paragraph “About the Embassy” under `embassy` in each locales/<lang>/translation.json, and the site’s address in newsroom.yaml; then press new <slug>.\n')
  return exitCodes.ok
}

async function runNew(slug: string, options: {date?: string; lang?: string; root: string}, io: Io): Promise<number> {
  const languages = options.lang?.split(',').map((lang) => lang.trim()).filter((lang) => lang !== '')
  const result = await newRelease({root: resolve(io.cwd, options.root), cwd: io.cwd, slug, now: new Date(), ...(options.date ? {date: options.date} : {}), ...(languages ? {languages} : {})})
  printReport(result.files, io)
  if ('problem' in result) {
    io.stderr(`press new: ${result.problem}\n`)
    return result.usage ? exitCodes.usage : exitCodes.failed
  }
  io.stdout(`Started ${count(result.created.length, 'file')} as drafts; write the release, then set status: published:\n${result.created.map((path) => `  ${path}\n`).join('')}`)
  return exitCodes.ok
}

async function runFormat(paths: string[], options: {root: string; check?: boolean}, io: Io): Promise<number> {
  const result = await format({root: resolve(io.cwd, options.root), cwd: io.cwd, paths, check: options.check === true})
  printReport(result.files, io)
  const list = result.changed.map((path) => `  ${path}\n`).join('')
  if (options.check) {
    if (result.changed.length > 0) {
      io.stdout(`${count(result.changed.length, 'file')} of ${result.total} would change; run press format to fix:\n${list}`)
      return exitCodes.failed
    }
    io.stdout(`All ${count(result.total, 'release file')} are formatted.\n`)
  } else {
    io.stdout(result.changed.length > 0 ? `Formatted ${count(result.changed.length, 'file')} of ${result.total}:\n${list}` : `All ${count(result.total, 'release file')} were already formatted.\n`)
  }
  return result.ok ? exitCodes.ok : exitCodes.failed
}

async function runCheck(options: {root: string; now?: Date; format: 'text' | 'json'}, io: Io): Promise<number> {
  const result = await check({root: resolve(io.cwd, options.root), cwd: io.cwd, ...(options.now ? {now: options.now} : {})})
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify(checkDocument(result), null, 1)}\n`)
    return result.ok ? exitCodes.ok : exitCodes.failed
  }
  printReport(result.files, io)
  if (result.matrix.length > 0) io.stdout(matrixText(result))
  io.stdout(result.ok ? `Checked ${count(result.translations, 'translation')}: ready to build.\n` : 'press check: fix the errors above before building.\n')
  return result.ok ? exitCodes.ok : exitCodes.failed
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

async function runBulletin(options: {lang: string; category?: string; since?: string; until?: string; root: string; out?: string; now?: Date; width: number}, io: Io): Promise<number> {
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
  io.stdout(`Wrote a bulletin of ${count(result.count, 'release')} dated ${result.since} to ${result.until}:\n${result.written.map((path) => `  ${shown(io.cwd, join(out, path))}\n`).join('')}`)
  return exitCodes.ok
}

async function runSchedule(options: {root: string; now?: Date; next?: boolean; format: 'text' | 'json'}, io: Io): Promise<number> {
  const {schedule, utc} = await import('./schedule.js')
  const now = options.now ?? new Date()
  const result = await schedule({root: resolve(io.cwd, options.root), cwd: io.cwd, now})
  // Errors are said, and the exit code is 1: a release with one will not publish on time.
  printReport(result.files, io, {quiet: true})
  const code = result.ok ? exitCodes.ok : exitCodes.failed
  if (options.next) {
    if (result.schedule.length > 0) io.stdout(`${utc(result.schedule[0]!.time)}\n`)
    return code
  }
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({now: utc(now.getTime()), releases: result.schedule.map(({id, until, time, languages}) => ({id, until, at: utc(time), languages}))}, null, 1)}\n`)
    return code
  }
  if (result.schedule.length === 0) {
    io.stdout(`No embargo is still to lift after ${utc(now.getTime())}.\n`)
    return code
  }
  const width = Math.max(...result.schedule.map(({until}) => until.length))
  io.stdout(`Embargoes still to lift, soonest first (each as written; now is ${utc(now.getTime())}):\n${result.schedule.map(({until, time, id, languages}) => `  ${until.padEnd(width)}  ${utc(time)}  ${id} (${languages.join(', ')})\n`).join('')}`)
  return code
}

async function runServe(options: {root: string; port: number; open?: boolean}, io: Io): Promise<number> {
  // The first Ctrl-C stops watching and lets a build under way finish; a second stops at once.
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
    const {serve} = await import('./serve.js')
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

/** A refusal of the system (a full disk, a folder without permission) while writing output: nothing was published. */
export class SystemRefusal extends Error {
  override name = 'SystemRefusal'
}

async function refusedBySystem<T>(work: Promise<T>, command: string, out: string): Promise<T> {
  try {
    return await work
  } catch (problem) {
    const system = problem as NodeJS.ErrnoException
    if (!system.code || !system.syscall) throw problem
    throw new SystemRefusal(`${command}: ${system.message}\nNothing was published: ${out} was left as it was. Check that the disk has room and that you may write there, then try again.`)
  }
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

/** Prints the messages of every file that has any, like a compiler: only errors when quiet, notes too when verbose. */
function printReport(files: VFile[], io: Io, level: {quiet?: boolean; verbose?: boolean} = {}) {
  const report = reporter(files.filter((file) => file.messages.length > 0), {quiet: level.verbose !== true, silent: level.quiet === true, color: io.color ?? false})
  if (report) io.stderr(`${report}\n`)
}

/** A folder as the user would name it: relative when below the current folder. */
function shown(cwd: string, folder: string): string {
  const path = relative(cwd, folder)
  return path === '' ? '.' : path.startsWith('..') ? folder : path
}

function widthOption() {
  return new Option('--width <columns>', 'width of the print-ready text in display columns')
    .default(defaultWidth)
    .argParser((value: string) => {
      const columns = Number(value)
      if (!Number.isInteger(columns) || columns < 20 || columns > 200) throw new InvalidArgumentError('--width must be a whole number of columns from 20 to 200.')
      return columns
    })
}

function parseDate(value: string): string {
  const reading = readDate(value)
  if ('problem' in reading) throw new InvalidArgumentError(`${value} is not a date: ${reading.problem}.`)
  return value
}

function parseRetry(value: string): number[] {
  if (value.trim() === '0') return []
  const waits = value.split(',').map((part) => Number(part.trim()))
  if (waits.length > 10 || waits.some((wait) => !Number.isFinite(wait) || wait <= 0 || wait > 3600) || value.trim() === '') throw new InvalidArgumentError('--retry must be the seconds to wait before each new try, such as 2,10,30,120 (at most 10 waits of at most 3600 s), or 0 to try once.')
  return waits.map((wait) => Math.round(wait * 1000))
}

function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('--port must be a whole number from 0 to 65535 (0: any free port).')
  return port
}

function parseNow(value: string): Date {
  const reading = readInstant(value, 'down')
  if ('problem' in reading) throw new InvalidArgumentError(`--now ${value} is not a date and time: ${reading.problem}.`)
  return new Date(reading.time)
}
