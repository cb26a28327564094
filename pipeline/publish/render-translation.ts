// Renders every file of one published translation from its fragments: the
// web page, the print-ready text and, with email settings, the email. Plain
// data in, file contents out, so that the build's worker threads can do it
// while the main thread reads and writes.
import type {Locale} from '../model/locale.js'
import type nunjucks from 'nunjucks'
import type {Fragments} from '../model/fragments.js'
import type {ClaimedFile, OutputGroup} from '../model/output-writer.js'
import type {Download, Lead} from '../model/published.js'
import {HeaderInjectionError, releaseMessageKey} from './email-message.js'
import {releaseEmail, type EmailContext} from './emit-email.js'
import {releasePage} from './release-page.js'
import {pdfName, printPage} from './emit-pdf.js'
import type {Paper} from '../source/publishing-settings.js'
import {releaseText} from './emit-text.js'
import {listed, shareLink, type SiteMap} from './pages.js'
import {pageDigest} from './indexed-page.js'
import {bannerText, markPage, markText, type PreviewMark} from './preview-mark.js'
import {emailColumn, fitted, withMedia} from './media-addresses.js'
import type {MediaFile} from './release-media.js'
import {recordingStrings} from '../source/string-use.js'

/** What rendering needs, made once per build and thread. */
export interface RenderContext {
  readonly site: SiteMap
  readonly templates: nunjucks.Environment
  /** Display columns of the print-ready text. */
  readonly width: number
  readonly email?: EmailContext
  /** The paper of the PDFs, when the newsroom makes them. */
  readonly paper?: Paper
}

/** One translation to render: its fragments, and what the build decided about its release. */
export interface TranslationJob {
  readonly id: string
  readonly lang: string
  readonly release: Omit<NonNullable<Fragments['release']>, 'links'>
  /** The languages of the release's public translations. */
  readonly published: readonly string[]
  /** When readers got it, in milliseconds. */
  readonly publishedAt: number
  /** The groups of files to render; the others the build takes from the previous output. */
  readonly only: Readonly<Record<OutputGroup, boolean>>
  /** In a preview, why readers cannot see it yet: every file then says so. */
  readonly mark?: PreviewMark
  /** The language whose text has changed since this translation was made from it: its page says so. */
  readonly updatedIn?: string
  readonly downloads?: readonly Download[]
  readonly lead?: Lead
  /** The files the release publishes, by the address its text names them with: the bodies' addresses are pointed at them here, in the thread. */
  readonly media?: ReadonlyArray<readonly [string, MediaFile]>
  /** Where the build folder has room for its files: the thread that renders them writes them there (engine/rendered-files.ts). */
  readonly into?: readonly ClaimedFile[]
}


export interface RenderedTranslation {
  /** Each file, by its path in the output. */
  readonly files: ReadonlyArray<readonly [string, string | Uint8Array]>
  /** The UI strings each group rendered was made with, as `lang\0key` (string-use.ts). */
  readonly strings: Partial<Record<OutputGroup, readonly string[]>>
  /** A header value the email cannot carry: an error on the release, and no email. */
  readonly headerProblem?: string
  /** The print page the engine turns into the PDF. */
  readonly print?: string
  /** The digest of what search indexes of the page, made here (in the thread) so that the main thread need not read the page back for it. */
  readonly indexDigest?: string
}

/** A template that could not be rendered, as it crosses back from a worker thread. */
export interface TemplateFailure {
  readonly templateFailure: string
}

/** The name nunjucks gives the errors of a template; an error crossing threads loses it. */
export const templateFailure = 'Template render error'

/**
 * The left part of the email's Message-ID. A copy made before the release is
 * public (an advance copy, a preview) has one of its own, naming the embargo,
 * so that mail systems, which drop a message whose id they have seen, never
 * drop the public message for the advance copy a journalist had.
 */
function messageKey({id, lang, release, mark}: TranslationJob): string {
  const key = releaseMessageKey(id, lang, release.frontMatter.updatedTime)
  if (!mark) return key
  // A double hyphen, which no release id has, so that no release's own message can be taken for one of these.
  return mark.status === 'embargoed' && mark.until !== undefined ? `embargoed--${mark.until}.${key}` : `${mark.status}--${key}`
}

/** The language with another release line, where a template or the text asks for `release.releaseLine`. */
function withReleaseLine(locale: Locale, line: string): Locale {
  const own = locale.t as unknown as (...args: unknown[]) => string
  const t = ((...args: unknown[]) => (args[0] === 'release.releaseLine' ? line : own(...args))) as unknown as Locale['t']
  return {...locale, t}
}

/**
 * The bodies with the addresses of the files they name pointed at their
 * published copies (relative in the page, absolute in the email), each
 * parsed and written again only when it is rendered.
 */
function withFiles({release, media, lang, id, only}: TranslationJob, site: SiteMap): TranslationJob['release'] {
  if (!media || media.length === 0) return release
  const files = new Map(media)
  const absolute = (html: string | undefined) => html && withMedia(html, files, (path) => site.url(path), {base: site.url(`${lang}/${id}/`), width: emailColumn})
  const email = only.email ? {absolute: absolute(release.absolute), inlined: absolute(release.inlined)} : {}
  return {...release, page: release.page && withMedia(release.page, files, (path) => site.href(`${lang}/${id}/index.html`, path)), ...email}
}

export async function renderTranslation(context: RenderContext, job: TranslationJob): Promise<RenderedTranslation> {
  // The strings every group uses (the banner's, the share link's), each group's own, and the text's, which the email carries too.
  const common = new Set<string>()
  const used = {page: new Set<string>(), text: new Set<string>(), email: new Set<string>(), pdf: new Set<string>()}
  const rendered = await render(context, job, common, used)
  const strings: Partial<Record<OutputGroup, readonly string[]>> = {}
  for (const group of Object.keys(used) as OutputGroup[]) if (job.only[group]) strings[group] = [...new Set([...common, ...used[group]])].sort()
  // Outside the recordings above: what the index adds of its own (the topic's name, the date) is keyed by search.ts, not by the page's strings.
  const page = context.site.settings.search && listed(job.release) ? rendered.files.find(([path]) => path.endsWith('/index.html'))?.[1] : undefined
  return {...rendered, strings, ...(typeof page === 'string' ? {indexDigest: pageDigest(page, context.site.locales.get(job.lang)!, job.release.frontMatter)} : {})}
}

async function render(context: RenderContext, job: TranslationJob, common: Set<string>, used: Readonly<Record<OutputGroup, Set<string>>>): Promise<Omit<RenderedTranslation, 'strings'>> {
  const {site} = context
  const {id, lang, published} = job
  const release = withFiles(job, site)
  const {frontMatter, excerpt} = release
  const folder = `${lang}/${id}/`
  const url = site.url(folder)
  const {banner, locale, share} = recordingStrings(common, () => {
    // A release not yet public never says it is for immediate release: its release line is its banner, in every output.
    const banner = job.mark && bannerText(site.locales.get(lang)!, job.mark, site.settings.timeZone)
    const locale = banner === undefined ? site.locales.get(lang)! : withReleaseLine(site.locales.get(lang)!, banner)
    return {banner, locale, share: shareLink(locale, frontMatter.title, url)}
  })
  const {only} = job
  // The email carries the text too: it is made when either is asked for, once, its strings noted for both.
  const downloads = (job.downloads ?? []).map((file) => ({...file, url: site.url(file.path)}))
  const plain = () => releaseText(frontMatter, release.textBody, locale, url, context.width, site.settings.timeZone, downloads, job.lead)
  let made: string | undefined
  const text = () => (made ??= recordingStrings(used.text, () => (banner === undefined ? plain() : markText(plain(), banner))))
  const files: Array<readonly [string, string | Uint8Array]> = []
  if (only.page) {
    const page = recordingStrings(used.page, () => releasePage(site, context.templates, {id, lang, frontMatter, locale}, {published, url, share, body: release.page, excerpt, publishedAt: job.publishedAt, downloads: job.downloads ?? [], ...(job.lead ? {lead: job.lead} : {}), ...(job.updatedIn ? {updatedIn: job.updatedIn} : {})}))
    files.push([`${folder}index.html`, banner === undefined ? page : markPage(page, banner)])
  }
  if (only.text) files.push([`${folder}release.txt`, text()])
  const print = only.pdf && context.paper ? {print: recordingStrings(used.pdf, () => printPage(site, context.templates, {id, lang, frontMatter, locale}, {url, paper: context.paper!, body: release.page, downloads: job.downloads ?? [], ...(job.lead ? {lead: job.lead} : {})}))} : {}
  // The PDF's metadata names the embassy (engine/pdf-printer.ts), after its page is rendered here.
  if (print.print !== undefined) recordingStrings(used.pdf, () => locale.t('embassy.name'))
  if (!context.email || !only.email) return {files, ...print}
  const emailText = text()
  for (const key of used.text) used.email.add(key)
  try {
    const email = await recordingStrings(used.email, () => releaseEmail(context.email!, locale, {
      frontMatter,
      key: messageKey(job),
      published: new Date(job.publishedAt),
      body: release.absolute!,
      ...(release.inlined === undefined ? {} : {inlinedBody: release.inlined}),
      text: emailText,
      url,
      forward: share,
      preheader: excerpt,
      timeZone: site.settings.timeZone,
      downloads,
      ...(context.paper ? {pdf: site.url(`${folder}${pdfName}`)} : {}),
      ...(job.lead ? {lead: {...job.lead, url: site.url(job.lead.path), ...fitted(job.lead, emailColumn)}} : {}),
      ...(banner === undefined ? {} : {banner})
    }))
    files.push([`${folder}email.html`, email.html], [`${folder}release.eml`, email.message])
    return {files, ...print}
  } catch (problem) {
    if (!(problem instanceof HeaderInjectionError)) throw problem
    return {files, headerProblem: problem.message, ...print}
  }
}
