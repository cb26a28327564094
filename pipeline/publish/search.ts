// Search: the index Pagefind makes of the site's public release pages
// (search-index.ts), one per language and year of release, which each
// language's search page (search-page.ts) merges. An index is made again only
// when the text of one of its releases changed: an edit reindexes one year of
// one language, and a change of house style or of a string outside the
// releases' text reindexes nothing. An index is made beside the rest of the
// build: fed each page as it is written when there is no previous one to
// take or one of its pages changed, and finished as soon as its releases are
// all written. Only what the build lists is indexed: embargoed and draft
// releases are never among a build's entries, and a withdrawn one keeps its
// page but leaves search.
import {createHash} from 'node:crypto'
import {listed, releasePath, type Entry} from './pages.js'
import type {SiteWriter} from './emit-site.js'
import {addInOrder, engineVersion, holdSearchService, indexPages, openIndex, type IndexAhead, type IndexInProgress} from './search-index.js'
import {forIndex, indexDigest, searchFacts} from './indexed-page.js'
import {emitSearchPage, searchFolder} from './search-page.js'
import {writeShard} from './search-shard.js'

export {engineVersion, searchEngineProblem} from './search-index.js'

/** What the build before this one made, for an index whose releases did not change to be taken from it. */
export interface SearchReuse {
  readonly previous?: string
  /** The key of each file of the previous output, by path. */
  readonly before: ReadonlyMap<string, string>
  /** The same for this build's, filled in here. */
  readonly after: Map<string, string>
  /** What the keys also depend on: press's code. */
  readonly salt: string
  /** Pagefind's version (engineVersion), when the build asked it early, so that the question overlaps its other work. */
  readonly version?: Promise<string>
  /** An index the build opened early, for the first index fed. */
  readonly ahead?: IndexAhead
}

/** A release page as it is indexed: its address, the digest of what is indexed of it, and how to read that (again when indexed: a large newsroom's pages are not all held at once). */
interface Indexed {
  readonly url: string
  readonly digest: string
  /** Whether what is indexed of it is not what the previous build indexed: its index is made again. */
  readonly changed: boolean
  readonly read: () => Promise<string>
}

/** Pagefind programs at work at once: the build has two cores, and Pagefind's service spends much of a request on one. */
const concurrentIndexes = 2

/** A listed translation's page as its index names it: by its address from the site's root. */
export function indexedUrl(lang: string, id: string): string {
  return `/${lang}/${id}/`
}

/** The index a listed translation's page is in: its language's, of its year. */
export function indexOf(lang: string, date: string): string {
  return `${lang}/${date.slice(0, 4)}/`
}

/** An index fed its pages as they are written, in the order of their addresses, when no previous build has one to take instead, or an edit most likely changes it. */
interface Stream {
  readonly index: Promise<IndexInProgress>
  /** Pages written and not yet fed, by address. */
  readonly waiting: Map<string, Indexed>
  /** The next page to feed, in the index's addresses. */
  next: number
  fed: Promise<void>
}

/**
 * A build's search: the listed releases' pages (as this build wrote them)
 * indexed as they are published, an index starting as soon as its last
 * release is written (`expected`, each index's page addresses, from what
 * phase one decided) so that Pagefind works beside the rest of the build.
 * An index the previous build cannot give, or one with a page whose indexed
 * text changed (an edit), is fed each page as soon as the pages before it are
 * in, so that what is left at the end is the index's last pages and its files. Then every language's search page. When
 * Pagefind fails, the pages say search is unavailable, and the problem is
 * returned for the build to report: the site is published without search
 * rather than not at all.
 */
export class SearchIndexes {
  private readonly shards = new Map<string, Indexed[]>()
  private readonly made = new Map<string, Promise<void>>()
  private readonly streams = new Map<string, Stream>()
  private readonly waiting: Array<() => void> = []
  private running = 0
  private stopped = false
  private problem: string | undefined
  private version: Promise<string> | undefined
  /** Lets Pagefind's service stop, once this build's indexes are made. */
  private readonly release = holdSearchService()
  private readonly expected: ReadonlyMap<string, readonly string[]>
  /** The files of each index the previous build has, with their keys: such an index may serve as it is, so it is not fed unless a page of it changed, and made (if at all) once its pages are known. */
  private readonly previousIndexes = new Map<string, Array<[string, string]>>()
  /** The indexes with a page whose indexed text changed (an edit): fed as their pages come though the previous build has them. */
  private readonly changing = new Set<string>()

  constructor(
    private readonly writer: SiteWriter,
    private readonly reuse: SearchReuse,
    expected: ReadonlyMap<string, readonly string[]> = new Map()
  ) {
    this.expected = new Map([...expected].map(([folder, urls]) => [folder, [...urls].sort()]))
    for (const [path, key] of reuse.previous === undefined ? [] : reuse.before) {
      if (!path.startsWith(searchFolder)) continue
      const folder = path.split('/').slice(1, 3).join('/') + '/'
      const files = this.previousIndexes.get(folder)
      if (files) files.push([path, key])
      else this.previousIndexes.set(folder, [[path, key]])
    }
  }

  /** Takes the entries of a release just published; an index whose releases are now all in starts. */
  async add(entries: readonly Entry[]): Promise<void> {
    for (const entry of entries.filter(listed)) {
      const folder = indexOf(entry.lang, entry.frontMatter.date)
      const page = await this.indexed(entry)
      // An index already started without this page would be wrong: a fault of press, and the build is not published.
      if (this.made.has(folder)) throw new Error(`press: ${entry.lang}/${entry.id} reached the search index ${folder} after it was started`)
      const shard = this.shards.get(folder)
      if (shard) shard.push(page)
      else this.shards.set(folder, [page])
      if (page.changed) this.changing.add(folder)
      this.feed(folder, page)
      if (this.shards.get(folder)!.length === this.expected.get(folder)?.length) this.start(folder)
    }
  }

  /** Makes the indexes not started yet, waits for every one, and writes the search pages; how many pages, and any problem. */
  async finish(): Promise<{pages: number; problem?: string}> {
    for (const folder of [...this.shards.keys()].sort()) this.start(folder)
    await Promise.allSettled([...this.made.values()])
    await this.settle()
    const {site} = this.writer
    const folders = new Map(site.settings.languages.map((lang) => [lang, `${lang}/search/`]))
    for (const lang of site.settings.languages) {
      const years = [...this.shards.keys()].filter((folder) => folder.startsWith(`${lang}/`)).sort().reverse()
      await emitSearchPage(this.writer, site.locales.get(lang)!, folders, this.problem === undefined ? years : undefined)
    }
    return {pages: folders.size, ...(this.problem === undefined ? {} : {problem: this.problem})}
  }

  /** Starts nothing more and waits for what is being made: nothing is written after the build is over. */
  async settle(): Promise<void> {
    this.stopped = true
    await this.reuse.ahead?.drop()
    await Promise.allSettled([...this.made.values()])
    await Promise.allSettled([...this.streams.values()].map(async ({index, fed}) => {
      await fed
      await (await index).drop()
    }))
    await this.release()
  }

  /** A page as it is indexed: its digest taken from the last build's keys when the page was made from the same inputs, so that it is not read. */
  private async indexed(entry: Entry): Promise<Indexed> {
    const path = releasePath(entry.lang, entry.id)
    const locale = this.writer.site.locales.get(entry.lang)!
    const facts = searchFacts(locale, entry.frontMatter)
    const read = async () => forIndex((await this.writer.staging.read?.(path)) ?? '', locale.code, facts)
    // The page's key holds the strings the page shows; what the index adds of its own (its topic's name, its date) is keyed here.
    const made = this.reuse.after.get(path)
    const pageKey = made === undefined ? undefined : `${made}:${createHash('sha256').update(JSON.stringify(facts)).digest('hex')}`
    const known = pageKey === undefined ? undefined : this.reuse.before.get(`search:${path}`)
    // A page rendered in this build comes with its digest (made where it was rendered); one kept from the last build has it on record.
    const digest = entry.indexDigest ?? (known?.startsWith(`${pageKey} `) ? known.slice(pageKey!.length + 1) : indexDigest(await read()))
    if (pageKey !== undefined) this.reuse.after.set(`search:${path}`, `${pageKey} ${digest}`)
    const before = this.reuse.before.get(`search:${path}`)
    return {url: indexedUrl(entry.lang, entry.id), digest, read, changed: before?.slice(before.lastIndexOf(' ') + 1) !== digest}
  }

  /** Feeds the index of `folder` the pages now in order, when it is made as its pages come; one feeding at a time. */
  private feed(folder: string, page: Indexed): void {
    const urls = this.expected.get(folder)
    if (!urls || this.stopped || this.problem !== undefined) return
    let stream = this.streams.get(folder)
    if (!stream) {
      if (this.previousIndexes.has(folder) && !this.changing.has(folder)) return
      const index = this.reuse.ahead?.take() ?? openIndex()
      index.catch(() => {})
      // Fed from its first page on: an index an edit changes starts with those already in.
      this.streams.set(folder, (stream = {index, waiting: new Map(this.shards.get(folder)!.map((one) => [one.url, one])), next: 0, fed: Promise.resolve()}))
    }
    const open = stream
    const order: readonly string[] = urls
    open.waiting.set(page.url, page)
    // The pages in order from the next one, as long as they are in (more may come while the ones before are added).
    function* ready(): Generator<Indexed> {
      for (let next = open.waiting.get(order[open.next]!); next; next = open.waiting.get(order[open.next]!)) {
        open.waiting.delete(next.url)
        open.next++
        yield next
      }
    }
    open.fed = open.fed.then(async () => addInOrder(await open.index, ready())).catch((failure: unknown) => {
      this.problem ??= (failure as Error).message.split('\n')[0]
    })
  }

  private start(folder: string): void {
    if (this.made.has(folder) || this.stopped) return
    this.made.set(folder, this.make(folder))
  }

  /** One index, when its turn comes (concurrentIndexes at once); once one has failed, the others are not made. */
  private async make(folder: string): Promise<void> {
    await this.turn()
    try {
      if (this.problem !== undefined || this.stopped) return
      const pages = [...this.shards.get(folder)!].sort((a, b) => (a.url < b.url ? -1 : 1))
      const stream = this.streams.get(folder)
      const files = stream ? () => fedFiles(stream, pages, () => this.problem) : () => indexPages(pages)
      await writeShard(this.writer.staging, `${searchFolder}${folder}`, pages, this.reuse, this.previousIndexes.get(folder) ?? [], await (this.version ??= this.reuse.version ?? engineVersion()), files)
    } catch (failure) {
      this.problem ??= (failure as Error).message.split('\n')[0]
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }

  private turn(): Promise<void> {
    if (this.running < concurrentIndexes) {
      this.running++
      return Promise.resolve()
    }
    return new Promise((resolve) => this.waiting.push(resolve))
  }
}

/** The files of an index fed as its pages came, once every page is in; made at once from `pages` if they are not all in. */
async function fedFiles(stream: Stream, pages: readonly Indexed[], problem: () => string | undefined): Promise<Array<[string, Uint8Array]>> {
  await stream.fed
  const index = await stream.index
  try {
    // Pagefind failed on a page (this index's or another's): the pages after it may be in, that one is not, and no such index is written.
    const failed = problem()
    if (failed !== undefined) throw new Error(failed)
    if (stream.next === pages.length) return await index.files()
  } finally {
    await index.drop()
  }
  return indexPages(pages)
}
