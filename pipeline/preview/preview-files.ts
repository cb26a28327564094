// The one check every file press serve answers with passes: really in the
// preview's current build, reached through no symbolic link planted since it
// was built, opened as it was checked. A file is read at once, not promised:
// the builds run on the server's thread, and each promised step waited behind
// their work (a page just published again was served 30 to 40 ms after it was
// asked for, at 4,000 releases). Past 32 MB (none that press makes: its
// documents are at most 25 MB) it is streamed from the handle checked, so that
// no request holds the thread or more memory than a stream's buffer.
import {closeSync, constants, createReadStream, fstatSync, lstatSync, openSync, readlinkSync, realpathSync, statSync, type ReadStream, type Stats} from 'node:fs'
import {basename, dirname, join, sep} from 'node:path'
import {buildsFolder} from '../engine/output-switch.js'
import {readRegularFile} from '../lib/newsroom-file.js'

/** The largest file read at once; a larger one is streamed. */
const readAtOnce = 32 * 1024 * 1024

/** A file of the preview, checked: its bytes, or a stream of its `size` bytes when larger than readAtOnce. */
export type PreviewFile = {readonly bytes: Buffer} | {readonly stream: ReadStream; readonly size: number}

/** The file a path names: itself, or the index.html of a folder. */
export function fileAt(path: string): string | undefined {
  try {
    const found = statSync(path)
    if (found.isFile()) return path
    if (found.isDirectory() && statSync(join(path, 'index.html'), {throwIfNoEntry: false})) return join(path, 'index.html')
  } catch {
    // Not there.
  }
  return undefined
}

/**
 * `file` when it is really in the preview's build: the newsroom's preview
 * folder its own (no link in its place), its builds' folder its own by its
 * own name, its site leading to a build there, and the file inside that
 * build, opened as it was checked and, on Linux, where the system says the
 * opened file is. A symbolic link planted in any of these places since the
 * build, which the next build refuses, leads nowhere meanwhile. With
 * `largest`, a larger file is undefined rather than streamed.
 */
export function previewFile(site: string, file: string, largest?: number): PreviewFile | undefined {
  try {
    const own = dirname(site)
    if (!lstatSync(own).isDirectory()) return undefined
    const [realOwn, builds, build, real] = [own, buildsFolder(site), site, file].map((path) => realpathSync.native(path)) as [string, string, string, string]
    if (builds !== join(realOwn, basename(buildsFolder(site))) || dirname(build) !== builds || !real.startsWith(build + sep)) return undefined
    const checked = statSync(real)
    const asChecked = (info: Stats, fd: number) => info.isFile() && info.dev === checked.dev && info.ino === checked.ino && openedWithin(fd, build)
    if (largest === undefined && checked.size > readAtOnce) return streamed(real, asChecked)
    // Read as press reads its own files: never through a link, never waiting on a pipe, its size bounded.
    const bytes = readRegularFile(real, largest ?? readAtOnce, {
      seen: (info, fd) => {
        if (!asChecked(info, fd)) throw new Error('not the file checked')
      }
    })
    return {bytes}
  } catch {
    return undefined
  }
}

/** A stream of the file at `real`, opened as readRegularFile opens one, of its size when opened; undefined when it is not `asChecked`. */
function streamed(real: string, asChecked: (info: Stats, fd: number) => boolean): PreviewFile | undefined {
  const fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    const info = fstatSync(fd)
    if (!asChecked(info, fd) || info.size === 0) {
      closeSync(fd)
      return undefined
    }
    // Its size as opened, however it grows meanwhile; the stream closes the handle.
    return {stream: createReadStream(real, {fd, start: 0, end: info.size - 1}), size: info.size}
  } catch {
    closeSync(fd)
    return undefined
  }
}

/**
 * Whether the file open as `fd` is inside `build` where the system says it
 * is (Linux's /proc), so that a folder on its way swapped for a link between
 * the check and the opening is noticed; true where the system cannot say.
 */
function openedWithin(fd: number, build: string): boolean {
  let where: string
  try {
    where = readlinkSync(`/proc/self/fd/${fd}`)
  } catch {
    return true
  }
  return where.startsWith(build + sep)
}
