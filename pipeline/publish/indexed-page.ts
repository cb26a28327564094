// A release page as search indexes it: its release alone, with the facts a
// reader filters by, and the digest that says whether an index must be made
// again. Pure, so that the threads that render the pages hash it there.
import {createHash} from 'node:crypto'
import type {Locale} from '../model/locale.js'

/** What a reader filters a release by and sees of it in the results, beside its title and text. */
export interface SearchFacts {
  readonly topic: string
  readonly year: string
  readonly date: string
}

/** A release's facts as its language names them. */
export function searchFacts(locale: Locale, frontMatter: {readonly category: string; readonly date: string}): SearchFacts {
  return {topic: locale.t(`category.${frontMatter.category}`), year: frontMatter.date.slice(0, 4), date: locale.formatDate(frontMatter.date)}
}

/** The digest of what is indexed of a page: an index whose pages all have the digests they had is taken from the previous build. */
export function indexDigest(indexed: string): string {
  return createHash('sha256').update(indexed).digest('hex')
}

/**
 * The classes of what search leaves out of a release (Pagefind is told to):
 * what every release repeats, what results show beside the excerpt already
 * (the date), or only paper shows.
 */
export const notIndexed: readonly string[] = ['release-line', 'release-meta', 'end-mark', 'about', 'contacts', 'share', 'print-only', 'withdrawn-notice', 'updated-note']

/** An opening tag, its name and its attributes (a quoted value may hold `>`). */
const openingTag = /<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/
const classAttribute = /\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i

/**
 * `html` without the elements search leaves out, each where it is found
 * whole (its closing tag found, elements of its name inside it counted);
 * from the first not whole on, everything is left in. What Pagefind indexes
 * of a page is the same with them or without them, so its digest need not
 * change with them: a house style's About paragraph or release line changed
 * makes no index again.
 */
export function withoutNotIndexed(html: string): string {
  let kept = ''
  let from = 0
  const tags = new RegExp(openingTag.source, 'g')
  for (let found = tags.exec(html); found; found = tags.exec(html)) {
    const [, name, attributes] = found as unknown as [string, string, string]
    const classes = classAttribute.exec(attributes)
    const listed = classes && (classes[1] ?? classes[2] ?? classes[3] ?? '').split(/\s+/)
    if (!listed?.some((one) => notIndexed.includes(one))) continue
    const end = closingOf(html, name, tags.lastIndex)
    // One not whole leaves the rest as it is: looking for each of thousands such to the end took seconds a page.
    if (end === -1) break
    kept += html.slice(from, found.index)
    from = tags.lastIndex = end
  }
  return kept + html.slice(from)
}

/** Where the element named `name` whose content starts at `start` ends (after its closing tag), counting those of its name inside it; -1 when it does not. */
function closingOf(html: string, name: string, start: number): number {
  const tags = new RegExp(`<(/?)${name}(?=[\\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>`, 'gi')
  tags.lastIndex = start
  let depth = 1
  for (let found = tags.exec(html); found; found = tags.exec(html)) {
    depth += found[1] === '/' ? -1 : 1
    if (depth === 0) return tags.lastIndex
  }
  return -1
}

/**
 * The release's element in a page: an article whose classes include
 * `release`, whatever else a newsroom's own template gives it (more classes,
 * an id, another order), so that its header, menus and footer stay out.
 */
const releaseArticle = /<article\b(?=[^>]*\sclass\s*=\s*(?:"(?:[^"]*\s)?release(?:\s[^"]*)?"|'(?:[^']*\s)?release(?:\s[^']*)?'|release[\s>]))[^>]*>/

/**
 * The page as Pagefind is given it: its release (the article, or the whole
 * body of a template without one) with the facts to filter by, in a page of
 * its language. Nothing around the release reaches the index, so a change of
 * house style leaves the index as it was.
 */
export function forIndex(html: string, lang: string, facts: SearchFacts, {forDigest = false} = {}): string {
  const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
  const marks = `data-pagefind-body data-topic="${attribute(facts.topic)}" data-year="${attribute(facts.year)}" data-date="${attribute(facts.date)}" data-pagefind-filter="topic[data-topic], year[data-year]" data-pagefind-meta="date[data-date]"`
  const found = releaseArticle.exec(html)
  const end = found ? html.indexOf('</article>', found.index) : -1
  // For the digest, of the article's own attributes only those Pagefind reads: a class a template adds to it makes no index again.
  const own = found && found[0].slice('<article'.length, -1)
  const release = found && end !== -1 ? `<article ${marks}${forDigest ? readAttributes(own!) : own}>${html.slice(found.index + found[0].length, end)}</article>` : `<div ${marks}>${html.slice(html.indexOf('>', html.indexOf('<body')) + 1, html.lastIndexOf('</body>'))}</div>`
  return `<!DOCTYPE html><html lang="${attribute(lang)}"><head><meta charset="utf-8"></head><body>${release}</body></html>`
}

/** Of an element's attributes, those Pagefind reads: its own (`data-pagefind-…`), and the language and direction. */
function readAttributes(attributes: string): string {
  return [...attributes.matchAll(/\s([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)].filter(([, name]) => /^(data-pagefind-|lang$|dir$)/i.test(name!)).map(([whole]) => whole).join('')
}

/** The digest of what search indexes of a release's page, as it is written: without what search leaves out. */
export function pageDigest(html: string, locale: Locale, frontMatter: {readonly category: string; readonly date: string}): string {
  return indexDigest(withoutNotIndexed(forIndex(html, locale.code, searchFacts(locale, frontMatter), {forDigest: true})))
}
