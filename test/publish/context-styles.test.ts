// An email body set from what juice wrote for the same tags in their context
// must be, byte for byte, the body juice inlines with the whole style sheet:
// a property over generated bodies in the house frames of a left-to-right and
// a right-to-left language, and juice left out once the contexts are known.
import fc from 'fast-check'
import {beforeAll, describe, expect, it} from 'vitest'
import {openSession} from '../../pipeline/engine/session.js'
import {contextCounts} from '../../pipeline/publish/context-styles.js'
import {inline, inlineEmailBody} from '../../pipeline/publish/emit-email.js'
import {projectRoot} from '../helpers.js'

const mark = '<!--communique:body-->'

/** What juice makes of the body inside the whole frame, every rule of its style sheet read. */
function juiced(frame: string, body: string): string {
  const inlined = inline(frame.replace(mark, `${mark}${body}<!--communique:body-end-->`))
  return inlined.slice(inlined.indexOf(mark) + mark.length, inlined.indexOf('<!--communique:body-end-->'))
}

const classes = ['standfirst', 'end-mark', 'contacts', 'about', 'contact', 'changes', 'withdrawn-notice', 'lead', 'note', 'dateline']
const text = fc.stringMatching(/^[a-zA-Zé «»“”’'"&;#0-9{}%<>.,\u4e2d\u6587\u0627\u0644\u0633]{0,12}$/).map((raw) =>
  raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#x22;')
)
const attributes = fc
  .record(
    {
      class: fc.subarray(classes, {minLength: 1, maxLength: 2}).map((names) => names.join(' ')),
      id: fc.constantFrom('fn-1', 'fnref-2', 'lead', 'x'),
      style: fc.constantFrom('color: #8a1c1c', 'text-align: center', 'margin: 0'),
      align: fc.constantFrom('left', 'center', 'right'),
      lang: fc.constantFrom('en', 'fr', 'ar'),
      dir: fc.constantFrom('ltr', 'rtl', 'auto')
    },
    {requiredKeys: []}
  )
  .map((values) => Object.entries(values).map(([name, value]) => ` ${name}="${value}"`).join(''))

const {html: bodyHtml} = fc.letrec<{html: string; inline: string; block: string; cell: string}>((tie) => ({
  inline: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    text,
    fc.tuple(fc.constantFrom('em', 'strong', 'code', 'span', 'sup', 'del'), attributes, tie('inline')).map(([tag, own, inner]) => `<${tag}${own}>${inner}</${tag}>`),
    fc.tuple(fc.constantFrom('https://example.org/a?b=1&amp;c=2', 'mailto:press@example.org', '#fn-1'), tie('inline')).map(([href, inner]) => `<a href="${href}">${inner}</a>`),
    fc.constantFrom('<br>', '<img src="https://example.org/p.jpg" alt="A photo" width="600" height="400">', '<img src="cid:x" alt="">')
  ),
  block: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    fc.tuple(fc.constantFrom('p', 'h1', 'h2', 'h3', 'h4', 'div'), attributes, fc.array(tie('inline'), {maxLength: 3})).map(([tag, own, inner]) => `<${tag}${own}>${inner.join('')}</${tag}>`),
    fc.tuple(fc.constantFrom('ul', 'ol'), fc.array(fc.tuple(attributes, tie('inline')), {minLength: 1, maxLength: 3})).map(([tag, items]) => `<${tag}>\n${items.map(([own, inner]) => `<li${own}>${inner}</li>`).join('\n')}\n</${tag}>`),
    fc.tuple(attributes, fc.array(tie('block'), {maxLength: 2})).map(([own, inner]) => `<blockquote${own}>\n${inner.join('\n')}\n</blockquote>`),
    fc.tuple(tie('block'), tie('inline')).map(([inner, caption]) => `<figure>${inner}<figcaption>${caption}</figcaption></figure>`),
    fc.array(fc.array(tie('cell'), {minLength: 1, maxLength: 3}), {minLength: 1, maxLength: 3}).map((rows) => `<table>\n<thead>\n<tr>${rows[0]!.map((cell) => cell.replace(/^<td/, '<th').replace(/td>$/, 'th>')).join('')}</tr>\n</thead>\n<tbody>${rows.slice(1).map((row) => `<tr>${row.join('')}</tr>`).join('\n')}</tbody>\n</table>`),
    fc.tuple(text).map(([code]) => `<pre><code class="language-js">${code}</code></pre>`),
    fc.constant('<hr>'),
    fc.constant('<!-- a comment -->')
  ),
  cell: fc.tuple(attributes, tie('inline')).map(([own, inner]) => `<td${own}>${inner}</td>`),
  html: fc.array(tie('block'), {minLength: 1, maxLength: 5}).map((blocks) => blocks.join('\n'))
}))

let frames: Record<string, string> = {}

beforeAll(async () => {
  const session = await openSession({root: projectRoot, cwd: projectRoot}, [])
  frames = session!.data.emailFrames!
}, 30_000)

describe('email bodies set from their contexts', () => {
  it('should give, for every generated body, the bytes juice gives with the whole style sheet', () => {
    for (const lang of ['en', 'ar']) {
      const frame = frames[lang]!
      const before = {...contextCounts}
      fc.assert(
        fc.property(bodyHtml, (body) => {
          expect(inlineEmailBody(frame, body)).toBe(juiced(frame, body))
        }),
        {numRuns: 150, seed: lang === 'en' ? 2026 : 1203}
      )
      // Most bodies were set without juice, or the property proved little.
      expect(contextCounts.set - before.set).toBeGreaterThan(20)
    }
  }, 60_000)

  it('should not call juice for a body whose every tag it has seen in its place', () => {
    const frame = frames.fr!
    inlineEmailBody(frame, '<p class="standfirst">Une phrase.</p>\n<p>Le texte, avec <em>un mot</em> et <a href="https://example.org/">un lien</a>.</p>')
    const before = {...contextCounts}
    const body = '<p class="standfirst">Une autre.</p>\n<p>Un autre texte, <em>autre</em>, <a href="https://example.org/autre">ailleurs</a>.</p>'
    const inlined = inlineEmailBody(frame, body)
    expect(contextCounts).toEqual({set: before.set + 1, juiced: before.juiced})
    expect(inlined).toBe(juiced(frame, body))
    expect(inlined).toContain('<a href="https://example.org/autre" style="color: #0b4f8a;">ailleurs</a>')
  })

  it('should tell a tag by where it is: a quotation in a figure is not styled as one on its own', () => {
    const frame = frames.en!
    inlineEmailBody(frame, '<figure><blockquote><p>Said in a figure.</p></blockquote><figcaption>Someone</figcaption></figure>')
    const body = '<blockquote><p>Said on its own.</p></blockquote><figure><figcaption>Someone else</figcaption></figure>'
    const inlined = inlineEmailBody(frame, body)
    expect(inlined).toBe(juiced(frame, body))
    expect(inlined).toMatch(/<blockquote style="margin: 0 0 16px;/)
  })

  it('should give juice’s bytes for a tag it has seen with its values written otherwise: empty, unquoted, single-quoted, end tags in capitals', () => {
    const frame = frames.en!
    for (const [seen, body] of [
      ['<p><img src="https://partner.example.org/logo.png" alt="Partner"></p>', '<p><img src="https://partner.example.org/logo.png" alt=""></p>'],
      ['<p><a href="https://example.org/a">a</a></p>', "<p><a href='https://example.org/b'>b</a></p>"],
      ['<p><a href="https://example.org/a">a</a></p>', '<p><a href=https://example.org/b>b</a></p>'],
      ['<p>a</p>', '<p>b</P>'],
      ['<p>a</p>', '<p>b</p >'],
      ['<p>a</p>', '<p>x</p><!--communique:body-end--><p>y</p>']
    ] as const) {
      inlineEmailBody(frame, seen)
      expect(inlineEmailBody(frame, body), body).toBe(juiced(frame, body))
    }
  })

  it('should leave to juice a style sheet whose rules depend on an element’s siblings', () => {
    const frame = frames.en!.replace('</style>', '.content p:first-child { margin-top: 0; } .content h2 + p { font-weight: bold; }</style>')
    const body = '<h2>Heading</h2>\n<p>First after the heading.</p>\n<p>Second.</p>'
    inlineEmailBody(frame, body)
    const before = {...contextCounts}
    const inlined = inlineEmailBody(frame, body)
    expect(inlined).toBe(juiced(frame, body))
    expect(inlined).toContain('font-weight: bold;')
    expect(contextCounts.set).toBe(before.set)
  })
})
