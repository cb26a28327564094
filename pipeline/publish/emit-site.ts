// Emit stage, web format: writes the pages of published translations, the
// news list of each language, its Atom feed, the language chooser and the
// sitemap, from templates.
import {readFile} from 'node:fs/promises'
import type nunjucks from 'nunjucks'
import type {Locale} from '../source/locales.js'
import type {OutputWriter} from '../engine/output.js'
import {listPath, newestFirst, releasePath, type Alternate, type Entry, type SiteMap} from './pages.js'
import type {FrontMatter} from '../source/validate.js'
import type {SiteFonts} from './fonts.js'

export const feedSize = 50

export interface SiteWriter {
  readonly site: SiteMap
  readonly templates: nunjucks.Environment
  readonly staging: OutputWriter
  /** The stylesheet file to publish: the newsroom's own or the built-in one. */
  readonly stylesheet: string
  readonly fonts: SiteFonts
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
}

/** The web page of one translation. */
export function releasePage(site: SiteMap, templates: nunjucks.Environment, translation: {readonly id: string; readonly lang: string; readonly frontMatter: FrontMatter}, {published, url, share, body, excerpt, updatedIn}: ReleasePage): string {
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
        breadcrumb: {label: locale.t(`category.${frontMatter.category}`), href: site.href(from, `${lang}/`)},
        languages: site.languageLinks(from, folders, lang)
      },
      release: {...frontMatter, dateText: locale.formatDate(frontMatter.date), body, ...(updatedIn ? {updated: updatedNote(site, locale, from, id, updatedIn)} : {})},
      share: {mailto: share}
    })
}

/** The note on a translation older than the text of `lang`: in the page's language, linking to that text. */
function updatedNote(site: SiteMap, locale: Locale, from: string, id: string, lang: string) {
  const language = new Intl.DisplayNames(locale.intl, {type: 'language'}).of(lang) ?? lang
  return {text: locale.t('release.updatedSince', {language}), href: site.href(from, `${lang}/${id}/`), lang}
}

/** Writes everything that lists releases: news lists, feeds, chooser, sitemap, and the stylesheet. */
export async function emitSiteIndexes(writer: SiteWriter, entries: Entry[], now: Date): Promise<number> {
  const {site} = writer
  const byLanguage = new Map(site.settings.languages.map((lang) => [lang, [] as Entry[]]))
  for (const entry of [...entries].sort(newestFirst)) byLanguage.get(entry.lang)!.push(entry)

  let pages = 0
  for (const [lang, list] of byLanguage) {
    pages += await emitNewsList(writer, site.locales.get(lang)!, list)
    await emitFeed(writer, site.locales.get(lang)!, list, now)
  }
  await emitChooser(writer)
  await emitSitemap(writer, byLanguage)
  await writer.staging.write('assets/style.css', await readFile(writer.stylesheet, 'utf8'))
  await emitFonts(writer)
  return pages + 1
}

/** Writes the fonts' style sheet and the web font files it names. */
async function emitFonts(writer: SiteWriter) {
  const {fonts} = writer
  await writer.staging.write('assets/fonts.css', fonts.css)
  await Promise.all([...fonts.files].map(async ([name, path]) => writer.staging.write(`assets/fonts/${name}`, await readFile(path))))
}

async function emitNewsList(writer: SiteWriter, locale: Locale, entries: Entry[]): Promise<number> {
  const {site} = writer
  const perPage = site.settings.perPage
  const count = Math.max(1, Math.ceil(entries.length / perPage))
  const folders = site.listFolders()
  for (let page = 1; page <= count; page++) {
    const from = listPath(locale.code, page)
    const folderOf = (number: number) => site.href(from, listPath(locale.code, number).replace(/index\.html$/, ''))
    const heading = locale.t('category.embassy-news')
    await writer.staging.write(
      from,
      writer.templates.render('news-list.njk', {
        ...common(locale),
        page: {
          ...pageBasics(site, locale, from),
          title: page === 1 ? heading : `${heading} (${locale.t('list.page', {page, pages: count})})`,
          description: locale.t('list.description', {embassy: locale.t('embassy.name')}),
          canonical: site.url(listPath(locale.code, page).replace(/index\.html$/, '')),
          alternates: page === 1 ? site.alternates(folders, '') : [],
          breadcrumb: {label: heading},
          languages: site.languageLinks(from, folders, locale.code)
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
            excerpt: entry.excerpt
          }))
        }
      })
    )
  }
  return count
}

async function emitFeed(writer: SiteWriter, locale: Locale, entries: Entry[], now: Date) {
  const {site} = writer
  const path = `${locale.code}/feed.xml`
  const recent = entries.slice(0, feedSize)
  const latest = recent.reduce((max, entry) => (entry.updated > max ? entry.updated : max), '')
  await writer.staging.write(
    path,
    writer.templates.render('feed.xml.njk', {
      ...common(locale),
      feed: {
        id: site.url(path),
        self: site.url(path),
        alternate: site.url(`${locale.code}/`),
        updated: latest || atomDate(now),
        entries: recent.map((entry) => ({
          title: entry.frontMatter.title,
          url: site.url(`${entry.lang}/${entry.id}/`),
          updated: entry.updated,
          excerpt: entry.excerpt
        }))
      }
    })
  )
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
  const languagesOf = new Map<string, string[]>()
  for (const entries of byLanguage.values()) {
    for (const entry of entries) languagesOf.set(entry.id, [...(languagesOf.get(entry.id) ?? []), entry.lang])
  }
  for (const entries of byLanguage.values()) {
    for (const entry of entries) {
      const folders = site.releaseFolders(entry.id, languagesOf.get(entry.id)!)
      urls.push({loc: site.url(`${entry.lang}/${entry.id}/`), lastmod: entry.frontMatter.date, alternates: site.alternates(folders, site.fallbackOf(folders))})
    }
  }
  await writer.staging.write('sitemap.xml', writer.templates.render('sitemap.xml.njk', {urls}))
}

function common(locale: Locale) {
  return {t: locale.t, locale}
}

function pageBasics(site: SiteMap, locale: Locale, from: string) {
  return {assets: site.href(from, 'assets/'), feed: site.href(from, `${locale.code}/feed.xml`)}
}

export function atomDate(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
