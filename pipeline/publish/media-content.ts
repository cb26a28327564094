// What a file beside a release really is, read from its bytes rather than
// its name: every image is decoded in full and encoded again by sharp before
// it is published (turned upright, its metadata, GPS position and camera
// included, left behind, its size bounded from its header before decoding),
// and any other file must begin as its kind of file begins. The results are
// kept in the media cache, each entry with the hash of its name and content.
import {createHash} from 'node:crypto'
import {mkdir, rm, utimes} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {readRegularFile} from '../lib/newsroom-file.js'
import {contentDigest, isContentDigest} from '../lib/read-log.js'
import {slots} from '../lib/slots.js'
import {replaceWhole} from '../lib/whole-file.js'
import {encoderVersion, loadSharp} from './image-encoder.js'

const day = 24 * 60 * 60 * 1000

/** The most pixels an image may have (a 50-megapixel camera's), read from its header before it is decoded. */
export const maxImagePixels = 50_000_000

/** sharp's name of the format each extension promises. */
const formats: Record<string, 'jpeg' | 'png' | 'webp' | 'gif'> = {'.jpg': 'jpeg', '.jpeg': 'jpeg', '.png': 'png', '.webp': 'webp', '.gif': 'gif'}
const formatNames: Record<string, string> = {jpeg: 'JPEG', png: 'PNG', webp: 'WebP', gif: 'GIF', tiff: 'TIFF', svg: 'SVG', heif: 'HEIF', avif: 'AVIF', jp2k: 'JPEG 2000', pdf: 'PDF', magick: 'unknown', raw: 'raw'}

/** An image as published: its size, the hash of its published bytes, and those bytes, read when asked for. */
export type Decoded = {readonly width: number; readonly height: number; readonly hash: string; readonly size: number; readonly content: () => Promise<Buffer>} | {readonly problem: string}

/**
 * The image as it is published: decoded and encoded again, upright, without
 * metadata. `problem` says, to follow the image's name, why it cannot be.
 * `hashed`: the hash of its bytes (read-log.ts), when it was taken already;
 * `source` may then be a reader of them, called only when they are needed.
 * What an image with these bytes was found to be is kept in the cache, by
 * their hash and `salt` (press's code), so that a rebuild takes its size and
 * name from there and reads its published copy only when it is written.
 */
export async function publishedImage(source: Buffer | (() => Buffer), extension: string, cache?: string, hashed?: string, salt = ''): Promise<Decoded> {
  const format = formats[extension]
  if (!format) return {problem: 'is not an image press publishes'}
  // Given as a reader, with the hash of its bytes, an image is read only when what is made of it is not in the cache.
  let read: Buffer | undefined
  const bytesOf = () => (read ??= typeof source === 'function' ? source() : source)
  const digest = hashed ?? contentDigest(bytesOf())
  const original = () => cached(cache, `original-${digest}${extension}`, async () => encoded(bytesOf(), format))
  const memo = `checked-${createHash('sha256').update(`${salt}\0${await encoderVersion()}\0${digest}\0${extension}`).digest('hex')}`
  const known = checkedBefore(await kept(cache, memo))
  if (known) {
    copiesUsed.add(`original-${digest}${extension}`)
    // Its name and size were taken from what was kept: the bytes written must be those.
    const content = async () => {
      // What is not as checked is checked anew by the next build.
      // The cache is only a cache: one that cannot be written to is no fault of the release.
      const forget = () => (cache ? rm(join(cache, 'media', memo), {force: true}).catch(() => undefined) : undefined)
      const bytes = await original().catch(async (problem: unknown) => {
        // The image itself, read to make its copy again, is not as it was known.
        if (problem instanceof MediaChanged) await forget()
        throw problem
      })
      if (bytes.length === known.size && contentDigest(bytes) === known.hash) return bytes
      await forget()
      throw new MediaChanged('its copy in the cache is not the one press checked: run the build again, and press checks the image anew')
    }
    return {...known, content}
  }
  const bytes = bytesOf()
  const sharp = await loadSharp()
  let header
  try {
    header = await sharp(bytes, {limitInputPixels: false}).metadata()
  } catch {
    return {problem: `is not a ${formatNames[format]} image, or is damaged: export it again as ${formatNames[format]}`}
  }
  const found = header.format as string
  if (found !== format) return {problem: `is ${article(formatNames[found] ?? found)} file, not the ${formatNames[format]} image its name says: export it as ${formatNames[format]}`}
  const pixels = (header.width ?? 0) * (header.pageHeight ?? header.height ?? 0) * (header.pages ?? 1)
  if (!header.width || !header.height) return {problem: `has no size in its header: export it again as ${formatNames[format]}`}
  if (pixels > maxImagePixels) return {problem: `is ${header.width} × ${header.height} pixels${(header.pages ?? 1) > 1 ? ` in ${header.pages} frames` : ''}, more than the ${maxImagePixels / 1_000_000} megapixels an image may have: make it smaller`}
  const content = await original().catch(() => undefined)
  if (!content) return {problem: `is damaged or cut short, so it cannot be shown: export it again as ${formatNames[format]}`}
  const {width, height} = await sharp(content, {limitInputPixels: maxImagePixels}).metadata()
  const checked = {width: width!, height: height!, hash: contentDigest(content), size: content.length}
  await keep(cache, memo, Buffer.from(JSON.stringify(checked)))
  return {...checked, content: async () => content}
}

/** What the cache kept of an image checked before, when it is that. */
function checkedBefore(kept: Buffer | undefined): {width: number; height: number; hash: string; size: number} | undefined {
  if (!kept) return undefined
  try {
    const {width, height, hash, size} = JSON.parse(kept.toString('utf8')) as Record<string, unknown>
    const whole = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0
    return whole(width) && whole(height) && whole(size) && isContentDigest(hash) ? {width, height, hash, size} : undefined
  } catch {
    return undefined
  }
}

/**
 * Runs work that decodes a whole image two at a time, whatever the releases
 * in flight: each holds the decoded pixels and its encoder's buffers (tens of
 * megabytes for a camera's photo, 150 for the largest allowed), and two
 * keep both cores busy. A cold build of 300 releases with a photo of its own
 * each (the bench's) peaked at 870 MB with up to four at once (one for each
 * of libuv's threads), at 761 MB with two, in 119 against 123 s.
 */
export const imageWork = slots(2)

/** Decodes the whole image and encodes it again: upright, in sRGB, with no metadata (sharp keeps none unless told). */
function encoded(bytes: Buffer, format: 'jpeg' | 'png' | 'webp' | 'gif'): Promise<Buffer> {
  return imageWork(async () => {
    const sharp = await loadSharp()
    // A truncated or damaged image fails here, as a warning of its decoder is an error.
    const image = sharp(bytes, {limitInputPixels: maxImagePixels, failOn: 'warning', animated: format === 'gif' || format === 'webp'})
    if (format === 'gif') return image.gif().toBuffer()
    const upright = image.rotate()
    if (format === 'jpeg') return upright.jpeg({quality: 90, mozjpeg: true}).toBuffer()
    if (format === 'png') return upright.png().toBuffer()
    return upright.webp({quality: 90}).toBuffer()
  })
}

/** How each kind of other file begins; an Office or OpenDocument file is a ZIP that names its kind inside. */
const signatures: Record<string, (bytes: Buffer) => boolean> = {
  '.pdf': (bytes) => bytes.subarray(0, 5).toString('latin1') === '%PDF-',
  '.zip': isZip,
  '.docx': (bytes) => isZip(bytes) && bytes.includes('word/'),
  '.xlsx': (bytes) => isZip(bytes) && bytes.includes('xl/'),
  '.pptx': (bytes) => isZip(bytes) && bytes.includes('ppt/'),
  '.odt': (bytes) => isZip(bytes) && bytes.subarray(30, 100).toString('latin1').startsWith('mimetypeapplication/vnd.oasis.opendocument.text'),
  '.ods': (bytes) => isZip(bytes) && bytes.subarray(30, 100).toString('latin1').startsWith('mimetypeapplication/vnd.oasis.opendocument.spreadsheet'),
  '.csv': isText,
  '.txt': isText
}

/** Whether a file that is not an image is what its extension says; a problem to follow its name when not. */
export function fileProblem(bytes: Buffer, extension: string, label: string): string | undefined {
  const matches = signatures[extension]
  if (!matches) return 'is not a kind of file press publishes'
  if (!matches(bytes)) return `is not ${article(label)} file as its name says: save it again as ${label}, or give it the extension of what it is`
  return undefined
}

/** A kind's name with its article, as it is read aloud: an SVG, a PNG, an Excel. */
function article(name: string): string {
  return `${/^([AEIOU]|SVG)/i.test(name) ? 'an' : 'a'} ${name}`
}

function isZip(bytes: Buffer): boolean {
  return bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
}

/** UTF-8 text with no NUL: what a reader's spreadsheet or editor opens as text. */
function isText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false
  try {
    new TextDecoder('utf-8', {fatal: true}).decode(bytes)
    return true
  } catch {
    return false
  }
}

/** The names of the media copies the build has taken, made or kept from the previous output: pruning the cache after it leaves them (engine/cache.ts). */
const copiesUsed = new Set<string>()

export function mediaCopiesUsed(): ReadonlySet<string> {
  return copiesUsed
}

/** Marks copies in the cache as in use by this build, though it did not read them; `fresh` first forgets the last build's. */
export function useMediaCopies(names: Iterable<string>, fresh = false): void {
  if (fresh) copiesUsed.clear()
  for (const name of names) copiesUsed.add(name)
}

/**
 * A copy in the cache that is not what was kept of it, or an image not as it
 * was known when read: checking the image, it is read and judged anew
 * (release-media.ts); writing its copies, the release is not published, and
 * the next build checks its images again.
 */
export class MediaChanged extends Error {
  override name = 'MediaChanged'
}

/** The copies being made, by cache and name: releases sharing a photo, published at once, wait for one making. */
const making = new Map<string, Promise<Buffer>>()

/**
 * A file made from an image, from the media cache when it is there and whole,
 * or made and kept there. Each entry starts with the hash of its name and
 * bytes, so that a damaged entry, or one copied from another name, is made
 * again. A name holds its content's hash: a copy of that name being made
 * meanwhile is the same, and is waited for (one that fails is made again by
 * one of those waiting, the others waiting for that one).
 */
export async function cached(cache: string | undefined, name: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const found = await kept(cache, name)
  if (found) return found
  const key = `${cache ?? ''}\0${name}`
  // After a making that failed, the first of those waiting makes it, and the others wait again.
  for (let other = making.get(key); other !== undefined; other = making.get(key)) {
    const bytes = await other.catch(() => undefined)
    if (bytes) return bytes
  }
  const made = (async () => {
    const bytes = await make()
    await keep(cache, name, bytes)
    return bytes
  })()
  making.set(key, made)
  try {
    return await made
  } finally {
    if (making.get(key) === made) making.delete(key)
  }
}

/** The entry `name` of the media cache, when it is there and whole. */
async function kept(cache: string | undefined, name: string): Promise<Buffer | undefined> {
  copiesUsed.add(name)
  if (!cache) return undefined
  const path = join(cache, 'media', name)
  let bytes: Buffer | undefined
  let written = 0
  try {
    bytes = readRegularFile(path, 64 * 1024 * 1024, {seen: (info) => (written = info.mtimeMs)})
  } catch {
    // Not made yet, or not a file press made.
  }
  if (!bytes || bytes.length <= 65 || bytes[64] !== 0x0a) return undefined
  const content = bytes.subarray(65)
  if (bytes.subarray(0, 64).toString('latin1') !== digest(name, content)) return undefined
  // A copy in use stays young, so that pruning the cache (oldest first) takes the ones no build needs.
  if (Date.now() - written > day) await utimes(path, new Date(), new Date()).catch(() => {})
  return content
}

async function keep(cache: string | undefined, name: string, bytes: Buffer): Promise<void> {
  if (!cache) return
  const path = join(cache, 'media', name)
  // The cache is only a cache: if it cannot be written, the copy made is used all the same.
  await mkdir(dirname(path), {recursive: true}).catch(() => undefined)
  // Two processes sharing the cache may make a copy at once: each writes a temporary file of its own, and whichever is renamed last stays.
  await replaceWhole(path, Buffer.concat([Buffer.from(`${digest(name, bytes)}\n`, 'latin1'), bytes])).catch(() => undefined)
}

function digest(name: string, content: Uint8Array): string {
  return createHash('sha256').update(name).update('\0').update(content).digest('hex')
}
