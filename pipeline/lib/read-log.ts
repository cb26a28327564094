// What a command read of the newsroom, as the one reader saw it: each file's
// identity on disk (device, inode, size, modification and change times, and
// whether its path is itself a link) or that it was missing, and each folder
// listed with what it held. A build keeps it, so that the next one can tell
// by looking, without reading a byte, whether anything it would read has changed.
import {AsyncLocalStorage} from 'node:async_hooks'
import {createHash} from 'node:crypto'
import {readdirSync, statSync, type Dirent, type Stats} from 'node:fs'
import {dirname} from 'node:path'
import {attempt} from './attempt.js'
import {lstatOrNothing, realOfFile} from './real-paths.js'

/**
 * A file or folder as it was read: [device, inode, size, mtime, ctime] in
 * milliseconds, then 1 when its path is a link (its identity then that of
 * what the link leads to), else 0; null when it was not there. One seen too
 * young to trust, or a link leading nowhere, is all -1, which never matches.
 */
export type Seen = readonly number[] | null

/** What a log holds, as plain data to keep between builds. */
export interface ReadRecord {
  readonly files: Readonly<Record<string, Seen>>
  /** Where each file read really was, links followed: a link put in a folder the build did not list is seen by it. */
  readonly reals?: Readonly<Record<string, string>>
  /** Each folder listed: its identity, and its entries as `name/kind`, in order. */
  readonly folders: Readonly<Record<string, {readonly seen: Seen; readonly entries: string}>>
  /** The hash of each file's bytes as read (contentDigest), so that a file seen otherwise on disk (a fresh clone, a copy) with the same bytes counts as unchanged. */
  readonly digests?: Readonly<Record<string, string>>
}

/**
 * Time stamps coarser than this (a FAT disk's are two seconds) could hide a
 * change made just after a file was seen: one seen that young is taken as changed next time.
 */
const settleMs = 2000

const active = new AsyncLocalStorage<ReadLog>()

/** A folder's entry as listed: a Dirent, or one taken from a record. */
export type ListedEntry = Pick<Dirent, 'name' | 'isFile' | 'isDirectory' | 'isSymbolicLink'>

export class ReadLog {
  /** `listedBefore`: the folders the last build listed, as its record has them. */
  constructor(private readonly listedBefore?: ReadRecord['folders']) {}

  private readonly files = new Map<string, Seen>()
  private readonly reals = new Map<string, string>()
  private readonly folders = new Map<string, {seen: Seen; entries: string}>()
  private readonly digests = new Map<string, string>()

  /** Runs `work` with every read of the newsroom it makes, in any of its callbacks, written in this log. */
  record<T>(work: () => T): T {
    return active.run(this, work)
  }

  /** Notes `path` as it is now: `info` is what was read through it, `real` where it really was and `digest` the hash of its bytes, when it was read; `own`, its lstat when just taken. */
  file(path: string, info?: Stats, real?: string, digest?: string, own?: Stats): void {
    this.files.set(path, lookAt(path, info, own))
    if (real !== undefined) this.reals.set(path, real)
    if (digest !== undefined) {
      // Read twice with different bytes: what the build made may be of either, so no bytes match it next time.
      const had = this.digests.get(path)
      this.digests.set(path, had === undefined || had === digest ? digest : 'changed while read')
    }
  }

  /** Notes a folder listed: `seen`, how it was before it was listed (lookAt). */
  folder(path: string, seen: Seen, entries: readonly ListedEntry[]): void {
    this.folders.set(path, {seen, entries: listing(entries)})
  }

  /** What the folder at `path` held when the last build listed it, as `name/kind` lines, if it is still as that build saw it (`seen`, just taken): the same trust as a build that finds nothing changed. */
  listed(path: string, seen: Seen): string | undefined {
    const before = this.listedBefore && Object.hasOwn(this.listedBefore, path) ? this.listedBefore[path] : undefined
    return typeof before?.entries === 'string' && Array.isArray(seen) && seen[0] !== -1 && Array.isArray(before.seen) && before.seen.length === seen.length && before.seen.every((value, index) => value === seen[index]) ? before.entries : undefined
  }

  /** How `path` was seen, if it was. */
  seen(path: string): Seen | undefined {
    return this.files.get(path)
  }

  /** The hash of the bytes of `path`, when they were read or known. */
  digest(path: string): string | undefined {
    return this.digests.get(path)
  }

  toJSON(): ReadRecord {
    return {files: Object.fromEntries(this.files), reals: Object.fromEntries(this.reals), folders: Object.fromEntries(this.folders), digests: Object.fromEntries(this.digests)}
  }
}

/** The log the current command writes in, if any. */
export function readLog(): ReadLog | undefined {
  return active.getStore()
}

/** Whether `path` is there; when it is not, that goes in the command's log, since press reads another file in its place. */
export function existsNoted(path: string): boolean {
  const there = attempt(() => statSync(path, {throwIfNoEntry: false})) !== undefined
  if (!there) readLog()?.file(path)
  return there
}

/** The hash of a file's bytes that a log keeps. */
export function contentDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Whether `value` is a hash contentDigest gives (a log's digest may also say the file changed while read). */
export function isContentDigest(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)
}

/**
 * Whether the file at `path` is as it was `seen`, and so need not be read
 * again; when it is, it goes in the command's log as if read, with the hash
 * of its bytes when that is known and where it really is (`real`) when that
 * was looked at. `own`: its lstat, when just taken.
 */
export function stillAsSeen(path: string, seen: Seen | undefined, digest?: string, own?: Stats, real?: string): boolean {
  if (!Array.isArray(seen) || !same(seen, path, own)) return false
  // Noted as it was just looked at: a rebuild looks at every source, and a second look at each was a tenth of a second at 4,000 releases.
  readLog()?.file(path, undefined, real, digest, own)
  return true
}

/** The hash of the bytes of the file at `path` and the identity of the file opened (its fstat, taken before it was read); undefined, or a throw, when it may not be read. */
export type DigestOf = (path: string) => {readonly digest: string; readonly opened: Stats} | undefined

/** A record still true of the newsroom, as it is seen now; `refreshed` when that differs from what it was. */
export interface StillTrue {
  readonly record: ReadRecord
  readonly refreshed: boolean
}

/**
 * Whether nothing `record` holds has changed: the record as things are seen
 * now, or the first path that has changed. A file counts as changed when its
 * identity differs, unless it is a plain file whose bytes `digestOf` finds
 * the same as when it was read (a fresh clone, a newsroom restored elsewhere,
 * a file saved unchanged); a folder when its entries differ. `moved` gives
 * where a recorded path is now, for a newsroom restored into another folder.
 * `digestOf` gives the hash of a file's bytes and the identity of the file
 * it opened, which must be the one just looked at.
 */
export function stillTrue(record: ReadRecord, digestOf: DigestOf, moved: (path: string) => string = (path) => path): StillTrue | {changed: string} {
  const listed = new Set(Object.keys(record.folders).map(moved))
  const files: Record<string, Seen> = {}
  const reals: Record<string, string> = {}
  const digests: Record<string, string> = {}
  let refreshed = false
  const realFolders = new Map<string, string | undefined>()
  // The folders looked at on the way to the files (realFolder), looked at once.
  const folderStats = new Map<string, Stats | undefined>()
  for (const [recorded, seen] of Object.entries(record.files)) {
    const path = moved(recorded)
    const elsewhere = path !== recorded
    // A link in a newsroom copied elsewhere may still lead into the original: the copy is built, and its reader judges the link.
    if (elsewhere && Array.isArray(seen) && seen[5] === 1) return {changed: path}
    const digest = record.digests?.[recorded]
    const own = lstatOrNothing(path)
    const now = same(seen, path, own) ? seen : sameBytes(path, seen, own, digest, digestOf)
    if (now === undefined) return {changed: path}
    // In a folder the build did not list, or anywhere in a copy, a link put on the way, or taken away, shows only in where the file really is.
    const real = record.reals?.[recorded]
    if (real !== undefined && (elsewhere || !listed.has(dirname(path))) && realOfFile(path, own, realFolders, folderStats) !== moved(real)) return {changed: path}
    refreshed ||= path !== recorded || now !== seen
    files[path] = now
    if (real !== undefined) reals[path] = moved(real)
    if (digest !== undefined) digests[path] = digest
  }
  const folders: Record<string, {seen: Seen; entries: string}> = {}
  for (const [recorded, {seen, entries}] of Object.entries(record.folders)) {
    const path = moved(recorded)
    if (path !== recorded && Array.isArray(seen) && seen[5] === 1) return {changed: path}
    let now = seen
    // The look taken on the way to its files, if any: a change made to the folder since (during this check) shows next
    // time, as the identity kept is the one taken then.
    const own = folderStats.get(path) ?? lstatOrNothing(path)
    if (!same(seen, path, own)) {
      // A folder whose time stamps moved is the same if it holds the same entries, and is still what it was: a folder, or a link.
      // One look at it serves all three questions (a copy of the newsroom moves every folder's times: 1,000 at 1,000 releases).
      now = lookAt(path, undefined, own)
      try {
        const link = own?.isSymbolicLink() === true
        if (!own || !Array.isArray(seen) || (seen[5] === 1) !== link || !(link ? statSync(path) : own).isDirectory() || listing(readdirSync(path, {withFileTypes: true})) !== entries) return {changed: path}
      } catch {
        return {changed: path}
      }
    }
    refreshed ||= path !== recorded || now !== seen
    folders[path] = {seen: now, entries}
  }
  return {record: {files, reals, folders, digests}, refreshed}
}

/** How a file seen otherwise than `seen` is seen now (`before`, its lstat), when it is a plain file (no link, no other name) with the bytes it had; undefined when it is not. */
function sameBytes(path: string, seen: Seen, before: Stats | undefined, digest: string | undefined, digestOf: DigestOf): Seen | undefined {
  // A link read through is judged by the build, as is a hard link, which may be refused where the reader reads (a release).
  if (digest === undefined || (Array.isArray(seen) && seen[5] === 1) || !before?.isFile() || before.nlink !== 1) return undefined
  // Kept as it was looked at, before it was read, and read only if the file opened is that one, as it was: a file written
  // or replaced after it was opened shows next time in its times, the identity kept being the one taken before; one that
  // young (settleMs) is kept as never matching. (A second look after the read cost 3,000 lstats at 1,000 releases.)
  const now = lookAt(path, before, before)
  const read = attempt(() => digestOf(path))
  return read !== undefined && sameFile(read.opened, before) && read.digest === digest ? now : undefined
}

/** Whether `opened` (an open file's fstat) is the file `looked` (an lstat taken before) showed, as it was then. */
function sameFile(opened: Stats, looked: Stats): boolean {
  return opened.dev === looked.dev && opened.ino === looked.ino && opened.size === looked.size && opened.mtimeMs === looked.mtimeMs && opened.ctimeMs === looked.ctimeMs
}

/** How `path` is now, as a log records it; `read`, the identity of what was read through it, when it was; `own`, its lstat when just taken. */
export function lookAt(path: string, read?: Stats, own = lstatOrNothing(path)): Seen {
  const never = [-1, -1, -1, -1, -1, -1]
  // A path through a file, or a link that loops, is as good as not there.
  if (!own) return null
  const link = own.isSymbolicLink()
  const info = read ?? (link ? attempt(() => statSync(path, {throwIfNoEntry: false})) : own)
  if (!info) return never
  // A file seen too young is recorded as no file could be, so that it never matches.
  if (Date.now() - Math.max(info.mtimeMs, info.ctimeMs, own.ctimeMs) < settleMs) return never
  return [info.dev, info.ino, info.size, info.mtimeMs, info.ctimeMs, link ? 1 : 0]
}

function same(seen: Seen, path: string, own = lstatOrNothing(path)): boolean {
  if (!Array.isArray(seen) || !own) return seen === null && !own
  // A link put in a file's or folder's place, or taken away, is a change even when it leads to the same file.
  const link = own.isSymbolicLink()
  if ((seen[5] === 1) !== link) return false
  const info = link ? attempt(() => statSync(path, {throwIfNoEntry: false})) : own
  return info !== undefined && seen[0] === info.dev && seen[1] === info.ino && seen[2] === info.size && seen[3] === info.mtimeMs && seen[4] === info.ctimeMs
}

function listing(entries: readonly ListedEntry[]): string {
  const kind = (entry: ListedEntry) => (entry.isDirectory() ? 'd' : entry.isFile() ? 'f' : entry.isSymbolicLink() ? 'l' : 'o')
  return entries
    .map((entry) => `${entry.name}/${kind(entry)}`)
    .sort()
    .join('\n')
}
