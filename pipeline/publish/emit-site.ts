// Emit stage, web format: writes the pages of published translations, the
// news list of each language, its Atom feed, the language chooser and the
// sitemap, from templates.
import {readFile} from 'node:fs/promises'
import type nunjucks from 'nunjucks'
import type {Locale} from '../source/locales.js'
import type {OutputWriter} from '../model/output-writer.js'
import {generalCategory, listed, newestFirst, pagePath, releasePath, topicFolder, type Alternate, type Entry, type SiteMap} from './pages.js'
import type {FrontMatter} from '../source/validate.js'
import type {SiteFonts} from './fonts.js'
import {articleData, socialCard} from './page-metadata.js'
import type {Lead} from '../model/published.js'
import {history} from './history.js'
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
}

export interface ReleasePage {
  /** The languages of the release's public translations. */
  readonly published: readonly string[]
  readonly url: string
  /** The prefilled mail link of the share block. */
  readonly share: string
  /** The sanitized body fragment. */
  readonly body: string
  readonly excerpt: string
  /** The language whose text is newer than this translation, to say so and link to it. */
  readonly updatedIn?: string
  /** When readers got it, in milliseconds. */
  readonly publishedAt: number
  /** The files it links to, for its Downloads block. */
  readonly downloads: ReadonlyArray<{readonly path: string; readonly name: string; readonly label: string; readonly size: string}>
  readonly lead?: Lead
}

/** The web page of one translation. */
export function releasePage(site: SiteMap, templates: nunjucks.Environment, translation: {readonly id: string; readonly lang: string; readonly frontMatter: FrontMatter}, {published, url, share, body, excerpt, updatedIn, publishedAt, downloads, lead}: ReleasePage): string {
  const {id, lang, frontMatter} = translation
  const locale = site.locales.get(lang)!
  const from = releasePath(lang, id)
  const folders = site.releaseFolders(id, published)
  return templates.render('release.njk', {
      ...common(locale),
      page: {
        ...pageBasics(site, locale, from),
        title: frontMatter.title,
        description: frontMatter.summary ?? excerpt,
        canonical: url,
        alternates: site.alternates(folders, site.fallbackOf(folders)),
        breadcrumb: breadcrumbOf(site, locale, from, frontMatter.category),
        // A withdrawn release stays at its address for the links to it, but out of search engines.
        noindex: frontMatter.status === 'withdrawn',
        social: socialCard(site, locale, {type: 'article', title: frontMatter.title, description: frontMatter.summary ?? excerpt, url, languages: published, ...(lead ? {image: lead} : {})}),
        jsonLd: articleData(site, locale, {id, frontMatter, description: frontMatter.summary ?? excerpt, url, publishedAt, published, ...(lead ? {image: lead} : {})}),
        languages: site.languageLinks(from, folders, lang)
      },
      release: {...frontMatter, dateText: locale.formatDate(frontMatter.date), body, downloads: downloads.map((file) => ({...file, href: site.href(from, file.path)})), ...(lead ? {lead: {...lead, href: site.href(from, lead.path), ...srcsets(lead.variants, (path) => site.href(from, path))}} : {}), ...history(locale, frontMatter, site.settings.timeZone), ...(updatedIn ? {newerSource: updatedNote(site, locale, from, id, updatedIn)} : {})},
      share: {mailto: share}
    })
}

/** Home > Embassy News, or Home > Embassy News > the release's topic. */
function breadcrumbOf(site: SiteMap, locale: Locale, from: string, category: string) {
  const news = {label: locale.t(`category.${generalCategory}`), href: site.href(from, `${locale.code}/`)}
  if (category === generalCategory) return news
  return {label: locale.t(`category.${category}`), href: site.href(from, topicFolder(locale.code, category)), parent: news}
}

/** The note on a translation older than the text of `lang`: in the page's language, linking to that text. */
function updatedNote(site: SiteMap, locale: Locale, from: string, id: string, lang: string) {
  const language = new Intl.DisplayNames(locale.intl, {type: 'language'}).of(lang) ?? lang
  return {text: locale.t('release.updatedSince', {language}), href: site.href(from, `${lang}/${id}/`), lang}
}

/** Writes everything that lists releases: news lists and topic pages with their feeds, chooser, sitemap, and the stylesheet. */
export async function emitSiteIndexes(writer: SiteWriter, entries: Entry[], now: Date): Promise<number> {
  const {site} = writer
  const byLanguage = new Map(site.settings.languages.map((lang) => [lang, [] as Entry[]]))
  for (const entry of entries.filter(listed).sort(newestFirst)) byLanguage.get(entry.lang)!.push(entry)

  let pages = 0
  for (const [lang, list] of byLanguage) {
    const locale = site.locales.get(lang)!
    const news = locale.t(`category.${generalCategory}`)
    pages += await emitList(writer, locale, list, {folder: `${lang}/`, heading: news, description: locale.t('list.description', {embassy: locale.t('embassy.name')}), alternates: site.listFolders()})
    await emitFeed(writer, locale, list, now, {folder: `${lang}/`, title: locale.t('feed.title', {embassy: locale.t('embassy.name')})})
    for (const [category, topic] of topicsOf(list)) {
      const label = locale.t(`category.${category}`)
      const folder = topicFolder(lang, category)
      const alternates = site.topicFolders(category, byLanguage)
      const parent = {label: news, href: `${lang}/`}
      pages += await emitList(writer, locale, topic, {folder, heading: label, description: locale.t('list.topicDescription', {topic: label, embassy: locale.t('embassy.name')}), alternates, parent})
      await emitFeed(writer, locale, topic, now, {folder, title: locale.t('feed.topicTitle', {topic: label, embassy: locale.t('embassy.name')})})
    }
  }
  await emitChooser(writer)
  await emitSitemap(writer, byLanguage)
  await writer.staging.write('assets/style.css', writer.stylesheet)
  await emitFonts(writer)
  for (const [path, bytes] of writer.images) await writer.staging.write(path, bytes)
  return pages + 1
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

async function emitFeed(writer: SiteWriter, locale: Locale, entries: readonly Entry[], now: Date, feed: {readonly folder: string; readonly title: string}) {
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
        updated: latest || atomDate(now),
        entries: await Promise.all(recent.map(async (entry) => ({
          content: await pageBody(writer, entry),
          title: entry.frontMatter.title,
          url: site.url(`${entry.lang}/${entry.id}/`),
          published: entry.updated,
          updated: entry.modified,
          excerpt: entry.excerpt
        })))
      }
    })
  )
}

/** The srcset of an image's copies in its own format and in WebP. */
function srcsets(variants: Lead['variants'], href: (path: string) => string): {srcset?: string; webp?: string} {
  if (!variants) return {}
  return {srcset: variants.map((variant) => `${href(variant.path)} ${variant.width}w`).join(', '), webp: variants.map((variant) => `${href(variant.webp)} ${variant.width}w`).join(', ')}
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
          return {code, name: other.name, dir: other.dir, href: `${code}/`, label: other.t('category.embassy-news'), embassy: other.t('embassy.name')}
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
  await writer.staging.write('sitemap.xml', writer.templates.render('sitemap.xml.njk', {urls}))
}

function common(locale: Locale) {
  return {t: locale.t, locale}
}

function pageBasics(site: SiteMap, locale: Locale, from: string) {
  const {logo, icon, touchIcon} = site.look
  return {
    assets: site.href(from, 'assets/'),
    feed: site.href(from, `${locale.code}/feed.xml`),
    ...(logo ? {logo: {href: site.href(from, logo.path), width: logo.width, height: logo.height}} : {}),
    ...(icon ? {icon: site.href(from, icon.path)} : {}),
    ...(touchIcon ? {touchIcon: site.href(from, touchIcon.path)} : {})
  }
}

export function atomDate(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
