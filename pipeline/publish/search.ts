// Search: each language's search page, and the index Pagefind makes of the
// site's public release pages (the binary its npm package installs, run as a
// service while builds need it): one index per language, with the topic and
// the year as filters, written into pagefind/ at the site's root. Only what
// the build lists is indexed: embargoed and draft releases are never among a
// build's entries, and a withdrawn one keeps its page but leaves search.
import {execFile} from 'node:child_process'
import {accessSync, constants} from 'node:fs'
import {promisify} from 'node:util'
import {createRequire} from 'node:module'
import type {Locale} from '../model/locale.js'
import {common, pageBasics} from './page-basics.js'
import {listed, releasePath, type Entry} from './pages.js'
import type {SiteWriter} from './emit-site.js'

/** Where the index is published, at the site's root. */
export const searchFolder = 'pagefind/'

/** The search page of a language. */
export const searchPage = (lang: string) => `${lang}/search/index.html`

/** Pagefind's files the search page does not use: its own ready-made interfaces and its playground. */
const unused = /^(pagefind-(ui|modular-ui|component-ui|highlight)\.|playground\/)/

/** The program Pagefind's package runs, found as it finds it: an environment variable naming it, else the package for this system. */
function enginePath(): {path?: string; name: string} {
  for (const variable of ['PAGEFIND_EXTENDED_BINARY_PATH', 'PAGEFIND_BINARY_PATH']) if (process.env[variable]) return {path: process.env[variable], name: variable}
  const platform = process.platform === 'win32' ? 'windows' : process.platform
  const name = `@pagefind/${platform}-${process.arch}/bin/pagefind_extended${platform === 'windows' ? '.exe' : ''}`
  try {
    return {path: createRequire(import.meta.url).resolve(name), name}
  } catch {
    return {name}
  }
}

/** Why Pagefind cannot run here (its program for this system is not installed), or undefined when it can: a look, without running it. */
export function searchEngineProblem(): string | undefined {
  const {path, name} = enginePath()
  try {
    accessSync(path ?? name, constants.X_OK)
    return undefined
  } catch {
    return `Pagefind's program ${name} is not installed or cannot be run`
  }
}

/** Runs Pagefind's program once, asking its version: a program that does not answer so would never answer the service either. */
async function engineAnswers(): Promise<void> {
  const {path, name} = enginePath()
  const {stdout} = await promisify(execFile)(path ?? name, ['--version'], {timeout: 20_000}).catch(() => ({stdout: ''}))
  if (!/^pagefind/i.test(stdout)) throw new Error(`Pagefind's program ${name} does not run on this machine`)
}

/** `work`, or a failure once Pagefind has not answered for `seconds`: its service never answers a request its program died on. */
async function answered<T>(work: Promise<T>, seconds = 120): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const silence = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Pagefind did not answer in ${seconds} s`)), seconds * 1000)))
  try {
    return await Promise.race([work, silence])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Indexes the listed releases' pages (as this build wrote them) and writes
 * every language's search page. When Pagefind fails, the pages say search is
 * unavailable, and the problem is returned for the build to report: the
 * site is published without search rather than not at all.
 */
export async function emitSearch(writer: SiteWriter, entries: readonly Entry[]): Promise<{pages: number; problem?: string}> {
  const {site} = writer
  const indexed = entries
    .filter(listed)
    .map((entry) => {
      const locale = site.locales.get(entry.lang)!
      return {path: releasePath(entry.lang, entry.id), facts: {topic: locale.t(`category.${entry.frontMatter.category}`), year: entry.frontMatter.date.slice(0, 4), date: locale.formatDate(entry.frontMatter.date)}}
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1))
  let problem: string | undefined
  try {
    for (const [path, content] of await indexPages(indexed, (path) => writer.staging.read?.(path))) await writer.staging.write(`${searchFolder}${path}`, content)
  } catch (failure) {
    problem = (failure as Error).message.split('\n')[0]
  }
  const folders = new Map(site.settings.languages.map((lang) => [lang, `${lang}/search/`]))
  for (const lang of site.settings.languages) await emitSearchPage(writer, site.locales.get(lang)!, folders, problem === undefined)
  return {pages: folders.size, ...(problem === undefined ? {} : {problem})}
}

/** What a reader filters a release by and sees of it in the results, beside its title and text. */
interface SearchFacts {
  readonly topic: string
  readonly year: string
  readonly date: string
}

/** What every release repeats, or only paper shows: left out of the index, which would find it everywhere. */
const repeated = ['.release-line', '.end-mark', '.about', '.contacts', '.share', '.print-only', '.withdrawn-notice', '.updated-note']

/**
 * The page as Pagefind is given it: its release (the article, or the whole
 * page of a template without one) marked as what is indexed, with the facts
 * to filter by. The page itself is published as the template made it.
 */
function forIndex(html: string, facts: SearchFacts): string {
  const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
  const marks = ` data-pagefind-body data-topic="${attribute(facts.topic)}" data-year="${attribute(facts.year)}" data-date="${attribute(facts.date)}" data-pagefind-filter="topic[data-topic], year[data-year]" data-pagefind-meta="date[data-date]"`
  const article = html.indexOf('<article class="release"')
  if (article !== -1) return `${html.slice(0, article + 8)}${marks}${html.slice(article + 8)}`
  const body = html.indexOf('<body')
  return body === -1 ? html : `${html.slice(0, body + 5)}${marks}${html.slice(body + 5)}`
}

/** Builds running on the Pagefind service: the last to finish stops it, so that none stops it under another. */
let users = 0

/** Pagefind's files for the pages at `pages` (their text as `read` gives it), each index named by the page's own language. */
async function indexPages(pages: ReadonlyArray<{path: string; facts: SearchFacts}>, read: (path: string) => Promise<string | undefined> | undefined): Promise<Array<[string, Uint8Array]>> {
  await engineAnswers()
  const pagefind = await import('pagefind')
  users++
  try {
    const {index, errors} = await answered(pagefind.createIndex({writePlayground: false, excludeSelectors: repeated}))
    if (!index) throw new Error(`Pagefind did not start: ${errors.join('; ') || 'no reason given'}`)
    try {
      for (const {path, facts} of pages) {
        const content = await read(path)
        if (content === undefined) continue
        const added = await answered(index.addHTMLFile({url: `/${path.replace(/index\.html$/, '')}`, content: forIndex(content, facts)}))
        if (added.errors.length > 0) throw new Error(`Pagefind could not index ${path}: ${added.errors.join('; ')}`)
      }
      const {files, errors: problems} = await answered(index.getFiles())
      if (problems.length > 0) throw new Error(`Pagefind could not write its index: ${problems.join('; ')}`)
      return files.filter((file) => !unused.test(file.path)).map((file) => [file.path, file.content] as [string, Uint8Array])
    } finally {
      await answered(index.deleteIndex(), 10).catch(() => {})
    }
  } finally {
    if (--users === 0) await pagefind.close().catch(() => {})
  }
}

/** A language's search page: a form asking the language's index, its results listed by the site's script in the page's words. */
async function emitSearchPage(writer: SiteWriter, locale: Locale, folders: ReadonlyMap<string, string>, available: boolean): Promise<void> {
  const {site} = writer
  const from = searchPage(locale.code)
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
        available,
        root: site.href(from, ''),
        script: site.href(from, 'assets/search.js'),
        // What the script says, in the page's words: each plural form of the count, as the language has them.
        strings: JSON.stringify({intl: locale.intl, found: pluralForms(locale, (count) => locale.t('search.found', {count})), none: locale.t('search.none'), searching: locale.t('search.searching'), unavailable: locale.t('search.unavailable')})
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
    if (sample === undefined) continue
    forms[category] = say(sample).split(String(sample)).join('{count}')
  }
  return forms
}
