// The one way press reads a file of a newsroom (a release, its photos, the
// settings, a locale, a template, the crest, a signing key, the journal):
// the path is resolved to where it really is and refused when a link takes
// it out of the folder it must stay in, only a regular file is read (never a
// pipe or a device, which could hang or never end), and its size is bounded
// before a byte is read.
import {closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats} from 'node:fs'
import {readdir} from 'node:fs/promises'
import {contentDigest, lookAt, readLog, type ListedEntry} from './read-log.js'
import {basename, dirname, join, relative, resolve, sep} from 'node:path'

export type Refusal = 'missing' | 'link' | 'hard-link' | 'outside' | 'not-a-file' | 'too-large' | 'unreadable'

/** Why a file could not be read, in words a press officer can act on with `what` at the front. */
export class UnreadableFile extends Error {
  override name = 'UnreadableFile'
  constructor(
    readonly path: string,
    readonly reason: Refusal,
    readonly size?: number
  ) {
    super(`${path}: ${reason}`)
  }
}

export interface Where {
  /** The folder the file must really be in, after every link is followed. */
  readonly within?: string
  /** A folder the file must really not be in (a secret kept outside the newsroom). */
  readonly outside?: string
  /** Whether a link on the way from `within` to the file is refused even when it stays inside: true in releases. */
  readonly noLinks?: boolean
  /** Whether a file with other names (a hard link) is refused: true in releases, where it could be any file of the machine. */
  readonly noHardLinks?: boolean
  /** The largest size read; a larger file is refused unread. */
  readonly maxBytes: number
}

/** The real path of `path` when it may be read from where it says it is; throws UnreadableFile. */
function checkedPath(path: string, where: Where): string {
  path = resolve(path)
  let real: string
  try {
    real = realpathSync.native(path)
  } catch (problem) {
    throw new UnreadableFile(path, (problem as NodeJS.ErrnoException).code === 'ENOENT' || (problem as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'missing' : 'unreadable')
  }
  if (where.within !== undefined) {
    const base = realOf(where.within)
    if (where.noLinks) {
      // Where the file would be if no link stood between the folder and it.
      if (real !== join(base, relative(resolve(where.within), path))) throw new UnreadableFile(path, 'link')
      if (!isWithin(base, real)) throw new UnreadableFile(path, 'outside')
    } else if (!isWithin(base, real)) {
      throw new UnreadableFile(path, 'outside')
    }
  }
  if (where.outside !== undefined && isWithin(realOf(where.outside), real)) throw new UnreadableFile(path, 'outside')
  return real
}

/** Reads a file of the newsroom as `where` allows; throws UnreadableFile. */
export function readNewsroomFile(path: string, where: Where): Buffer {
  const log = readLog()
  let seen: Stats | undefined
  let real: string | undefined
  let bytes: Buffer | undefined
  try {
    real = checkedPath(path, where)
    bytes = readRegularFile(real, where.maxBytes, {shown: resolve(path), noHardLinks: where.noHardLinks === true, seen: (info) => (seen = info)})
    return bytes
  } finally {
    // What was read, or refused, goes in the command's log (read-log.ts) as the file was when read, with the hash of what it held.
    if (log) log.file(resolve(path), seen, real, bytes && contentDigest(bytes))
  }
}

/** The entries of a folder of the newsroom, written in the command's log as they were listed. */
export async function listNewsroomFolder(path: string): Promise<ListedEntry[]> {
  const log = readLog()
  // How the folder is, taken before it is listed: a change made meanwhile is then seen next time.
  const seen = log ? lookAt(path) : undefined
  // A folder still as the last build saw it holds what it held then: an entry added, removed or renamed changes its
  // times (a rebuild at 4,000 releases listed every release's folder, about 0.12 s, to find them as they were).
  const recorded = seen === undefined ? undefined : log!.listed(resolve(path), seen)
  // Promised, though each listing is a trip to the thread pool: listed at once, a rebuild's scan of thousands of release
  // folders kept press serve from publishing an edited release for most of a second (0.9 s against 0.1 s at 1,000 releases).
  const entries = (recorded === undefined ? undefined : recordedEntries(recorded)) ?? (await readdir(path, {withFileTypes: true}))
  if (seen !== undefined) log!.folder(resolve(path), seen, entries)
  return entries
}

/** A folder's entries from a record's `name/kind` lines (read-log.ts); undefined when a line is not one, as when a name holds a line break. */
function recordedEntries(lines: string): ListedEntry[] | undefined {
  const entries: ListedEntry[] = []
  for (const line of lines === '' ? [] : lines.split('\n')) {
    const [, name, kind] = /^([^/]+)\/([fdlo])$/.exec(line) ?? []
    if (name === undefined || name === '.' || name === '..') return undefined
    entries.push({name, isFile: () => kind === 'f', isDirectory: () => kind === 'd', isSymbolicLink: () => kind === 'l'})
  }
  return entries
}

/**
 * Reads `path` when it is a regular file of at most `maxBytes`, itself and not
 * a link to one: for press's own files (cache entries, a build's records),
 * where a link, a pipe or a device put in place of one must not hang a command.
 * `seen` is told what was opened before a byte is read, and may refuse it by throwing.
 */
export function readRegularFile(path: string, maxBytes: number, {shown = resolve(path), noHardLinks = false, seen}: {shown?: string; noHardLinks?: boolean; seen?: (info: Stats, fd: number) => void} = {}): Buffer {
  let fd: number
  try {
    // Never blocks on a pipe, never follows a link.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (problem) {
    const code = (problem as NodeJS.ErrnoException).code
    throw new UnreadableFile(shown, code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : code === 'ELOOP' ? 'link' : 'unreadable')
  }
  try {
    const info = fstatSync(fd)
    seen?.(info, fd)
    if (!info.isFile()) throw new UnreadableFile(shown, 'not-a-file')
    // A file with another name elsewhere (a hard link) may be any file of the machine: refused where asked.
    if (noHardLinks && info.nlink > 1) throw new UnreadableFile(shown, 'hard-link')
    if (info.size > maxBytes) throw new UnreadableFile(shown, 'too-large', info.size)
    // One byte more than allowed is asked for, so that a file that grew since is caught.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1)
    let length = 0
    for (let read = -1; read !== 0 && length < buffer.length; length += read) read = readSync(fd, buffer, length, buffer.length - length, null)
    if (length > maxBytes) throw new UnreadableFile(shown, 'too-large', length)
    return buffer.subarray(0, length)
  } catch (problem) {
    if (problem instanceof UnreadableFile) throw problem
    throw new UnreadableFile(shown, 'unreadable')
  } finally {
    closeSync(fd)
  }
}

/** The file's text, read as `readNewsroomFile` reads it. */
export function readNewsroomText(path: string, where: Where): string {
  return readNewsroomFile(path, where).toString('utf8')
}

/** What a refusal means to the person who wrote the path, to follow the file's name in a message. */
export function refusalText(problem: UnreadableFile, limit?: string): string {
  switch (problem.reason) {
    case 'missing':
      return 'is not there'
    case 'link':
      return 'is a symbolic link, or inside one: press reads no links here, so that nothing from elsewhere is published; put the file itself here'
    case 'hard-link':
      return 'is a hard link, a second name of a file kept elsewhere: press reads no links here, so that nothing from elsewhere is published; copy the file here instead'
    case 'outside':
      return 'is, or links to, a file where press may not read it for this (outside the newsroom, or inside releases/, whose files are published only with their release): put the file itself in its place'
    case 'not-a-file':
      return 'is not a regular file (a folder, a device or a pipe): give a file'
    case 'too-large':
      return `is too large${limit ? `: it may be at most ${limit}` : ''}`
    default:
      return 'could not be read: check its permissions'
  }
}

/** Where `path` really is: its deepest existing ancestor's real path, with the rest as written. */
export function realLocation(path: string): string {
  path = resolve(path)
  const rest: string[] = []
  for (let at = path; ; at = dirname(at)) {
    try {
      return join(realpathSync.native(at), ...rest.reverse())
    } catch {
      if (dirname(at) === at) return path
      rest.push(basename(at))
    }
  }
}

function realOf(folder: string): string {
  try {
    return realpathSync.native(folder)
  } catch {
    return resolve(folder)
  }
}

/** Whether `child` is `parent` or below it. */
export function isWithin(parent: string, child: string): boolean {
  const path = relative(parent, child)
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !path.startsWith(sep))
}
