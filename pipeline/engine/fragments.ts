// What a worker makes of one translation: its source, decoded, parsed,
// validated and normalized, then rendered into every fragment the outputs
// wrap (the page's body, the email's body, the print-ready text, the
// excerpt), with its problems as plain data. A pure function of its inputs,
// so that results can be cached by content hash and made in any thread.
import type {VFile} from 'vfile'
import type {Fragments, FragmentJob, StoredMessage, SiteLink} from '../model/fragments.js'
import type {Nodes} from 'mdast'
import {textVersion} from '../source/translation-version.js'
import {inlineEmailBody} from '../publish/emit-email.js'
import {excerpt} from '../render/excerpt.js'
import {createHtmlRenderer, type HtmlRenderer} from '../render/render-html.js'
import {renderText} from '../render/render-text.js'
import type {Locale} from '../source/locales.js'
import {parse, createParser} from '../source/parse.js'
import type {Settings} from '../source/settings.js'
import {decodeSource} from '../source/source.js'
import {dropLinks} from '../source/unpublishable.js'
import {validate} from '../source/validate.js'
import {createNormalizer, type Normalizer} from '../typography/normalize.js'
import {separateAttributions} from '../typography/attribution.js'
import {isMediaAddress, type MediaRef} from '../publish/release-media.js'
import {error} from '../source/diagnostics.js'
import {eachNode} from '../source/each-node.js'

export type {Bodies, FragmentJob, Fragments, ReleaseFragments, SiteLink, StoredMessage} from '../model/fragments.js'

export interface FragmentContext {
  readonly settings: Settings
  readonly locales: ReadonlyMap<string, Locale>
  /** Display columns of the print-ready text. */
  readonly width: number
  /** Record each normalization as a note, for `press check`. */
  readonly notes: boolean
  /** Each language's email frame (publish/emit-email.ts), which the email body's styles come from. */
  readonly emailFrames?: Readonly<Record<string, string>>
}

export type FragmentMaker = (job: FragmentJob) => Fragments

/** Creates the parser, and the normalizer and renderer of each language; once per thread. */
export function createFragmentMaker(context: FragmentContext): FragmentMaker {
  const parser = createParser()
  const normalizers = new Map<string, Normalizer>()
  const renderers = new Map<string, HtmlRenderer>()
  for (const [code, locale] of context.locales) {
    normalizers.set(code, createNormalizer(code, locale.typography))
    renderers.set(code, createHtmlRenderer(locale))
  }
  const {settings} = context

  return (job) => {
    const file = decodeSource(job.bytes, job.path, job.shownAs)
    const done = (release?: Fragments['release']): Fragments => ({messages: stored(file), read: file.value !== undefined, ...(release ? {release} : {})})
    if (file.value === undefined) return done()
    const parsed = parse(parser, file)
    if (parsed.failed) return done()
    const locale = context.locales.get(job.lang)!
    const checked = validate(parsed.tree, parsed.frontMatter, file, locale)
    if (!checked) return done()
    const {tree, frontMatter} = normalizers.get(job.lang)!(parsed.tree, checked, file, {notes: context.notes, inPlace: true})
    separateAttributions(tree)
    const url = new URL(`${job.lang}/${job.id}/`, settings.siteUrl).href
    if (job.hidden && job.hidden.length > 0) {
      const hidden = new Set(job.hidden)
      dropLinks(
        tree,
        file,
        (address) => {
          const target = siteLink(address, url, settings)
          if (!target || !hidden.has(`${target.lang}/${target.id}`)) return undefined
          return `The link to ${target.lang}/${target.id}/ was left out: that release is not published in this build (it is embargoed, a draft, or not in that language). Link to it once it is public`
        },
        'unpublished-link'
      )
    }
    const links: SiteLink[] = []
    const media: MediaRef[] = []
    eachNode<Nodes>(tree, undefined, (node) => {
      if ((node.type === 'image' || node.type === 'link' || node.type === 'definition') && isMediaAddress(node.url)) {
        const place = node.position?.start
        media.push({url: node.url, kind: node.type === 'image' ? 'image' : 'file', ...(node.type === 'image' ? {alt: node.alt ?? ''} : {}), ...(place ? {place} : {})})
      }
      if (node.type !== 'link' && node.type !== 'definition') return
      const target = siteLink(node.url, url, settings)
      if (target) links.push(node.position ? {...target, place: node.position.start} : target)
    })
    const lead = frontMatter.image
    if (lead && isMediaAddress(lead.src)) media.unshift({url: lead.src, kind: 'image', alt: lead.alt, ...(lead.place ? {place: lead.place} : {})})
    else if (lead) {
      error(file, `The lead image \`${lead.src}\` must be a photo kept beside the release, named relatively, such as photos/opening.jpg`, lead.place, 'media')
      return done()
    }
    const body = renderers.get(job.lang)!(tree, settings.email ? {base: url} : {})
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
      ...versionOf(String(file.value))
    })
  }
}

/** The release translation of this site an address, read on the page at `from`, points to, if any. */
function versionOf(text: string): {version?: string} {
  const version = textVersion(text)
  return version === undefined ? {} : {version}
}

function siteLink(address: string, from: string, settings: Settings): SiteLink | undefined {
  if (address.startsWith('#')) return undefined
  let resolved
  try {
    resolved = new URL(address, from).href
  } catch {
    return undefined
  }
  if (!resolved.startsWith(settings.siteUrl)) return undefined
  const [lang, id] = resolved.slice(settings.siteUrl.length).split(/[/?#]/)
  return lang && id && settings.languages.includes(lang) ? {lang, id} : undefined
}

function stored(file: VFile): StoredMessage[] {
  return file.messages.map((message) => ({
    reason: message.reason,
    ruleId: message.ruleId,
    fatal: message.fatal ?? undefined,
    place: message.place ?? undefined
  }))
}

/** Puts stored messages back on a file, as they were made. */
export function restoreMessages(file: VFile, messages: readonly StoredMessage[]): void {
  for (const {reason, ruleId, fatal, place} of messages) {
    const message = fatal === undefined ? file.info(reason, {place, ruleId, source: 'press'}) : file.message(reason, {place, ruleId, source: 'press'})
    message.fatal = fatal
  }
}
