// `press build`: the whole newsroom through every stage into the output
// folder. Settings, locales, processors and templates are made once; releases
// then stream through a few at a time, and the output is switched to the new
// build only if no file had an error.
import {relative, resolve} from 'node:path'
import {VFile} from 'vfile'
import {hasErrors, warning} from '../source/diagnostics.js'
import {lookOf, siteImages} from '../publish/site-images.js'
import {siteFonts} from '../publish/fonts.js'
import {heldBack, releaseEmbargo, type HeldBack} from '../source/embargo.js'
import {emitSiteIndexes, type SiteWriter} from '../publish/emit-site.js'
import {defaultWidth} from '../publish/emit-text.js'
import {openNewsroom, type ReleaseSource} from '../source/newsroom.js'
import type {Locale} from '../source/locales.js'
import {DryRun, withOutput, type OutputWriter} from './output.js'
import {SiteMap, type Entry} from '../publish/pages.js'
import {downloadsOf, emailColumn, mediaCopies, mediaFingerprint, megabytes, releaseMedia, withMedia, type MediaFile} from '../publish/release-media.js'
import {inOrder, settled} from './pool.js'
import {emailListFile, emailListText} from '../publish/email-list.js'
import {publishTranslation, type Publishable, type Publisher} from './publish-translation.js'
import {defaultCacheFolder, FragmentCache, hash} from './cache.js'
import {codeVersion, FragmentSource} from './fragment-source.js'
import {outputGroups, outputKeys, outputKeysFile, outputKeysText, readOutputKeys, type OutputGroup} from './output-keys.js'
import {restoreMessages, type Bodies, type SiteLink} from './fragments.js'
import {releaseBytes} from '../source/source.js'
import {createTemplates, templateFingerprints, templateProblem, templateSource} from '../publish/templates.js'
import {bulletinEntries, composeBulletin, readBulletinRecords, recordsFile, recordsText} from '../publish/bulletin.js'
import {emailContextOf, emailFramesOf, type EmailContext} from '../publish/emit-email.js'
import type {Lead} from '../model/published.js'
import type {RenderContext} from '../publish/render-translation.js'
import {decideRelease, pageState, type Rules} from '../publish/decide.js'

/** Releases in flight at once: enough to keep the disk busy while the processor works. */
const concurrentReleases = 16

export interface BuildOptions {
  /** The newsroom folder, holding `releases/`. */
  readonly root: string
  /** The output folder, replaced whole by a successful build. */
  readonly out: string
  /** The build time: embargoes later than this hold a release back. */
  readonly now: Date
  /** Folder that file names in messages are relative to. */
  readonly cwd?: string
  /** Display columns of the print-ready text; 72 by default. */
  readonly width?: number
  /** How long to wait for another command writing the same output, in milliseconds. */
  readonly wait?: number
  /** The cache folder, relative to the newsroom (default `.communique-cache`), or false for none. */
  readonly cache?: string | false
  /** Worker threads: 0 for none; default one per core when the newsroom is not small. */
  readonly workers?: number
  /**
   * Build a preview, as `press serve` does: drafts and embargoed releases are
   * published too, each file marked with a banner saying so. Never into the
   * newsroom's output folder.
   */
  readonly preview?: boolean
  /** Folders of the previous output not to take files from, such as those press serve wrote itself since (`en/<id>/`). */
  readonly distrust?: readonly string[]
  /** Go through every stage but write nothing, as `press check` does. */
  readonly dryRun?: boolean
  /** Record each normalization as a note, for `press check`. */
  readonly notes?: boolean
  /** Told each time a release is done, with how many of how many are. */
  readonly progress?: (done: number, total: number) => void
  /** Told when the build waits for another command, or clears what an interrupted one left. */
  readonly notice?: (text: string) => void
  /** More checks of the languages, once they are loaded; their messages are reported with the build's. */
  readonly onLocales?: (locales: ReadonlyMap<string, Locale>, defaultLanguage: string) => VFile[]
}

export interface BuildResult {
  readonly ok: boolean
  /** Every file read, with its messages. */
  readonly files: VFile[]
  readonly pages: number
  readonly releases: number
  readonly translations: number
  readonly languages: number
  readonly bulletins: number
  /** Translations whose files could be read as text. */
  readonly read: number
  /** What lists, feeds and bulletins need of each published translation. */
  readonly entries: readonly Entry[]
  readonly held: Readonly<Record<HeldBack, number>>
  /** Each translation found, and whether it is published at the build time and if not why. */
  readonly statuses: readonly TranslationStatus[]
  /** The newsroom's languages, in its order; none when its settings could not be read. */
  readonly languagesOfNewsroom: readonly string[]
  /** Whether the newsroom sends email, so that each release has one. */
  readonly emails: boolean
}

export interface TranslationStatus {
  readonly id: string
  readonly lang: string
  /** `invalid`: it has errors, so it is not even considered; `withdrawn`: its page stays, with a notice, out of every list. */
  readonly status: 'published' | HeldBack | 'invalid' | 'withdrawn'
  /** For an embargoed one, when the embargo ends, as the writer wrote it and as epoch milliseconds. */
  readonly until?: string
  readonly untilTime?: number
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const root = resolve(options.root)
  const cwd = options.cwd ?? process.cwd()
  const files: VFile[] = []
  const result = {ok: false, files, pages: 0, releases: 0, translations: 0, languages: 0, bulletins: 0, read: 0, entries: [] as Entry[], held: {draft: 0, embargoed: 0}, statuses: [] as TranslationStatus[], languagesOfNewsroom: [] as readonly string[], emails: false}

  const newsroom = await openNewsroom(root, cwd, files)
  if (!newsroom) return result
  const {settings, locales} = newsroom
  result.languagesOfNewsroom = settings.languages
  result.emails = settings.email !== undefined
  if (options.onLocales) files.push(...options.onLocales(locales, settings.defaultLanguage))
  const templates = createTemplates(root)
  const fonts = await siteFonts(locales.values(), settings.webFonts)
  for (const name of fonts.missing) {
    const file = new VFile({path: 'newsroom.yaml', cwd: '/'})
    warning(file, `The web font package ${name}, named under \`webFonts\` in a locale.json, is not installed, so the site is set in the readers' own fonts: run npm install ${name}`, undefined, 'missing-web-font')
    files.push(file)
  }
  const images = await siteImages(settings, root, (path) => relative(cwd, path))
  // The site is published without an image it cannot read: a missing crest should not hold back a statement.
  for (const {field, message} of images.problems) warning(files[0]!, message, placeOf(files[0]!, `  ${field}:`), 'site-image')
  const look = lookOf(images)
  const email = emailContextOf(templates, settings, look)
  const width = options.width ?? defaultWidth
  const cacheFolder = options.dryRun || options.cache === false ? undefined : resolve(root, options.cache ?? defaultCacheFolder)
  if (cacheFolder) FragmentCache.claim(cacheFolder, root)
  const cache = cacheFolder ? new FragmentCache(cacheFolder, options.notice) : undefined
  const translations = newsroom.releases.reduce((sum, release) => sum + release.translations.length, 0)
  const emailFrames = email && emailFramesOf(email, locales)
  const fragments = await FragmentSource.open({root, cwd, settings, locales, width, notes: options.notes === true, translations, look, ...(emailFrames ? {emailFrames} : {}), ...(cache ? {cache} : {}), ...(options.workers === undefined ? {} : {workers: options.workers})})

  // Everything site-wide that each group of a translation's files depends on, by language: its templates,
  // its language's strings (with the default language's, which stand in for missing ones), every language's
  // name and direction (for the switcher), the settings and press's code.
  const templateKeys = await templateFingerprints(root)
  const base = hash(await codeVersion(), JSON.stringify(settings), images.fingerprint, String(width), JSON.stringify([...locales.values()].map(({code, name, dir}) => [code, name, dir])))
  const siteKeys = new Map(
    [...locales].map(([lang, locale]) => {
      const language = hash(base, locale.fingerprint)
      return [lang, {page: hash(language, 'page', templateKeys.page), text: hash(language, 'text'), email: hash(language, 'email', templateKeys.email)}]
    })
  )

  const buildInto = async (staging: OutputWriter, previous: string | undefined) => {
    const before = previous === undefined ? new Map<string, string>() : await readOutputKeys(previous)
    for (const path of [...before.keys()]) if (options.distrust?.some((folder) => path.startsWith(folder))) before.delete(path)
    const after = new Map<string, string>()
    const writer: SiteWriter = {site: new SiteMap(settings, locales, look), templates, staging, stylesheet: templateSource(root, 'assets/style.css'), fonts, images: images.files}
    const here: RenderContext = {site: writer.site, templates, width, ...(email ? {email} : {})}
    const publisher: Publisher = {writer, email: email !== undefined, render: (job) => fragments.render(job, here)}
    const ids = new Set(newsroom.releases.map(({id}) => id))
    // Translations that link to other releases, checked once the build knows which are public.
    const linking: Array<{translation: Publishable; source: ReleaseSource; targets: SiteLink[]; languages: readonly string[]; embargo: number | undefined}> = []
    let failed = hasErrors(files)
    const rules: Rules = {now: options.now, preview: options.preview === true, staleNote: settings.staleNote, defaultLanguage: settings.defaultLanguage}
    let released = 0
    const done = await inOrder(newsroom.releases, concurrentReleases, async (source) => {
      const finished = await publishRelease(source)
      options.progress?.(++released, newsroom.releases.length)
      return finished
    })
    async function publishRelease(source: ReleaseSource) {
      const read = await settled(source.translations.map((translation) => fragmentsOf(fragments, source.id, translation)))
      const own = read.map(({file}) => file)
      result.read += read.filter(({fragments}) => fragments?.read).length
      failed ||= hasErrors(own)
      const publishable = read.flatMap(({file, lang, fragments, key, textKey}) => (fragments?.release ? [{id: source.id, lang, file, key: key!, textKey: textKey!, ...fragments.release}] : []))
      const embargo = releaseEmbargo(publishable)
      for (const translation of publishable) missingTargets(translation, ids)
      const media = await releaseMedia(root, source.id, publishable, cacheFolder)
      failed ||= !media.ok
      result.statuses.push(...statusesOf(source, publishable, embargo, options.now))
      // Once any file has failed, the rest are only checked, not published.
      if (failed) return {own, entries: []}
      const decided = decideRelease(publishable, embargo, rules)
      const {languages, held} = decided
      // Its files are published with it, and only with it.
      const published = decided.published.map((translation) => withFilesOf(translation, media.files, writer.site))
      for (const reason of held) result.held[reason]++
      if (published.length > 0) {
        result.releases++
        for (const [path, bytes] of await mediaCopies(media.files, cacheFolder)) await staging.write(path, bytes)
      }
      const entries = await settled(
        published.map((translation) => {
          const folder = `${translation.lang}/${source.id}/`
          const keys = outputKeys(folder, siteKeys.get(translation.lang)!, {page: translation.textKey, text: translation.textKey, email: translation.key}, languages, embargo, `${pageState(translation)}|${mediaFingerprint(media.files)}`)
          for (const [path, key] of keys) after.set(path, key)
          const unchanged = (group: OutputGroup) => outputGroups[group].every((name) => before.get(`${folder}${name}`) === keys.get(`${folder}${name}`))
          return publishTranslation(publisher, translation, languages, embargo, previous === undefined ? undefined : {out: previous, unchanged})
        })
      )
      for (const translation of published) {
        const targets = translation.links.filter((link) => ids.has(link.id))
        if (targets.length > 0) linking.push({translation, source, targets, languages, embargo})
      }
      failed ||= hasErrors(own)
      return {own, entries}
    }
    const entries: Entry[] = done.flatMap((release) => release.entries)
    files.push(...done.flatMap((release) => release.own))
    if (hasErrors(files)) return {commit: false, value: result}
    const isPublic = publicOf(entries)
    for (const {translation, source, targets, languages, embargo} of linking) {
      const hidden = targets.filter((target) => !isPublic(target)).map((target) => `${target.lang}/${target.id}`)
      if (hidden.length === 0) continue
      // Rare: made again from its source, without the links that would leak.
      const again = await fragmentsOf(fragments, source.id, source.translations.find(({lang}) => lang === translation.lang)!, hidden)
      restoreMessages(translation.file, again.fragments!.messages.filter((message) => message.ruleId === 'unpublished-link'))
      const folder = `${translation.lang}/${translation.id}/`
      staging.rewrite(folder)
      for (const path of [...after.keys()]) if (path.startsWith(folder)) after.delete(path)
      await publishTranslation(publisher, {...translation, ...again.fragments!.release!}, languages, embargo)
    }
    result.entries = entries
    result.translations = entries.length
    result.pages = entries.length + (await emitSiteIndexes(writer, entries, options.now))
    result.languages = new Set(entries.map(({lang}) => lang)).size
    if (previous !== undefined) result.bulletins = await rewriteBulletins(staging, previous, email, writer.site, entries)
    await staging.write(outputKeysFile, outputKeysText(after))
    // A preview holds drafts and embargoed releases: it lists nothing to send, so that press send --new cannot mail one.
    if (email && !options.preview) await staging.write(emailListFile, emailListText(entries, settings.languages, settings.email!))
    return {commit: true, value: {...result, ok: true}}
  }
  const lock = {command: 'press build', ...(options.wait === undefined ? {} : {wait: options.wait}), ...(options.notice ? {notice: options.notice} : {})}
  try {
    if (options.dryRun) return (await buildInto(new DryRun(), undefined)).value
    if (options.preview && resolve(options.out) === resolve(root, 'output')) throw new Error('A preview is never built into the output folder')
    const built = await withOutput({out: options.out, root, languages: settings.languages, lock}, (staging) => buildInto(staging, staging.out))
    if (built.ok) await cache?.prune()
    return built
  } catch (problem) {
    const template = templateProblem(problem, cwd)
    if (!template) throw problem
    files.push(template)
    return {...result, ok: false}
  } finally {
    await fragments.close()
  }
}

/** A translation's fragments with the addresses of the release's files pointing at their published copies, and its Downloads. */
export function withFilesOf<T extends Publishable>(translation: T, files: ReadonlyMap<string, MediaFile>, site: SiteMap): T {
  if (files.size === 0) return translation
  const {lang, id} = translation
  const absolute = (html: string | undefined) => html && withMedia(html, files, (path) => site.url(path), {base: site.url(`${lang}/${id}/`), width: emailColumn})
  const bodies = async (): Promise<Bodies> => {
    const made = await translation.bodies()
    const absoluteBody = absolute(made.absolute)
    const inlined = absolute(made.inlined)
    return {
      ...made,
      page: withMedia(made.page, files, (path) => site.href(`${lang}/${id}/index.html`, path)),
      ...(absoluteBody === undefined ? {} : {absolute: absoluteBody}),
      ...(inlined === undefined ? {} : {inlined})
    }
  }
  return {
    ...translation,
    bodies,
    downloads: downloadsOf(translation.media, files).map((file) => ({path: file.path, name: file.name, label: file.label, size: megabytes(file.bytes)})),
    ...leadOf(translation.frontMatter.image, files)
  }
}

/** The lead image as published: where its copy is, its size, and its words in this translation. */
function leadOf(image: Publishable['frontMatter']['image'], files: ReadonlyMap<string, MediaFile>): {lead?: Lead} {
  const file = image && files.get(image.src)
  if (!image || !file?.width || !file.height) return {}
  return {lead: {path: file.path, width: file.width, height: file.height, ...(file.variants ? {variants: file.variants} : {}), alt: image.alt, ...(image.caption ? {caption: image.caption} : {}), ...(image.credit ? {credit: image.credit} : {})}}
}

/** Where `text` starts a line of `file`, for a message about that line of the settings. */
function placeOf(file: VFile, text: string) {
  const lines = String(file.value ?? '').split('\n')
  const line = lines.findIndex((one) => one.startsWith(text))
  return line === -1 ? undefined : {line: line + 1, column: text.length - text.trimStart().length + 1}
}

/** Reads one translation's bytes and gets its fragments; its messages go on a file named as the user knows it. */
export async function fragmentsOf(source: FragmentSource, id: string, translation: ReleaseSource['translations'][number], hidden?: string[]) {
  const {lang, path, shownAs} = translation
  // Read at once: thousands of small files, each of which a promised read takes four trips to the thread pool to read.
  const read = releaseBytes(path, shownAs)
  if ('file' in read) return {lang, file: read.file, fragments: undefined}
  const {key, textKey, fragments} = await source.make({id, lang, path, shownAs, bytes: read.bytes, ...(hidden ? {hidden} : {})})
  const file = new VFile({path: shownAs, cwd: '/'})
  restoreMessages(file, fragments.messages)
  return {lang, file, fragments, key, textKey}
}

function statusesOf(source: ReleaseSource, publishable: ReadonlyArray<{lang: string; frontMatter: Publishable['frontMatter']}>, embargo: number | undefined, now: Date): TranslationStatus[] {
  // The release's embargo as the writer wrote it, in the translation that gives it.
  const until = publishable.find(({frontMatter}) => frontMatter.embargoTime === embargo)?.frontMatter.embargo
  return source.translations.map(({lang}): TranslationStatus => {
    const translation = publishable.find((one) => one.lang === lang)
    if (!translation) return {id: source.id, lang, status: 'invalid'}
    const reason = heldBack(translation.frontMatter, embargo, now)
    if (reason === 'embargoed') return {id: source.id, lang, status: reason, until: until!, untilTime: embargo!}
    return {id: source.id, lang, status: reason ?? (translation.frontMatter.status === 'withdrawn' ? 'withdrawn' : 'published')}
  })
}

/** Warns of each link to a release page of this site that no release of the newsroom makes. */
function missingTargets(translation: {file: VFile; links: readonly SiteLink[]}, ids: ReadonlySet<string>) {
  for (const link of translation.links) {
    if (ids.has(link.id)) continue
    warning(translation.file, `The link to ${link.lang}/${link.id}/ leads nowhere: there is no release ${link.id} in releases/. Check the address`, link.place, 'missing-link-target')
  }
}

function publicOf(entries: readonly Entry[]): (target: SiteLink) => boolean {
  const published = new Set(entries.map(({lang, id}) => `${lang}/${id}`))
  return (target) => published.has(`${target.lang}/${target.id}`)
}

/**
 * Writes again every bulletin the previous output recorded, listing only the
 * releases public in this build; a bulletin left with none is dropped.
 */
async function rewriteBulletins(staging: OutputWriter, previous: string, email: EmailContext | undefined, site: SiteMap, entries: readonly Entry[]): Promise<number> {
  if (!email) return 0
  const kept = []
  for (const record of await readBulletinRecords(previous)) {
    const locale = site.locales.get(record.lang)
    const listed = bulletinEntries(entries, record)
    if (!locale || listed.length === 0) continue
    for (const [path, content] of await composeBulletin(email, site.settings.siteUrl, locale, listed, record)) await staging.write(path, content)
    kept.push(record)
  }
  if (kept.length > 0) await staging.write(recordsFile, recordsText(kept))
  return kept.length
}
