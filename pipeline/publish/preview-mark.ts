// The mark a preview build (press serve) sets on every file of a release
// readers cannot see yet: a banner in the release's language saying it is a
// draft, or embargoed until when, at the top of the page, the print-ready
// text and the email, and a noindex on the page. It is set in code after the
// templates, so that no template of the newsroom's can leave it out.
import type {Locale} from '../model/locale.js'

/** Why a release previewed is not public, and until when for an embargo (epoch milliseconds). */
export interface PreviewMark {
  readonly status: 'draft' | 'embargoed'
  readonly until?: number
}

/** The banner's words, such as "EMBARGOED UNTIL 14 March 2026, 09:00 EST", in the newsroom's time zone. */
export function bannerText(locale: Locale, mark: PreviewMark, timeZone: string): string {
  if (mark.status === 'draft' || mark.until === undefined) return locale.t('preview.draft')
  // Its instant in UTC too, for readers in other zones.
  const iso = `${new Date(mark.until).toISOString().slice(0, 16).replace('T', ' ')} UTC`
  // Set left to right on its own in a right-to-left language, whose text would otherwise read the date's parts backwards (10-12-2026).
  const utc = locale.dir === 'rtl' ? `\u2066${iso}\u2069` : iso
  return locale.t('preview.embargoed', {until: locale.formatInstant(mark.until, timeZone), utc})
}

const escapes: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}
const escaped = (text: string) => text.replace(/[&<>"]/g, (character) => escapes[character]!)

/** Black on amber, bold and full width: legible, and unlike anything a house style would use. */
const bannerStyle = 'display:block;margin:0;padding:12px 16px;background:#ffd400;color:#000;border-bottom:4px solid #000;font:bold 20px/1.3 system-ui,sans-serif;text-align:center;letter-spacing:0.02em'

/** The banner; styled inline for mail clients, by a style element of its own on pages. */
function bannerHtml(banner: string, inline: boolean): string {
  return inline
    ? `<aside class="press-preview-banner" aria-label="${escaped(banner)}" style="${bannerStyle}"><p style="margin:0">${escaped(banner)}</p></aside>`
    : `<aside class="press-preview-banner" aria-label="${escaped(banner)}"><p>${escaped(banner)}</p></aside>`
}

/** The page with the banner first in its body, its style and a noindex in its head. */
export function markPage(html: string, banner: string): string {
  const head = `<meta name="robots" content="noindex"><style>.press-preview-banner{${bannerStyle}}.press-preview-banner p{margin:0}</style>`
  return afterTag(afterTag(html, 'head', head), 'body', bannerHtml(banner, false))
}

/** An email's HTML with the banner first in its body; its subject and text are marked by the caller. */
export function markEmailHtml(html: string, banner: string): string {
  return afterTag(html, 'body', bannerHtml(banner, true))
}

export function markText(text: string, banner: string): string {
  return `*** ${banner} ***\n\n${text}`
}

/** The subject beginning with the banner, so that no one can read the title without it. */
export function markSubject(subject: string, banner: string): string {
  return `${banner} — ${subject}`
}

/** Inserts `insert` just after the first `<tag …>`, or at the start when there is none. */
function afterTag(html: string, tag: string, insert: string): string {
  const found = new RegExp(`<${tag}(\\s[^>]*)?>`, 'i').exec(html)
  if (!found) return insert + html
  const end = found.index + found[0].length
  return html.slice(0, end) + insert + html.slice(end)
}
