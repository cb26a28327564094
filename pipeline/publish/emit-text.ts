// Emit stage, print format: the print-ready text of a release and of a
// bulletin, laid out from the rendered body and the locale's strings.
import type {Locale} from '../model/locale.js'
import type {TextRendering} from '../render/render-text.js'
import {width, wrap} from '../render/text-wrap.js'
import {cjk, is} from '../lib/characters.js'
import type {FrontMatter} from '../source/validate.js'
import {generalCategory} from './pages.js'
import {history} from './history.js'

export {defaultWidth} from '../model/fragments.js'

/** The embassy's name, as the text starts, and the topic when it has one: a sheet of paper has no way back to a home page. */
export function textHeader(locale: Locale, category: string): string[] {
  return [locale.t('embassy.name'), ...(category === generalCategory ? [] : [locale.t(`category.${category}`)])]
}

/** Wraps a title and underlines it with a rule as wide as its widest line. */
export function underlined(title: string, lineWidth: number, rule: string): string[] {
  const lines = wrap(title, {width: lineWidth})
  return [...lines, rule.repeat(Math.max(...lines.map(width)))]
}

/** The embassy's contact details. */
export function textFooterLines(locale: Locale, lineWidth: number): string[] {
  return [
    '--',
    locale.t('embassy.name'),
    ...wrap(keepPostalCodes(locale.t('embassy.address')), {width: lineWidth}),
    labelled(locale.t('footer.phone'), locale.t('embassy.phone')),
    labelled(locale.t('footer.email'), locale.t('embassy.email'))
  ]
}

/** The embassy's contact details and the address of the web version. */
function textFooter(locale: Locale, url: string, lineWidth: number): string[] {
  return [...textFooterLines(locale, lineWidth), ...wrap(labelled(locale.t('text.webVersion'), url), {width: lineWidth})]
}

/** The whole `release.txt`: LF line endings, a final newline, no trailing spaces. */
export function releaseText(frontMatter: FrontMatter, body: TextRendering, locale: Locale, url: string, lineWidth: number, timeZone: string, downloads: ReadonlyArray<{url: string; name: string; label: string; size: string}> = [], lead?: {alt: string; credit?: string}): string {
  const date = locale.formatDate(frontMatter.date)
  const {correction, changeNotes, withdrawal} = history(locale, frontMatter, timeZone)
  const sections: string[][] = [
    textHeader(locale, frontMatter.category),
    withdrawal ? [...wrap(`*** ${withdrawal.text} ***`, {width: lineWidth}), ...wrap(withdrawal.reason, {width: lineWidth})] : wrap(locale.t('release.releaseLine'), {width: lineWidth}),
    underlined(frontMatter.title, lineWidth, '='),
    [...wrap(frontMatter.dateline ? locale.t('text.dateline', {dateline: frontMatter.dateline, date}) : date, {width: lineWidth}), ...(correction ? wrap(correction.text, {width: lineWidth}) : [])],
    lead ? wrap(`[${locale.t('release.photo')}${locale.t('release.photoSeparator')}${lead.alt}${lead.credit ? ` (${lead.credit})` : ''}]`, {width: lineWidth}) : [],
    frontMatter.summary ? wrap(frontMatter.summary, {width: lineWidth}) : [],
    [...body.lines]
  ]
  if (body.references.length > 0) {
    sections.push([locale.t('text.links'), ...body.references.flatMap((address, index) => wrap(address, {width: lineWidth, first: `[${index + 1}] `, rest: ' '.repeat(`[${index + 1}] `.length)}))])
  }
  if (downloads.length > 0) {
    sections.push([locale.t('release.downloads'), ...downloads.flatMap((file) => [`${file.name} (${file.label}, ${file.size})`, ...wrap(file.url, {width: lineWidth, first: '  '})])])
  }
  sections.push([locale.t('release.endMark')])
  if (frontMatter.notes) {
    sections.push([locale.t('release.notes'), ...frontMatter.notes.flatMap((note, index) => wrap(note, {width: lineWidth, first: `${index + 1}. `, rest: ' '.repeat(`${index + 1}. `.length)}))])
  }
  const about = locale.t('embassy.about')
  if (about) sections.push([locale.t('release.about'), ...wrap(about, {width: lineWidth})])
  if (frontMatter.contacts.length > 0) {
    sections.push([
      locale.t('release.contacts', {count: frontMatter.contacts.length}),
      ...frontMatter.contacts.flatMap((contact) => [contact.name, ...(contact.email ? [`  ${contact.email}`] : []), ...(contact.phone ? [`  ${contact.phone}`] : [])])
    ])
  }
  if (changeNotes.length > 0) {
    sections.push([locale.t('release.changes'), ...changeNotes.flatMap((change) => wrap(`${change.dateText}${locale.t('list.separator')}${change.note}`, {width: lineWidth}))])
  }
  sections.push(textFooter(locale, url, lineWidth))
  return joinSections(sections)
}

/** A label and its value; a full-width colon needs no space after it. */
export function labelled(label: string, value: string): string {
  return is(cjk, label.at(-1)) ? label + value : `${label} ${value}`
}


export function joinSections(sections: ReadonlyArray<readonly string[]>): string {
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.map((line) => line.trimEnd()).join('\n'))
    .join('\n\n')}\n`
}

/** The space inside each postal code of an address made a no-break space: two short groups of capitals and digits, each with a digit. */
export function keepPostalCodes(address: string): string {
  return address.replace(/(?<![\p{L}\p{N}])(?=[A-Z]*\d)([A-Z\d]{2,4}) (?=[A-Z]*\d)([A-Z\d]{3})(?![\p{L}\p{N}])/gu, '$1\u00a0$2')
}
