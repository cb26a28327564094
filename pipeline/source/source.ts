// Reads a release file from disk into a vfile, refusing what cannot be a
// press release: files too large to be one, and bytes that are not UTF-8.
import {resolve} from 'node:path'
import {VFile} from 'vfile'
import {readNewsroomFile, refusalText, UnreadableFile} from '../lib/newsroom-file.js'
import {error, warning} from './diagnostics.js'

export const maxReleaseBytes = 256 * 1024

const decoder = new TextDecoder('utf-8', {fatal: true})

/** What XML 1.0 cannot carry: C0 controls but tab and line feed, U+FFFE and U+FFFF. */
const unpublishable = /[\u0000-\u0008\u000b-\u001f\ufffe\uffff]/
const unpublishableAll = new RegExp(unpublishable.source, 'g')

/**
 * `path` is the file on disk; `shownAs` is how messages name it.
 * The returned file has no value when it could not be read; its messages say why.
 */
export async function readSource(path: string, shownAs: string): Promise<VFile> {
  const read = releaseBytes(path, shownAs)
  return 'file' in read ? read.file : decodeSource(read.bytes, path, shownAs)
}

/**
 * A release file's bytes, read through the newsroom's reader: no link on the
 * way from the newsroom (`releases/<id>/<lang>.md`) to it, a regular file, at
 * most `maxReleaseBytes`. When it cannot be read, a file whose message says why.
 */
export function releaseBytes(path: string, shownAs: string): {bytes: Buffer} | {file: VFile} {
  try {
    return {bytes: readNewsroomFile(path, {within: resolve(path, '..', '..', '..'), noLinks: true, noHardLinks: true, maxBytes: maxReleaseBytes})}
  } catch (problem) {
    if (!(problem instanceof UnreadableFile)) throw problem
    if (problem.reason === 'too-large') return {file: tooLarge(path, shownAs, problem.size!)}
    const file = new VFile({path: shownAs, cwd: '/'})
    file.data.diskPath = path
    error(file, `The file ${refusalText(problem)}`, {line: 1, column: 1}, 'unreadable-file')
    return {file}
  }
}

/** The file that says a release is larger than a release may be. */
function tooLarge(path: string, shownAs: string, size: number): VFile {
  const file = new VFile({path: shownAs, cwd: '/'})
  file.data.diskPath = path
  error(file, `The file is ${Math.round(size / 1024)} KB; a release may be at most ${maxReleaseBytes / 1024} KB. Move large material to a linked document`, {line: 1, column: 1}, 'file-too-large')
  return file
}

/** Turns a release file's bytes into text every later stage can rely on, or says why it cannot. */
export function decodeSource(bytes: Uint8Array, path: string, shownAs: string): VFile {
  const file = new VFile({path: shownAs, cwd: '/'})
  file.data.diskPath = path
  try {
    // The decoder drops a leading byte order mark; every stage after this sees LF line endings.
    const decoded = decoder.decode(bytes)
    // Kept as written, so that `press format` can tell whether its result differs.
    file.data.written = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? `\ufeff${decoded}` : decoded
    const text = decoded.replace(/\r\n?/g, '\n')
    // Markdown would turn a NUL into U+FFFD, and XML forbids the other control
    // characters and U+FFFE/U+FFFF: never meant in a release, they go, with a word.
    const found = text.search(unpublishable)
    if (found !== -1) {
      const before = text.slice(0, found).split('\n')
      const what = text[found] === '\u0000' ? 'NUL characters' : 'control characters or noncharacters'
      warning(file, `The file holds ${what}, which were removed: check the text around them for damage`, {line: before.length, column: before.at(-1)!.length + 1}, text[found] === '\u0000' ? 'nul-character' : 'control-character')
    }
    file.value = found === -1 ? text : text.replace(unpublishableAll, '')
  } catch {
    error(file, 'The file is not UTF-8 text: save it as UTF-8 in your editor and build again', pointOfBadByte(bytes), 'not-utf8')
  }
  return file
}

/** Finds the line and column of the first byte that is not valid UTF-8. */
function pointOfBadByte(bytes: Uint8Array) {
  let low = 0
  let high = bytes.length
  // The longest valid prefix: binary search on whether a prefix decodes,
  // allowing a prefix that merely ends inside a character.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (decodesAsPrefix(bytes.subarray(0, middle))) low = middle
    else high = middle - 1
  }
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, low), {stream: true})
  const lines = text.split('\n')
  return {line: lines.length, column: [...lines[lines.length - 1]!].length + 1}
}

function decodesAsPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', {fatal: true}).decode(bytes, {stream: true})
    return true
  } catch {
    return false
  }
}
