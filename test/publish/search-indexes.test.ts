// A build's search indexes are made as their releases are published: an
// index starts once its last release is in, and a build that stops waits for
// the indexes it started, so that nothing is written into its folder after.
import {describe, expect, it, vi} from 'vitest'
import type {SiteWriter} from '../../pipeline/publish/emit-site.js'
import type {Entry} from '../../pipeline/publish/pages.js'
import {SearchIndexes} from '../../pipeline/publish/search.js'
import {addInOrder, indexPages, openIndex, type IndexInProgress} from '../../pipeline/publish/search-index.js'

// Pagefind failing on one page, when a test says which (after a while, as the service answers).
const failing = vi.hoisted(() => ({url: undefined as string | undefined}))
vi.mock('../../pipeline/publish/search-index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../pipeline/publish/search-index.js')>()
  const openIndex = async () => {
    const index = await real.openIndex()
    const add = async (url: string, content: string) => {
      if (url !== failing.url) return index.add(url, content)
      await new Promise((resolve) => setTimeout(resolve, 30))
      throw new Error(`Pagefind could not index ${url}`)
    }
    return {...index, add}
  }
  return {...real, openIndex}
})

const page = (title: string) => `<!DOCTYPE html><html lang="en"><body><article class="release"><h1>${title}</h1><p>The embassy opens its library to readers.</p></article></body></html>`

/** A writer whose every write is noted, as made before or after `over`. */
function notingWriter() {
  const writes = {before: [] as string[], after: [] as string[], over: false}
  const staging = {
    read: async (path: string) => page(path),
    write: async (path: string) => void (writes.over ? writes.after : writes.before).push(path),
    reuse: async () => false
  }
  const locale = {code: 'en', t: (key: string) => key, formatDate: (date: string) => date}
  const writer = {site: {locales: new Map([['en', locale]]), settings: {languages: ['en']}}, staging} as unknown as SiteWriter
  return {writer, writes}
}

const entry = (id: string, date: string) => ({id, lang: 'en', frontMatter: {title: id, date, category: 'culture'}}) as unknown as Entry

describe('search indexes made as releases are published', () => {
  it('should start an index once its last release is in, and let a stopping build wait for it', async () => {
    const {writer, writes} = notingWriter()
    const search = new SearchIndexes(writer, {before: new Map(), after: new Map(), salt: 'test'}, new Map([['en/2024/', ['/en/2024-03-03-library/', '/en/2024-05-05-concert/']], ['en/2025/', ['/en/2025-01-01-visit/']]]))
    await search.add([entry('2024-03-03-library', '2024-03-03')])
    await search.add([entry('2024-05-05-concert', '2024-05-05'), entry('2025-01-01-visit', '2025-01-01')])
    // The build stops here (another release failed): what was started is finished before it lets its folder go.
    await search.settle()
    writes.over = true
    expect(writes.before.filter((path) => path.startsWith('pagefind/en/2024/')).length).toBeGreaterThan(2)
    expect(writes.before.filter((path) => path.startsWith('pagefind/en/2025/')).length).toBeGreaterThan(2)
    expect(writes.after).toEqual([])
  })

  it('should refuse a release that comes to an index already made without it', async () => {
    const {writer} = notingWriter()
    const search = new SearchIndexes(writer, {before: new Map(), after: new Map(), salt: 'test'}, new Map([['en/2024/', ['/en/2024-03-03-library/']]]))
    await search.add([entry('2024-03-03-library', '2024-03-03')])
    await expect(search.add([entry('2024-05-05-concert', '2024-05-05')])).rejects.toThrow(/reached the search index en\/2024\/ after it was started/)
    await search.settle()
  })

  it('should make the same index whether its pages are fed as they come, out of order, or all at once', async () => {
    let taken = 0
    const filesOf = async (previous: boolean, batches: string[][], edited = false) => {
      const written = new Map<string, string>()
      const {writer} = notingWriter()
      const staging = {read: async (path: string) => page(path), write: async (path: string, content: Uint8Array) => void written.set(path, Buffer.from(content).toString('base64')), reuse: async () => false}
      const urls = batches.flat().map((id) => `/en/${id}/`)
      // A previous build with another index of the year: made at once, when its pages are all in; without one, fed as they come.
      // An index with a page whose indexed text changed is fed as its pages come though the previous build has one, the first in the index
      // the build opened early; otherwise (`previous`) made at once, when its pages are all in.
      const ahead = {take: () => (++taken === 1 ? openIndex() : undefined), drop: async () => {}}
      // Edited: the first release's indexed text changed, and it comes after another is in, which the index is then fed first.
      const unchanged = previous ? batches.flat().filter((id) => !(edited && id === ids[0])).map((id) => [`search:en/${id}/index.html`, `key ${id}`] as const) : []
      const reuse = {before: new Map([...(previous ? [['pagefind/en/2024/pagefind-entry.json', 'another key'] as const] : []), ...unchanged]), after: new Map<string, string>(), salt: 'test', ...(previous ? {previous: '/nowhere'} : {}), ...(edited ? {ahead} : {})}
      const search = new SearchIndexes({...writer, staging} as unknown as SiteWriter, reuse, new Map([['en/2024/', urls]]))
      const entryOf = (id: string) => ({...entry(id, id.slice(0, 10)), indexDigest: id})
      for (const batch of batches) await search.add(batch.map(entryOf))
      await search.settle()
      return new Map([...written].filter(([path]) => path.startsWith('pagefind/')))
    }
    const ids = ['2024-01-05-library', '2024-02-11-concert', '2024-03-20-visit', '2024-04-02-fair', '2024-06-30-scholarships']
    const fed = await filesOf(false, [[ids[3]!, ids[1]!], [ids[0]!], [ids[4]!, ids[2]!]])
    const atOnce = await filesOf(true, [ids])
    expect(fed.size).toBeGreaterThan(2)
    expect(fed).toEqual(atOnce)
    expect(await filesOf(true, [[ids[2]!], [ids[0]!, ids[4]!], [ids[1]!, ids[3]!]], true)).toEqual(atOnce)
    expect(taken).toBe(1)
  })

  it('should let the index opened early go when no index takes it', async () => {
    const {writer} = notingWriter()
    const ahead = {take: vi.fn(() => undefined), drop: vi.fn(async () => {})}
    // The previous build has the year's index, and what is indexed of its page is as it was: made, if at all, once its pages are in.
    const reuse = {before: new Map([['pagefind/en/2024/pagefind-entry.json', 'a key'], ['search:en/2024-03-03-library/index.html', 'a page key d1']]), after: new Map<string, string>(), salt: 'test', previous: '/nowhere', ahead}
    const search = new SearchIndexes(writer, reuse, new Map([['en/2024/', ['/en/2024-03-03-library/', '/en/2024-05-05-concert/']]]))
    await search.add([{...entry('2024-03-03-library', '2024-03-03'), indexDigest: 'd1'}])
    await search.settle()
    expect(ahead.take).not.toHaveBeenCalled()
    expect(ahead.drop).toHaveBeenCalledOnce()
  })

  it('should send pages in their order, up to sixty-four before one is answered, and stop at a page that cannot be read or indexed', async () => {
    const events: string[] = []
    let unanswered = 0
    let most = 0
    const index = {
      add: async (url: string) => {
        events.push(`add ${url}`)
        most = Math.max(most, ++unanswered)
        await new Promise((resolve) => setTimeout(resolve, 2))
        unanswered--
        if (url === 'refused') throw new Error('Pagefind could not index refused')
        events.push(`added ${url}`)
      }
    } as unknown as IndexInProgress
    const pages = (urls: readonly string[]) => urls.map((url) => ({url, read: async () => (events.push(`read ${url}`), page(url))}))
    const many = Array.from({length: 100}, (_, index) => `p${index}`)
    await addInOrder(index, pages(many))
    expect(events.filter((event) => event.startsWith('add '))).toEqual(many.map((url) => `add ${url}`))
    // Sent without waiting for the page before to be answered, never more than sixty-four at once, and all answered when it returns.
    expect(events.indexOf('add p1')).toBeLessThan(events.indexOf('added p0'))
    expect(most).toBe(64)
    expect(unanswered).toBe(0)

    events.length = 0
    await expect(addInOrder(index, pages(['a', 'refused', ...many]))).rejects.toThrow('Pagefind could not index refused')
    // Once the refusal is known nothing more is sent, and every page sent is answered before it is said.
    expect(events.filter((event) => event.startsWith('add ')).length).toBeLessThan(many.length)
    expect(unanswered).toBe(0)

    events.length = 0
    const unreadable = [...pages(['a']), {url: 'gone', read: async () => Promise.reject(new Error('the page is gone'))}, ...pages(['c'])]
    await expect(addInOrder(index, unreadable)).rejects.toThrow('the page is gone')
    expect(events.filter((event) => event.startsWith('add '))).toEqual(['add a'])
    expect(events).toContain('added a')
  })

  it('should make, with pages sent ahead, the very index that pages sent one at a time make', async () => {
    const topics = ['library', 'concert', 'visa', 'trade', 'scholarship']
    const pages = Array.from({length: 30}, (_, index) => ({url: `/en/2024-01-${String(index + 1).padStart(2, '0')}-note/`, read: async () => page(`Note ${index}: the ${topics[index % 5]} of ${1990 + index}`)}))
    const ahead = new Map(await indexPages(pages))
    const index = await openIndex()
    try {
      for (const {url, read} of pages) await index.add(url, await read())
      const oneByOne = new Map(await index.files())
      expect(ahead.size).toBeGreaterThan(3)
      expect(ahead).toEqual(oneByOne)
    } finally {
      await index.drop()
    }
  })

  it('should take the digest of a page rendered in this build as it comes, without reading the page back', async () => {
    const {writer} = notingWriter()
    let reads = 0
    const staging = {...writer.staging, read: async (path: string) => (reads++, page(path))}
    // The previous build has this year's index, so nothing is fed until the year's pages are all in (and here they never are).
    const reuse = {previous: '/nowhere', before: new Map([['pagefind/en/2024/pagefind-entry.json', 'a key']]), after: new Map<string, string>(), salt: 'test'}
    const search = new SearchIndexes({...writer, staging} as unknown as SiteWriter, reuse, new Map([['en/2024/', ['/en/2024-03-03-library/', '/en/2024-05-05-concert/', '/en/2024-06-06-fair/']]]))
    await search.add([{...entry('2024-03-03-library', '2024-03-03'), indexDigest: 'f'.repeat(64)}])
    expect(reads).toBe(0)
    // A page without one and not on record is read for it.
    await search.add([entry('2024-05-05-concert', '2024-05-05')])
    expect(reads).toBe(1)
    await search.settle()
  })

  it('should write no index of which Pagefind failed on a page, though the pages after it were counted in', async () => {
    const {writer, writes} = notingWriter()
    const ids = ['2024-01-05-library', '2024-02-11-concert', '2024-03-20-visit']
    const search = new SearchIndexes(writer, {before: new Map(), after: new Map(), salt: 'test'}, new Map([['en/2024/', ids.map((id) => `/en/${id}/`)]]))
    failing.url = `/en/${ids[1]}/`
    try {
      await search.add(ids.map((id) => entry(id, id.slice(0, 10))))
      await search.settle()
    } finally {
      failing.url = undefined
    }
    expect(writes.before.filter((path) => path.startsWith('pagefind/'))).toEqual([])
  })

  it('should key no file of an index whose writing failed midway, so that no later build takes the part for the whole', async () => {
    const {writer} = notingWriter()
    let written = 0
    const staging = {...writer.staging, write: async (path: string) => {
      if (path.startsWith('pagefind/') && ++written === 3) throw new Error('No space left on the disk')
    }}
    const after = new Map<string, string>()
    const ids = ['2024-01-05-library', '2024-02-11-concert']
    const search = new SearchIndexes({...writer, staging} as unknown as SiteWriter, {before: new Map(), after, salt: 'test'}, new Map([['en/2024/', ids.map((id) => `/en/${id}/`)]]))
    await search.add(ids.map((id) => entry(id, id.slice(0, 10))))
    await search.settle()
    expect(written).toBe(3)
    expect([...after.keys()].filter((path) => path.startsWith('pagefind/'))).toEqual([])
  })
})
