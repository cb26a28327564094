// A language's search page: a form asking the language's search indexes,
// whose results the site's script lists in the page's words.
import type {Locale} from '../model/locale.js'
import {common, pageBasics} from './page-basics.js'
import type {SiteWriter} from './emit-site.js'

/** Where the indexes are published, at the site's root: `pagefind/<lang>/<year>/`. */
export const searchFolder = 'pagefind/'

/** A language's search page: a form asking the language's indexes (`indexes`, newest first; undefined when search could not be made), its results listed by the site's script in the page's words. */
export async function emitSearchPage(writer: SiteWriter, locale: Locale, folders: ReadonlyMap<string, string>, indexes: readonly string[] | undefined): Promise<void> {
  const {site} = writer
  const from = `${locale.code}/search/index.html`
  const title = locale.t('search.title')
  await writer.staging.write(
    from,
    writer.templates.render('search.njk', {
      ...common(locale),
      page: {
        ...pageBasics(site, locale, from),
        title,
        description: title,
        canonical: site.url(folders.get(locale.code)!),
        alternates: site.alternates(folders, site.fallbackOf(folders)),
        breadcrumb: {label: title, parent: {label: locale.t('category.embassy-news'), href: site.href(from, `${locale.code}/`)}},
        languages: site.languageLinks(from, folders, locale.code),
        noindex: true
      },
      search: {
        available: indexes !== undefined,
        root: site.href(from, ''),
        script: site.href(from, 'assets/search.js'),
        // What the script says, in the page's words: each plural form of the count, as the language has them.
        strings: JSON.stringify({intl: locale.intl, indexes: (indexes ?? []).map((folder) => `${searchFolder}${folder}`), found: pluralForms(locale, (count) => locale.t('search.found', {count})), none: locale.t('search.none'), searching: locale.t('search.searching'), unavailable: locale.t('search.unavailable')})
      }
    })
  )
}

/** A string in each plural form of the locale, `{count}` standing for the number, by CLDR category. */
function pluralForms(locale: Locale, say: (count: number) => string): Record<string, string> {
  const rules = new Intl.PluralRules(locale.intl)
  const forms: Record<string, string> = {}
  for (const category of rules.resolvedOptions().pluralCategories) {
    const sample = [0, 1, 2, 3, 5, 11, 21, 100, 101, 1000000].find((number) => rules.select(number) === category)
    if (sample !== undefined) forms[category] = say(sample).split(String(sample)).join('{count}')
  }
  return forms
}
