// A fault campaign: fast-check writes whole newsrooms (front matter and
// Markdown mixing every construct, hostile strings, four scripts) and the real
// build must hold every promise: no fault in press, nothing outside the
// output, valid pages, well-formed feeds and sitemaps, emails a mail reader
// parses with no injected header, no script on any page, and every error
// placed at its line.
import {readdir} from 'node:fs/promises'
import {join} from 'node:path'
import fc from 'fast-check'
import {XMLValidator} from 'fast-xml-parser'
import {simpleParser} from 'mailparser'
import {describe, expect, it} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {dangerous, emailHtmlProblems, htmlProblems, readTree, temporaryFolder, writeReleases} from '../helpers.js'

const hostile = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '\r\nBcc: victim@example.org',
  ']]><x>',
  '&amp; &lt; &#0; &#xD800; &quot;',
  '{{ 7 * 7 }} {% raw %}',
  '\u202e\u200b\ufeff',
  '\\uDFFF \\u0000 \\uFFFF',
  '大使馆发布“新闻”。',
  'السفارة «تعلن» اليوم،',
  'L’ambassade : « bonjour » !',
  'https://example.org/a_b*c[^1]',
  'mailto:press@embassy.example.org',
  '*__~~`',
  '\u0007\u001b'
]
const words = fc.oneof(fc.constantFrom(...hostile), fc.string({maxLength: 40}), fc.string({unit: 'grapheme', maxLength: 20}))
const address = fc.oneof(
  fc.constantFrom('https://example.org/x', '../2026-01-02-other/', '#fn-1', 'mailto:a@b.org', 'javascript:alert(1)', 'data:text/html,x', '<https://a b>', 'http://[::1', 'https://exa%mple.org', 'http://a:99999/i.png', 'java&#9;script:x', 'vbscript:x', '//evil.example/x'),
  fc.webUrl()
)

const block = fc.oneof(
  words,
  words.map((text) => `# ${text}`),
  words.map((text) => `###### ${text}`),
  fc.tuple(words, words).map(([a, b]) => `- ${a}\n- ${b}\n  - ${a}`),
  fc.tuple(words, words).map(([a, b]) => `1. ${a}\n2. ${b}`),
  words.map((text) => `> ${text}\n>\n> — ${text}`),
  words.map((text) => `\`\`\`\n${text}\n\`\`\``),
  fc.tuple(words, address).map(([text, url]) => `[${text}](${url})`),
  fc.tuple(words, address).map(([text, url]) => `![${text}](${url})`),
  fc.tuple(words, address).map(([text, url]) => `[${text}][ref]\n\n[ref]: ${url}`),
  fc.tuple(words, words).map(([a, b]) => `| ${a} | b |\n| --- | --- |\n| ${b} | c |`),
  words.map((text) => `Note[^1] *${text}* **${text}** ~~${text}~~.\n\n[^1]: ${text}`),
  words.map((text) => `<div onclick="x()">${text}</div>`),
  words.map((text) => `Text <span>${text}</span> <script>${text}</script> end`),
  fc.constantFrom('---', '***', '   ', '\\', '<!-- comment -->', '> > > > deep', 'www.example.org/page.', '见https://example.org/a下载。')
)

/** A YAML value: JSON strings are YAML double-quoted scalars, escapes included. */
const yaml = (value: string) => JSON.stringify(value)
const dateTime = fc.oneof(
  fc.constantFrom('2026-03-14T09:00:00-05:00', '2026-03-14T09:00:00+05', '2026-12-31T23:59:60Z', '2026-02-30T00:00:00Z', '2030-01-01T00:00:00.0000001Z', 'tomorrow', ''),
  fc.date({min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true}).map((date) => date.toISOString())
)
const frontMatter = fc.record(
  {
    title: words,
    date: fc.oneof(fc.constant('2026-03-02'), fc.constantFrom('2026-02-30', '2026-3-2', '')),
    summary: words,
    dateline: words,
    embargo: dateTime,
    status: fc.constantFrom('published', 'draft', 'withdrawn'),
    category: fc.constantFrom('embassy-news', 'nonexistent', 'Bad Category'),
    contact: words
  },
  {requiredKeys: ['title', 'date']}
)

const translation = fc.tuple(frontMatter, fc.array(block, {minLength: 1, maxLength: 6})).map(([fields, blocks]) => {
  const lines = Object.entries(fields).map(([key, value]) => (key === 'contact' ? `contacts:\n  - name: ${yaml(value)}\n    email: press@embassy.example.org` : `${key}: ${yaml(value)}`))
  return `---\n${lines.join('\n')}\n---\n\n${blocks.join('\n\n')}\n`
})

const newsroom = fc.dictionary(fc.constantFrom('2026-01-01-first', '2026-01-02-other', 'page', '2026-01-03-third'), fc.dictionary(fc.constantFrom('en', 'fr', 'zh', 'ar'), translation, {minKeys: 1, maxKeys: 2}), {minKeys: 1, maxKeys: 2})


// mailparser gathers the List-* headers under `list`.
const headerNames = new Set(['list', 'content-type', 'from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-language', 'list-id', 'list-unsubscribe', 'list-unsubscribe-post'])

async function holdsEveryPromise(releases: Record<string, Record<string, string>>) {
  const root = await temporaryFolder()
  await writeReleases(root, Object.fromEntries(Object.entries(releases).flatMap(([id, translations]) => Object.entries(translations).map(([lang, text]) => [`${id}/${lang}.md`, text]))))
  const result = await build({root, out: join(root, 'output'), now: new Date('2026-06-01T00:00:00Z'), cwd: root})

  for (const file of result.files) {
    for (const message of file.messages) {
      if (message.fatal && file.path.endsWith('.md')) expect(message.line, `${file.path}: ${message.reason}`).toBeGreaterThan(0)
    }
  }
  // The newsroom's own cache folder is the only thing written beside the output.
  expect((await readdir(root)).filter((name) => name !== '.communique-cache').sort()).toEqual(result.ok ? ['.output.builds', 'output', 'releases'] : ['.output.builds', 'releases'])
  if (!result.ok) return

  for (const [path, text] of await readTree(join(root, 'output'))) {
    if (path.endsWith('email.html')) expect(await emailHtmlProblems(text, path)).toEqual([])
    else if (path.endsWith('.html')) {
      expect(await htmlProblems(text, path)).toEqual([])
      expect(dangerous(text), path).toEqual([])
    }
    if (path.endsWith('.xml')) expect(XMLValidator.validate(text), path).toBe(true)
    if (path.endsWith('.eml')) {
      const mail = await simpleParser(text)
      expect([...mail.headers.keys()].filter((name) => !headerNames.has(name)), path).toEqual([])
      expect(mail.subject ?? '', path).not.toMatch(/[\r\n]/)
      expect(typeof mail.html === 'string' ? dangerous(mail.html) : [], path).toEqual([])
    }
  }
}

describe('the build, for any newsroom', () => {
  it('should hold every promise for generated releases', async () => {
    await fc.assert(fc.asyncProperty(newsroom, holdsEveryPromise), {numRuns: 40})
  })

  it('should hold every promise for releases whose front matter is all valid', async () => {
    const valid = fc.dictionary(
      fc.constantFrom('2026-01-01-first', '2026-01-02-other'),
      fc.dictionary(
        fc.constantFrom('en', 'fr', 'zh', 'ar'),
        fc.tuple(words, fc.array(block, {minLength: 1, maxLength: 8})).map(([title, blocks]) => `---\ntitle: ${yaml(`A ${title.replace(/\\u/g, 'u')}`)}\ndate: 2026-03-02\nsummary: ${yaml(title)}\n---\n\n${blocks.join('\n\n')}\n`),
        {minKeys: 1, maxKeys: 3}
      ),
      {minKeys: 1, maxKeys: 2}
    )
    await fc.assert(fc.asyncProperty(valid, holdsEveryPromise), {numRuns: 12})
  })
})
