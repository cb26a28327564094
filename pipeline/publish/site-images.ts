// The newsroom's own images, drawn with sharp once and kept in the cache: the
// crest or logo in the page header (as given), a PNG of it for email headers
// (mail clients do not show SVG), a 1200 × 630 social card with it for pages
// with no picture of their own, and the icons browsers show in tabs and on
// home screens. Each is published under assets/ with a name that changes
// with its content, so that browsers may keep it for ever.
import {createHash} from 'node:crypto'
import {extname, join} from 'node:path'
import {isWithin, readNewsroomFile, refusalText, UnreadableFile} from '../lib/newsroom-file.js'
import {packageRoot} from '../source/package-root.js'
import {maxImagePixels} from './media-content.js'
import {encoderVersion, loadSharp} from './image-encoder.js'
import type {Settings} from '../source/settings.js'

interface SiteImage {
  /** Its path in the output, such as `assets/logo-1a2b3c4d.svg`. */
  readonly path: string
  readonly width: number
  readonly height: number
  readonly type: string
}

export interface SiteImages {
  readonly logo?: SiteImage
  readonly emailLogo?: SiteImage
  readonly card?: SiteImage
  readonly icon?: SiteImage
  readonly touchIcon?: SiteImage
  /** Every file to publish, by its path in the output. */
  readonly files: ReadonlyMap<string, Uint8Array>
  /** A hash of them all, for the output keys of the pages that show them. */
  readonly fingerprint: string
  /** A setting whose file is missing or is no image, with what to do. */
  readonly problems: ReadonlyArray<{readonly field: 'logo' | 'favicon'; readonly message: string}>
}

const types: Record<string, string> = {svg: 'image/svg+xml', png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp'}
/** The largest logo or icon file press reads. */
const maxBytes = 2 * 1024 * 1024
/** SVG is drawn at this density, so that its raster copies are sharp. */
const density = 300

/** The images pages and emails show, without their bytes: what render threads need. */
export type SiteLook = Pick<SiteImages, 'logo' | 'emailLogo' | 'card' | 'icon' | 'touchIcon'>

export function lookOf(images: SiteImages): SiteLook {
  const {logo, emailLogo, card, icon, touchIcon} = images
  return {...(logo ? {logo} : {}), ...(emailLogo ? {emailLogo} : {}), ...(card ? {card} : {}), ...(icon ? {icon} : {}), ...(touchIcon ? {touchIcon} : {})}
}

/** A cache of the images once drawn (the build's), and a stamp of the code and packages that drew them. */
export interface DrawnImages {
  readonly cache: {get<T>(key: string): Promise<T | undefined>; set(key: string, value: unknown): Promise<void>}
  readonly stamp: string
}

/**
 * `shown` names a file in messages as the user knows it. With `drawn`, images
 * drawn once from the same files by the same code are taken from its cache,
 * so that a rebuild draws nothing (nor loads sharp).
 */
export async function siteImages(settings: Pick<Settings, 'logo' | 'favicon'>, root: string, shown: (path: string) => string = (path) => path, drawn?: DrawnImages): Promise<SiteImages> {
  const unread: Problem[] = []
  const logoFile = settings.logo ? readImageFile(settings.logo, root, 'logo', unread, shown) : undefined
  const faviconFile = settings.favicon ? readImageFile(settings.favicon, root, 'favicon', unread, shown) : undefined
  if (!logoFile && !faviconFile) return {files: new Map(), fingerprint: fingerprintOf(new Map()), problems: unread}
  // An icon named but unreadable is no icon, where one not named is made from the logo: the key tells them apart.
  const given = (setting: string | undefined, file: ImageFile | undefined) => (file ? [file.path, file.digest] : setting ? 'unread' : 'none')
  // Without a name for the encoder (sharp cannot be loaded to say it), nothing is kept, and drawing says what is wrong.
  const encoder = drawn && (await encoderVersion().catch(() => undefined))
  const key = encoder === undefined ? undefined : createHash('sha256').update(JSON.stringify(['site images', drawn!.stamp, encoder, density, given(settings.logo, logoFile), given(settings.favicon, faviconFile)])).digest('hex')
  const kept = key === undefined ? undefined : keptImages(await drawn!.cache.get<KeptImages>(key))
  if (kept) return {...kept, problems: unread}
  const made = await drawImages(logoFile, settings.favicon ? faviconFile : logoFile, Boolean(settings.favicon))
  // Only what was drawn whole is kept: an image that could not be (perhaps for want of memory that once) is tried again next time.
  // The cache is only a cache: one that cannot be written costs the next build the drawing, never the build.
  if (key !== undefined && made.problems.length === 0) {
    const {files, fingerprint: _fingerprint, problems: _problems, ...images} = made
    await drawn!.cache.set(key, {...images, files: [...files].map(([path, bytes]) => [path, Buffer.from(bytes).toString('base64')])} satisfies KeptImages).catch(() => {})
  }
  return {...made, problems: [...unread, ...made.problems]}
}

type Problem = {field: 'logo' | 'favicon'; message: string}

/** A logo or icon file as read, before sharp looks into it: `path` as messages show it. */
interface ImageFile {
  readonly field: 'logo' | 'favicon'
  readonly path: string
  readonly bytes: Buffer
  /** Its extension, as the format it promises. */
  readonly given: string
  readonly digest: string
}

async function drawImages(logoFile: ImageFile | undefined, iconFile: ImageFile | undefined, ownIcon: boolean): Promise<SiteImages> {
  const sharp = await loadSharp()
  const files = new Map<string, Uint8Array>()
  const problems: Problem[] = []
  const publish = (name: string, bytes: Uint8Array, format: string, width: number, height: number): SiteImage => {
    const extension = format === 'jpeg' ? 'jpg' : format
    const path = `assets/${name}-${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.${extension}`
    files.set(path, bytes)
    return {path, width, height, type: types[format]!}
  }
  const logo = logoFile ? await readImage(logoFile, problems) : undefined
  const iconSource = !ownIcon ? logo : iconFile ? await readImage(iconFile, problems) : undefined
  const images: {-readonly [K in keyof SiteImages]?: SiteImages[K]} = {}
  // A drawing sharp cannot render at the density asked is left out like any unreadable image.
  const drawn = async (field: 'logo' | 'favicon', draw: () => Promise<void>) => {
    try {
      await draw()
    } catch {
      problems.push({field, message: `\`site.${field}\` names an image that could not be drawn at the sizes pages and emails need, so they go without it: export it again, smaller`})
    }
  }
  if (logo) await drawn('logo', async () => {
    images.logo = publish('logo', logo.bytes, logo.format, logo.width, logo.height)
    const email = await sharp(logo.bytes, {density}).resize({height: 128}).png().toBuffer({resolveWithObject: true})
    images.emailLogo = publish('logo-email', email.data, 'png', email.info.width, email.info.height)
    const crest = await sharp(logo.bytes, {density}).resize({width: 1000, height: 420, fit: 'inside'}).png().toBuffer()
    const card = await sharp({create: {width: 1200, height: 630, channels: 3, background: '#ffffff'}}).composite([{input: crest, gravity: 'center'}]).png().toBuffer()
    images.card = publish('card', card, 'png', 1200, 630)
  })
  if (iconSource) await drawn(ownIcon ? 'favicon' : 'logo', async () => {
    // The tab icon keeps its transparency; home screens want an opaque square.
    const square = (size: number, opaque: boolean) => {
      const image = sharp(iconSource.bytes, {density}).resize(size, size, {fit: 'contain', background: opaque ? '#ffffff' : {r: 0, g: 0, b: 0, alpha: 0}})
      return (opaque ? image.flatten({background: '#ffffff'}) : image).png().toBuffer()
    }
    images.icon = publish('icon', await square(32, false), 'png', 32, 32)
    images.touchIcon = publish('touch-icon', await square(180, true), 'png', 180, 180)
  })
  return {...images, files, fingerprint: fingerprintOf(files), problems}
}

function fingerprintOf(files: ReadonlyMap<string, Uint8Array>): string {
  return createHash('sha256').update([...files.keys()].sort().join('\n')).digest('hex')
}

/** Site images as the cache keeps them: each file's bytes in base64, drawn without a problem. */
type KeptImages = Omit<SiteImages, 'files' | 'fingerprint' | 'problems'> & {readonly files: ReadonlyArray<readonly [string, string]>}

/** Each image, with the name its file is published under. */
const imageNames = {logo: 'logo', emailLogo: 'logo-email', card: 'card', icon: 'icon', touchIcon: 'touch-icon'} as const

/**
 * The images a cache entry holds, when it holds them as drawn: each file named
 * by its image and its own content, with the type its extension says, and a
 * drawing that runs or fetches nothing; undefined otherwise, and they are
 * drawn again.
 */
function keptImages(kept: KeptImages | undefined): SiteImages | undefined {
  if (typeof kept !== 'object' || kept === null || !Array.isArray(kept.files)) return undefined
  const given = new Map<string, Buffer>()
  for (const entry of kept.files) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') return undefined
    given.set(entry[0], Buffer.from(entry[1], 'base64'))
  }
  const files = new Map<string, Uint8Array>()
  const images: {-readonly [K in keyof SiteImages]?: SiteImages[K]} = {}
  for (const [field, name] of Object.entries(imageNames) as Array<[keyof typeof imageNames, string]>) {
    const image: unknown = kept[field]
    if (image === undefined) continue
    if (typeof image !== 'object' || image === null) return undefined
    const {path, width, height, type} = image as Record<string, unknown>
    const named = typeof path === 'string' ? new RegExp(`^assets/${name}-([0-9a-f]{10})\\.(svg|png|jpg|webp)$`).exec(path) : null
    const bytes = typeof path === 'string' ? given.get(path) : undefined
    if (!named || !bytes || files.has(path as string) || types[named[2] === 'jpg' ? 'jpeg' : named[2]!] !== type) return undefined
    if (!Number.isInteger(width) || !Number.isInteger(height) || (width as number) < 1 || (height as number) < 1) return undefined
    if (createHash('sha256').update(bytes).digest('hex').slice(0, 10) !== named[1] || (named[2] === 'svg' && activeSvg(bytes))) return undefined
    files.set(path as string, bytes)
    images[field] = {path: path as string, width: width as number, height: height as number, type: type as string}
  }
  // Nothing published that no image names.
  if (files.size !== given.size) return undefined
  return {...images, files, fingerprint: fingerprintOf(files), problems: []}
}

/** The file a logo or icon setting names, read; undefined, with a problem, when it cannot be. */
function readImageFile(path: string, root: string, field: 'logo' | 'favicon', problems: Problem[], shown: (path: string) => string): ImageFile | undefined {
  let bytes: Buffer
  try {
    // The newsroom's own crest stays in the newsroom; the built-in settings' one in press.
    bytes = readNewsroomFile(path, {within: isWithin(packageRoot, path) ? packageRoot : root, outside: join(root, 'releases'), maxBytes})
  } catch (problem) {
    if (!(problem instanceof UnreadableFile)) throw problem
    const message = problem.reason === 'missing' ? `which is not there, so pages and emails go without it: put the file in the newsroom, or correct the name` : problem.reason === 'too-large' ? `which is ${Math.round(problem.size! / 1024)} KB, so pages and emails go without it: a ${field} may be at most ${maxBytes / 1024} KB, use a smaller file` : `which ${refusalText(problem)}; until then pages and emails go without it`
    problems.push({field, message: `\`site.${field}\` names ${shown(path)}, ${message}`})
    return undefined
  }
  return {field, path: shown(path), bytes, given: extname(path).slice(1).toLowerCase().replace('jpg', 'jpeg'), digest: createHash('sha256').update(bytes).digest('hex')}
}

async function readImage({field, path, bytes, given}: ImageFile, problems: Problem[]) {
  const sharp = await loadSharp()
  try {
    const {format, width, height} = await sharp(bytes, {limitInputPixels: false}).metadata()
    if (format && types[format] && width && height && format === given && width * height * (format === 'svg' ? (density / 72) ** 2 : 1) <= maxImagePixels) {
      // A drawing is published as drawn, so it may hold nothing that runs or fetches; a photo is decoded and encoded again, without its metadata.
      if (format === 'svg') return activeSvg(bytes) ? refuseActive(path, field, problems) : {bytes, format, width, height}
      const clean = await sharp(bytes, {limitInputPixels: maxImagePixels, failOn: 'warning'}).rotate().toFormat(format as 'png').toBuffer({resolveWithObject: true})
      return {bytes: clean.data, format, width: clean.info.width, height: clean.info.height}
    }
  } catch {
    // Reported below.
  }
  problems.push({field, message: `\`site.${field}\` names ${path}, which is not an SVG, PNG, JPEG or WebP image as its name says (or is damaged, or larger than ${maxImagePixels / 1_000_000} megapixels), so pages and emails go without it: export it again in one of those formats`})
  return undefined
}

/** Whether a drawing holds a script, an event handler, embedded HTML or a reference to anything outside itself. */
function activeSvg(bytes: Buffer): boolean {
  return /<script|<foreignObject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*["']?(?!#|data:image\/(?:png|jpeg|webp);)|@import|url\(\s*["']?(?!#)/i.test(bytes.toString('utf8'))
}

function refuseActive(path: string, field: 'logo' | 'favicon', problems: Problem[]): undefined {
  problems.push({field, message: `\`site.${field}\` names ${path}, a drawing that holds a script, an event handler or a reference to another file, which a browser would run or fetch on the site's address, so pages and emails go without it: export the drawing again as plain SVG, or as PNG`})
  return undefined
}
