// A build's record, kept in the cache: what it read of the newsroom
// (lib/read-log.ts), the time it was built for and the embargo times its
// decisions turn on, the build folder it made, and what it reported. The
// next `press build` with the same options looks, without reading a byte of
// the newsroom: when nothing it would read has changed, no embargo has lifted
// and the output is still that build, it leaves the output as it is and says
// so. A newsroom restored elsewhere with its cache and output (a CI runner),
// or files saved unchanged, cost a read of the files whose identity moved.
// Beside it are kept the sources as seen and their summaries, apart, since
// the summaries (most of the bytes) hold no path and a copy never changes them.
import {existsSync, realpathSync, type Stats} from 'node:fs'
import {mkdir, rm} from 'node:fs/promises'
import {join, relative, resolve, sep} from 'node:path'
import {VFile} from 'vfile'
import {isWithin, readRegularFile} from '../lib/newsroom-file.js'
import {restoreMessages, storedMessages} from '../source/diagnostics.js'
import {contentDigest, stillTrue, type DigestOf, type ReadRecord} from '../lib/read-log.js'
import {replaceWhole} from '../lib/whole-file.js'
import type {StoredMessage} from '../model/fragments.js'
import {FragmentCache, hash} from './cache.js'
import {codeStamp, codeVersion} from './code-version.js'
import {packageRoot} from '../source/package-root.js'
import {markerName} from './folder-gate.js'
import type {KnownSources} from './known-sources.js'

const recordVersion = 2

/** What a build said, to be said again by a build that finds nothing changed. */
export interface BuildReport {
  readonly files: ReadonlyArray<{readonly path: string; readonly messages: readonly StoredMessage[]}>
  readonly pages: number
  readonly releases: number
  readonly translations: number
  readonly languages: number
  readonly held: {readonly draft: number; readonly embargoed: number}
  /** The translations held back, with when each embargo ends. */
  readonly heldBack: ReadonlyArray<{readonly id: string; readonly lang: string; readonly status: string; readonly until?: string}>
}

interface BuildRecord {
  readonly version: number
  readonly options: string
  /** The build time, as epoch milliseconds. */
  readonly now: number
  /** The embargo times of every release: the build's decisions are the same for any time on the same side of each. */
  readonly embargoes: readonly number[]
  /** Whether the files depend on the build time itself (emit-site.ts, datedByBuild). */
  readonly usesBuildTime: boolean
  /** The build folder the output showed when the build was done. */
  readonly folder: string
  readonly read: ReadRecord
  readonly report: BuildReport
  /** The options' key from contents, not identities on disk: the same for a copy of the newsroom and of press elsewhere. */
  readonly portable: string
  /** Where the newsroom and press were, as given and as real paths, so that a record restored elsewhere is read there. */
  readonly places: Places
}

type Places = readonly [root: string, realRoot: string, press: string, realPress: string]

/** The options a build's output depends on beside what it reads. */
export interface RecordedOptions {
  readonly root: string
  /** The folder messages name files from. */
  readonly cwd: string
  readonly out: string
  readonly cacheFolder: string
  readonly width?: number
  readonly notes: boolean
}

/** Where the record of builds into `out` is kept: named by the output as seen from the newsroom, so that a newsroom restored elsewhere with its cache finds it. */
function recordPath(options: Pick<RecordedOptions, 'root' | 'cacheFolder' | 'out'>, part = ''): string {
  const out = resolve(options.out)
  const name = isWithin(resolve(options.root), out) ? `newsroom:${relative(resolve(options.root), out)}` : out
  return join(options.cacheFolder, 'builds', `${hash(name).slice(0, 32)}${part}.json`)
}

function optionsKey(options: RecordedOptions): string {
  return hash(recordVersion.toString(), codeStamp(), resolve(options.root), resolve(options.cwd), resolve(options.out), String(options.width), String(options.notes))
}

/** The options' key as any copy of the newsroom and press would have it: paths from the newsroom, press by its contents. */
async function portableKey(options: RecordedOptions): Promise<string> {
  const root = resolve(options.root)
  const out = resolve(options.out)
  // The newsroom as messages name it from where press runs: the report said again must name the same files.
  return hash(recordVersion.toString(), await codeVersion(), relative(resolve(options.cwd), root), isWithin(root, out) ? `newsroom:${relative(root, out)}` : out, String(options.width), String(options.notes))
}

function placesOf(root: string): Places {
  return [resolve(root), realpathSync.native(root), packageRoot, realpathSync.native(packageRoot)]
}

/** Where a path recorded at `from` is at `to`. */
function mover(from: Places, to: Places): (path: string) => string {
  const pairs = from.map((path, index) => [path, to[index]!] as const).filter(([a, b]) => a !== b)
  pairs.sort((a, b) => b[0].length - a[0].length)
  return (path) => {
    const pair = pairs.find(([a]) => path === a || path.startsWith(`${a}${sep}`))
    return pair ? `${pair[1]}${path.slice(pair[0].length)}` : path
  }
}

/** Keeps the record of a build that has just been made the output (`folder`), and what it knew of its sources (known-sources.ts). */
export async function keepBuildRecord(options: RecordedOptions, folder: string, made: Omit<BuildRecord, 'version' | 'options' | 'folder' | 'portable' | 'places'>, sources: KnownSources): Promise<void> {
  const record: BuildRecord = {version: recordVersion, options: optionsKey(options), portable: await portableKey(options), places: placesOf(options.root), folder: realpathSync.native(folder), ...made}
  await writeRecords(options, record, {sources: sources.sources, media: sources.media ?? {}}, sources.summaries)
}

/**
 * Writes the build's record, its sources as seen and, unless `summaries` is
 * undefined (a record refreshed as things are seen now), the summaries: kept
 * apart, since they are found by keys that hold their contents, which no
 * copy of the newsroom changes, and make most of what is kept.
 */
async function writeRecords(options: RecordedOptions, record: BuildRecord, seen: SeenFiles, summaries?: KnownSources['summaries']): Promise<void> {
  await mkdir(join(options.cacheFolder, 'builds'), {recursive: true})
  const code = await codeVersion()
  if (summaries !== undefined) await replaceWhole(recordPath(options, '.summaries'), sealed({version: recordVersion, code, summaries}))
  await replaceWhole(recordPath(options, '.sources'), sealed({version: recordVersion, code, ...seen}))
  await replaceWhole(recordPath(options), sealed(record))
}

/** Removes the record of builds into `out`, which no longer holds. */
export async function forgetBuildRecord(options: Pick<RecordedOptions, 'root' | 'cacheFolder' | 'out'>): Promise<void> {
  await rm(recordPath(options), {force: true})
  await rm(recordPath(options, '.sources'), {force: true})
  await rm(recordPath(options, '.summaries'), {force: true})
}

/**
 * What the last build into `out` knew of its sources, whatever its options
 * and wherever it ran: each summary is found by a key that holds everything
 * it depends on, each source by its path and its identity on disk.
 */
export function knownSources(options: Pick<RecordedOptions, 'root' | 'cacheFolder' | 'out'>, code: string): KnownSources | undefined {
  try {
    const text = recordText(options, '.summaries')
    // Of another version, or made by another press, its packages or Node.js (every summary's key holds them, so none would be found:
    // after an upgrade, a rebuild at 4,000 releases held some 50 MB of them, and of the output's keys, for nothing): seen from the
    // first bytes, which name them, before the record is checked and parsed.
    if (!text.startsWith(`{"version":${recordVersion},"code":${JSON.stringify(code)},`, 65)) return undefined
    const summaries = unsealed<Pick<KnownSources, 'summaries'>>(text, recordPath(options, '.summaries'))
    // Summaries written by another build than the sources' are still right for their keys: a source whose key has none is read.
    const {sources, media} = keptSources(options, code) ?? {}
    const known = {sources, summaries: summaries.summaries, media: media ?? {}}
    // A record of another shape is none.
    return Object.values(known).every((value) => typeof value === 'object' && value !== null && !Array.isArray(value)) ? (known as KnownSources) : undefined
  } catch {
    return undefined
  }
}

/** The sources and images as a build saw them. */
type SeenFiles = Required<Pick<KnownSources, 'sources' | 'media'>>

/** The sources and images as the last build into `out` saw them, as kept; throws when they are not whole. */
function keptSources(options: Pick<RecordedOptions, 'root' | 'cacheFolder' | 'out'>, code: string): Partial<SeenFiles> | undefined {
  const kept = unsealed<Partial<SeenFiles> & {version: number; code?: string}>(recordText(options, '.sources'), recordPath(options, '.sources'))
  return kept.version === recordVersion && kept.code === code ? {sources: kept.sources, media: kept.media} : undefined
}

/**
 * What the last build with these options reported, with when it was made,
 * when a build at `now` would change nothing: undefined when something it
 * read has changed, an embargo has lifted or fallen in between, the output
 * is no longer that build, or there is no usable record. A record made
 * elsewhere (the newsroom restored into another folder, press installed
 * afresh) is used when the files whose identity moved hold the same bytes;
 * it is then kept as things are seen here, so that the next look is quick.
 */
export async function unchangedSince(options: RecordedOptions, now: Date): Promise<{report: BuildReport; files: VFile[]; builtFor: Date} | Listed> {
  try {
    // A cache folder press may not use is said by the build itself.
    FragmentCache.claim(options.cacheFolder, options.root)
    const text = recordText(options)
    const record = unsealed<BuildRecord>(text, recordPath(options))
    if (record.version !== recordVersion || !Array.isArray(record.places) || typeof record.portable !== 'string') return {}
    const here = record.options === optionsKey(options)
    if (!here && record.portable !== (await portableKey(options))) return {}
    // The folders it listed, for the build to be made: one still as it was is not listed again.
    const listed: Listed = here && typeof record.read?.folders === 'object' && record.read.folders !== null ? {listed: record.read.folders, recorded: true} : {recorded: true}
    const time = now.getTime()
    // A build for an earlier time than the last one (after a build --ahead, a build for now) is made anew: its output says when it is for.
    if (time < record.now) return listed
    if (record.usesBuildTime ? time !== record.now : record.embargoes.some((embargo) => embargo > time !== embargo > record.now)) return listed
    const places = placesOf(options.root)
    const moved = mover(record.places, places)
    const current = realpathSync.native(options.out)
    if (current !== moved(record.folder) || !existsSync(join(current, markerName)) || !Array.isArray(record.report.heldBack)) return listed
    // Bytes are read again only in the newsroom and press, and at most readBudget of them: a record names paths, and is not trusted to name any.
    let budget = readBudget
    const digestOf: DigestOf = (path) => {
      if (resolve(path) !== path || !places.some((place) => isWithin(place, path))) return undefined
      let opened: Stats | undefined
      const bytes = readRegularFile(path, Math.min(maxReadBytes, budget), {seen: (info) => (opened = info)})
      budget -= bytes.byteLength
      return {digest: contentDigest(bytes), opened: opened!}
    }
    const still = stillTrue(record.read, digestOf, moved)
    if ('changed' in still) return listed
    // Kept as things are seen now, unless another build kept its own record meanwhile.
    if ((still.refreshed || !here) && recordText(options) === text) await refreshed(options, {...record, options: optionsKey(options), places, folder: current, read: still.record}, moved).catch(() => {})
    return {report: record.report, files: reportedFiles(record.report), builtFor: new Date(record.now)}
  } catch {
    // No record, or one press cannot use (damaged, of another shape): the build is made.
    return {}
  }
}

/** When a build must be made: the folders the last build listed, with what each held, if its record is this output's; `recorded` when there was one (without it, every release the cache lacks is parsed). */
export type Listed = {readonly listed?: ReadRecord['folders']; readonly recorded?: true}

/** The largest file whose bytes are read again to tell whether it changed: above any file press reads (a release's document, 25 MB); a larger one counts as changed. */
const maxReadBytes = 32 * 1024 * 1024
/** The bytes read again in all: beyond them, files count as changed and the build is made. */
const readBudget = 512 * 1024 * 1024

/** Keeps a record found still true as things are seen now, with what its build knew of its sources moved likewise. */
async function refreshed(options: RecordedOptions, record: BuildRecord, moved: (path: string) => string): Promise<void> {
  const known = keptSources(options, await codeVersion())
  // Only a source or image whose bytes the record read: those kept by another build (a cache restored from two saves) are dropped, and read next time.
  const now = <T extends {digest?: string}>(path: string, was: T) => {
    const seen = record.read.files[moved(path)]
    return seen === undefined || was.digest === undefined || was.digest !== record.read.digests?.[moved(path)] ? [] : [[moved(path), {...was, seen}] as const]
  }
  const sources = Object.entries(known?.sources ?? {}).flatMap(([path, source]) => now(path, source))
  const media = Object.entries(known?.media ?? {}).flatMap(([path, image]) => now(path, image))
  // The summaries, which make most of what is kept, hold no path and stay as they are.
  await writeRecords(options, record, {sources: Object.fromEntries(sources), media: Object.fromEntries(media)})
}

/** A record as kept: the hash of its text, then its text, so that one damaged or cut short is never believed. */
function sealed(value: unknown): string {
  const text = JSON.stringify(value)
  return `${hash(text)}\n${text}`
}

function recordText(options: Pick<RecordedOptions, 'root' | 'cacheFolder' | 'out'>, part = ''): string {
  return readRegularFile(recordPath(options, part), 256 * 1024 * 1024).toString('utf8')
}

/** A record kept by `sealed` (`text`, from `path`); throws when it is not whole. */
function unsealed<T>(text: string, path: string): T {
  const newline = text.indexOf('\n')
  if (newline !== 64 || hash(text.slice(newline + 1)) !== text.slice(0, 64)) throw new Error(`${path} is damaged`)
  return JSON.parse(text.slice(newline + 1)) as T
}

/** A report's files as files with their messages again, as the reporter prints them. */
function reportedFiles(report: BuildReport): VFile[] {
  return report.files.map(({path, messages}) => {
    const file = new VFile({path, cwd: '/'})
    restoreMessages(file, messages)
    return file
  })
}

/** The messages of `files` as plain data. */
export function reportOf(files: readonly VFile[]): BuildReport['files'] {
  return files.filter((file) => file.messages.length > 0).map((file) => ({path: file.path, messages: storedMessages(file)}))
}
