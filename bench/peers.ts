// Measures press's typography against other projects' own test cases: the
// fixture files of markdown-it (smartquotes, typographer) and
// markdown-it-cjk-breaks, in markdown-it's format, and the French fixers'
// cases of JoliTypo (its PHPUnit assertions), fetched beside this repository
// (their cases are read, never copied in). Each input goes through the
// processor of its language and is rendered as a release of the suite's language; the text a
// reader sees (tags dropped, spaces collapsed) is compared with the suite's.
// Usage, after `npm run compile`:
//   node dist/bench/peers.js <markdown-it> <markdown-it-cjk-breaks> [<JoliTypo>]
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {fromHtml} from 'hast-util-from-html'
import type {Nodes} from 'hast'
import {createHtmlRenderer} from '../pipeline/render/render-html.js'
import {loadLocales} from '../pipeline/source/locales.js'
import {packageRoot} from '../pipeline/source/package-root.js'
import {createTranslationProcessor, runStages} from '../pipeline/typography/translation-processor.js'

interface Case {
  readonly suite: string
  readonly title: string
  readonly input: string
  readonly expected: string
}

/** The cases of a fixture file in markdown-it's format: a title, then input and output between lines holding a dot. */
function fixtureCases(suite: string, path: string): Case[] {
  const lines = readFileSync(path, 'utf8').split('\n')
  const cases: Case[] = []
  let title: string[] = []
  for (let index = 0; index < lines.length; index++) {
    if (lines[index] !== '.') {
      if (lines[index]!.trim() !== '') title.push(lines[index]!)
      continue
    }
    const end = lines.indexOf('.', index + 1)
    const last = lines.indexOf('.', end + 1)
    if (end === -1 || last === -1) break
    cases.push({suite, title: title.join(' ') || `line ${index + 1}`, input: lines.slice(index + 1, end).join('\n'), expected: lines.slice(end + 1, last).join('\n')})
    title = []
    index = last
  }
  return cases
}

/** Cases where press follows another convention on purpose, by title: counted apart, with the reason (see the typography section of docs/guide.md). */
const conventions: Record<string, string> = {
  'Should not match quotes on different levels:': 'quotes pair across emphasis: a quotation may begin inside it',
  'Smartquotes should not overlap with other tags:': 'quotes pair across emphasis: a quotation may begin inside it',
  'Should try and find matching quote in this case:': "a single quote before a word and closing nothing is an elision apostrophe ('tis)",
  "Should not touch 'inches' in quotes:": 'inches after a digit are a double prime (″), not a straight quote',
  copyright: '(c), (r) and (tm) are left as typed: the writer types ©, ® and ™',
  reserved: '(c), (r) and (tm) are left as typed: the writer types ©, ® and ™',
  trademark: '(c), (r) and (tm) are left as typed: the writer types ©, ® and ™',
  "shouldn't replace entities": '(c), (r) and (tm) are left as typed: the writer types ©, ® and ™',
  'plus-minus': '+- is left as typed: the writer types ±',
  ellipsis: 'only three full stops are an ellipsis; two, or four and more, are left as typed',
  dupes: 'repeated punctuation is the writer’s, never collapsed',
  'Remove linebreaks near ZWSP': 'zero-width spaces are removed (the break goes with them): nothing visible differs',
  'This is a time: 2"44\'.': 'seconds and minutes after a digit are primes; French spacing before : also where none was typed',
  'Oh my god, this quote is alone: " ! But those are "ok".': 'French spacing before : ; ! ? also where none was typed (JoliTypo only replaces a typed space)',
  'Oh my god, this quote is alone: " !': 'French spacing before : ; ! ? also where none was typed (JoliTypo only replaces a typed space)',
  'Superman: the movie': 'French spacing before : ; ! ? also where none was typed (JoliTypo only replaces a typed space)',
  'Here is a  brand name: Yahoo!': 'French spacing before : ; ! ? also where none was typed (JoliTypo only replaces a typed space)'
}

/** JoliTypo's constants, as its tests write them between strings. */
const phpConstants: Record<string, string> = {'Fixer::NO_BREAK_SPACE': '\u00a0', 'Fixer::NO_BREAK_THIN_SPACE': '\u202f'}

/** A PHP expression of single- or double-quoted strings and JoliTypo's constants joined by `.`; undefined for anything else. */
function phpString(expression: string): string | undefined {
  let value = ''
  const token = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(Fixer::[A-Z_]+))\s*(\.|$)/y
  let at = 0
  while (at < expression.length) {
    token.lastIndex = at
    const match = token.exec(expression)
    if (!match) return undefined
    if (match[1] !== undefined) value += match[1].replace(/\\([\\'])/g, '$1')
    else if (match[2] !== undefined) value += match[2].replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16))).replace(/\\(["\\$])/g, '$1')
    else if (phpConstants[match[3]!] !== undefined) value += phpConstants[match[3]!]
    else return undefined
    at = token.lastIndex
    if (match[4] === '') break
  }
  return value
}

/** The cases of a JoliTypo fixer's test: each `assertSame(expected, $fixer->fix(input))` whose strings can be read. */
function joliTypoCases(suite: string, path: string): Case[] {
  const cases: Case[] = []
  for (const match of readFileSync(path, 'utf8').matchAll(/assertSame\((.+), \$fixer->fix\((.+)\)\);$/gm)) {
    const expected = phpString(match[1]!)
    const input = phpString(match[2]!)
    if (expected === undefined || input === undefined) continue
    cases.push({suite, title: input, input, expected: expected.replaceAll('&', '&amp;').replaceAll('<', '&lt;')})
  }
  return cases
}

/** What a reader sees of some HTML: its text, with every run of white space one space. */
const seen = (html: string) => text(fromHtml(html, {fragment: true})).replace(/\s+/g, ' ').trim()

function text(node: Nodes): string {
  if (node.type === 'text') return node.value
  return 'children' in node ? node.children.map((child) => text(child as Nodes)).join('') : ''
}

const [markdownIt, cjkBreaks, joliTypo] = process.argv.slice(2)
if (!markdownIt || !cjkBreaks) {
  console.error('usage: node dist/bench/peers.js <folder of markdown-it> <folder of markdown-it-cjk-breaks>')
  process.exit(2)
}
const suites: Array<{lang: string; cases: Case[]}> = [
  {lang: 'en', cases: fixtureCases('markdown-it smartquotes', join(markdownIt, 'test/fixtures/markdown-it/smartquotes.txt'))},
  {lang: 'en', cases: fixtureCases('markdown-it typographer', join(markdownIt, 'test/fixtures/markdown-it/typographer.txt'))},
  {lang: 'zh', cases: fixtureCases('markdown-it-cjk-breaks', join(cjkBreaks, 'test/fixtures/cjk_breaks.txt'))},
  ...(joliTypo
    ? [
        {lang: 'fr', cases: joliTypoCases('JoliTypo FrenchQuotes', join(joliTypo, 'tests/JoliTypo/Tests/Fixer/FrenchQuotesTest.php'))},
        {lang: 'fr', cases: joliTypoCases('JoliTypo FrenchNoBreakSpace', join(joliTypo, 'tests/JoliTypo/Tests/Fixer/FrenchNoBreakSpaceTest.php'))}
      ]
    : [])
]

const {locales} = await loadLocales(packageRoot, ['en', 'fr', 'zh', 'ar'], 'en', process.cwd())
const site = {siteUrl: 'https://embassy.example.org/news/', languages: ['en', 'fr', 'zh', 'ar']}
/** Each case is a release's body, below a front matter of its own. */
const head = '---\ntitle: Title\ndate: 2026-01-01\n---\n\n'
let passed = 0
let total = 0
let conventional = 0
for (const {lang, cases} of suites) {
  const locale = locales!.get(lang)!
  const processor = createTranslationProcessor({locale, site})
  const render = createHtmlRenderer(locale)
  let suitePassed = 0
  let suiteConventional = 0
  for (const {suite, title, input, expected} of cases) {
    const tree = runStages(processor, new VFile({value: head + input, data: {id: '2026-01-01-case'}}))
    const ours = tree ? seen(render(tree).page) : '(not a release: the processor stopped)'
    const theirs = seen(expected)
    total++
    if (ours === theirs) {
      passed++
      suitePassed++
      continue
    }
    const convention = conventions[title]
    if (convention) {
      conventional++
      suiteConventional++
    }
    console.log(`${convention ? 'convention' : 'DIFFERS'} · ${suite} · ${title}${convention ? ` · ${convention}` : ''}\n  input:  ${JSON.stringify(input)}\n  theirs: ${JSON.stringify(theirs)}\n  ours:   ${JSON.stringify(ours)}`)
  }
  console.log(`${cases[0]?.suite}: ${suitePassed} of ${cases.length} read the same, ${suiteConventional} differ by a convention, ${cases.length - suitePassed - suiteConventional} differ\n`)
}
console.log(`${passed} of ${total} cases read the same, ${conventional} differ by a convention listed, ${total - passed - conventional} differ`)
process.exitCode = total - passed - conventional === 0 ? 0 : 1
