// The site's pages as data for the templates: where each page is written, its
// absolute address, its alternates in other languages and the links it shows.
// Links inside the site are relative, so the output can be served from any path.
import type {Locale} from '../model/locale.js'
import type {Settings} from '../source/settings.js'
import type {FrontMatter} from '../source/validate.js'
import type {SiteLook} from './site-images.js'

/** What lists, feeds and the sitemap need to know of a published translation. */
export interface Entry {
  readonly id: string
  readonly lang: string
  readonly frontMatter: FrontMatter
  /** The summary, or the start of the text when there is none. */
  readonly excerpt: string
  /** When the release went public: its embargo, or its date. */
  readonly updated: string
  /** When it last changed: its last correction (`updated`), else when it went public. */
  readonly modified: string
  /** Its lead image, for a thumbnail in lists. */
  readonly image?: {readonly path: string; readonly width: number; readonly height: number}
  /** The digest of what search indexes of its page (indexed-page.ts), when this build rendered the page. */
  readonly indexDigest?: string
}

/** Whether an entry is listed (news lists, topics, feeds, sitemap, bulletins): a withdrawn release keeps its page only. */
export function listed(entry: Pick<Entry, 'frontMatter'>): boolean {
  return entry.frontMatter.status !== 'withdrawn'
}

export interface LanguageLink {
  readonly code: string
  readonly name: string
  /** Its script (Locale.script), by which the switcher sets its name. */
  readonly script: string
  readonly href: string
  readonly current: boolean
}

export interface Alternate {
  readonly hreflang: string
  readonly href: string
}

export class SiteMap {
  constructor(
    readonly settings: Settings,
    readonly locales: ReadonlyMap<string, Locale>,
    /** The crest, icons and social card every page and email shows. */
    readonly look: SiteLook = {}
  ) {}

  /** The site's address when a folder's can be joined to it as text (no query or fragment, a path ending in /); null when not. */
  private base: string | null | undefined

  url(folder: string): string {
    // Joined as text when URL resolution would give the same: a folder of plain segments (the sitemap and feeds ask for
    // tens of thousands, each alternate again for every translation, and new URL takes microseconds each).
    if (this.base === undefined) {
      const site = new URL(this.settings.siteUrl)
      this.base = site.search === '' && site.hash === '' && site.pathname.endsWith('/') ? site.href : null
    }
    if (this.base !== null && plainFolder.test(folder)) return `${this.base}${folder}`
    return new URL(folder, this.settings.siteUrl).href
  }

  /** Relative link from the page at `from` (a path in the output) to `folder`. */
  href(from: string, folder: string): string {
    const depth = from.split('/').length - 1
    return '../'.repeat(depth) + folder || './'
  }

  alternates(folders: ReadonlyMap<string, string>, fallback: string): Alternate[] {
    const list: Alternate[] = [...folders].map(([hreflang, folder]) => ({hreflang, href: this.url(folder)}))
    list.push({hreflang: 'x-default', href: this.url(fallback)})
    return list
  }

  languageLinks(from: string, folders: ReadonlyMap<string, string>, current: string | undefined): LanguageLink[] {
    return [...folders].map(([code, folder]) => ({code, name: this.locales.get(code)!.name, script: this.locales.get(code)!.script, href: this.href(from, folder), current: code === current}))
  }

  /** Folders of a release's translations, keyed by language, in site order. */
  releaseFolders(id: string, languages: Iterable<string>): Map<string, string> {
    const present = new Set(languages)
    return new Map(this.settings.languages.filter((lang) => present.has(lang)).map((lang) => [lang, `${lang}/${id}/`]))
  }

  /** The page of `category` in each language that has releases in it. */
  topicFolders(category: string, byLanguage: ReadonlyMap<string, readonly Entry[]>): Map<string, string> {
    return new Map(this.settings.languages.filter((lang) => byLanguage.get(lang)?.some((entry) => entry.frontMatter.category === category)).map((lang) => [lang, topicFolder(lang, category)]))
  }

  listFolders(): Map<string, string> {
    return new Map(this.settings.languages.map((lang) => [lang, `${lang}/`]))
  }

  /** The alternate shown to a reader whose language is none of these. */
  fallbackOf(folders: ReadonlyMap<string, string>): string {
    return folders.get(this.settings.defaultLanguage) ?? folders.values().next().value!
  }
}

/** A relative folder of segments that URL resolution leaves as they are: none starting with a dot (. and ..), nothing it encodes. */
const plainFolder = /^(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*\/)*$/

export function releasePath(lang: string, id: string): string {
  return `${lang}/${id}/index.html`
}

/** The folder of a language's page of one category's releases. */
export function topicFolder(lang: string, category: string): string {
  return `${lang}/category/${category}/`
}

/** The category every release has unless it names another: its releases are the news list itself, so it has no page of its own. */
export const generalCategory = 'embassy-news'

/** Page `page` of a paginated list whose first page is `folder`/index.html. */
export function pagePath(folder: string, page: number): string {
  return page === 1 ? `${folder}index.html` : `${folder}page/${page}/index.html`
}

/** Sorts newest first; releases of the same day by id, for a stable order. */
export function newestFirst(a: Entry, b: Entry): number {
  if (a.frontMatter.date !== b.frontMatter.date) return a.frontMatter.date < b.frontMatter.date ? 1 : -1
  if (a.updated !== b.updated) return a.updated < b.updated ? 1 : -1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The “Suggest to a Friend” link: a new mail prefilled with the title and address. */
export function shareLink(locale: Locale, title: string, url: string): string {
  const subject = locale.t('share.subject', {title})
  const body = locale.t('share.body', {title, url, embassy: locale.t('embassy.name')})
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`
}
