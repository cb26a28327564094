// What a command read of the newsroom, as the one reader saw it: each file's
// identity on disk (device, inode, size, modification and change times) or
// that it was missing, and each folder listed with what it held. A build
// keeps it, so that the next one can tell by looking, without reading a
// byte, whether anything it would read has changed.
import {AsyncLocalStorage} from 'node:async_hooks'
import {readdirSync, statSync, type Dirent, type Stats} from 'node:fs'

/** A file as it was read: [device, inode, size, mtime, ctime] in milliseconds, or null when it was not there. */
export type Seen = readonly [number, number, number, number, number] | null

/** What a log holds, as plain data to keep between builds. */
export interface ReadRecord {
  readonly files: Readonly<Record<string, Seen>>
  /** Each folder listed: its identity, and its entries as `name/kind`, in order. */
  readonly folders: Readonly<Record<string, {readonly seen: Seen; readonly entries: string}>>
}

/**
 * Time stamps coarser than this (a FAT disk's are two seconds) could hide a
 * change made just after a file was seen: one seen that young is taken as changed next time.
 */
const settleMs = 2000

const active = new AsyncLocalStorage<ReadLog>()

export class ReadLog {
  private readonly files = new Map<string, Seen>()
  private readonly folders = new Map<string, {seen: Seen; entries: string}>()

  /** Runs `work` with every read of the newsroom it makes, in any of its callbacks, written in this log. */
  record<T>(work: () => T): T {
    return active.run(this, work)
  }

  file(path: string, info: Stats | undefined): void {
    this.files.set(path, seenOf(info))
  }

  folder(path: string, info: Stats | undefined, entries: readonly Dirent[]): void {
    this.folders.set(path, {seen: seenOf(info), entries: listing(entries)})
  }

  toJSON(): ReadRecord {
    return {files: Object.fromEntries(this.files), folders: Object.fromEntries(this.folders)}
  }
}

/** The log the current command writes in, if any. */
export function readLog(): ReadLog | undefined {
  return active.getStore()
}

/** Notes a file the newsroom's reader read, or tried to, as it is now on disk. */
export function noteFile(path: string, info?: Stats): void {
  readLog()?.file(path, info ?? statSync(path, {throwIfNoEntry: false}))
}

/** Whether `path` is there; when it is not, that goes in the command's log, since press reads another file in its place. */
export function isThere(path: string): boolean {
  const info = statSync(path, {throwIfNoEntry: false})
  if (!info) readLog()?.file(path, undefined)
  return info !== undefined
}

/**
 * Whether the file at `path` is as it was `seen`, and so need not be read
 * again; when it is, it goes in the command's log as if read.
 */
export function stillAsSeen(path: string, seen: Seen | undefined): boolean {
  if (!seen) return false
  const info = statSync(path, {throwIfNoEntry: false})
  if (!same(seen, info)) return false
  readLog()?.file(path, info)
  return true
}

/**
 * The first path of `record` that is not as it was, or undefined when
 * nothing is. A file counts as changed when its identity differs or was seen
 * too young to trust; a folder when its entries differ.
 */
export function firstChange(record: ReadRecord): string | undefined {
  for (const [path, seen] of Object.entries(record.files)) {
    if (!same(seen, statSync(path, {throwIfNoEntry: false}))) return path
  }
  for (const [path, {seen, entries}] of Object.entries(record.folders)) {
    const info = statSync(path, {throwIfNoEntry: false})
    if (same(seen, info)) continue
    if (!info?.isDirectory()) return path
    try {
      if (listing(readdirSync(path, {withFileTypes: true})) !== entries) return path
    } catch {
      return path
    }
  }
  return undefined
}

function seenOf(info: Stats | undefined): Seen {
  if (!info) return null
  const young = Date.now() - Math.max(info.mtimeMs, info.ctimeMs) < settleMs
  // A file seen too young is recorded as no file could be, so that it never matches.
  return young ? [-1, -1, -1, -1, -1] : [info.dev, info.ino, info.size, info.mtimeMs, info.ctimeMs]
}

function same(seen: Seen, info: Stats | undefined): boolean {
  if (seen === null || !info) return seen === null && !info
  return seen[0] === info.dev && seen[1] === info.ino && seen[2] === info.size && seen[3] === info.mtimeMs && seen[4] === info.ctimeMs
}

function listing(entries: readonly Dirent[]): string {
  const kind = (entry: Dirent) => (entry.isDirectory() ? 'd' : entry.isFile() ? 'f' : entry.isSymbolicLink() ? 'l' : 'o')
  return entries
    .map((entry) => `${entry.name}/${kind(entry)}`)
    .sort()
    .join('\n')
}
