// Emit stage, email format: the HTML a mail client renders (every style
// inlined by juice, addresses absolute) and the MIME message around it, for a
// release and for a bulletin. A release's body is inlined where its fragments
// are made (inlineEmailBody, in a worker, cached; mostly set from the styles
// juice gave the same tags in the same places, context-styles.ts); each message then inlines
// only the small house frame around it, once for all frames of one shape (inline-shape.ts).
import type {Nodes as HastNodes} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import {juice} from './juice.js'
import {CONTINUE, EXIT, SKIP, visit} from 'unist-util-visit'
import {visitParents} from 'unist-util-visit-parents'
import type nunjucks from 'nunjucks'
import {composeMessage, messageHeaders, type MessageParts} from './email-message.js'
import {inlineByContext} from './context-styles.js'
import {frameFor, frameStyles} from './frame-rules.js'
import {inlineByShape} from './inline-shape.js'
import {markEmailHtml, markSubject} from './preview-mark.js'
import type {Locale} from '../model/locale.js'
import type {EmailSettings, Settings} from '../source/settings.js'
import {inLanguage} from '../source/mailing-lists.js'
import type {SiteLook} from './site-images.js'
import type {FrontMatter} from '../source/validate.js'
import {history} from './history.js'
import {wrap} from '../render/text-wrap.js'
import {defaultWidth} from '../model/fragments.js'

/** Gmail clips messages larger than this. */
export const maxMessageBytes = 100 * 1024

export interface EmailContext {
  readonly templates: nunjucks.Environment
  readonly email: EmailSettings
  /** The crest in the masthead: a PNG at its absolute address, shown at half its pixels for sharp screens. */
  readonly logo?: {readonly url: string; readonly width: number; readonly height: number}
}

/** The email context of a newsroom that sends email. */
export function emailContextOf(templates: nunjucks.Environment, settings: Settings, look: SiteLook): EmailContext | undefined {
  if (!settings.email) return undefined
  const logo = look.emailLogo
  return {templates, email: settings.email, ...(logo ? {logo: {url: new URL(logo.path, settings.siteUrl).href, width: Math.round(logo.width / 2), height: Math.round(logo.height / 2)}} : {})}
}

/** A release's email as rendered from the templates, still to be inlined and composed. */
interface EmailJob {
  readonly email: EmailSettings
  readonly parts: Omit<MessageParts, 'html'>
  /** The rendered email; with `body`, rendered around the body's mark. */
  readonly rendered: string
  /** The body with its styles inlined, and as rendered, for when the mark does not survive inlining. */
  readonly body?: {readonly inlined: string; readonly rendered: string}
}

export interface ReleaseEmail {
  readonly frontMatter: FrontMatter
  readonly key: string
  readonly published: Date
  /** The body fragment, rendered with absolute addresses. */
  readonly body: string
  /** The same with the styles of the email frame inlined, when the build could make it so. */
  readonly inlinedBody?: string
  readonly text: string
  readonly url: string
  readonly forward: string
  readonly preheader: string
  /** The newsroom's time zone, for the dates of corrections. */
  readonly timeZone: string
  /** The files it links to, at their absolute addresses. */
  readonly downloads: ReadonlyArray<{readonly url: string; readonly name: string; readonly label: string; readonly size: string}>
  /** The address of the release's PDF, when the newsroom makes them. */
  readonly pdf?: string
  /** The lead image at its absolute address, sized for the email's column. */
  readonly lead?: {readonly url: string; readonly width: number; readonly height: number; readonly alt: string; readonly caption?: string; readonly credit?: string}
  /** In a preview, the banner saying readers cannot see it yet: on the subject and atop the body. */
  readonly banner?: string
}

/** Stands for the release's body in a rendered email until the body, inlined on its own, takes its place. */
const bodyMark = '<!--communique:body-->'
const bodyEnd = '<!--communique:body-end-->'

/**
 * The house email around a release's body with no text in it: what the
 * body's styles depend on (the style sheet and the elements the body sits
 * in) and nothing a UI string or a release changes. Made once per language
 * and build; undefined when the templates cannot make it, and the body is
 * then inlined with each message.
 */
function emailFrame(context: EmailContext, locale: Locale): string | undefined {
  try {
    const frame = context.templates.render('email/release.njk', {
      t: () => '',
      locale: {...locale, t: () => ''},
      email: {logo: context.logo, unsubscribe: unsubscribeLink(inLanguage(context.email, locale.code)), title: '', category: '', preheader: '', url: '', forward: ''},
      release: {title: '', date: '', dateText: '', contacts: [], body: bodyMark}
    })
    return frame.split(bodyMark).length === 2 ? bare(frame) : undefined
  } catch {
    return undefined
  }
}

/**
 * The frame with only what the body's styles can depend on: the head with its
 * style sheet, the elements the body sits in, and their siblings emptied (so
 * that positions such as :first-child stay true). Inlining a body in it costs
 * about what inlining the body alone costs.
 */
function bare(frame: string): string {
  const tree = fromHtml(frame)
  const path = new Set<HastNodes>()
  visitParents(tree, 'comment', (node, ancestors) => {
    if (`<!--${node.value}-->` !== bodyMark) return CONTINUE
    for (const ancestor of ancestors) path.add(ancestor)
    return EXIT
  })
  visit(tree, 'element', (node) => {
    if (node.tagName === 'head') return SKIP
    if (!path.has(node)) node.children = []
    return undefined
  })
  return toHtml(tree)
}

/** Whether `frame` may be a language's email frame: text around the one mark of the body. */
export function isEmailFrame(frame: unknown): frame is string {
  return typeof frame === 'string' && frame.split(bodyMark).length === 2
}

/** The email frame of every language that has one. */
export function emailFramesOf(context: EmailContext, locales: ReadonlyMap<string, Locale>): Record<string, string> {
  const frames: Record<string, string> = {}
  for (const [code, locale] of locales) {
    const frame = emailFrame(context, locale)
    if (frame !== undefined) frames[code] = frame
  }
  return frames
}

/** A release's email body with every style of `frame` that reaches it inlined, for releaseEmail to set into its frame. */
export function inlineEmailBody(frame: string, body: string): string {
  const styles = frameStyles(frame)
  const juiced = () => {
    const inlined = inline((styles ? frameFor(styles, body) : frame).replace(bodyMark, () => `${bodyMark}${body}${bodyEnd}`))
    return inlined.slice(inlined.indexOf(bodyMark) + bodyMark.length, inlined.indexOf(bodyEnd))
  }
  // Juice inlines the first bodies of a frame; the others are mostly set from what it wrote for the same tags.
  return styles ? inlineByContext(styles, body, juiced) : juiced()
}

export async function releaseEmail(context: EmailContext, locale: Locale, release: ReleaseEmail): Promise<{html: string; message: Uint8Array}> {
  const {frontMatter} = release
  const email = inLanguage(context.email, locale.code)
  const render = (body: string) =>
    context.templates.render('email/release.njk', {
      t: locale.t,
      locale,
      email: {logo: context.logo, unsubscribe: unsubscribeLink(email), title: frontMatter.title, category: locale.t(`category.${frontMatter.category}`), preheader: release.preheader, url: release.url, forward: release.forward},
      release: {...frontMatter, dateText: locale.formatDate(frontMatter.date), body, downloads: release.downloads, ...(release.pdf ? {pdf: release.pdf} : {}), ...(release.lead ? {lead: release.lead} : {}), ...history(locale, frontMatter, release.timeZone)}
    })
  const title = frontMatter.updatedTime === undefined ? frontMatter.title : locale.t('release.correctionSubject', {title: frontMatter.title})
  const parts = {subject: release.banner === undefined ? title : markSubject(title, release.banner), key: release.key, date: release.published, lang: locale.code, text: messageText(release.text, locale, email)}
  // Before any work, so that a header that would break fails fast, to be placed on its release.
  messageHeaders(email, parts)
  const marked = (html: string) => (release.banner === undefined ? html : markEmailHtml(html, release.banner))
  const framed = release.inlinedBody === undefined ? undefined : marked(render(bodyMark))
  // A template that prints the body more than once, or nowhere, is inlined whole.
  const job: EmailJob =
    framed !== undefined && framed.split(bodyMark).length === 2
      ? {email, parts, rendered: framed, body: {inlined: release.inlinedBody!, rendered: release.body}}
      : {email, parts, rendered: marked(render(release.body))}
  return finishEmail(job)
}

/** Inlines a rendered email's styles, sets in its inlined body, and composes the message. */
async function finishEmail(job: EmailJob): Promise<{html: string; message: Uint8Array}> {
  const {body} = job
  let html = inlineByShape(job.rendered, inline)
  if (body) {
    const around = html.split(bodyMark)
    html = around.length === 2 ? around[0] + body.inlined + around[1] : inline(job.rendered.replace(bodyMark, () => body.rendered))
  }
  return {html, message: await composeMessage(job.email, {...job.parts, html})}
}

export interface BulletinEmail {
  /** The category of its releases, named above its title. */
  readonly category: string
  readonly subject: string
  readonly intro: string
  readonly key: string
  readonly date: Date
  readonly text: string
  readonly entries: ReadonlyArray<{title: string; url: string; dateText: string; excerpt: string}>
  /** A digest (press bulletin --period), which goes to the digests' list. */
  readonly digest?: boolean
}

export async function bulletinEmail(context: EmailContext, locale: Locale, bulletin: BulletinEmail): Promise<{html: string; message: Buffer}> {
  const email = inLanguage(context.email, locale.code, bulletin.digest === true)
  const html = inline(
    context.templates.render('email/bulletin.njk', {
      t: locale.t,
      locale,
      email: {logo: context.logo, unsubscribe: unsubscribeLink(email), title: bulletin.subject, category: locale.t(`category.${bulletin.category}`), preheader: bulletin.intro},
      bulletin
    })
  )
  const message = await composeMessage(email, {subject: bulletin.subject, key: bulletin.key, date: bulletin.date, lang: locale.code, text: messageText(bulletin.text, locale, email), html})
  return {html, message}
}

/** A message's plain text: the print-ready text, then, as the HTML says at its foot, why the reader gets it and where to unsubscribe. */
function messageText(text: string, locale: Locale, email: EmailSettings): string {
  const link = unsubscribeLink(email)
  const why = wrap(locale.t('email.why', {embassy: locale.t('embassy.name')}), {width: defaultWidth})
  return `${text.replace(/\n*$/, '')}\n\n${[...why, ...(link ? [locale.t('email.unsubscribe'), link] : [])].join('\n')}\n`
}

/** The unsubscribe link a message shows at its foot: the list's page, or failing that a message to its unsubscribe address. */
function unsubscribeLink(email: EmailSettings): string | undefined {
  const {url, mail} = email.unsubscribe ?? {}
  return url ?? (mail === undefined ? undefined : `mailto:${mail}?subject=unsubscribe`)
}

/** Moves every style rule onto the elements it applies to and drops the <style> element. */
export function inline(html: string): string {
  return juice()(html, {removeStyleTags: true, preserveMediaQueries: false, preserveFontFaces: false, applyWidthAttributes: false, applyHeightAttributes: false, applyAttributesTableElements: true})
}
