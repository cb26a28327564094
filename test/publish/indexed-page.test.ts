// What search is given of a release's page: the release's article alone,
// however a newsroom's own template writes its opening tag, so that the
// embassy header, the menus and the footer never become search results.
import {describe, expect, it} from 'vitest'
import {forIndex} from '../../pipeline/publish/indexed-page.js'

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
