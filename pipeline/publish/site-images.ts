// The newsroom's own images, made once a build with sharp: the crest or logo
// in the page header (as given), a PNG of it for email headers (mail
// clients do not show SVG), a 1200 × 630 social card with it for pages with
// no picture of their own, and the icons browsers show in tabs and on home
// screens. Each is published under assets/ with a name that changes with its
// content, so that browsers may keep it for ever.
import {createHash} from 'node:crypto'
import {extname, join} from 'node:path'
import sharp from 'sharp'
import {isWithin, readNewsroomFile, refusalText, UnreadableFile} from '../lib/newsroom-file.js'
import {packageRoot} from '../source/package-root.js'
import {maxImagePixels} from './media-content.js'
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

/** `shown` names a file in messages as the user knows it. */
export async function siteImages(settings: Pick<Settings, 'logo' | 'favicon'>, root: string, shown: (path: string) => string = (path) => path): Promise<SiteImages> {
  const files = new Map<string, Uint8Array>()
  const problems: Array<{field: 'logo' | 'favicon'; message: string}> = []
  const publish = (name: string, bytes: Uint8Array, format: string, width: number, height: number): SiteImage => {
    const extension = format === 'jpeg' ? 'jpg' : format
    const path = `assets/${name}-${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.${extension}`
    files.set(path, bytes)
    return {path, width, height, type: types[format]!}
  }
  const logo = settings.logo ? await readImage(settings.logo, root, 'logo', problems, shown) : undefined
  const iconSource = settings.favicon ? await readImage(settings.favicon, root, 'favicon', problems, shown) : logo
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
  if (iconSource) await drawn(settings.favicon ? 'favicon' : 'logo', async () => {
    // The tab icon keeps its transparency; home screens want an opaque square.
    const square = (size: number, opaque: boolean) => {
      const image = sharp(iconSource.bytes, {density}).resize(size, size, {fit: 'contain', background: opaque ? '#ffffff' : {r: 0, g: 0, b: 0, alpha: 0}})
      return (opaque ? image.flatten({background: '#ffffff'}) : image).png().toBuffer()
    }
    images.icon = publish('icon', await square(32, false), 'png', 32, 32)
    images.touchIcon = publish('touch-icon', await square(180, true), 'png', 180, 180)
  })
  const fingerprint = createHash('sha256').update([...files.keys()].sort().join('\n')).digest('hex')
  return {...images, files, fingerprint, problems}
}

async function readImage(path: string, root: string, field: 'logo' | 'favicon', problems: Array<{field: 'logo' | 'favicon'; message: string}>, shown: (path: string) => string) {
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
  const given = extname(path).slice(1).toLowerCase().replace('jpg', 'jpeg')
  try {
    const {format, width, height} = await sharp(bytes, {limitInputPixels: false}).metadata()
    if (format && types[format] && width && height && format === given && width * height * (format === 'svg' ? (density / 72) ** 2 : 1) <= maxImagePixels) {
      // A drawing is published as drawn, so it may hold nothing that runs or fetches; a photo is decoded and encoded again, without its metadata.
      if (format === 'svg') return activeSvg(bytes) ? refuseActive(path, field, problems, shown) : {bytes, format, width, height}
      const clean = await sharp(bytes, {limitInputPixels: maxImagePixels, failOn: 'warning'}).rotate().toFormat(format as 'png').toBuffer({resolveWithObject: true})
      return {bytes: clean.data, format, width: clean.info.width, height: clean.info.height}
    }
  } catch {
    // Reported below.
  }
  problems.push({field, message: `\`site.${field}\` names ${shown(path)}, which is not an SVG, PNG, JPEG or WebP image as its name says (or is damaged, or larger than ${maxImagePixels / 1_000_000} megapixels), so pages and emails go without it: export it again in one of those formats`})
  return undefined
}

/** Whether a drawing holds a script, an event handler, embedded HTML or a reference to anything outside itself. */
function activeSvg(bytes: Buffer): boolean {
  return /<script|<foreignObject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*["']?(?!#|data:image\/(?:png|jpeg|webp);)|@import|url\(\s*["']?(?!#)/i.test(bytes.toString('utf8'))
}

function refuseActive(path: string, field: 'logo' | 'favicon', problems: Array<{field: 'logo' | 'favicon'; message: string}>, shown: (path: string) => string): undefined {
  problems.push({field, message: `\`site.${field}\` names ${shown(path)}, a drawing that holds a script, an event handler or a reference to another file, which a browser would run or fetch on the site's address, so pages and emails go without it: export the drawing again as plain SVG, or as PNG`})
  return undefined
}
