// The files a release keeps beside its text (photos, a PDF programme) and
// names relatively: checked where they are named (a file that is missing, is
// outside the release's folder, is of a kind press does not publish, is too
// large, or an image without alt text, is an error there), then published
// once for all the release's translations under media/<id>/, with names
// that change with their content (media-addresses.ts points the page's and
// the email's addresses at them). Images get their width and height; other
// files are listed in a Downloads block with their type and size. An image
// as the last build saw it is known by the hash of its bytes, unread.
import {basename, extname, relative, resolve, sep} from 'node:path'
import type {VFile} from 'vfile'
import {error} from '../source/diagnostics.js'
import type {MediaRef} from '../model/fragments.js'
import {readNewsroomFile, refusalText, UnreadableFile} from '../lib/newsroom-file.js'
import {contentDigest, isContentDigest, readLog} from '../lib/read-log.js'
import {cached, fileProblem, imageWork, MediaChanged, publishedImage} from './media-content.js'
import {loadSharp} from './image-encoder.js'

export type {MediaRef} from '../model/fragments.js'

export interface MediaFile {
  /** Its path in the output, such as `media/<id>/photo-1a2b3c4d5e.jpg`. */
  readonly path: string
  readonly name: string
  readonly kind: 'image' | 'file'
  /** Its type, as readers know it (PDF, JPEG). */
  readonly label: string
  readonly bytes: number
  readonly width?: number
  readonly height?: number
  /** Smaller copies of an image, for srcset: each width in the original format and in WebP. */
  readonly variants?: ReadonlyArray<{readonly width: number; readonly path: string; readonly webp: string}>
}

/** A file as it is published, its bytes read when its copies are written. */
export type Published = MediaFile & {readonly content: () => Promise<Buffer>; readonly hash: string}

/** The widths smaller copies of an image are made at, when it is wider. */
const variantWidths = [480, 960, 1600]
/** Formats given smaller copies; a GIF may be animated and is published at its own size only. */
const resizable = new Set(['.jpg', '.jpeg', '.png', '.webp'])

const imageTypes: Record<string, string> = {'.jpg': 'JPEG', '.jpeg': 'JPEG', '.png': 'PNG', '.webp': 'WebP', '.gif': 'GIF'}
const fileTypes: Record<string, string> = {'.pdf': 'PDF', '.docx': 'Word', '.xlsx': 'Excel', '.pptx': 'PowerPoint', '.odt': 'OpenDocument', '.ods': 'OpenDocument', '.zip': 'ZIP', '.csv': 'CSV', '.txt': 'Text'}
const maxImageBytes = 10 * 1024 * 1024
const maxFileBytes = 25 * 1024 * 1024

/**
 * Checks every file the translations name and reads what their pages need.
 * Errors go on the translation's file, at the name; the map holds the files
 * that can be published, by the address as written.
 */
export async function releaseMedia(root: string, id: string, translations: ReadonlyArray<{file: VFile; media?: readonly MediaRef[]}>, options: MediaOptions = {}): Promise<{files: Map<string, Published>; ok: boolean}> {
  const files = new Map<string, Published>()
  const refused = new Map<string, string>()
  let ok = true
  for (const {file, media} of translations) {
    for (const ref of media ?? []) {
      // An image without alt text is still looked for, so that one check says everything wrong with it.
      const noAlt = ref.kind === 'image' && !ref.alt?.trim() ? `The image ${ref.url} has no alt text, which is what readers who cannot see it get: write it between the brackets, as in ![The Ambassador opens the festival](${ref.url})` : undefined
      for (const problem of [noAlt, await checked(ref, root, id, files, refused, options)]) {
        if (problem === undefined) continue
        error(file, problem, ref.place, 'media')
        ok = false
      }
    }
  }
  return {files, ok}
}

export interface MediaOptions {
  /** The media cache's folder. */
  readonly cache?: string
  /** press's code, in what the cache keeps of each image. */
  readonly salt?: string
  /** The hash of the bytes of the image at a path when it is as the last build saw it (engine/known-sources.ts): it is then read only if its copies must be made. */
  readonly knownImage?: (path: string) => string | undefined
}

async function checked(ref: MediaRef, root: string, id: string, files: Map<string, Published>, refused: Map<string, string>, {cache, salt, knownImage}: MediaOptions): Promise<string | undefined> {
  const folder = resolve(root, 'releases', id)
  if (refused.has(ref.url)) return refused.get(ref.url)
  if (files.has(ref.url)) return undefined
  const refuse = (problem: string) => {
    refused.set(ref.url, problem)
    return problem
  }
  let name: string
  try {
    name = decodeURIComponent(ref.url.split(/[?#]/)[0]!)
  } catch {
    return refuse(`${ref.url} is not a file name press can read: name the file with letters, digits and hyphens`)
  }
  const source = resolve(folder, name)
  if (!source.startsWith(folder + sep)) return refuse(`${ref.url} is outside this release's folder: put the file in releases/${id}/ and name it from there`)
  const extension = extname(source).toLowerCase()
  const label = ref.kind === 'image' ? imageTypes[extension] : (fileTypes[extension] ?? imageTypes[extension])
  if (!label) return refuse(`${ref.url} is not a kind of file press publishes: ${ref.kind === 'image' ? `show JPEG, PNG, WebP or GIF images` : `link PDF, Word, Excel, PowerPoint, OpenDocument, ZIP, CSV or text files, or images`}`)
  const kind = imageTypes[extension] ? 'image' : 'file'
  const cap = kind === 'image' ? maxImageBytes : maxFileBytes
  // Inside releases/ no link is followed: a link could publish another release's embargoed photo, or any file of the machine.
  const read = () => readNewsroomFile(source, {within: root, noLinks: true, noHardLinks: true, maxBytes: cap})
  const unreadable = (problem: unknown) => {
    if (!(problem instanceof UnreadableFile)) throw problem
    if (problem.reason === 'missing') return refuse(`${ref.url} is not there: put the file in releases/${id}/${relative(folder, source).split(sep).join('/')}, or correct its name`)
    if (problem.reason === 'too-large') return refuse(`${ref.url} is ${megabytes(problem.size!)}; ${kind === 'image' ? 'an image' : 'a file'} may be at most ${megabytes(cap)}: make it smaller, or link to it where it is kept`)
    return refuse(`${ref.url} ${refusalText(problem)}`)
  }
  // An image as the last build saw it is known by the hash of its bytes, which name what was made of it.
  const known = kind === 'image' ? knownImage?.(source) : undefined
  let bytes: Buffer | undefined
  try {
    if (known === undefined) bytes = read()
  } catch (problem) {
    return unreadable(problem)
  }
  // The hash of its bytes: the command's log took it as it read them (a photo is megabytes, a document up to 25),
  // unless the file was read with other bytes before in this command.
  const logged = () => {
    const digest = readLog()?.digest(source)
    return isContentDigest(digest) ? digest : undefined
  }
  let dimensions: {width?: number; height?: number} = {}
  let content = async () => bytes!
  let hash: string
  let size = bytes?.length ?? 0
  if (kind === 'image') {
    // The hash of its bytes names its copy in the cache; known, it is the last build's record's.
    let image
    try {
      image = await publishedImage(bytes ?? (() => sameBytes(read, known!)), extension, cache, known ?? logged(), salt)
    } catch (problem) {
      if (!(problem instanceof MediaChanged) || bytes !== undefined) throw problem
      // Not as it was known after all (or gone, or refused now): read and judged as any photo is.
      try {
        bytes = read()
      } catch (problem) {
        return unreadable(problem)
      }
      image = await publishedImage(bytes, extension, cache, logged(), salt)
    }
    if ('problem' in image) return refuse(`${ref.url} ${image.problem}`)
    dimensions = {width: image.width, height: image.height}
    ;({content, hash, size} = image)
  } else {
    bytes = bytes!
    const problem = fileProblem(bytes, extension, label)
    if (problem) return refuse(`${ref.url} ${problem}`)
    hash = logged() ?? contentDigest(bytes)
  }
  const stem = basename(source, extname(source)).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'file'
  const base = `media/${id}/${stem}-${hash.slice(0, 10)}`
  // One name for one format: a .jpeg is published as .jpg, so the same photo named both ways is one file.
  const published = kind === 'image' && extension === '.jpeg' ? '.jpg' : extension
  const widths = kind === 'image' && resizable.has(extension) && dimensions.width ? [...variantWidths.filter((width) => width < dimensions.width!), dimensions.width] : []
  // A WebP's smaller copies are WebP already: each is its own WebP copy.
  const variants = widths.map((width) => {
    const path = width === dimensions.width ? `${base}${published}` : `${base}-${width}${published}`
    return {width, path, webp: published === '.webp' ? path : `${base}-${width}.webp`}
  })
  files.set(ref.url, {path: `${base}${published}`, name: basename(source), kind, label, bytes: size, ...dimensions, ...(variants.length > 0 ? {variants} : {}), content, hash})
  return undefined
}

/** The bytes of an image known by their hash (`digest`), read when they are needed after all: they must be those. */
function sameBytes(read: () => Buffer, digest: string): Buffer {
  let bytes: Buffer | undefined
  try {
    bytes = read()
  } catch (problem) {
    if (!(problem instanceof UnreadableFile)) throw problem
  }
  if (bytes === undefined || contentDigest(bytes) !== digest) throw new MediaChanged('it changed while press was building: run the build again')
  return bytes
}

/** A size as readers read it: 240 KB, 1.4 MB. */
export function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The files linked (not shown) in a translation, for its Downloads block, in the order first named. */
export function downloadsOf(refs: readonly MediaRef[] | undefined, media: ReadonlyMap<string, MediaFile>): MediaFile[] {
  const listed = new Map<string, MediaFile>()
  for (const ref of refs ?? []) {
    const file = media.get(ref.url)
    if (ref.kind === 'file' && file?.kind === 'file') listed.set(file.path, file)
  }
  return [...listed.values()]
}

/** A hash of the files a release publishes, for the output keys of the pages that name them. */
export function mediaFingerprint(media: ReadonlyMap<string, MediaFile>): string {
  return [...media.values()].map(({path}) => path).sort().join(',')
}

/**
 * A published file's copies, by path in the output: the file, and the smaller
 * and WebP copies of an image, made once and kept in `cache` (by the
 * content's hash, which their names carry) when there is one.
 */
export async function mediaCopies(file: Published, cache?: string): Promise<Array<[string, Uint8Array]>> {
  // Read once, when the copies are written.
  const original = await file.content()
  const copies: Array<[string, Uint8Array]> = [[file.path, original]]
  for (const variant of file.variants ?? []) {
    if (variant.path !== file.path) copies.push([variant.path, await cached(cache, basename(variant.path), () => imageWork(async () => (await loadSharp())(original).resize({width: variant.width}).toBuffer()))])
    if (variant.webp !== variant.path) copies.push([variant.webp, await cached(cache, basename(variant.webp), () => imageWork(async () => (await loadSharp())(original).resize({width: variant.width}).webp({quality: 80}).toBuffer()))])
  }
  return copies
}
