// A build's session: everything site-wide the releases are made with, made
// once per command from the newsroom (settings, locales, templates, the
// site's images and fonts, the email's frame) with the keys saying which
// outputs depend on which of it. Its `data` is the plain-data part that
// worker threads receive and make their stages of, never reading the disk.
import {relative} from 'node:path'
import type nunjucks from 'nunjucks'
import {VFile} from 'vfile'
import {emailContextOf, emailFramesOf, isEmailFrame, type EmailContext} from '../publish/emit-email.js'
import {rememberStyles, styleMemoryText, type StyleMemory} from '../publish/style-memory.js'
import {defaultWidth} from '../publish/emit-text.js'
import {siteFonts, type SiteFonts} from '../publish/fonts.js'
import {lookOf, siteImages, type DrawnImages, type SiteImages, type SiteLook} from '../publish/site-images.js'
import {createTemplates, templateFingerprints, templateProblem} from '../publish/templates.js'
import {readTemplates, templateProblems, type TemplateSet} from '../publish/template-files.js'
import {error, warning} from '../source/diagnostics.js'
import type {LocaleSources} from '../source/locales.js'
import type {Locale} from '../model/locale.js'
import {openNewsroom, type Newsroom} from '../source/newsroom.js'
import type {EmailSettings, Settings} from '../source/settings.js'
import {searchEngineProblem} from '../publish/search.js'
import {paperOf, type Paper} from '../source/publishing-settings.js'
import {hash} from './cache.js'
import {codeVersion} from './code-version.js'
import {packageRoot} from '../source/package-root.js'

/** What a thread needs to make fragments and files exactly as the main thread would. */
export interface SessionData {
  readonly settings: Settings
  readonly locales: LocaleSources
  readonly templates: TemplateSet
  readonly look: SiteLook
  /** Display columns of the print-ready text. */
  readonly width: number
  /** Show each normalization's note, for `press check`. */
  readonly notes: boolean
  /** Each language's email frame, which the email body's styles come from. */
  readonly emailFrames?: Readonly<Record<string, string>>
  /** The paper of the releases' PDFs; none are made without it. */
  readonly paper?: Paper
  /** What juice had taught the main thread of the email frames when the threads started (publish/style-memory.ts). */
  readonly emailStyles?: StyleMemory
}

interface EmailStyles {
  readonly key: string
  readonly frames: readonly string[]
  /** What the builds before had taught, as text (style-memory.ts). */
  readonly before: string
}

/** What each group of a translation's files depends on site-wide, by language. */
interface SiteKeys {
  readonly page: string
  readonly text: string
  readonly email: string
  readonly pdf: string
}

export interface Session {
  readonly root: string
  readonly cwd: string
  readonly newsroom: Newsroom
  readonly settings: Settings
  readonly locales: ReadonlyMap<string, Locale>
  readonly templates: nunjucks.Environment
  readonly images: SiteImages
  readonly fonts: SiteFonts
  readonly email?: EmailContext
  /** Where what juice taught is kept for the build's email frames, and what the builds before had taught. */
  readonly emailStyles?: EmailStyles
  readonly siteKeys: ReadonlyMap<string, SiteKeys>
  /** The same for the sitemap, which every language's releases are in. */
  readonly sitemapKey: string
  readonly data: SessionData
}

export interface SessionOptions {
  readonly root: string
  readonly cwd: string
  readonly width?: number
  readonly notes?: boolean
  /** Send the emails to this address instead of the newsroom's list (press embargoed's advance copies). */
  readonly emailTo?: string
  /** The build's cache, where the newsroom's images are kept once drawn. */
  readonly cache?: DrawnImages['cache']
  /** More checks of the languages, once they are loaded; their files are reported with the session's. */
  readonly onLocales?: (locales: ReadonlyMap<string, Locale>, defaultLanguage: string) => VFile[]
}

/**
 * Opens the newsroom and makes its session; the files read go to `files` with
 * their messages, and the session is undefined when the settings or locales
 * are unusable.
 */
export async function openSession(options: SessionOptions, files: VFile[]): Promise<Session | undefined> {
  const {root, cwd} = options
  const opened = await openNewsroom(root, cwd, files)
  if (!opened) return undefined
  // Advance copies go to the one address given, whatever the language: no language's list stands in for it.
  const email = options.emailTo && opened.settings.email ? {...withoutLists(opened.settings.email), to: options.emailTo} : opened.settings.email
  const searchProblem = opened.settings.search ? searchEngineProblem() : undefined
  if (searchProblem) {
    const file = new VFile({path: 'newsroom.yaml', cwd: '/'})
    warning(file, `Search cannot be made on this machine (${searchProblem}), so the site is published without it: run npm install again, or set \`search: false\` to say so`, undefined, 'no-search')
    files.push(file)
  }
  const settings: Settings = email === opened.settings.email && !searchProblem ? opened.settings : {...opened.settings, ...(email ? {email} : {}), ...(searchProblem ? {search: false} : {})}
  const newsroom = {...opened, settings}
  const {locales} = newsroom
  if (options.onLocales) files.push(...options.onLocales(locales, settings.defaultLanguage))
  let templateSet: TemplateSet
  try {
    templateSet = await readTemplates(root)
  } catch (problem) {
    const file = templateProblem(problem, cwd)
    if (!file) throw problem
    files.push(file)
    return undefined
  }
  // A template that cannot be read is an error on its own file, even where only another template names it.
  for (const {path, problem} of templateProblems(templateSet)) {
    const file = new VFile({path: relative(cwd, path), cwd: '/'})
    error(file, `${problem}. Correct it, or remove it to use the built-in template`, undefined, 'unreadable-template')
    files.push(file)
  }
  const templates = createTemplates(templateSet)
  const fonts = await siteFonts(locales.values(), settings.webFonts)
  for (const name of fonts.missing) {
    const file = new VFile({path: 'newsroom.yaml', cwd: '/'})
    warning(file, `The web font package ${name}, named under \`webFonts\` in a locale.json, is not installed, so the site is set in the readers' own fonts: run npm install ${name}`, undefined, 'missing-web-font')
    files.push(file)
  }
  const images = await siteImages(settings, root, (path) => relative(cwd, path), options.cache ? {cache: options.cache, stamp: await codeVersion()} : undefined)
  // The site is published without an image it cannot read: a missing crest should not hold back a statement.
  const settingsFile = files[0]!
  for (const {field, message} of images.problems) warning(settingsFile, message, placeOf(settingsFile, `  ${field}:`), 'site-image')
  const look = lookOf(images)
  const emailContext = emailContextOf(templates, settings, look)
  const width = options.width ?? defaultWidth

  // Everything site-wide that each group of a translation's files depends on, by language: its templates,
  // its language's locale.json (with those it falls back to), every language's name, direction, tags and script
  // (for the switcher and the alternates), the settings and press's code. The UI strings each file shows are added file by file (output-keys.ts).
  const templateKeys = templateFingerprints(templateSet)
  const base = hash(await codeVersion(), portable(settings, root), images.fingerprint, String(width), JSON.stringify([...locales.values()].map(({code, name, dir, intl, ogLocale, script}) => [code, name, dir, intl, ogLocale, script])))
  const siteKeys = new Map(
    [...locales].map(([lang, locale]) => {
      const language = hash(base, locale.fragmentFingerprint)
      return [lang, {page: hash(language, 'page', templateKeys.page), text: hash(language, 'text'), email: hash(language, 'email', templateKeys.email), pdf: hash(language, 'pdf', templateKeys.pdf)}]
    })
  )
  const framesKey = hash('email frames', ...[...locales.keys()].flatMap((lang) => [lang, siteKeys.get(lang)!.email]))
  const emailFrames = emailContext && (await framesKept(emailContext, locales, framesKey, options.cache))
  const emailStyles = emailFrames && options.cache && (await stylesKept(hash('email styles', framesKey), Object.values(emailFrames), options.cache))
  const paper = settings.pdf && paperOf(settings.pdf, locales.get(settings.defaultLanguage)!.intl)
  const data: SessionData = {settings, locales: newsroom.localeSources, templates: templateSet, look, width, notes: options.notes === true, ...(emailFrames ? {emailFrames} : {}), ...(paper ? {paper} : {})}
  return {root, cwd, newsroom, settings, locales, templates, images, fonts, ...(emailContext ? {email: emailContext} : {}), ...(emailStyles ? {emailStyles} : {}), siteKeys, sitemapKey: hash(base, 'sitemap', templateKeys.sitemap), data}
}

/**
 * Each language's email frame, kept in the cache under the keys of what
 * emails are made from (templates, settings, crest, locale, code), so that a
 * rebuild renders none.
 */
async function framesKept(context: EmailContext, locales: ReadonlyMap<string, Locale>, key: string, cache: SessionOptions['cache']): Promise<Record<string, string>> {
  const kept = await cache?.get<Record<string, unknown>>(key)
  // Each a frame around one body, as emailFramesOf makes them.
  if (kept && typeof kept === 'object' && Object.entries(kept).every(([lang, frame]) => locales.has(lang) && isEmailFrame(frame))) return kept as Record<string, string>
  const frames = emailFramesOf(context, locales)
  // The cache is only a cache: one that cannot be written costs the next build the frames, never the build.
  await cache?.set(key, frames).catch(() => {})
  return frames
}

/** What juice taught the builds before of these frames (style-memory.ts), taken into this process. */
async function stylesKept(key: string, frames: readonly string[], cache: NonNullable<SessionOptions['cache']>): Promise<EmailStyles> {
  rememberStyles(await cache.get(key))
  return {key, frames, before: styleMemoryText(frames)}
}

/** What juice may teach is bounded (frame-rules.ts, context-styles.ts, inline-shape.ts); past this, it is not kept (characters). */
const keptStylesAtMost = 8 * 1024 * 1024

/** Keeps in the cache what juice taught this process of the build's email frames, when it taught anything. */
export async function keepEmailStyles(session: Session, cache: NonNullable<SessionOptions['cache']>): Promise<void> {
  const styles = session.emailStyles
  if (!styles) return
  const now = styleMemoryText(styles.frames)
  if (now !== styles.before && now.length <= keptStylesAtMost) await cache.set(styles.key, JSON.parse(now))
}

/**
 * The settings as the output keys see them: the newsroom's files and press's
 * own named from where they are, so that a newsroom moved to another folder
 * or machine (a CI runner restoring its cache and output) keeps its keys.
 */
function portable(settings: Settings, root: string): string {
  // How the site is deployed changes no file of it.
  const {deploy: _deploy, ...made} = settings
  return JSON.stringify(made, (_, value: unknown) => {
    if (typeof value !== 'string') return value
    if (value.startsWith(`${root}/`)) return `newsroom:${relative(root, value)}`
    return value.startsWith(`${packageRoot}/`) ? `press:${relative(packageRoot, value)}` : value
  })
}

/** Where `text` starts a line of `file`, for a message about that line of the settings. */
export function placeOf(file: VFile, text: string) {
  const lines = String(file.value ?? '').split('\n')
  const line = lines.findIndex((one) => one.startsWith(text))
  return line === -1 ? undefined : {line: line + 1, column: text.length - text.trimStart().length + 1}
}

function withoutLists(email: EmailSettings): EmailSettings {
  const {lists: _lists, ...rest} = email
  return rest
}
