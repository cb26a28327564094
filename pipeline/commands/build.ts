// `press build`: the whole newsroom through every stage into the output
// folder. Settings, locales, processors and templates are made once; releases
// then stream through a few at a time, and the output is switched to the new
// build only if no file had an error.
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import {hasErrors} from '../source/diagnostics.js'
import {heldBack, releaseEmbargo, type HeldBack} from '../source/embargo.js'
import {emitSiteIndexes, type SiteWriter} from '../publish/emit-site.js'
import {defaultWidth} from '../publish/emit-text.js'
import {openNewsroom, type ReleaseSource} from '../source/newsroom.js'
import {dropUnpublishedLinks, linkedReleases, type ReleaseTarget} from '../publish/release-links.js'
import {DryRun, withOutput, type OutputWriter} from '../engine/output.js'
import {SiteMap, type Entry} from '../publish/pages.js'
import {inOrder, settled} from '../engine/pool.js'
import {publishTranslation, type Publisher} from '../publish/publish.js'
import {createSourceStages, readRelease} from '../source/release.js'
import {createHtmlRenderer} from '../render/render-html.js'
import {createTemplates, templateFile, templateProblem} from '../publish/templates.js'
import {bulletinEntries, composeBulletin, readBulletinRecords, recordsFile, recordsText} from '../publish/bulletin.js'
import type {EmailContext} from '../publish/emit-email.js'

/** Releases in flight at once: enough to keep the disk busy while the processor works. */
const concurrentReleases = 8

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
  /** Go through every stage but write nothing, as `press check` does. */
  readonly dryRun?: boolean
  /** Record each normalization as a note, for `press check`. */
  readonly notes?: boolean
  /** Told when the build waits for another command, or clears what an interrupted one left. */
  readonly notice?: (text: string) => void
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
  /** What lists, feeds and bulletins need of each published translation. */
  readonly entries: readonly Entry[]
  readonly held: Readonly<Record<HeldBack, number>>
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const root = resolve(options.root)
  const cwd = options.cwd ?? process.cwd()
  const files: VFile[] = []
  const result = {ok: false, files, pages: 0, releases: 0, translations: 0, languages: 0, bulletins: 0, entries: [] as Entry[], held: {draft: 0, embargoed: 0}}

  const newsroom = await openNewsroom(root, cwd, files)
  if (!newsroom) return result
  const {settings, locales} = newsroom
  const stages = createSourceStages(locales, options.notes === true)
  const renderers = new Map([...locales].map(([code, locale]) => [code, createHtmlRenderer(locale)]))
  const templates = createTemplates(root)
  const email: EmailContext | undefined = settings.email ? {templates, email: settings.email} : undefined

  const buildInto = async (staging: OutputWriter, previous: string | undefined) => {
    const writer: SiteWriter = {site: new SiteMap(settings, locales), templates, staging, stylesheet: templateFile(root, 'assets/style.css')}
    const publisher: Publisher = {writer, renderers, width: options.width ?? defaultWidth, ...(email ? {email} : {})}
    const ids = new Set(newsroom.releases.map(({id}) => id))
    // Translations that link to other releases, checked once the build knows which are public.
    const linking: Array<{source: ReleaseSource; lang: string; file: VFile; targets: ReleaseTarget[]}> = []
    let failed = hasErrors(files)
    const done = await inOrder(newsroom.releases, concurrentReleases, async (source) => {
      const own: VFile[] = []
      const translations = await readRelease(source, stages, own)
      failed ||= hasErrors(own)
      // Once any file has failed, the rest are only checked, not rendered.
      if (failed || translations.length < source.translations.length) return {own, entries: []}
      const embargo = releaseEmbargo(translations)
      const published = translations.filter((translation) => {
        const reason = heldBack(translation.frontMatter, embargo, options.now)
        if (reason) result.held[reason]++
        return reason === undefined
      })
      if (published.length > 0) result.releases++
      const languages = published.map(({lang}) => lang)
      const entries = await settled(published.map((translation) => publishTranslation(publisher, translation, languages, embargo)))
      for (const {lang, file, tree} of published) {
        const targets = linkedReleases(tree, writer.site.url(`${lang}/${source.id}/`), writer.site, ids)
        if (targets.length > 0) linking.push({source, lang, file, targets})
      }
      failed ||= hasErrors(own)
      return {own, entries}
    })
    const entries: Entry[] = done.flatMap((release) => release.entries)
    files.push(...done.flatMap((release) => release.own))
    if (hasErrors(files)) return {commit: false, value: result}
    const isPublic = publicOf(entries)
    for (const linked of linking) {
      if (linked.targets.every(isPublic)) continue
      // Rare: published again from its source, without the links that would leak.
      const translations = await readRelease(linked.source, stages, [])
      const embargo = releaseEmbargo(translations)
      const translation = translations.find(({lang}) => lang === linked.lang)!
      const from = writer.site.url(`${linked.lang}/${linked.source.id}/`)
      dropUnpublishedLinks(translation.tree, linked.file, from, writer.site, ids, isPublic)
      staging.rewrite(`${linked.lang}/${linked.source.id}/`)
      const languages = translations.filter((other) => !heldBack(other.frontMatter, embargo, options.now)).map(({lang}) => lang)
      await publishTranslation(publisher, translation, languages, embargo)
    }
    result.entries = entries
    result.translations = entries.length
    result.pages = entries.length + (await emitSiteIndexes(writer, entries, options.now))
    result.languages = new Set(entries.map(({lang}) => lang)).size
    if (previous !== undefined) result.bulletins = await rewriteBulletins(staging, previous, email, writer.site, entries)
    return {commit: true, value: {...result, ok: true}}
  }
  const lock = {command: 'press build', ...(options.wait === undefined ? {} : {wait: options.wait}), ...(options.notice ? {notice: options.notice} : {})}
  try {
    if (options.dryRun) return (await buildInto(new DryRun(), undefined)).value
    return await withOutput({out: options.out, root, lock}, (staging) => buildInto(staging, staging.out))
  } catch (problem) {
    const template = templateProblem(problem, cwd)
    if (!template) throw problem
    files.push(template)
    return {...result, ok: false}
  }
}

function publicOf(entries: readonly Entry[]): (target: ReleaseTarget) => boolean {
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
