// What a page says of itself to the programs that read it rather than people:
// the Open Graph and Twitter tags social networks and chat apps make a card
// of, and schema.org's NewsArticle as JSON-LD, with the publisher (the
// embassy, a GovernmentOrganization) and the article's translations.
import type {Locale} from '../model/locale.js'
import {isoIn} from '../source/calendar.js'
import type {FrontMatter} from '../source/validate.js'
import type {SiteMap} from './pages.js'

export interface SocialCard {
  readonly type: 'article' | 'website'
  readonly title: string
  readonly description: string
  readonly url: string
  readonly locale: string
  /** The Open Graph locales of the page's other languages. */
  readonly alternateLocales: readonly string[]
  readonly image?: {readonly url: string; readonly width: number; readonly height: number; readonly type: string; readonly alt: string}
}

/** The card of any page: its title, description and address, in its language and the others it is in. */
export function socialCard(site: SiteMap, locale: Locale, page: {type: SocialCard['type']; title: string; description: string; url: string; languages: readonly string[]; image?: PageImage}): SocialCard {
  const {card} = site.look
  return {
    type: page.type,
    title: page.title,
    description: page.description,
    url: page.url,
    locale: locale.ogLocale,
    alternateLocales: page.languages.filter((lang) => lang !== locale.code).map((lang) => site.locales.get(lang)!.ogLocale),
    ...(page.image
      ? {image: {url: site.url(page.image.path), width: page.image.width, height: page.image.height, type: imageType(page.image.path), alt: page.image.alt}}
      : card
        ? {image: {url: site.url(card.path), width: card.width, height: card.height, type: card.type, alt: locale.t('embassy.name')}}
        : {})
  }
}

/** A page's own picture: its lead image. */
export interface PageImage {
  readonly path: string
  readonly width: number
  readonly height: number
  readonly alt: string
}

function imageType(path: string): string {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase()
  return extension === 'jpg' ? 'image/jpeg' : `image/${extension}`
}

export interface Article {
  readonly id: string
  readonly frontMatter: FrontMatter
  readonly description: string
  readonly url: string
  /** When readers got it, in milliseconds. */
  readonly publishedAt: number
  /** The languages it is published in. */
  readonly published: readonly string[]
  readonly image?: PageImage
}

/** schema.org's NewsArticle for a release's page, as the text of a `<script type="application/ld+json">`. */
export function articleData(site: SiteMap, locale: Locale, article: Article): string {
  const {settings, look} = site
  const {frontMatter} = article
  const translationUrl = (lang: string) => site.url(`${lang}/${article.id}/`)
  const isSource = locale.code === settings.defaultLanguage
  const publisher = {
    '@type': 'GovernmentOrganization',
    name: locale.t('embassy.name'),
    url: locale.t('embassy.website'),
    ...(look.emailLogo ? {logo: {'@type': 'ImageObject', url: site.url(look.emailLogo.path), width: look.emailLogo.width, height: look.emailLogo.height}} : {})
  }
  const data = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': article.url,
    url: article.url,
    mainEntityOfPage: article.url,
    headline: frontMatter.title,
    description: article.description,
    inLanguage: locale.code,
    datePublished: isoIn(article.publishedAt, settings.timeZone),
    dateModified: isoIn(frontMatter.updatedTime ?? article.publishedAt, settings.timeZone),
    ...(article.image ? {image: [site.url(article.image.path)]} : look.card ? {image: [site.url(look.card.path)]} : {}),
    author: publisher,
    publisher,
    // The default language's text is the work; the others are its translations.
    ...(isSource
      ? {workTranslation: article.published.filter((lang) => lang !== locale.code).map((lang) => ({'@id': translationUrl(lang), inLanguage: lang}))}
      : article.published.includes(settings.defaultLanguage)
        ? {translationOfWork: {'@id': translationUrl(settings.defaultLanguage), inLanguage: settings.defaultLanguage}}
        : {})
  }
  return scriptJson(data)
}

/** JSON that cannot end its `<script>` element or be read as markup, whatever a title holds. */
function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
