// Emit stage, web format, for the whole site: the news list of each
// language and topic, their Atom feeds, the language chooser, the sitemap
// and the site's fonts, from templates and the published translations.
import {readFile} from 'node:fs/promises'
import type nunjucks from 'nunjucks'
import type {Locale} from '../model/locale.js'
import type {OutputWriter} from '../model/output-writer.js'
import {generalCategory, listed, newestFirst, pagePath, releasePath, topicFolder, type Alternate, type Entry, type SiteMap} from './pages.js'
import type {SiteFonts} from './fonts.js'
import {pdfName} from './emit-pdf.js'
import {socialCard} from './page-metadata.js'
import {atomDate, common, pageBasics} from './page-basics.js'
import type {Element} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import {CONTINUE, EXIT, visit} from 'unist-util-visit'

const feedSize = 50

export interface SiteWriter {
  readonly site: SiteMap
  readonly templates: nunjucks.Environment
  readonly staging: OutputWriter
  /** The stylesheet to publish: the newsroom's own or the built-in one. */
  readonly stylesheet: string
  readonly fonts: SiteFonts
  /** The crest, icons and card to publish, by path. */
  readonly images: ReadonlyMap<string, Uint8Array>
  /** Takes a file of the whole site from the previous build when made there from `data`, noting it for the next either way: the sitemap, whose 12,000 addresses took nunjucks a sixth of a second. */
  readonly takeKept?: (path: string, data: string) => Promise<boolean>
  /** Keeps what `make` finds of a page (its HTML) for the feeds, so that a page as a build before found it is not parsed again. */
  readonly keepFeedText?: (page: string, make: (page: string) => string | undefined) => Promise<string | undefined>
}

/** Writes everything that lists releases: news lists and topic pages with their feeds, chooser, sitemap, and the stylesheet. */
export async function emitSiteIndexes(writer: SiteWriter, entries: Entry[], now: Date): Promise<number> {
  const {site} = writer
  const byLanguage = new Map(site.settings.languages.map((lang) => [lang, [] as Entry[]]))
  for (const entry of entries.filter(listed).sort(newestFirst)) byLanguage.get(entry.lang)!.push(entry)

  // A feed with nothing in it yet is dated by the site's newest release, so that only a site with none at all depends on the build time.
  const newest = [...byLanguage.values()].flat().reduce((max, entry) => (entry.modified > max ? entry.modified : max), '')
  const undated = newest || atomDate(now)
  let pages = 0
  for (const [lang, list] of byLanguage) {
    const locale = site.locales.get(lang)!
    const news = locale.t(`category.${generalCategory}`)
    pages += await emitList(writer, locale, list, {folder: `${lang}/`, heading: news, description: locale.t('list.description', {embassy: locale.t('embassy.name')}), alternates: site.listFolders()})
    await emitFeed(writer, locale, list, undated, {folder: `${lang}/`, title: locale.t('feed.title', {embassy: locale.t('embassy.name')})})
    for (const [category, topic] of topicsOf(list)) {
      const label = locale.t(`category.${category}`)
      const folder = topicFolder(lang, category)
      const alternates = site.topicFolders(category, byLanguage)
      const parent = {label: news, href: `${lang}/`}
      pages += await emitList(writer, locale, topic, {folder, heading: label, description: locale.t('list.topicDescription', {topic: label, embassy: locale.t('embassy.name')}), alternates, parent})
      await emitFeed(writer, locale, topic, undated, {folder, title: locale.t('feed.topicTitle', {topic: label, embassy: locale.t('embassy.name')})})
    }
  }
  await emitChooser(writer)
  await emitSitemap(writer, byLanguage)
  await writer.staging.write('assets/style.css', writer.stylesheet)
  await emitFonts(writer)
  for (const [path, bytes] of writer.images) await writer.staging.write(path, bytes)
  return pages + 1
}

/** Whether what the site lists depends on the build time itself, not only on which embargoes it has passed: the feeds of a site with nothing listed are dated by the build. */
export function datedByBuild(entries: readonly Entry[]): boolean {
  return !entries.some(listed)
}

/** A language's releases by category, each newest first, but for the general category, which is the news list itself. */
function topicsOf(entries: readonly Entry[]): Map<string, Entry[]> {
  const topics = new Map<string, Entry[]>()
  for (const entry of entries) {
    const {category} = entry.frontMatter
    if (category === generalCategory) continue
    topics.set(category, [...(topics.get(category) ?? []), entry])
  }
  return topics
}

/** Writes the fonts' style sheet and the web font files it names. */
async function emitFonts(writer: SiteWriter) {
  const {fonts} = writer
  await writer.staging.write('assets/fonts.css', fonts.css)
  await Promise.all([...fonts.files].map(async ([name, path]) => writer.staging.write(`assets/fonts/${name}`, await readFile(path))))
}

/** A paginated list of releases: the news list of a language, or one of its topics. */
interface ListSpec {
  /** The folder of its first page, such as `en/` or `en/category/culture/`; its feed is feed.xml there. */
  readonly folder: string
  readonly heading: string
  readonly description: string
  /** The same list in each language that has it, by language. */
  readonly alternates: ReadonlyMap<string, string>
  /** The list above it in the breadcrumb, as a folder. */
  readonly parent?: {readonly label: string; readonly href: string}
}

async function emitList(writer: SiteWriter, locale: Locale, entries: readonly Entry[], list: ListSpec): Promise<number> {
  const {site} = writer
  const perPage = site.settings.perPage
  const count = Math.max(1, Math.ceil(entries.length / perPage))
  for (let page = 1; page <= count; page++) {
    const from = pagePath(list.folder, page)
    const folderOf = (number: number) => site.href(from, pagePath(list.folder, number).replace(/index\.html$/, ''))
    const {heading} = list
    await writer.staging.write(
      from,
      writer.templates.render('news-list.njk', {
        ...common(locale),
        page: {
          ...pageBasics(site, locale, from),
          feed: site.href(from, `${list.folder}feed.xml`),
          title: page === 1 ? heading : `${heading} (${locale.t('list.page', {page, pages: count})})`,
          description: list.description,
          canonical: site.url(from.replace(/index\.html$/, '')),
          alternates: page === 1 ? site.alternates(list.alternates, site.fallbackOf(list.alternates)) : [],
          breadcrumb: {label: heading, ...(list.parent ? {parent: {label: list.parent.label, href: site.href(from, list.parent.href)}} : {})},
          social: socialCard(site, locale, {type: 'website', title: heading, description: list.description, url: site.url(from.replace(/index\.html$/, '')), languages: page === 1 ? [...list.alternates.keys()] : []}),
          languages: site.languageLinks(from, list.alternates, locale.code)
        },
        list: {
          heading,
          page,
          pages: count,
          newer: page > 1 ? folderOf(page - 1) : undefined,
          older: page < count ? folderOf(page + 1) : undefined,
          entries: entries.slice((page - 1) * perPage, page * perPage).map((entry) => ({
            href: site.href(from, `${locale.code}/${entry.id}/`),
            title: entry.frontMatter.title,
            date: entry.frontMatter.date,
            dateText: locale.formatDate(entry.frontMatter.date),
            excerpt: entry.excerpt,
            ...(entry.image ? {image: {...entry.image, href: site.href(from, entry.image.path)}} : {})
          }))
        }
      })
    )
  }
  return count
}

async function emitFeed(writer: SiteWriter, locale: Locale, entries: readonly Entry[], undated: string, feed: {readonly folder: string; readonly title: string}) {
  const {site} = writer
  const path = `${feed.folder}feed.xml`
  const recent = entries.slice(0, feedSize)
  const latest = recent.reduce((max, entry) => (entry.modified > max ? entry.modified : max), '')
  await writer.staging.write(
    path,
    writer.templates.render('feed.xml.njk', {
      ...common(locale),
      feed: {
        title: feed.title,
        id: site.url(path),
        self: site.url(path),
        alternate: site.url(feed.folder),
        updated: latest || undated,
        entries: await Promise.all(recent.map(async (entry) => ({
          content: await pageBody(writer, entry),
          title: entry.frontMatter.title,
          url: site.url(`${entry.lang}/${entry.id}/`),
          ...(site.settings.pdf ? {pdf: site.url(`${entry.lang}/${entry.id}/${pdfName}`)} : {}),
          published: entry.updated,
          updated: entry.modified,
          excerpt: entry.excerpt
        })))
      }
    })
  )
}

/** Each page's text for the feeds, by writer: a release is in its language's feed and in its topic's. */
const pageBodies = new WeakMap<SiteWriter, Map<string, Promise<string | undefined>>>()

/** The text of a release as its page shows it (sanitized, its files' addresses published), for a feed's full content; its links are relative to the page. */
function pageBody(writer: SiteWriter, entry: Entry): Promise<string | undefined> {
  let bodies = pageBodies.get(writer)
  if (!bodies) pageBodies.set(writer, (bodies = new Map()))
  const path = releasePath(entry.lang, entry.id)
  let body = bodies.get(path)
  if (!body) bodies.set(path, (body = readPageBody(writer, path)))
  return body
}

async function readPageBody(writer: SiteWriter, path: string): Promise<string | undefined> {
  const page = await writer.staging.read?.(path)
  if (page === undefined) return undefined
  return writer.keepFeedText ? writer.keepFeedText(page, releaseBody) : releaseBody(page)
}

/** The release's body in a page, as HTML. */
function releaseBody(page: string): string | undefined {
  let body: Element | undefined
  visit(fromHtml(page), 'element', (node: Element) => {
    if (node.tagName === 'div' && [node.properties.className].flat().includes('release-body')) {
      body = node
      return EXIT
    }
    return CONTINUE
  })
  return body && toHtml(body.children).trim()
}

async function emitChooser(writer: SiteWriter) {
  const {site} = writer
  const locale = site.locales.get(site.settings.defaultLanguage)!
  await writer.staging.write(
    'index.html',
    writer.templates.render('chooser.njk', {
      ...common(locale),
      page: {
        assets: 'assets/',
        canonical: site.url(''),
        alternates: site.alternates(site.listFolders(), ''),
        choices: site.settings.languages.map((code) => {
          const other = site.locales.get(code)!
          return {code, name: other.name, dir: other.dir, script: other.script, href: `${code}/`, label: other.t('category.embassy-news'), embassy: other.t('embassy.name')}
        })
      }
    })
  )
}

async function emitSitemap(writer: SiteWriter, byLanguage: Map<string, Entry[]>) {
  const {site} = writer
  const lists = site.listFolders()
  const urls: Array<{loc: string; lastmod?: string; alternates: Alternate[]}> = [
    {loc: site.url(''), alternates: []},
    ...[...lists.values()].map((folder) => ({loc: site.url(folder), alternates: site.alternates(lists, '')}))
  ]
  const categories = new Set([...byLanguage.values()].flatMap((entries) => [...topicsOf(entries).keys()]))
  for (const category of [...categories].sort()) {
    const folders = site.topicFolders(category, byLanguage)
    for (const folder of folders.values()) urls.push({loc: site.url(folder), alternates: site.alternates(folders, site.fallbackOf(folders))})
  }
  const languagesOf = new Map<string, string[]>()
  for (const entries of byLanguage.values()) {
    for (const entry of entries) languagesOf.set(entry.id, [...(languagesOf.get(entry.id) ?? []), entry.lang])
  }
  for (const entries of byLanguage.values()) {
    for (const entry of entries) {
      const folders = site.releaseFolders(entry.id, languagesOf.get(entry.id)!)
      urls.push({loc: site.url(`${entry.lang}/${entry.id}/`), lastmod: entry.frontMatter.updatedTime === undefined ? entry.frontMatter.date : entry.modified, alternates: site.alternates(folders, site.fallbackOf(folders))})
    }
  }
  if (await writer.takeKept?.('sitemap.xml', JSON.stringify(urls))) return
  await writer.staging.write('sitemap.xml', writer.templates.render('sitemap.xml.njk', {urls}))
}

