// Emit stage, PDF format, for one translation: the print page a browser turns
// into the release's PDF on the embassy's letterhead (templates/pdf/), with
// its page numbers in the language's words and digits and every address
// absolute, so that a printed link says where it goes. The engine prints it
// (engine/pdf-printer.ts); this only makes the page.
import type nunjucks from 'nunjucks'
import type {Locale} from '../model/locale.js'
import type {Lead} from '../model/published.js'
import type {Paper} from '../source/publishing-settings.js'
import type {FrontMatter} from '../source/validate.js'
import {common, pageBasics, srcsets} from './page-basics.js'
import {releasePath, type SiteMap} from './pages.js'
import {history} from './history.js'

export interface PrintPage {
  readonly url: string
  readonly paper: Paper
  /** The sanitized body fragment of the page. */
  readonly body: string
  readonly downloads: ReadonlyArray<{readonly path: string; readonly name: string; readonly label: string; readonly size: string}>
  readonly lead?: Lead
}

/** The file name of a translation's PDF, beside its page. */
export const pdfName = 'release.pdf'

/** The print page of one translation, at its page's address, for the PDF. */
export function printPage(site: SiteMap, templates: nunjucks.Environment, translation: {readonly id: string; readonly lang: string; readonly frontMatter: FrontMatter; readonly locale: Locale}, {url, paper, body, downloads, lead}: PrintPage): string {
  const {id, lang, frontMatter, locale} = translation
  const from = releasePath(lang, id)
  const basics = pageBasics(site, locale, from)
  return templates.render('pdf/release.njk', {
    ...common(locale),
    pdf: {paper, pageNumber: pageNumberContent(locale), url, assets: basics.assets, ...(basics.logo ? {logo: basics.logo} : {})},
    release: {
      ...frontMatter,
      dateText: locale.formatDate(frontMatter.date),
      body: forPaper(absoluteLinks(body, url), site.settings.siteUrl),
      downloads: downloads.map((file) => ({...file, href: site.url(file.path)})),
      ...(lead ? {lead: {...lead, href: site.href(from, lead.path), ...srcsets(lead.variants, (path) => site.href(from, path))}} : {}),
      ...history(locale, frontMatter, site.settings.timeZone)
    }
  })
}

/** Markers that stand for the page numbers while the language's sentence is read. */
const pageMark = '\u0001'
const pagesMark = '\u0002'

/**
 * The CSS `content` of the page number, from the language's sentence
 * (`Page {{page}} of {{pages}}`): its words as strings, the numbers as the
 * page counters in the language's own digits.
 */
function pageNumberContent(locale: Locale): string {
  const sentence = locale.t('pdf.pageNumber', {page: pageMark, pages: pagesMark, interpolation: {escapeValue: false}})
  const digits = counterStyle(locale.intl)
  return sentence
    .split(/(\u0001|\u0002)/)
    .filter((part) => part !== '')
    .map((part) => (part === pageMark ? `counter(page, ${digits})` : part === pagesMark ? `counter(pages, ${digits})` : cssString(part)))
    .join(' ')
}

/** The CSS counter style of the digits a language writes numbers in, as Intl says. */
function counterStyle(intl: string): string {
  const styles: Record<string, string> = {arab: 'arabic-indic', arabext: 'persian', beng: 'bengali', deva: 'devanagari', hanidec: 'cjk-decimal', khmr: 'khmer', mymr: 'myanmar', thai: 'thai', tibt: 'tibetan'}
  try {
    return styles[new Intl.NumberFormat(intl).resolvedOptions().numberingSystem] ?? 'decimal'
  } catch {
    return 'decimal'
  }
}

/** Text as a CSS string, safe inside a style element. */
function cssString(text: string): string {
  return `"${[...text].map((character) => (/[\p{L}\p{N} ,.:;!?()\u00a0\u202f\u3000-\u303f\uff01-\uff5e\u060c\u061b\u061f-]/u.test(character) ? character : `\\${character.codePointAt(0)!.toString(16)} `)).join('')}"`
}

/**
 * The body as paper takes it: a link whose text is its address marked, so
 * that the address is not printed twice; an image from another site (which
 * the printer does not fetch) replaced by its description.
 */
function forPaper(body: string, siteUrl: string): string {
  return body
    .replace(/<a\s([^>]*?\bhref="([^"]*)"[^>]*)>([^<]*)<\/a>/g, (whole, attributes: string, href: string, text: string) => {
      const address = decodeAttribute(href)
      const shown = decodeAttribute(text)
      return shown === address || `mailto:${shown}` === address || `${shown}/` === address ? `<a class="bare" ${attributes}>${text}</a>` : whole
    })
    .replace(/<img\s[^>]*?\bsrc="([^"]*)"[^>]*>/g, (whole, src: string) => {
      const address = decodeAttribute(src)
      if (!/^https?:/i.test(address) || address.startsWith(siteUrl)) return whole
      const alt = /\balt="([^"]*)"/.exec(whole)?.[1] ?? ''
      return alt === '' ? '' : `<span class="remote-image">[${alt}]</span>`
    })
}

/** The body with every link's address absolute, from the page's address: a printed link shows where it goes. */
function absoluteLinks(body: string, base: string): string {
  return body.replace(/(<a\s[^>]*?\bhref=")([^"]*)"/g, (whole, start: string, href: string) => {
    const raw = decodeAttribute(href)
    if (raw.startsWith('#')) return whole
    try {
      return `${start}${new URL(raw, base).href.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`
    } catch {
      return whole
    }
  })
}

function decodeAttribute(value: string): string {
  return value.replace(/&(?:#x([\da-f]+)|#(\d+)|(amp|quot|lt|gt|apos));/gi, (_, hex?: string, decimal?: string, name?: string) => {
    const code = hex !== undefined ? Number.parseInt(hex, 16) : decimal !== undefined ? Number(decimal) : undefined
    if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd'
    return {amp: '&', quot: '"', lt: '<', gt: '>', apos: "'"}[name!.toLowerCase() as 'amp']
  })
}
