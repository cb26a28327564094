// `press build`: the whole newsroom through every stage into the output
// folder. Settings, locales, processors and templates are made once; releases
// then stream through one at a time, and the output is swapped in only if no
// file had an error.
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import {hasErrors} from '../source/diagnostics.js'
import {heldBack, releaseEmbargo, type HeldBack} from '../source/embargo.js'
import {emitSiteIndexes, type SiteWriter} from '../publish/emit-site.js'
import {defaultWidth} from '../publish/emit-text.js'
import {openNewsroom} from '../source/newsroom.js'
import {Staging} from '../engine/output.js'
import {SiteMap, type Entry} from '../publish/pages.js'
import {inOrder} from '../engine/pool.js'
import {publishTranslation, type Publisher} from '../publish/publish.js'
import {createSourceStages, readRelease} from '../source/release.js'
import {createHtmlRenderer} from '../render/render-html.js'
import {createTemplates, templateFile} from '../publish/templates.js'

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
}

export interface BuildResult {
  readonly ok: boolean
  /** Every file read, with its messages. */
  readonly files: VFile[]
  readonly pages: number
  readonly releases: number
  readonly translations: number
  readonly languages: number
  readonly held: Readonly<Record<HeldBack, number>>
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const root = resolve(options.root)
  const cwd = options.cwd ?? process.cwd()
  const files: VFile[] = []
  const result = {ok: false, files, pages: 0, releases: 0, translations: 0, languages: 0, held: {draft: 0, embargoed: 0}}

  const newsroom = await openNewsroom(root, cwd, files)
  if (!newsroom) return result
  const {settings, locales} = newsroom
  const stages = createSourceStages(locales)
  const renderers = new Map([...locales].map(([code, locale]) => [code, createHtmlRenderer(locale)]))
  const staging = await Staging.open(options.out, root)
  const templates = createTemplates(root)
  const writer: SiteWriter = {site: new SiteMap(settings, locales), templates, staging, stylesheet: templateFile(root, 'assets/style.css')}
  const publisher: Publisher = {writer, renderers, width: options.width ?? defaultWidth, ...(settings.email ? {email: {templates, email: settings.email}} : {})}
  try {
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
      const entries = await Promise.all(published.map((translation) => publishTranslation(publisher, translation, languages, embargo)))
      failed ||= hasErrors(own)
      return {own, entries}
    })
    const entries: Entry[] = done.flatMap((release) => release.entries)
    files.push(...done.flatMap((release) => release.own))
    if (hasErrors(files)) {
      await staging.discard()
      return result
    }
    result.translations = entries.length
    result.pages = entries.length + (await emitSiteIndexes(writer, entries, options.now))
    result.languages = new Set(entries.map(({lang}) => lang)).size
    await staging.commit()
    return {...result, ok: true}
  } catch (problem) {
    await staging.discard()
    throw problem
  }
}
