// Search as a reader meets it, in Debian's chromium through playwright-core:
// the sample newsroom built and served over HTTP, a word of each release
// searched in each language (Chinese and Arabic included) finding that
// release, and nothing embargoed, draft or withdrawn ever found; the search
// page read by axe-core in English and Arabic; search off by a setting, and
// a site published without search when Pagefind cannot run.
import {cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {attempt} from '../../pipeline/lib/attempt.js'
import {join} from 'node:path'
import type {Browser, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {press, projectRoot, releaseText, runPress, temporaryFolder, writeReleases} from '../helpers.js'
import {axeViolations, launchChromium} from '../browser.js'
import {serveSite} from '../static-site.js'
import {startServe} from '../serving.js'

let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

/** The sample newsroom, with a release under embargo and a withdrawn one, each with words found nowhere else; in `root`, or a temporary folder removed after the test. */
async function newsroom(settings = '', root?: string): Promise<string> {
  root ??= await temporaryFolder()
  await writeFile(join(root, 'newsroom.yaml'), (await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8')) + settings)
  await cp(join(projectRoot, 'media'), join(root, 'media'), {recursive: true})
  await cp(join(projectRoot, 'releases'), join(root, 'releases'), {recursive: true})
  await writeReleases(root, {
    '2026-11-20-zephyrine-accord/en.md': releaseText('title: Zephyrine accord to be signed\ndate: 2026-11-20\nembargo: 2026-12-20T09:00:00-05:00', 'The Zephyrine accord will be signed in Ottawa.'),
    '2026-11-20-zephyrine-accord/zh.md': releaseText('title: 泽菲林协定即将签署\ndate: 2026-11-20\nembargo: 2026-12-20T09:00:00-05:00', '泽菲林协定将在渥太华签署。'),
    '2026-11-20-zephyrine-accord/ar.md': releaseText('title: توقيع اتفاقية زفيرين\ndate: 2026-11-20\nembargo: 2026-12-20T09:00:00-05:00', 'ستُوقَّع اتفاقية زفيرين في أوتاوا.'),
    '2026-10-01-quillmore-gala/en.md': releaseText('title: Quillmore gala\ndate: 2026-10-01\nstatus: withdrawn\nwithdrawn:\n  date: 2026-10-02T09:00:00-04:00\n  reason: The Quillmore gala has been cancelled.', 'The Quillmore gala evening.')
  })
  return root
}

/** Searches `words` on a language's search page and returns the releases found, by path, once the page says how many. */
async function search(page: Page, site: string, lang: string, words: string): Promise<string[]> {
  await page.goto(`${site}${lang}/search/?q=${encodeURIComponent(words)}`)
  await page.waitForFunction("/[.。]$/.test(document.getElementById('search-status')?.textContent ?? '')", null, {timeout: 10_000})
  // Paths from the site's folder: the site is served below the server's root, as the sample's is published at /news/.
  const folder = new URL(site).pathname
  return (await page.locator('#search-results a').evaluateAll((links) => links.map((link) => new URL((link as unknown as {href: string}).href).pathname))).map((path) => `/${path.slice(folder.length)}`)
}

describe('search', () => {
  let folder: string
  let site: string
  let stop: () => Promise<void>
  let page: Page
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'communique-search-'))
    const root = await newsroom('', folder)
    // More releases with one word than a page of results shows.
    await writeReleases(root, Object.fromEntries(Array.from({length: 22}, (_, index) => [`2026-09-${String(index + 1).padStart(2, '0')}-velmora-${index}/en.md`, releaseText(`title: Velmora note ${index + 1}\ndate: 2026-09-${String(index + 1).padStart(2, '0')}`, 'The Velmora programme continues.')])))
    const out = join(root, 'site')
    expect((await press(['build', '--out', out, '--now', '2026-11-24T12:00:00Z'], root)).code).toBe(0)
    ;({url: site, close: stop} = await serveSite(out, '/news/'))
    page = await browser.newPage()
  }, 60_000)
  afterAll(async () => {
    await page?.close()
    await stop?.()
    await rm(folder, {recursive: true, force: true})
  })

  it('should find each release by a word of it in its language, Chinese and Arabic included', async () => {
    const words: Record<string, Record<string, string>> = {
      '2026-03-02-consular-hours': {en: 'consular', fr: 'consulaire', zh: '领事处'},
      '2026-04-18-spring-culture-festival': {en: 'festival', fr: 'festival', zh: '艺术节', ar: 'مهرجان', ru: 'фестиваль', es: 'festival'},
      '2026-05-06-graduate-scholarships': {en: 'scholarships', fr: 'bourses', zh: '奖学金'},
      '2026-06-10-trade-delegation-visit': {en: 'delegation', fr: 'délégation', zh: '代表团'}
    }
    for (const [id, byLanguage] of Object.entries(words)) {
      for (const [lang, word] of Object.entries(byLanguage)) {
        const found = await search(page, site, lang, word)
        expect(found, `${lang}: ${word}`).toContain(`/${lang}/${id}/`)
        // Each language searches its own index: no page of another language comes back.
        expect(found.every((path) => path.startsWith(`/${lang}/`)), `${lang}: ${word}`).toBe(true)
      }
    }
  })

  it('should find nothing embargoed, draft or withdrawn, and say so in the page’s language', async () => {
    for (const [lang, word] of [['en', 'Zephyrine'], ['zh', '泽菲林'], ['ar', 'زفيرين'], ['en', 'Quillmore'], ['en', 'reception']] as const) {
      expect(await search(page, site, lang, word), `${lang}: ${word}`).toEqual([])
      expect(await page.locator('#search-status').textContent()).toBe((JSON.parse(await readFile(join(projectRoot, 'locales', lang, 'translation.json'), 'utf8')) as {search: {none: string}}).search.none)
    }
  })

  it('should filter by topic and year, count in the language’s plural forms, and be reached from every page’s search box', async () => {
    // Arabic counts in its own plural forms, from right to left.
    await search(page, site, 'ar', 'مهرجان')
    expect(await page.locator('#search-status').textContent()).toBe('عُثر على بيان واحد.')
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl')
    // A topic and a year to filter by, in the page's words.
    expect(await page.locator('#search-topic option').allTextContents()).toEqual(['كل الموضوعات', 'الثقافة'])
    expect(await page.locator('#search-year option').allTextContents()).toEqual(['كل السنوات', '2026'])
    await search(page, site, 'en', 'the')
    await page.selectOption('#search-topic', 'Education')
    await page.waitForFunction("document.querySelectorAll('#search-results a').length === 1")
    expect(await page.locator('#search-results a').getAttribute('href')).toBe(`${site}en/2026-05-06-graduate-scholarships/`)
    expect(page.url()).toBe(`${site}en/search/?q=the&topic=Education`)

    // From the box in the masthead of any page.
    await page.goto(`${site}fr/2026-03-02-consular-hours/`)
    await page.fill('#site-search', 'bourses')
    await page.press('#site-search', 'Enter')
    await page.waitForFunction("document.querySelectorAll('#search-results a').length > 0")
    expect(new URL(page.url()).pathname).toBe('/news/fr/search/')
    expect(await page.locator('#search-results a').first().getAttribute('href')).toBe(`${site}fr/2026-05-06-graduate-scholarships/`)
  })

  it('should count every result and show them a page at a time', async () => {
    expect(await search(page, site, 'en', 'Velmora')).toHaveLength(20)
    expect(await page.locator('#search-status').textContent()).toBe('22 releases found.')
    await page.click('#search-more')
    await page.waitForFunction("document.querySelectorAll('#search-results a').length === 22")
    expect(await page.locator('#search-more').isHidden()).toBe(true)
  })

  it('should have nothing to fix for axe-core on the search page, with results, in English and Arabic', async () => {
    for (const [lang, word] of [['en', 'festival'], ['ar', 'مهرجان']]) {
      await search(page, site, lang!, word!)
      expect(await axeViolations(page, lang!)).toEqual([])
    }
  })
})

/** The Pagefind services this process has running (its children of that name, from /proc), a moment after the last was let go. */
async function pagefindServices(): Promise<string[]> {
  const parentOf = (pid: string) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  }
  const running = () => readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && (attempt(() => parentOf(pid) === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('pagefind')) ?? false))
  for (let tries = 0; tries < 20 && running().length > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 100))
  return running()
}

describe('search, kept up to date, served and switched off', () => {
  it('should index again only the year of the language whose release changed, and find the change', async () => {
    const root = await newsroom()
    await writeReleases(root, {'2025-11-03-archive-note/en.md': releaseText('title: Archive opening hours\ndate: 2025-11-03', 'The Quorvane archive opens on Mondays.')})
    const now = '2026-11-24T12:00:00Z'
    expect((await press(['build', '--now', now], root)).code).toBe(0)
    const output = join(root, 'output', 'pagefind')
    const entries = async (folder: string) => (await Promise.all((await readdir(join(output, folder), {recursive: true})).sort().map(async (name) => [name, await stat(join(output, folder, name))] as const))).filter(([, info]) => info.isFile()).map(([name, info]) => [name, info.ino])
    const [old2025, oldFrench] = [await entries('en/2025'), await entries('fr/2026')]
    const englishEntry = await readFile(join(output, 'en/2026/pagefind-entry.json'), 'utf8')
    const edited = join(root, 'releases', '2026-05-06-graduate-scholarships', 'en.md')
    await writeFile(edited, `${await readFile(edited, 'utf8')}\nCandidates from Wexmoor are welcome.\n`)
    expect((await press(['build', '--now', now], root)).code).toBe(0)
    // The other indexes are the previous build's files, linked, not made again.
    expect(await entries('en/2025')).toEqual(old2025)
    expect(await entries('fr/2026')).toEqual(oldFrench)
    expect(await readFile(join(output, 'en/2026/pagefind-entry.json'), 'utf8')).not.toBe(englishEntry)
    // A change of house style makes every page again and reindexes nothing: what search indexes of a page is the same.
    const [new2025, new2026] = [await entries('en/2025'), await entries('en/2026')]
    await mkdir(join(root, 'templates'), {recursive: true})
    await writeFile(join(root, 'templates', 'layout.njk'), (await readFile(join(projectRoot, 'templates', 'layout.njk'), 'utf8')).replace('</body>', '<p>The house style, changed.</p></body>'))
    expect((await press(['build', '--now', now], root)).code).toBe(0)
    // Pagefind's service, started early for an index that never came, is let go: none is left running.
    expect(await pagefindServices()).toEqual([])
    expect(await entries('en/2025')).toEqual(new2025)
    expect(await entries('en/2026')).toEqual(new2026)
    expect(await readFile(join(root, 'output', 'en', '2025-11-03-archive-note', 'index.html'), 'utf8')).toContain('The house style, changed.')
    const {url, close} = await serveSite(join(root, 'output'))
    const page = await browser.newPage()
    try {
      expect(await search(page, url, 'en', 'Wexmoor')).toEqual(['/en/2026-05-06-graduate-scholarships/'])
      // Both years are searched, the older merged into the newer.
      expect(await search(page, url, 'en', 'Quorvane')).toEqual(['/en/2025-11-03-archive-note/'])
      expect(await page.locator('#search-year option').allTextContents()).toEqual(['All years', '2026', '2025'])
    } finally {
      await page.close()
      await close()
    }
  })

  it('should be served by press serve', async () => {
    const root = await newsroom()
    const serving = await startServe(root)
    const script = await fetch(`${serving.url}pagefind/zh/2026/pagefind.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    const page = await browser.newPage()
    expect(await search(page, serving.url, 'zh', '奖学金')).toContain('/zh/2026-05-06-graduate-scholarships/')
    await page.close()
  })

  it('should make no search with search: false', async () => {
    const off = await newsroom('\nsearch: false\n')
    expect((await press(['build', '--now', '2026-11-24T12:00:00Z'], off)).code).toBe(0)
    expect(existsSync(join(off, 'output', 'pagefind'))).toBe(false)
    expect(existsSync(join(off, 'output', 'en', 'search'))).toBe(false)
    expect(await readFile(join(off, 'output', 'en', 'index.html'), 'utf8')).not.toContain('site-search')
  })

  // Apart from the test above: each builds the sample newsroom in a process of its own, which a busy machine slows several times over.
  it('should publish without search, saying so, when Pagefind cannot run', async () => {
    const broken = await newsroom()
    const built = await runPress(['build', '--now', '2026-11-24T12:00:00Z'], broken, {PAGEFIND_EXTENDED_BINARY_PATH: '/bin/false'})
    expect(built.code).toBe(0)
    expect(built.stderr).toMatch(/warning\s+Search could not be made \(.+\), so the site is published without it/)
    expect(existsSync(join(broken, 'output', 'pagefind'))).toBe(false)
    expect(await readFile(join(broken, 'output', 'en', '2026-03-02-consular-hours', 'index.html'), 'utf8')).toContain('class="site-search"')
    const searchPage = await readFile(join(broken, 'output', 'en', 'search', 'index.html'), 'utf8')
    expect(searchPage).toContain('<p id="search-status" role="status">Search is not available at the moment.')
    expect(searchPage).not.toContain('search.js')
  })
})
