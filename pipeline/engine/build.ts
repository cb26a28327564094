// `press build`: the whole newsroom through every stage into the output
// folder. The session (settings, locales, templates) is made once; every
// release is read and what is public decided (phase one), then what is
// public is published, once (phase two), and the output is switched to the
// new build only if no file had an error.
import {join, resolve} from 'node:path'
import type {VFile} from 'vfile'
import {hasErrors} from '../source/diagnostics.js'
import type {HeldBack} from '../source/embargo.js'
import {datedByBuild, emitSiteIndexes, type SiteWriter} from '../publish/emit-site.js'
import {openIndexAhead, publishingRuns, searchOf, startSearch, type IndexAhead} from './search-run.js'
import {ReadLog, type ReadRecord} from '../lib/read-log.js'
import {forgetBuildRecord, keepBuildRecord, knownSources, reportOf} from './build-record.js'
import {codeVersion} from './code-version.js'
import type {Locale} from '../model/locale.js'
import {withOutput} from './output.js'
import {DryRun, type OutputWriter} from './staging.js'
import {SiteMap, type Entry} from '../publish/pages.js'
import {inOrder, settled} from './pool.js'
import {emailListFile, emailListText} from '../publish/email-list.js'
import type {Publisher} from './publish-translation.js'
import {defaultCacheFolder, feedTextKeeper, FragmentCache} from './cache.js'
import {FragmentSource} from './fragment-source.js'
import {outputKeysFile, outputKeysText, readOutputKeys, readStringUse, siteFileKeeper, StringKeys, stringUseFile, stringUseText} from './output-keys.js'
import {templateProblem} from '../publish/templates.js'
import {templateSource} from '../publish/template-files.js'
import {rewriteBulletins} from '../publish/bulletin.js'
import type {RenderContext} from '../publish/render-translation.js'
import type {Rules} from '../publish/decide.js'
import {mediaCopiesUsed, useMediaCopies} from '../publish/media-content.js'
import {publicTranslations, readRelease, releaseOutputs, type ReadRelease, type ReleaseRun, type TranslationStatus} from './release-run.js'
import {keepEmailStyles, openSession, type Session} from './session.js'
import {canPrint, pdfPublishing} from './pdf-printer.js'
import {reusedOutput} from './output-switch.js'

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
  /** The most the cache may hold, in bytes (512 MB by default): what this build did not use is pruned past it. */
  readonly cacheBytes?: number
  /** Worker threads: 0 for none; default one per core when the newsroom is not small. */
  readonly workers?: number
  /** Build a preview, as `press serve` does, never into the newsroom's output folder: drafts and embargoed releases too, each file under a banner saying so. */
  readonly preview?: boolean
  /** Folders of the previous output not to take files from, such as those press serve wrote itself since (`en/<id>/`). */
  readonly distrust?: readonly string[]
  /** Go through every stage but write nothing, as `press check` does. */
  readonly dryRun?: boolean
  /** With `dryRun`, stop once what is public is decided, as `press schedule` does: nothing is rendered or checked further. */
  readonly decideOnly?: boolean
  /** Show each normalization's note, for `press check`. */
  readonly notes?: boolean
  /** Told each time a release is read, then each time one is written, with how many of how many are. */
  readonly progress?: (done: number, total: number, noun: 'releases read' | 'releases written') => void
  /** Told when the build waits for another command, or clears what an interrupted one left. */
  readonly notice?: (text: string) => void
  /** The folders the last build listed, with what each held (its record's): one still as that build saw it is not listed again. */
  readonly listed?: ReadRecord['folders']
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
  /** Translations this build parsed, the others' fragments coming from the cache. */
  readonly parsed: number
  /** Sources this build read from disk, the others being as the last build saw them. */
  readonly opened: number
  /** The translations' files this build rendered, by path; the others were the previous build's. */
  readonly rendered: readonly string[]
  /** What lists, feeds and bulletins need of each published translation. */
  readonly entries: readonly Entry[]
  readonly held: Readonly<Record<HeldBack, number>>
  /** Each translation found, and whether it is published at the build time and if not why. */
  readonly statuses: readonly TranslationStatus[]
  /** The newsroom's languages, in its order; none when its settings could not be read. */
  readonly languagesOfNewsroom: readonly string[]
  /** Whether the newsroom sends email, so that each release has one. */
  readonly emails: boolean
  /** What the build was made with, for a command that goes on from it (press bulletin). */
  readonly session?: Session
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  // Every file the build reads of the newsroom is noted, for the next build to know without reading.
  const log = new ReadLog(options.listed)
  return log.record(() => buildWith(options, log))
}

async function buildWith(options: BuildOptions, log: ReadLog): Promise<BuildResult> {
  useMediaCopies([], true)
  const root = resolve(options.root)
  const cwd = options.cwd ?? process.cwd()
  const files: VFile[] = []
  const result = {ok: false, files, pages: 0, releases: 0, translations: 0, languages: 0, bulletins: 0, read: 0, parsed: 0, opened: 0, rendered: [] as string[], entries: [] as Entry[], held: {draft: 0, embargoed: 0}, statuses: [] as TranslationStatus[], languagesOfNewsroom: [] as readonly string[], emails: false, session: undefined as Session | undefined}

  // A dry run (press check, press schedule) reads the cache the builds keep, and writes nothing in it; a build writes it too.
  const readCache = options.cache === false ? undefined : resolve(root, options.cache ?? defaultCacheFolder)
  const cacheFolder = options.dryRun ? undefined : readCache
  if (cacheFolder) FragmentCache.claim(cacheFolder, root)
  const cache = readCache && (cacheFolder || FragmentCache.claimable(readCache, root)) ? new FragmentCache(readCache, options.notice, options.dryRun === true) : undefined
  const session = await openSession({root, cwd, ...(options.width === undefined ? {} : {width: options.width}), notes: options.notes === true, ...(cache ? {cache} : {}), ...(options.onLocales ? {onLocales: options.onLocales} : {})}, files)
  if (!session || (!options.dryRun && !canPrint(session, files))) return result
  result.session = session
  const {newsroom, settings, locales} = session
  result.languagesOfNewsroom = settings.languages
  result.emails = settings.email !== undefined
  const translations = newsroom.releases.reduce((sum, release) => sum + release.translations.length, 0)
  // What the last build into this output knew of the sources, so that those unchanged are not read again.
  const known = cache ? knownSources({root, cacheFolder: cache.folder, out: options.dryRun ? join(root, 'output') : options.out}, await codeVersion()) : undefined
  const fragments = await FragmentSource.open({session, translations, preview: options.preview === true, ...(cache ? {cache} : {}), ...(known ? {known} : {}), ...(options.workers === undefined ? {} : {workers: options.workers, noThreads: options.workers === 0})})
  const rules: Rules = {now: options.now, preview: options.preview === true, staleNote: settings.staleNote, defaultLanguage: settings.defaultLanguage}
  const run: ReleaseRun = {session, fragments, rules, ...(cacheFolder ? {cacheFolder} : {})}
  const ids = new Set(newsroom.releases.map(({id}) => id))
  const exists = (id: string) => ids.has(id)
  /** The embargo times of every release: what the build decides changes only when the time passes one. */
  const embargoes = new Set<number>()
  let printing: ReturnType<typeof pdfPublishing>, ahead: IndexAhead | undefined
  const buildInto = async (staging: OutputWriter, previous: string | undefined) => {
    // Phase one: what every translation is, and what is public now; meanwhile Pagefind's service starts, for the first index.
    ahead = settings.search && !options.dryRun ? openIndexAhead() : undefined
    let counted = 0
    const read = await inOrder(newsroom.releases, concurrentReleases, async (source) => {
      const release = await readRelease(run, source, exists)
      options.progress?.(++counted, newsroom.releases.length, 'releases read')
      return release
    })
    for (const release of read) {
      if (release.embargo !== undefined) embargoes.add(release.embargo)
      files.push(...release.files)
      result.read += release.read
      result.opened += release.opened
      result.statuses.push(...release.statuses)
    }
    // press schedule asks only what is public when: nothing is published, not even checked.
    if (options.decideOnly) return {commit: false, value: {...result, ok: !hasErrors(files)}}
    const isPublic = publicTranslations(read)
    // What will not be published is let go of at once, rather than held until the end.
    for (const release of read) for (const translation of release.publishable) if (!release.decided?.published.some(({key}) => key === translation.key)) await fragments.forget(translation.key)
    // Phase two: the public translations published once, with what phase one decided; once any file has failed, the rest are only checked.
    // Bulletins come from the build's own previous output only (reusedOutput says where files are taken from).
    const from = await reusedOutput(previous, root, options)
    const reuse = from === undefined ? undefined : {previous: from, before: await readOutputKeys(from), after: new Map<string, string>(), usedBefore: await readStringUse(from), usedAfter: new Map<string, readonly string[]>(), strings: new StringKeys((lang, key) => locales.get(lang)?.stringsOf(key) ?? 'no such language')}
    for (const path of [...(reuse?.before.keys() ?? [])]) if (options.distrust?.some((folder) => path.startsWith(folder))) reuse!.before.delete(path)
    const after = reuse?.after ?? new Map<string, string>()
    const writer: SiteWriter = {site: new SiteMap(settings, locales, session.data.look), templates: session.templates, staging, stylesheet: templateSource(session.data.templates, 'assets/style.css'), fonts: session.fonts, images: session.images.files, keepFeedText: feedTextKeeper(cache), takeKept: siteFileKeeper(staging, session.sitemapKey, after, reuse)}
    const here: RenderContext = {site: writer.site, templates: session.templates, width: session.data.width, ...(session.email ? {email: session.email} : {}), ...(session.data.paper ? {paper: session.data.paper} : {})}
    const render = async (job: Parameters<Publisher['render']>[0]) => {
      const made = await fragments.render(job, here)
      for (const [path] of [...(made.written ?? []), ...made.files]) result.rendered.push(path)
      return made
    }
    printing = options.dryRun ? undefined : pdfPublishing(session, staging)
    const publisher: Publisher = {writer, email: session.email !== undefined, render, ...(printing ? {print: printing.print} : {})}
    let failed = hasErrors(files)
    let released = 0
    // Pagefind, in a process of its own, indexes each year's releases once they are written, beside the rest of the build.
    const search = settings.search && !options.dryRun ? await startSearch(writer, read, {...(reuse ? {previous: reuse.previous, before: reuse.before} : {}), after, ...(ahead ? {ahead} : {})}) : undefined
    let entries: Entry[] = []
    let whole = false
    try {
      const publishRelease = async (release: ReadRelease) => {
        const outputs = await releaseOutputs(run, release, publisher, isPublic, {exists, write: !failed, ...(reuse ? {reuse} : {})})
        failed ||= !outputs.ok
        if (outputs.publications.length > 0) result.releases++
        for (const reason of release.decided?.held ?? []) result.held[reason]++
        const published = (await settled(outputs.publications.map(({publish}) => publish()))).filter((entry): entry is Entry => entry !== undefined)
        failed ||= hasErrors(release.files)
        if (!failed) await search?.add(published)
        options.progress?.(++released, read.length, 'releases written')
        return published
      }
      // Edited releases first, then those of the search indexes they change, so that those are made while the others are published.
      const done = new Map<ReadRelease, Entry[]>()
      for (const batch of search ? publishingRuns(read) : [read]) (await inOrder(batch, concurrentReleases, publishRelease)).forEach((published, index) => done.set(batch[index]!, published))
      entries = read.flatMap((release) => done.get(release) ?? [])
      // Every translation is published: its threads and held bodies are let go, so the lists, search and records do not hold their memory.
      await fragments.close()
      whole = !hasErrors(files)
    } finally {
      // A build that stops here waits for the indexes being made: nothing is written into a folder after it is let go.
      if (!whole) await search?.settle()
    }
    result.parsed = fragments.made
    if (hasErrors(files)) return {commit: false, value: result}
    result.entries = entries
    result.translations = entries.length
    // The lists, feeds and sitemap are written while Pagefind makes the last indexes.
    const searched = search ? searchOf(search, writer, templateSource(session.data.templates, 'assets/search.js'), files) : Promise.resolve(0)
    const [indexes, searchPages] = await settled([emitSiteIndexes(writer, entries, options.now), searched])
    result.pages = entries.length + indexes! + searchPages!
    result.languages = new Set(entries.map(({lang}) => lang)).size
    if (previous !== undefined) result.bulletins = await rewriteBulletins(staging, previous, session.email, writer.site, entries, options.now)
    await staging.write(outputKeysFile, outputKeysText(after, await codeVersion()))
    if (reuse) await staging.write(stringUseFile, stringUseText(reuse.usedAfter, await codeVersion()))
    // A preview holds drafts and embargoed releases: it lists nothing to send, so that press send --new cannot mail one.
    if (session.email && !options.preview) await staging.write(emailListFile, emailListText(entries, settings.languages, settings.email!, options.now))
    return {commit: true, value: {...result, ok: true}}
  }
  const lock = {command: 'press build', ...(options.wait === undefined ? {} : {wait: options.wait}), ...(options.notice ? {notice: options.notice} : {})}
  try {
    if (options.dryRun) return (await buildInto(new DryRun(), undefined)).value
    if (options.preview && resolve(options.out) === resolve(root, 'output')) throw new Error('A preview is never built into the output folder')
    // A plain build keeps its record, so that the next one with nothing changed has nothing to do; under the lock, named by the
    // folder it made, so that two builds one after the other never leave one's record beside the other's output.
    const keep = async (built: BuildResult, folder: string) => {
      if (!cacheFolder || options.preview || options.distrust) return
      const report = {files: reportOf(files), pages: built.pages, releases: built.releases, translations: built.translations, languages: built.languages, held: built.held, heldBack: built.statuses.filter(({status}) => status === 'draft' || status === 'embargoed')}
      const recorded = {root, cwd, out: options.out, cacheFolder, ...(options.width === undefined ? {} : {width: options.width}), notes: options.notes === true}
      await keepBuildRecord(recorded, folder, {now: options.now.getTime(), embargoes: [...embargoes].sort((a, b) => a - b), usesBuildTime: datedByBuild(built.entries), read: log.toJSON(), report}, fragments.book.knowledge(log))
    }
    const afterCommit = async (built: BuildResult, folder: string) => {
      // The site is published: a cache that cannot be written costs the next build time, and is said, never more.
      try {
        if (cache) await keepEmailStyles(session, cache)
        await cache?.prune(options.cacheBytes, () => new Set([...fragments.liveKeys(), ...mediaCopiesUsed()]))
        await keep(built, folder)
      } catch (problem) {
        await forgetBuildRecord({root, cacheFolder: cacheFolder!, out: options.out}).catch(() => {})
        options.notice?.(`the cache could not be written (${(problem as Error).message}): the site is published, and the next build reads every release`)
      }
    }
    // A preview's live folder takes press serve's quick writes, which its record of keys does not know: never recycled.
    const built = await withOutput({out: options.out, root, languages: settings.languages, lock, recycle: !options.preview, afterCommit}, (staging) => buildInto(staging, staging.out))
    return built
  } catch (problem) {
    const template = templateProblem(problem, cwd)
    if (!template) throw problem
    files.push(template)
    return {...result, ok: false}
  } finally {
    await ahead?.drop()
    await fragments.close()
    await printing?.close()
  }
}
