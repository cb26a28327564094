// The sample newsroom built end to end, checked as a reader, a browser and a
// search engine would see it.
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {beforeAll, describe, expect, it} from 'vitest'
import {htmlProblems, press, readTree} from '../helpers.js'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll} from 'vitest'

let out: string
let files: Map<string, string>
let printed: {code: number; stdout: string; stderr: string}
const now = '2026-11-24T12:00:00Z'
const releases = ['2026-03-02-consular-hours', '2026-04-18-spring-culture-festival', '2026-05-06-graduate-scholarships', '2026-06-10-trade-delegation-visit']

beforeAll(async () => {
  out = join(await mkdtemp(join(tmpdir(), 'communique-sample-')), 'site')
  printed = await press(['build', '--out', out, '--now', now])
  files = await readTree(out)
})
afterAll(async () => {
  await rm(join(out, '..'), {recursive: true, force: true})
})

const page = (path: string) => {
  const html = files.get(path)
  if (html === undefined) throw new Error(`${path} was not written`)
  return html
}

describe('press build of the sample newsroom', () => {
  it('should succeed with one summary line', () => {
    expect(printed.code).toBe(0)
    expect(printed.stderr).toBe('')
    expect(printed.stdout).toMatch(/^Built 40 pages: 15 translations of 4 releases in 6 languages; held back 1 translation \(1 draft\); into .+ in \d+ ms\n$/)
  })

  it('should write a page for every translation and nothing for missing ones', () => {
    for (const id of releases) {
      for (const lang of ['en', 'fr', 'zh']) expect(files.has(`${lang}/${id}/index.html`), `${lang}/${id}`).toBe(true)
    }
    expect([...files.keys()].filter((path) => path.startsWith('ar/') && path.endsWith('/index.html') && path !== 'ar/index.html' && !path.startsWith('ar/category/') && path !== 'ar/search/index.html')).toEqual(['ar/2026-04-18-spring-culture-festival/index.html'])
  })

  it('should pass html-validate on every web page', async () => {
    const problems = []
    for (const [path, html] of files) if (path.endsWith('index.html')) problems.push(...(await htmlProblems(html, path)))
    expect(problems).toEqual([])
  })

  it('should set language and direction on every page', () => {
    expect(page('ar/2026-04-18-spring-culture-festival/index.html')).toContain('<html lang="ar" dir="rtl" data-script="Arab" data-emphasis="weight">')
    expect(page('zh/2026-03-02-consular-hours/index.html')).toContain('<html lang="zh" dir="ltr" data-script="Hans" data-emphasis="dots">')
    expect(page('ru/2026-04-18-spring-culture-festival/index.html')).toContain('<html lang="ru" dir="ltr" data-script="Cyrl" data-emphasis="italic">')
    expect(page('index.html')).toContain('<html lang="en" dir="ltr" data-script="Latn" data-emphasis="italic">')
  })

  it('should give the house header, breadcrumb and footer in the page language', () => {
    const en = page('en/2026-03-02-consular-hours/index.html')
    expect(en).toMatch(/<p class="embassy-name"><a href="https:\/\/embassy\.example\.org\/en\/"><img class="crest" src="\.\.\/\.\.\/assets\/logo-[0-9a-f]{10}\.svg" width="120" height="140" alt="">Embassy of the Republic of Aurelia<\/a><\/p>/)
    expect(breadcrumb(en)).toBe('Home > Embassy News > Consular Affairs')
    expect(breadcrumb(page('en/2026-06-10-trade-delegation-visit/index.html'))).toBe('Home > Embassy News')
    expect(en).toMatch(/<footer class="site-footer">[\s\S]*1200 Maple Crescent[\s\S]*Telephone: <a href="tel:\+16135550142" dir="ltr">\+1\u00a0613\u00a0555\u00a00142<\/a>/)
    expect(page('zh/2026-03-02-consular-hours/index.html')).toContain('电话：<a href="tel:+16135550142" dir="ltr">')
    expect(breadcrumb(page('fr/2026-03-02-consular-hours/index.html'))).toBe('Accueil > Actualités de l’ambassade > Affaires consulaires')
    expect(breadcrumb(page('zh/2026-03-02-consular-hours/index.html'))).toBe('首页 > 使馆新闻 > 领事事务')
    expect(breadcrumb(page('ar/2026-04-18-spring-culture-festival/index.html'))).toBe('الرئيسية < أخبار السفارة < الثقافة')
  })

  it('should link every translation to all the others, absolutely and reciprocally, with x-default', () => {
    for (const id of releases) {
      const langs = id.includes('festival') ? ['en', 'fr', 'zh', 'ar', 'ru', 'es'] : ['en', 'fr', 'zh']
      const expected = [...langs.map((lang) => `${lang} https://embassy.example.org/news/${lang}/${id}/`), `x-default https://embassy.example.org/news/en/${id}/`]
      for (const lang of langs) {
        const html = page(`${lang}/${id}/index.html`)
        expect(alternates(html)).toEqual(expected)
        expect(html).toContain(`<link rel="canonical" href="https://embassy.example.org/news/${lang}/${id}/">`)
      }
    }
  })

  it('should name each existing translation in its own language in the switcher', () => {
    const html = page('en/2026-03-02-consular-hours/index.html')
    const switcher = /<nav class="languages"[\s\S]*?<\/nav>/.exec(html)![0]
    expect(switcher).toContain('<span lang="en" data-script="Latn" aria-current="page">English</span>')
    expect(switcher).toContain('<a href="../../fr/2026-03-02-consular-hours/" hreflang="fr" lang="fr" data-script="Latn">Français</a>')
    expect(switcher).toContain('<a href="../../zh/2026-03-02-consular-hours/" hreflang="zh" lang="zh" data-script="Hans">中文</a>')
    expect(switcher).not.toContain('العربية')
  })

  it('should format the date for the locale and keep the ISO date in <time>', () => {
    expect(page('en/2026-03-02-consular-hours/index.html')).toContain('<span class="dateline">OTTAWA</span>, <time datetime="2026-03-02">March 2, 2026</time>')
    // The dateline joins the date as the print-ready text and the email join them, in each language's words.
    expect(page('fr/2026-03-02-consular-hours/index.html')).toContain('<span class="dateline">OTTAWA</span>, le <time datetime="2026-03-02">2 mars 2026</time>')
    expect(page('fr/2026-03-02-consular-hours/release.txt')).toContain('\nOTTAWA, le 2 mars 2026\n')
    expect(page('zh/2026-03-02-consular-hours/index.html')).toContain('<time datetime="2026-03-02">2026年3月2日</time>')
  })

  it('should set a quotation’s attribution on its own line, as the quote’s caption', () => {
    expect(page('en/2026-04-18-spring-culture-festival/index.html')).toContain(
      '<figure>\n<blockquote>\n<p>Culture is the conversation our two countries never stop having.</p>\n</blockquote>\n<figcaption>— The Ambassador, at the opening of last year’s festival</figcaption>\n</figure>'
    )
    // The line break before a Chinese attribution is neither a space nor joined away.
    expect(page('zh/2026-04-18-spring-culture-festival/index.html')).toContain('<p>文化是我们两国之间从未中断的对话。</p>\n</blockquote>\n<figcaption>——大使在去年艺术节开幕式上的致辞</figcaption>')
  })

  it('should offer a share block with a mail link prefilled with title and address', () => {
    const html = page('en/2026-06-10-trade-delegation-visit/index.html')
    expect(html).toContain('<h2 id="share-heading">Suggest to a Friend</h2>')
    const href = /<aside class="share"[\s\S]*?href="([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&')
    const link = new URL(href)
    expect(link.protocol).toBe('mailto:')
    expect(link.searchParams.get('subject')).toBe('Minister of Trade to lead a business delegation to Canada')
    expect(link.searchParams.get('body')).toContain('https://embassy.example.org/news/en/2026-06-10-trade-delegation-visit/')
    expect(page('fr/2026-06-10-trade-delegation-visit/index.html')).toContain('Suggérer à un ami')
  })

  it('should hide navigation, switcher and share block when printed', () => {
    const css = files.get('assets/style.css')!
    const print = /@media print \{([\s\S]*?)\n\}/.exec(css)![1]!
    expect(print).toMatch(/\.breadcrumb, \.languages, \.site-search, \.share[^{]*\{ display: none; \}/)
  })

  it('should list each language newest first with date, title and summary', () => {
    const list = page('en/index.html')
    const order = [...list.matchAll(/<h2><a href="\.\.\/en\/([^/]+)\/">/g)].map((match) => match[1])
    expect(order).toEqual([...releases].reverse())
    expect(list).toContain('Twenty scholarships for master’s and doctoral study')
    expect(list).toContain('<time datetime="2026-05-06">May 6, 2026</time>')
    expect(page('ar/index.html').match(/<h2><a /g)).toHaveLength(1)
  })

  it('should offer a language chooser at the root, naming the embassy in every language, with the house footer', () => {
    const chooser = page('index.html')
    for (const [lang, name] of [['en', 'English'], ['fr', 'Français'], ['zh', '中文'], ['ar', 'العربية']]) {
      expect(chooser).toContain(`<a href="${lang}/" hreflang="${lang}">${name}</a>`)
    }
    expect(chooser).toContain('<h1>Embassy of the Republic of Aurelia</h1>')
    expect(chooser).toContain('<p class="embassy-other" lang="fr" dir="ltr">Ambassade de la République d’Aurélie</p>')
    expect(chooser).toMatch(/<p class="embassy-other" lang="ar" dir="rtl">[^<]+<\/p>/)
    expect(chooser).toMatch(/<footer class="site-footer">[\s\S]*1200 Maple Crescent/)
  })

  it('should ship each language’s web fonts, split by unicode-range, and name the Chinese font before any Latin one', () => {
    const css = page('assets/fonts.css')
    const faces = css.match(/@font-face \{[^}]*\}/g) ?? []
    expect(faces.length).toBeGreaterThan(100)
    for (const face of faces) expect(face).toMatch(/font-display: swap;[\s\S]*src: url\(fonts\/[\w-]+\.woff2\)[\s\S]*unicode-range: U\+/)
    const shipped = [...css.matchAll(/url\(fonts\/([\w-]+\.woff2)\)/g)].map((match) => `assets/fonts/${match[1]}`)
    expect(shipped.filter((path) => !files.has(path))).toEqual([])
    expect([...files.keys()].filter((path) => path.startsWith('assets/fonts/')).sort()).toEqual([...new Set(shipped)].sort())
    expect(css).toContain(':lang(zh) { font-family: "Noto Sans SC Variable", "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans Variable", sans-serif; }')
    expect(css).toContain(':lang(ar) { font-family: "Noto Naskh Arabic Variable"')
    expect(page('zh/2026-03-02-consular-hours/index.html')).toContain('<link rel="stylesheet" href="../../assets/fonts.css">\n<link rel="stylesheet" href="../../assets/style.css">')
  })

  it('should never break a postal code, on the page, in the email or in print', () => {
    expect(page('en/2026-03-02-consular-hours/index.html')).toContain('Ottawa ON K1A\u00a00X9, Canada')
    expect(page('en/2026-03-02-consular-hours/email.html')).toContain('Ottawa ON K1A\u00a00X9, Canada')
    expect(page('en/2026-03-02-consular-hours/release.txt')).toContain('K1A\u00a00X9')
  })

  it('should print the release’s address on paper only, and set Chinese and Arabic emphasis without a slant', () => {
    expect(page('en/2026-03-02-consular-hours/index.html')).toContain('<p class="print-only"><span dir="ltr">https://embassy.example.org/news/en/2026-03-02-consular-hours/</span></p>\n</article>')
    const css = page('assets/style.css')
    expect(css).toMatch(/\.print-only \{ display: none; \}[\s\S]*@media print \{[\s\S]*\.print-only \{ display: block; \}/)
    expect(css).toContain('[data-emphasis="dots"] em { font-style: normal; -webkit-text-emphasis: filled dot; text-emphasis: filled dot;')
    expect(css).toContain('[data-emphasis="weight"] em { font-style: normal; font-weight: 700; }')
  })

  it('should give each topic a page and a feed in each language that has releases in it, linked from its releases', async () => {
    const culture = page('fr/category/culture/index.html')
    expect(breadcrumb(culture)).toBe('Accueil > Actualités de l’ambassade > Culture')
    expect([...culture.matchAll(/<h2><a href="\.\.\/\.\.\/\.\.\/fr\/([^/]+)\/">/g)].map((match) => match[1])).toEqual(['2026-04-18-spring-culture-festival'])
    expect(culture).toContain('<link rel="alternate" hreflang="ar" href="https://embassy.example.org/news/ar/category/culture/">')
    expect(culture).toContain('<a href="../../../fr/category/culture/feed.xml" type="application/atom+xml">')
    expect(page('fr/2026-04-18-spring-culture-festival/index.html')).toContain('<li><a href="../../fr/category/culture/">Culture</a></li>')
    // Only the languages that have a release in the topic.
    expect(files.has('ar/category/education/index.html')).toBe(false)
    expect(files.has('zh/category/education/index.html')).toBe(true)
    const feed = files.get('en/category/consular-affairs/feed.xml')!
    expect(XMLValidator.validate(feed)).toBe(true)
    expect(feed).toContain('<title>Embassy of the Republic of Aurelia: Consular Affairs</title>')
    expect(feed.match(/<entry>/g)).toHaveLength(1)
    expect(files.has('en/category/embassy-news/index.html')).toBe(false)
  })

  it('should set out each release as a press release, in the page and in the email: release line, title, standfirst, body, end mark, notes to editors, about the embassy, contacts', () => {
    for (const path of ['en/2026-06-10-trade-delegation-visit/index.html', 'en/2026-06-10-trade-delegation-visit/email.html']) {
      const html = page(path)
      // Each piece after the one before, from the release line on.
      let at = html.indexOf('<body')
      for (const piece of ['FOR IMMEDIATE RELEASE', '<h1', 'Thirty Aurelian companies', 'The Minister of Trade', '###', 'Notes to editors', 'signed a trade and investment framework agreement in 2019.', 'About the Embassy', 'The Embassy of the Republic of Aurelia in Ottawa represents Aurelia in Canada.', 'Economic Section']) {
        const next = html.indexOf(piece, at)
        expect(next, `${path}: ${piece}`).toBeGreaterThan(at)
        at = next
      }
    }
    expect(page('fr/2026-06-10-trade-delegation-visit/index.html')).toContain('<p class="release-line">POUR DIFFUSION IMMÉDIATE</p>')
    expect(page('zh/2026-06-10-trade-delegation-visit/index.html')).toContain('<h2 id="notes-heading">编者按</h2>')
    expect(page('ar/2026-04-18-spring-culture-festival/index.html')).toContain('<h2 id="about-heading">عن السفارة</h2>')
  })

  it('should write well-formed Atom feeds with one entry per published translation', () => {
    for (const lang of ['en', 'fr', 'zh', 'ar', 'ru', 'es']) {
      const feed = files.get(`${lang}/feed.xml`)!
      expect(XMLValidator.validate(feed), lang).toBe(true)
      expect(feed).toContain(`<link rel="self" type="application/atom+xml" href="https://embassy.example.org/news/${lang}/feed.xml"/>`)
    }
    expect(files.get('en/feed.xml')!.match(/<entry>/g)).toHaveLength(4)
    // The full text, as the page shows it, its links read against the page's address.
    const feed = new XMLParser({ignoreAttributes: false}).parse(files.get('en/feed.xml')!) as {feed: {entry: Array<{id: string; content: {'#text': string; '@_type': string; '@_xml:base': string}}>}}
    const trade = feed.feed.entry.find((entry) => entry.id.endsWith('/en/2026-06-10-trade-delegation-visit/'))!
    expect(trade.content['@_type']).toBe('html')
    expect(trade.content['@_xml:base']).toBe('https://embassy.example.org/news/en/2026-06-10-trade-delegation-visit/')
    expect(trade.content['#text']).toMatch(/^<p>The Minister of Trade/)
    expect(trade.content['#text']).toContain('<h2>Programme of the visit</h2>')
    expect(files.get('ar/feed.xml')!.match(/<entry>/g)).toHaveLength(1)
  })

  it('should write a well-formed sitemap with hreflang alternates', () => {
    const sitemap = files.get('sitemap.xml')!
    expect(XMLValidator.validate(sitemap)).toBe(true)
    expect(sitemap.match(/<url>/g)).toHaveLength(1 + 6 + 12 + 15)
    expect(sitemap).toContain('<loc>https://embassy.example.org/news/ar/2026-04-18-spring-culture-festival/</loc>')
    expect(sitemap).toContain('<xhtml:link rel="alternate" hreflang="zh" href="https://embassy.example.org/news/zh/2026-04-18-spring-culture-festival/"/>')
  })

  it('should keep the draft sample out of every file', () => {
    for (const [path, text] of files) {
      expect(text, path).not.toContain('National Day')
      expect(path).not.toContain('national-day')
    }
  })

  it('should give byte-identical output for the same input and --now', async () => {
    const again = join(out, '..', 'again')
    expect((await press(['build', '--out', again, '--now', now])).code).toBe(0)
    expect(await readTree(again)).toEqual(files)
  })
})

function breadcrumb(html: string): string {
  const nav = /<nav class="breadcrumb"[^>]*>([\s\S]*?)<\/nav>/.exec(html)![1]!
  // The items as a reader sees them, with the separator between them.
  return [...nav.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((item) => item[1]!.replace(/<[^>]+>/g, '').replaceAll('&gt;', ' > ').replaceAll('&lt;', ' < ').trim()).join(' ')
}

function alternates(html: string): string[] {
  return [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((match) => `${match[1]} ${match[2]}`)
}
