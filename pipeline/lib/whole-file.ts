// Files written whole. A file is replaced by writing the new content beside
// it under a name of its own, created exclusively (so a link planted at that
// name is never written through), then renamed over it, so that an
// interrupted write leaves the old file or the new one, never half of either;
// a file that already holds the bytes to write need not be written; and a
// file of a folder no one reads, with no other name, is written over in place.
import {randomBytes} from 'node:crypto'
import {closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, renameSync, rmSync, writeFileSync, writeSync} from 'node:fs'

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
 * when it is neither and must be replaced instead. Writing in place spares
 * the file system a new file and a removed one for each file a rebuild
 * changes; a folder whose writing is interrupted is never used again.
 */
export function overwriteOwn(path: string, bytes: Uint8Array): 'same' | 'written' | 'not-own' {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_NOFOLLOW)
  } catch {
    return 'not-own'
  }
  try {
    const info = fstatSync(fd)
    if (!info.isFile()) return 'not-own'
    if (info.size === bytes.byteLength && holdsOpen(fd, bytes)) return 'same'
    if (info.nlink !== 1) return 'not-own'
    let done = 0
    while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done, done)
    ftruncateSync(fd, bytes.byteLength)
    return 'written'
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
