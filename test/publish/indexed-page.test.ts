// What search is given of a release's page: the release's article alone,
// however a newsroom's own template writes its opening tag, so that the
// embassy header, the menus and the footer never become search results.
import {describe, expect, it} from 'vitest'
import {forIndex, pageDigest, withoutNotIndexed} from '../../pipeline/publish/indexed-page.js'

const facts = {topic: 'Culture', year: '2026', date: '3 March 2026'}
const page = (article: string) => `<!DOCTYPE html><html lang="en"><head><title>Book fair</title></head><body><header>HEADER-MARK Embassy of the Republic</header><nav>Home &gt; Embassy News</nav>${article}<h1>Book fair</h1><p>ARTICLE-MARK The fair opens on Monday.</p></article><footer>FOOTER-MARK Suggest to a Friend</footer></body></html>`

describe('the page search indexes', () => {
  it('should give the release’s article alone, with its facts, whatever else its tag says', () => {
    for (const tag of ['<article class="release">', '<article class="release featured">', '<article id="main" class="wide release">', "<article data-kind=x class='release'>", '<article class=release>']) {
      const indexed = forIndex(page(tag), 'en', facts)
      expect(indexed, tag).toContain('ARTICLE-MARK The fair opens on Monday.')
      expect(indexed, tag).toContain('data-pagefind-body data-topic="Culture" data-year="2026"')
      expect(indexed, tag).not.toContain('HEADER-MARK')
      expect(indexed, tag).not.toContain('FOOTER-MARK')
    }
  })

  it('should give the whole body of a page without a release article, rather than nothing', () => {
    for (const tag of ['<article class="releases">', '<article data-class="release">', '<article class="pre-release">', '<section class="release">']) {
      const indexed = forIndex(page(tag), 'en', facts)
      expect(indexed, tag).toContain('ARTICLE-MARK')
      expect(indexed, tag).toContain('HEADER-MARK')
      expect(indexed, tag).toMatch(/^<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><\/head><body><div data-pagefind-body /)
    }
  })
})

describe('the digest of what search indexes', () => {
  const locale = {code: 'en', t: (key: string) => (key === 'category.culture' ? 'Culture' : key), formatDate: (date: string) => date} as unknown as Parameters<typeof pageDigest>[1]
  const frontMatter = {category: 'culture', date: '2026-03-03'}
  const release = (parts: {line?: string; about?: string; body?: string; meta?: string}) =>
    `<!DOCTYPE html><html lang="en"><body><header>Embassy</header><article class="release"><p class="release-line">${parts.line ?? 'For immediate release'}</p><h1>Book fair</h1><p class="release-meta">${parts.meta ?? '<time datetime="2026-03-03">3 March 2026</time>'}</p><div class="release-body"><p>${parts.body ?? 'The fair opens on Monday.'}</p></div><p class="end-mark" aria-hidden="true">###</p><section class="about" aria-labelledby="about-heading"><h2 id="about-heading">About the Embassy</h2><p>${parts.about ?? 'The Embassy represents the Republic.'}</p></section></article></body></html>`
  const digest = (parts: Parameters<typeof release>[0]) => pageDigest(release(parts), locale, frontMatter)

  it('should not change with what search leaves out: the About paragraph, the release line, the date line', () => {
    const before = digest({})
    expect(digest({about: 'The Embassy represents the Republic in Canada.'})).toBe(before)
    expect(digest({line: 'Pour diffusion immédiate'})).toBe(before)
    expect(digest({meta: '<span class="dateline">Ottawa</span> — <time datetime="2026-03-03">March 3, 2026</time>'})).toBe(before)
  })

  it('should not change with the article’s own attributes but those search reads', () => {
    const before = digest({})
    const tagged = (tag: string) => pageDigest(release({}).replace('<article class="release">', tag), locale, frontMatter)
    expect(tagged('<article class="release featured" id="main">')).toBe(before)
    expect(tagged('<article data-pagefind-weight="2" class="release">')).not.toBe(before)
    expect(tagged('<article class="release" lang="fr">')).not.toBe(before)
    // Search itself is given the article as the template wrote it.
    expect(forIndex(release({}).replace('<article class="release">', '<article class="release featured" id="main">'), 'en', facts)).toContain(' class="release featured" id="main"><p class="release-line">')
  })

  it('should change with what search indexes', () => {
    const before = digest({})
    expect(digest({body: 'The fair opens on Tuesday.'})).not.toBe(before)
    expect(pageDigest(release({}).replace('<h1>Book fair</h1>', '<h1>Book fair 2026</h1>'), locale, frontMatter)).not.toBe(before)
  })

  it('should leave in an element it cannot find whole, and what follows it', () => {
    const unclosed = '<article class="release"><p class="about">About <b>us</b><p>The fair opens on Monday.</article>'
    expect(withoutNotIndexed(unclosed)).toBe(unclosed)
    // From the first not whole on, even a whole one after it: thousands unclosed are not each looked for to the end.
    const first = '<p class="about">About<p class="about">us</p><p>Text</p>'
    expect(withoutNotIndexed(first)).toBe(first)
    const nested = '<div><section class="contacts"><section><p>Press office</p></section><p>Phone</p></section><p>Text "quoted" > here</p></div>'
    expect(withoutNotIndexed(nested)).toBe('<div><p>Text "quoted" > here</p></div>')
    expect(withoutNotIndexed('<p title="a > b" class="share">Share</p><p>Kept</p>')).toBe('<p>Kept</p>')
    expect(withoutNotIndexed('<p class="sharer">Kept</p><p data-class="about">Kept too</p>')).toBe('<p class="sharer">Kept</p><p data-class="about">Kept too</p>')
  })
})
