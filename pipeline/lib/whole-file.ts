// Files written whole. A file is replaced by writing the new content beside
// it under a name of its own, created exclusively (so a link planted at that
// name is never written through), then renamed over it, so that an
// interrupted write leaves the old file or the new one, never half of either;
// and a file that already holds the bytes to write need not be written.
import {randomBytes} from 'node:crypto'
import {lstatSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'

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

/** Whether the regular file at `path` holds exactly `bytes`; read only when the sizes agree. */
export function holdsBytes(path: string, bytes: Uint8Array): boolean {
  try {
    const info = lstatSync(path)
    return info.isFile() && info.size === bytes.byteLength && readFileSync(path).equals(bytes)
  } catch {
    return false
  }
}
