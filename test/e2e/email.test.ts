// The email of every release, read back by a real MIME parser, and its HTML
// held to what mail clients render.
import {readFileSync} from 'node:fs'
import {cp, mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser, type ParsedMail} from 'mailparser'
import {beforeAll, describe, expect, it} from 'vitest'
import {composeMessage, HeaderInjectionError} from '../../pipeline/publish/email-message.js'
import {emailHtmlProblems, press, projectRoot, readTree, temporaryFolder} from '../helpers.js'

let out: string
let files: Map<string, string>
const raw = new Map<string, Buffer>()
const parsed = new Map<string, ParsedMail>()

beforeAll(async () => {
  out = join(await temporaryFolder(), 'site')
  expect((await press(['build', '--out', out, '--now', '2026-11-24T12:00:00Z'])).code).toBe(0)
  files = await readTree(out)
  for (const path of files.keys()) {
    if (!path.endsWith('.eml')) continue
    raw.set(path, await readFile(join(out, path)))
    parsed.set(path, await simpleParser(raw.get(path)!))
  }
})

describe('release.eml', () => {
  it('should be written for every published translation, under 100 KB', () => {
    expect(parsed.size).toBe(15)
    for (const [path, message] of raw) expect(message.length, path).toBeLessThan(100 * 1024)
  })

  it('should read back with the title as subject, the text first and the HTML last', () => {
    for (const [path, mail] of parsed) {
      const folder = path.replace(/release\.eml$/, '')
      const page = files.get(`${folder}index.html`)!
      const title = /<h1>([^<]+)<\/h1>/.exec(page)![1]!.replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"')
      expect(mail.subject, path).toBe(title)
      // The print-ready text, then where to unsubscribe (checked below).
      expect(mail.text!.startsWith(files.get(`${folder}release.txt`)!.trimEnd()), path).toBe(true)
      expect(mail.html, path).toBe(files.get(`${folder}email.html`))
      const source = raw.get(path)!.toString('latin1')
      expect(source, path).toMatch(/^Content-Type: multipart\/alternative;/m)
      expect(source.indexOf('Content-Type: text/plain; charset=utf-8'), path).toBeLessThan(source.indexOf('Content-Type: text/html; charset=utf-8'))
    }
  })

  it('should carry sender, list, language, date and a deterministic Message-ID', () => {
    const mail = parsed.get('zh/2026-03-02-consular-hours/release.eml')!
    expect(mail.from?.text).toBe('"Press Office, Embassy of Aurelia" <press@embassy.example.org>')
    // Chinese has a list of its own in the sample's newsroom.yaml.
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('"大使馆新闻" <xinwen@lists.embassy.example.org>')
    expect(mail.messageId).toBe('<2026-03-02-consular-hours.zh@embassy.example.org>')
    // The start of the release date in the newsroom's time zone, America/Toronto.
    expect(mail.date?.toISOString()).toBe('2026-03-02T05:00:00.000Z')
    expect(mail.headers.get('content-language')).toBe('zh')
    expect(raw.get('zh/2026-03-02-consular-hours/release.eml')!.toString('latin1')).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m)
    expect(mail.headers.get('list')).toMatchObject({
      id: {id: 'xinwen.lists.embassy.example.org'},
      unsubscribe: {url: 'https://embassy.example.org/news/zh/unsubscribe', mail: 'unsubscribe-zh@lists.embassy.example.org?subject=unsubscribe'},
      'unsubscribe-post': {name: 'List-Unsubscribe=One-Click'}
    })
    // The list's name is encoded as MIME words, its id in angle brackets never is: mail clients filter by it.
    expect(raw.get('zh/2026-03-02-consular-hours/release.eml')!.toString('latin1')).toMatch(/^List-ID: =\?UTF-8\?Q\?[^\r\n]*\r\n(?: [^\r\n]*\r\n)* ?[^\r\n]*<xinwen\.lists\.embassy\.example\.org>\r$/m)
  })

  it('should go to each language’s own list, or to the newsroom’s for a language without one, with that list’s headers', () => {
    for (const [path, mail] of parsed) {
      if (!path.endsWith('release.eml')) continue
      const lang = path.split('/')[0]!
      const own = lang === 'en' ? undefined : {fr: 'actualites', zh: 'xinwen', ar: 'akhbar', ru: 'novosti', es: 'noticias'}[lang]
      const to = mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address : ''
      expect(to, path).toBe(`${own ?? 'news'}@lists.embassy.example.org`)
      const list = mail.headers.get('list') as {id: {id: string}; unsubscribe: {url: string}; 'unsubscribe-post': {name: string}}
      expect(list.id.id, path).toBe(`${own ?? 'news'}.lists.embassy.example.org`)
      expect(list.unsubscribe.url, path).toMatch(own ? new RegExp(`^https://embassy\\.example\\.org/news/${lang}/`) : /^https:\/\/embassy\.example\.org\/news\/unsubscribe$/)
      expect(list['unsubscribe-post'].name).toBe('List-Unsubscribe=One-Click')
      // The reader sees where to unsubscribe, in the message's language, at the foot of the message.
      const words = (JSON.parse(readFileSync(join(projectRoot, 'locales', lang, 'translation.json'), 'utf8')) as {email: {unsubscribe: string}}).email.unsubscribe
      const links = [...String(mail.html).matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].filter(([, , text]) => text === words)
      expect(links.map(([, href]) => href), path).toEqual([list.unsubscribe.url])
      // And in the plain text, for mail clients that show no HTML: the same words, then the address.
      expect(String(mail.text).trimEnd().endsWith(`\n${words}\n${list.unsubscribe.url}`), path).toBe(true)
    }
  })

  it('should encode a subject that is not ASCII as encoded words', () => {
    expect(raw.get('zh/2026-03-02-consular-hours/release.eml')!.toString('latin1')).toMatch(/^Subject: =\?UTF-8\?[QB]\?/m)
  })
})

describe('email.html', () => {
  it('should pass html-validate with the rules email HTML can honour', async () => {
    const problems = []
    for (const [path, html] of files) if (path.endsWith('email.html')) problems.push(...(await emailHtmlProblems(html, path)))
    expect(problems).toEqual([])
  })

  it('should inline every style, with no <style>, <script> or external stylesheet left', () => {
    for (const [path, html] of files) {
      if (!path.endsWith('email.html')) continue
      expect(html, path).not.toMatch(/<style|<script|<link /i)
      expect(html, path).toContain('<h1 style="')
      expect(html, path).toContain('max-width: 600px')
    }
  })

  it('should set language and direction on <html> and on the inner wrapper, with a preheader', () => {
    const html = files.get('ar/2026-04-18-spring-culture-festival/email.html')!
    expect(html).toContain('<html lang="ar" dir="rtl" data-script="Arab" data-emphasis="weight">')
    expect(html).toContain('<div lang="ar" dir="rtl">')
    expect(html).toMatch(/<div class="preheader" style="display: none;[^"]*">ثلاثة أيام من الحفلات/)
  })

  it('should set each language in its own fonts and mark emphasis as its script does, as the page does', () => {
    const chinese = files.get('zh/2026-04-18-spring-culture-festival/email.html')!
    // A Chinese font first, so that quotes and marks are drawn full width, and never Arial before it.
    expect(chinese).toMatch(/<td class="content" style="[^"]*font-family: 'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'Arial', 'Helvetica', sans-serif;/)
    const arabic = files.get('ar/2026-04-18-spring-culture-festival/email.html')!
    expect(arabic).toMatch(/font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic', 'Segoe UI', 'Tahoma', 'Arial', 'Helvetica', sans-serif;/)
    // Arabic has no italics: emphasis is set in weight, as on the page.
    const emphasis = [...arabic.matchAll(/<em( style="[^"]*")?>/g)].map((match) => match[1])
    expect(emphasis.length).toBeGreaterThan(0)
    for (const style of emphasis) expect(style).toBe(' style="font-style: normal; font-weight: bold;"')
    expect(files.get('en/2026-04-18-spring-culture-festival/email.html')).not.toContain('font-style: normal')
  })

  it('should show the summary as the standfirst, and no breadcrumb', () => {
    const html = files.get('en/2026-05-06-graduate-scholarships/email.html')!
    expect(html).toMatch(/<p class="standfirst" style="[^"]*font-size: 18px[^"]*">Twenty scholarships for master’s and doctoral study/)
    expect(html).not.toContain('Home &gt;')
    expect(html).not.toContain('breadcrumb')
  })

  it('should hold 600 pixels in Outlook for Windows and hide the preheader there too', () => {
    const html = files.get('fr/2026-05-06-graduate-scholarships/email.html')!
    expect(html).toContain('<!--[if mso]><table role="presentation" width="600" align="center"')
    expect(html).toContain('<!--[if mso]></td></tr></table><![endif]-->')
    expect(html).toMatch(/<div class="preheader" style="display: none; mso-hide: all;">/)
  })

  it('should mark quotes and indent lists on the reading side only, with the attribution under the quote', () => {
    const arabic = files.get('ar/2026-04-18-spring-culture-festival/email.html')!
    const english = files.get('en/2026-04-18-spring-culture-festival/email.html')!
    expect(arabic).toMatch(/<blockquote style="[^"]*border-right: 4px solid/)
    expect(english).toMatch(/<blockquote style="[^"]*border-left: 4px solid/)
    for (const html of [arabic, english]) {
      expect(html).not.toMatch(/<blockquote style="[^"]*border-left[^"]*border-right|<blockquote style="[^"]*border-right[^"]*border-left/)
      for (const list of html.matchAll(/<[ou]l style="([^"]*)"/g)) expect(list[1]).not.toMatch(/padding-left: [1-9][^"]*padding-right: [1-9]|padding-right: [1-9][^"]*padding-left: [1-9]/)
    }
    expect(english).toMatch(/<\/blockquote>\n<figcaption style="[^"]*">— The Ambassador/)
  })

  it('should set each contact as the printed release does: the name, then the address and the telephone on lines of their own', () => {
    const html = files.get('zh/2026-06-10-trade-delegation-visit/email.html')!.replaceAll(/ style="[^"]*"/g, '')
    // The telephone number never breaks on screen; on paper it is one short line anyway.
    const text = files.get('zh/2026-06-10-trade-delegation-visit/release.txt')!
    expect(html).toContain('<p class="contact">经济处<br>\n<a href="mailto:economy@embassy.example.org" dir="ltr">economy@embassy.example.org</a><br>\n<span dir="ltr">+1\u00a0613\u00a0555\u00a00163</span></p>')
    expect(text).toContain('经济处\n  economy@embassy.example.org\n  +1 613 555 0163\n')
  })

  it('should link absolutely to the web version and offer forwarding to a friend in the page’s words', () => {
    const html = files.get('en/2026-05-06-graduate-scholarships/email.html')!
    expect(html).toContain('href="https://embassy.example.org/news/en/2026-05-06-graduate-scholarships/"')
    expect(html).toMatch(/<strong>Suggest to a Friend<\/strong><br>\n<a href="mailto:\?subject=[^"]*"[^>]*>Send this release to a friend by email<\/a>/)
    for (const match of html.matchAll(/(?:href|src)="([^"]+)"/g)) expect(match[1]).toMatch(/^(https:|mailto:|tel:)/)
  })
})

describe('header safety', () => {
  const email = {from: 'Press <press@embassy.example.org>', to: 'List <list@embassy.example.org>'}
  const parts = {key: 'k.en', date: new Date('2026-01-01T00:00:00Z'), lang: 'en', text: 'Text\n', html: '<p>Text</p>'}

  it('should refuse a subject with a line break or NUL, naming the field', async () => {
    for (const subject of ['Hello\r\nBcc: victim@example.org', 'Hello\nX', 'Hello\u0000']) {
      await expect(composeMessage(email, {...parts, subject})).rejects.toThrow(HeaderInjectionError)
    }
    await expect(composeMessage(email, {...parts, subject: 'a\nb'})).rejects.toThrow('The subject contains a line break')
  })

  it('should fail a build whose title hides a header, writing no message', async () => {
    const root = await temporaryFolder()
    const {mkdir, writeFile} = await import('node:fs/promises')
    await mkdir(join(root, 'releases', '2026-01-01-a'), {recursive: true})
    await writeFile(join(root, 'releases', '2026-01-01-a', 'en.md'), '---\ntitle: "Hello\\r\\nBcc: victim@example.org"\ndate: 2026-01-01\n---\n\nText.\n')
    const result = await press(['build', '--root', root], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/releases\/2026-01-01-a\/en\.md\n2:8-2:\d+\s+error\s+`title` is not valid: the title is one line of text/)
    expect([...(await readTree(root)).keys()].filter((path) => !path.startsWith('.communique-cache/'))).toEqual(['releases/2026-01-01-a/en.md'])
  })
})

describe('styles of the email body', () => {
  /** Builds the sample newsroom with its own email templates; returns the English email HTML of one release. */
  async function emailWith(templates: Record<string, (builtin: string) => string>) {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'releases'), join(root, 'releases'), {recursive: true})
    for (const [name, change] of Object.entries(templates)) {
      await mkdir(join(root, 'templates', 'email'), {recursive: true})
      await writeFile(join(root, 'templates', 'email', name), change(await readFile(join(projectRoot, 'templates', 'email', name), 'utf8')))
    }
    const result = await press(['build', '--root', root, '--now', '2026-11-24T12:00:00Z'], root)
    expect(result.code, result.stderr).toBe(0)
    return readFile(join(root, 'output', 'en', '2026-03-02-consular-hours', 'email.html'), 'utf8')
  }

  it('should apply rules that reach the body through the elements the house email sets it in', async () => {
    const html = await emailWith({'layout.njk': (text) => text.replace('</style>', 'td.content > div > p { letter-spacing: 1px; }\n</style>')})
    const paragraphs = html.match(/<p style="[^"]*">/g) ?? []
    expect(paragraphs.filter((tag) => tag.includes('letter-spacing: 1px')).length).toBeGreaterThan(1)
    expect(html).not.toContain('communique:body')
  })

  it('should inline a template that prints the body twice as a whole', async () => {
    const html = await emailWith({'release.njk': (text) => text.replace('{{ release.body | safe }}', '{{ release.body | safe }}<hr>{{ release.body | safe }}')})
    const styled = html.match(/<p style="margin: 0 0 16px;">To meet the rise in passport/g) ?? []
    expect(styled).toHaveLength(2)
    expect(html).not.toContain('communique:body')
  })
})
