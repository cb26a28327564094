// What a worker makes of one translation: its source, decoded and run
// through its language's processor (typography/translation-processor.ts),
// then rendered into every fragment the outputs
// wrap (the page's body, the email's body, the print-ready text, the
// excerpt), with its problems as plain data. A pure function of its inputs,
// so that results can be cached by content hash and made in any thread.
import type {Fragments, FragmentJob} from '../model/fragments.js'
import {storedMessages} from '../source/diagnostics.js'
import {textVersions} from '../source/translation-version.js'
import {inlineEmailBody} from '../publish/emit-email.js'
import {excerpt} from '../render/excerpt.js'
import {createHtmlRenderer, type HtmlRenderer} from '../render/render-html.js'
import {renderText} from '../render/render-text.js'
import type {Locale} from '../model/locale.js'
import type {Settings} from '../source/settings.js'
import {decodeSource} from '../source/source.js'
import {pageAddress} from '../source/site-links.js'
import {createTranslationProcessor, runStages, type TranslationProcessor} from '../typography/translation-processor.js'

export type {Bodies, FragmentJob, Fragments, ReleaseFragments} from '../model/fragments.js'

export interface FragmentContext {
  readonly settings: Settings
  readonly locales: ReadonlyMap<string, Locale>
  /** Display columns of the print-ready text. */
  readonly width: number
  /** Each language's email frame (publish/emit-email.ts), which the email body's styles come from. */
  readonly emailFrames?: Readonly<Record<string, string>>
}

export type FragmentMaker = (job: FragmentJob) => Fragments

/** Creates the processor and the renderer of each language; once per thread. */
export function createFragmentMaker(context: FragmentContext): FragmentMaker {
  const {settings} = context
  // Each language's processor and renderer are made when a translation in it first comes: a rebuild often needs one. Every
  // typographic change is noted, whether shown or not, so that one cache entry serves press check and build --verbose, which show
  // the notes, and every other build (kept-notes.ts).
  const processors = new Map<string, TranslationProcessor>()
  const renderers = new Map<string, HtmlRenderer>()
  const processorOf = (lang: string) => processors.get(lang) ?? processors.set(lang, createTranslationProcessor({locale: context.locales.get(lang)!, site: settings, notes: true})).get(lang)!
  const rendererOf = (lang: string) => renderers.get(lang) ?? renderers.set(lang, createHtmlRenderer(context.locales.get(lang)!)).get(lang)!

  return (job) => {
    const file = decodeSource(job.bytes, job.path, job.shownAs)
    const done = (release?: Fragments['release']): Fragments => ({messages: storedMessages(file), read: file.value !== undefined, ...(release ? {release} : {})})
    if (file.value === undefined) return done()
    file.data.id = job.id
    if (job.hidden) file.data.hidden = job.hidden
    const tree = runStages(processorOf(job.lang), file)
    if (!tree) return done()
    const {frontMatter, links, media} = file.data as Required<typeof file.data>
    const body = rendererOf(job.lang)(tree, settings.email ? {base: pageAddress(settings, job.lang, job.id)} : {})
    const frame = context.emailFrames?.[job.lang]
    return done({
      frontMatter,
      page: body.page,
      ...(body.absolute === undefined ? {} : {absolute: body.absolute}),
      ...(body.absolute === undefined || frame === undefined ? {} : {inlined: inlineEmailBody(frame, body.absolute)}),
      textBody: renderText(tree, context.width),
      excerpt: frontMatter.summary ?? excerpt(tree, job.lang),
      links,
      ...(media.length > 0 ? {media} : {}),
      ...versionOf(String(file.value), file.data.versionFields)
    })
  }
}

/** The version of a translation's text, which translations made from it record, and the one press recorded before it folded typography. */
function versionOf(text: string, read?: {readonly title?: unknown; readonly summary?: unknown}): {version?: string; formerVersion?: string} {
  const versions = textVersions(text, read)
  return versions === undefined ? {} : {version: versions.version, formerVersion: versions.former}
}
