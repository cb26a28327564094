// Release content is untrusted: raw HTML, event handlers and script links
// never reach a page, and hostile titles are escaped once.
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {dangerous, fixture, htmlProblems, press, readTree, temporaryFolder} from '../helpers.js'

describe('hostile release content', () => {
  it('should publish a valid page with no script, handler or script link, and warn where each was', async () => {
    const out = join(await temporaryFolder(), 'site')
    const result = await press(['build', '--root', fixture('hostile'), '--out', out, '--now', '2026-03-01T00:00:00Z'], fixture('hostile'))
    expect(result.code).toBe(0)
    const files = await readTree(out)
    const page = files.get('en/2026-02-01-hostile/index.html')!
    for (const [path, text] of files) {
      if (path.endsWith('.html')) expect(dangerous(text, {images: true}), path).toEqual([])
    }
    expect(page).toContain('<h1>&lt;script&gt;alert(‘title’)&lt;/script&gt; &amp; friends</h1>')
    // The title in structured data is the same text, and cannot close its script element.
    const data = /<script type="application\/ld\+json">(.*?)<\/script>/.exec(page)![1]!
    expect(data).not.toMatch(/[<>]/)
    expect(JSON.parse(data).headline).toContain('<script>')
    expect(page).not.toContain('&amp;lt;')
    expect(page).toContain('<h2>A heading written as h1</h2>')
    expect(page).toContain('<h3>Skipped to h4</h3>')
    expect(page).toContain('<p>Click me and data.</p>')
    expect(await htmlProblems(page, 'hostile')).toEqual([])

    expect(result.stderr).toMatch(/13:1-13:31\s+warning\s+Raw HTML is not published and was left out/)
    expect(result.stderr).toMatch(/15:1-15:44\s+warning\s+Raw HTML/)
    expect(result.stderr).toMatch(/17:6-17:40\s+warning\s+Raw HTML/)
    expect(result.stderr).toMatch(/19:1-19:37\s+warning\s+The link `javascript:alert\('link'\)` is not a web or mail address and was removed/)
    expect(result.stderr).toMatch(/21:1-21:34\s+warning\s+The image `javascript:alert\('img'\)` is not a web image and was removed/)
  })
})

/** Elements and attributes of a page that could run script. */
