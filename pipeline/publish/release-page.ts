// Emit stage, web format, for one translation: its page, wrapped in the
// house style around its rendered body, with its breadcrumb, language
// switcher, share block, Downloads, lead image and corrections.
import type nunjucks from 'nunjucks'
import type {Locale} from '../model/locale.js'
import type {FrontMatter} from '../source/validate.js'
import type {Lead} from '../model/published.js'
import {generalCategory, releasePath, topicFolder, type SiteMap} from './pages.js'
import {articleData, socialCard} from './page-metadata.js'
import {history} from './history.js'
import {pdfName} from './emit-pdf.js'
import {common, pageBasics, srcsets} from './page-basics.js'

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
export function releasePage(site: SiteMap, templates: nunjucks.Environment, translation: {readonly id: string; readonly lang: string; readonly frontMatter: FrontMatter; readonly locale?: Locale}, {published, url, share, body, excerpt, updatedIn, publishedAt, downloads, lead}: ReleasePage): string {
  const {id, lang, frontMatter} = translation
  const locale = translation.locale ?? site.locales.get(lang)!
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
      release: {...frontMatter, dateText: locale.formatDate(frontMatter.date), body, ...(site.settings.pdf ? {pdf: pdfName} : {}), downloads: downloads.map((file) => ({...file, href: site.href(from, file.path)})), ...(lead ? {lead: {...lead, href: site.href(from, lead.path), ...srcsets(lead.variants, (path) => site.href(from, path))}} : {}), ...history(locale, frontMatter, site.settings.timeZone), ...(updatedIn ? {newerSource: updatedNote(site, locale, from, id, updatedIn)} : {})},
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
