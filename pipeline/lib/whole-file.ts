// Files written whole. A file is replaced by writing the new content beside
// it under a name of its own, created exclusively (so a link planted at that
// name is never written through), then renamed over it, so that an
// interrupted write leaves the old file or the new one, never half of either;
// a file that already holds the bytes to write need not be written; and a
// file of a folder no one reads, with no other name, is written over in place.
import {randomBytes} from 'node:crypto'
import {closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, renameSync, rmSync, writeFileSync, writeSync, type Stats} from 'node:fs'

/**
 * Done at once, not promised: a build replaces thousands of small files (its
 * cache entries), and the promised calls cost about eight times the CPU of
 * these, CPU the worker threads need, for the same result.
 */
export async function replaceWhole(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    writeFileSync(temporary, content, {flag: 'wx'})
    renameSync(temporary, path)
  } catch (problem) {
    rmSync(temporary, {force: true})
    throw problem
  }
}

/**
 * Gives a file of a folder no one reads (a build folder being made) the
 * content `bytes`: `same` when it holds them already, `written` when it was
 * written over in place, being a regular file with no other name (so not a
 * file shared with the live site, nor a link planted there), or `not-own`
 * when it is neither and must be replaced instead. It is compared through a
 * handle that only reads, so that a file kept as it was is never opened for
 * writing. Writing in place spares the file system a new file and a removed
 * one for each file a rebuild changes; a folder whose writing is
 * interrupted is never used again.
 */
function overwriteOwn(path: string, bytes: Uint8Array): 'same' | 'written' | 'not-own' {
  const kept = ownFile(path, constants.O_RDONLY, (fd, info) => (info.size === bytes.byteLength && holdsOpen(fd, bytes) ? 'same' : info.nlink === 1 ? info.ino : undefined))
  if (kept === 'same') return 'same'
  if (kept === undefined) return 'not-own'
  // Opened again to write: still the same file, and still its only name.
  const written = ownFile(path, constants.O_WRONLY, (fd, info) => {
    if (info.ino !== kept || info.nlink !== 1) return false
    let done = 0
    while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done, done)
    ftruncateSync(fd, bytes.byteLength)
    return true
  })
  return written === true ? 'written' : 'not-own'
}

/**
 * How a build folder's file is written, as its folder knows it: `new` where
 * nothing is (created, never through a link planted since), `recycled` over
 * the recycled build's file (kept when it holds the bytes already, written in
 * place when no other name shares it, replaced otherwise), `linked` over a
 * link to the live site's file (replaced, never written through).
 */
export type WriteMode = 'new' | 'recycled' | 'linked'

/** Gives the build folder's file `target` the content `bytes`, as `mode` says; done at once, not promised (a build writes thousands). */
export function writeFileAs(target: string, bytes: Uint8Array, mode: WriteMode): void {
  if (mode === 'recycled') {
    if (overwriteOwn(target, bytes) !== 'not-own') return
    rmSync(target, {force: true})
  } else if (mode === 'linked') rmSync(target, {force: true})
  writeFileSync(target, bytes, {flag: 'wx'})
}

/** What `use` makes of the regular file at `path`, opened with `flags` and never through a link; undefined when it is no such file or cannot be opened. */
function ownFile<T>(path: string, flags: number, use: (fd: number, info: Stats) => T): T | undefined {
  let fd: number
  try {
    fd = openSync(path, flags | constants.O_NOFOLLOW)
  } catch {
    return undefined
  }
  try {
    const info = fstatSync(fd)
    return info.isFile() ? use(fd, info) : undefined
  } finally {
    closeSync(fd)
  }
}

/** Whether the open file `fd`, of the same size, holds exactly `bytes`. */
function holdsOpen(fd: number, bytes: Uint8Array): boolean {
  const held = Buffer.allocUnsafe(bytes.byteLength)
  let done = 0
  while (done < held.byteLength) {
    const read = readSync(fd, held, done, held.byteLength - done, done)
    if (read === 0) return false
    done += read
  }
  return held.equals(bytes)
}

/** Makes what was done to the entries of `folder` (files removed, renamed, made) last through a crash of the system; where folders cannot be synced (Windows), nothing. */
export function syncFolder(folder: string): void {
  let fd: number | undefined
  try {
    fd = openSync(folder, constants.O_RDONLY)
    fsyncSync(fd)
  } catch {
    // A file system that cannot sync a folder keeps its order as it may.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
