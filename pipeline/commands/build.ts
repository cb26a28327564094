// `press build`: declares the command, runs the engine's build and says what
// it published, what it held back and how long it took.
import {realpathSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {basename, dirname, join, resolve} from 'node:path'
import {InvalidArgumentError, Option} from 'commander'
import {aheadOption, aheadRefusal, count, nowOption, printReport, refusedBySystem, rootOption, shown, widthOption, type CommandLine} from './command-line.js'
import {exitCodes, type Io} from './io.js'
import {noProgress, progressBar} from './progress.js'
import {defaultCacheFolder} from '../engine/cache.js'
import type {Listed} from '../engine/build-record.js'

export interface BuildCommandOptions {
  root: string
  out?: string
  now?: Date
  width: number
  cache?: string | false
  quiet?: boolean
  verbose?: boolean
  threads?: number
  ahead?: boolean
}

export function register({program, io, done}: CommandLine): void {
  program
    .command('build')
    .description('build the web site of the newsroom into the output folder')
    .option(...rootOption)
    .option('--out <dir>', 'output folder, replaced whole by a successful build (default: output/ in the newsroom)')
    .addOption(nowOption('build time, ISO 8601 with offset: embargoes later than this hold releases back'))
    .option(...aheadOption)
    .addOption(widthOption())
    .option('--cache <dir>', 'folder of the cache of rendered releases (default: .communique-cache/ in the newsroom)')
    .option('--no-cache', 'render every release again, reading and writing no cache')
    .addOption(new Option('--threads <n>', 'worker threads to parse and render with: 0 for none (default: one per core)').argParser(threadCount))
    .addOption(new Option('-q, --quiet', 'print only errors: no warnings, no progress, no summary').conflicts('verbose'))
    .option('-v, --verbose', 'print notes too: each typographic change made, and each translation held back')
    .addHelpText('after', '\nExample:\n  press build --root ../my-newsroom --now 2026-03-14T09:00:00-05:00\n')
    // Only this command's own line may be run again in a process of its own: press publish builds with runBuild too.
    .action(async (options: BuildCommandOptions) => done(await runBuild(options, io, io.relaunch)))
}

/**
 * `press build` as the command line runs it: prints what happened and resolves
 * to the exit code. `relaunch`: press build's own (io.relaunch), which runs
 * this very command line again; given, a build that parses its newsroom anew
 * runs there.
 */
export async function runBuild(options: BuildCommandOptions, io: Io, relaunch?: Io['relaunch']): Promise<number> {
  const started = performance.now()
  const root = resolve(io.cwd, options.root)
  const out = options.out === undefined ? join(root, 'output') : resolve(io.cwd, options.out)
  const cache = typeof options.cache === 'string' ? resolve(io.cwd, options.cache) : options.cache
  const refused = aheadRefusal('press build', options.now, options.ahead)
  if (refused) {
    io.stderr(`press build: ${refused}.\n`)
    return exitCodes.usage
  }
  if (options.ahead && options.now && options.now.getTime() > Date.now() && sameFolder(out, join(root, 'output'))) {
    io.stderr(`press build: --ahead builds for a later time into a folder that is not published: give one with --out, not the newsroom's output, which press publish deploys.\n`)
    return exitCodes.usage
  }
  const now = options.now ?? new Date()
  // Looked at first, loading nothing of the engine: a build that would change nothing is not made.
  const ahead = () => now.getTime() > Date.now() && io.stderr(`press build: built for ${now.toISOString()}, later than now: ${shown(io.cwd, out)} holds releases still under embargo. Do not publish it before then; press send will send nothing from it.\n`)
  const looked = cache === false ? {} : await unchanged(options, io, {root, out, now, cacheFolder: cache ?? join(root, defaultCacheFolder), started})
  if (looked === true) {
    ahead()
    return exitCodes.ok
  }
  if (relaunch && !looked.recorded && (await parsesInThreads(root, options))) {
    const code = await relaunch(threadedGc)
    if (code !== undefined) return code
  }
  const {build} = await import('../engine/build.js')
  const bar = io.terminal && !options.quiet ? progressBar(io.stderr, 'releases') : noProgress
  const notice = (text: string) => {
    bar.clear()
    io.stderr(`press build: ${text}\n`)
  }
  const built = build({root, out, now, cwd: io.cwd, width: options.width, ...(options.threads === undefined ? {} : {workers: options.threads}), ...(cache === undefined ? {} : {cache}), notice, progress: bar.update, notes: options.verbose === true, ...(looked.listed ? {listed: looked.listed} : {})})
  const result = await refusedBySystem(built, 'press build', shown(io.cwd, out)).finally(() => bar.clear())
  printReport(result.files, io, options)
  if (!result.ok) {
    io.stderr(`press build: failed; ${shown(io.cwd, out)} was left as it was. Fix the errors above and build again.\n`)
    return exitCodes.failed
  }
  ahead()
  if (options.quiet) return exitCodes.ok
  if (options.verbose) io.stdout(heldBackLines(result.statuses))
  const took = Math.round(performance.now() - started)
  io.stdout(`Built ${count(result.pages, 'page')}: ${count(result.translations, 'translation')} of ${count(result.releases, 'release')} in ${count(result.languages, 'language')}${heldText(result.held)}; into ${shown(io.cwd, out)} in ${took} ms\n`)
  return exitCodes.ok
}

/**
 * V8's flags for a build that parses its newsroom in threads: the collector of
 * each thread's heap works in that thread alone (three threads busy on two
 * cores left no core for the helpers V8 runs beside each, marking while the
 * thread runs and in parallel with it), and the main thread's young
 * generation is held to 4 MB semi-spaces, as the threads' is to 24 MB in all.
 * Cold builds by hand, without these flags and with them: at 1,000 releases
 * a median of 36.0 s and 355 to 366 MB against 34.7 s and 327 to 332 MB; at
 * 4,000, 137 and 143 s, 456 and 472 MB, against 118 and 120 s, 437 and 441 MB
 * (the collector alone: 114 and 116 s, 487 and 497 MB). See docs/development.md.
 */
const threadedGc = ['--single-threaded-gc', '--max-semi-space-size=4']

/**
 * Whether a build with no record of the last one (the first, one after an
 * upgrade or with the cache cleared or unused) may parse enough translations
 * to run threads: press build then runs in a process of its own. Release
 * folders are listed until that many translations are found.
 */
async function parsesInThreads(root: string, options: BuildCommandOptions): Promise<boolean> {
  if (options.threads === 0 || availableParallelism() < 2) return false
  const [{listNewsroomFolder}, {smallNewsroom}] = await Promise.all([import('../lib/newsroom-file.js'), import('../engine/thread-count.js')])
  const listed = (folder: string) => listNewsroomFolder(folder).catch(() => [])
  let translations = 0
  for (const release of (await listed(join(root, 'releases'))).filter((entry) => entry.isDirectory())) {
    translations += (await listed(join(root, 'releases', release.name))).filter((entry) => entry.isFile() && entry.name.endsWith('.md')).length
    if (translations >= smallNewsroom) return true
  }
  return false
}

/** Says so and is true when the last build with these options is still what a build would make; else what the last build's record tells the build to be made. */
async function unchanged(options: BuildCommandOptions, io: Io, at: {root: string; out: string; now: Date; cacheFolder: string; started: number}): Promise<true | Listed> {
  const {unchangedSince} = await import('../engine/build-record.js')
  const found = await unchangedSince({root: at.root, cwd: io.cwd, out: at.out, cacheFolder: at.cacheFolder, width: options.width, notes: options.verbose === true}, at.now)
  if (!('report' in found)) return found
  const {report, files, builtFor} = found
  printReport(files, io, options)
  if (options.quiet) return true
  if (options.verbose) io.stdout(heldBackLines(report.heldBack))
  const took = Math.round(performance.now() - at.started)
  io.stdout(`Nothing changed since the last build (for ${builtFor.toISOString()}): no release, setting, template or language, and no embargo has ended; ${shown(io.cwd, at.out)} is as it was, ${count(report.pages, 'page')}: ${count(report.translations, 'translation')} of ${count(report.releases, 'release')} in ${count(report.languages, 'language')}${heldText(report.held)}; checked in ${took} ms\n`)
  return true
}

/** Whether two paths name one folder, through any link on the way to them (the folder itself need not exist yet). */
function sameFolder(a: string, b: string): boolean {
  const attempt = (make: () => string) => {
    try {
      return make()
    } catch {
      return undefined
    }
  }
  const real = (path: string) => attempt(() => realpathSync(path)) ?? attempt(() => join(realpathSync(dirname(path)), basename(path))) ?? path
  return real(a) === real(b)
}

function threadCount(value: string): number {
  if (!/^\d{1,3}$/.test(value)) throw new InvalidArgumentError('give a whole number of threads, such as 2, or 0 for none')
  return Number(value)
}

/** What a build held back, as its summary says it: `; held back 2 translations (1 embargoed, 1 draft)`, or nothing. */
function heldText(held: {readonly draft: number; readonly embargoed: number}): string {
  const total = held.embargoed + held.draft
  const reasons = [`${held.embargoed} embargoed`, `${held.draft} ${held.draft === 1 ? 'draft' : 'drafts'}`].filter((text) => !text.startsWith('0 '))
  return total > 0 ? `; held back ${count(total, 'translation')} (${reasons.join(', ')})` : ''
}

/** Each translation held back and why, a line each, as --verbose says it. */
function heldBackLines(statuses: ReadonlyArray<{readonly id: string; readonly lang: string; readonly status: string; readonly until?: string}>): string {
  return statuses
    .filter(({status}) => status === 'draft' || status === 'embargoed')
    .map(({id, lang, status, until}) => `Held back: ${lang}/${id}, ${status === 'draft' ? 'a draft' : `embargoed until ${until}`}\n`)
    .join('')
}
