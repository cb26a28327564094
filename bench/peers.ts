// Measures press's typography against other projects' own test cases: the
// fixture files of markdown-it (smartquotes, typographer) and
// markdown-it-cjk-breaks, in markdown-it's format, the French fixers'
// cases of JoliTypo (its PHPUnit assertions), and typograf's Russian rules
// (its rule tests), fetched beside this repository (their cases are read,
// never copied in). Each input goes through the
// processor of its language and is rendered as a release of the suite's language; the text a
// reader sees (tags dropped, spaces collapsed) is compared with the suite's.
// Usage, after `npm run compile`:
//   node dist/bench/peers.js <markdown-it> <markdown-it-cjk-breaks> [<JoliTypo>] [<typograf>]
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {fromHtml} from 'hast-util-from-html'
import type {Nodes} from 'hast'
import {createHtmlRenderer} from '../pipeline/render/render-html.js'
import {loadLocales} from '../pipeline/source/locales.js'
import {packageRoot} from '../pipeline/source/package-root.js'
import {createTranslationProcessor, runStages} from '../pipeline/typography/translation-processor.js'

/** What a typograf rule sets: a test of one rule compares that, and reads the others' work alike. */
type Aspect = 'spaces' | 'quotes' | 'dashes' | 'ellipsis'

interface Case {
  readonly suite: string
  readonly title: string
  readonly input: string
  readonly expected: string
  /** What the suite's rule is about, where it tests one thing: the rest of what press sets is read alike on both sides. */
  readonly about?: readonly Aspect[]
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
  'Here is a  brand name: Yahoo!': 'French spacing before : ; ! ? also where none was typed (JoliTypo only replaces a typed space)',
  '"': 'a lone double quote that starts a paragraph opens a quotation running on into the next paragraph',
  '" Газета': 'a lone double quote that starts a paragraph opens a quotation running on into the next paragraph',
  'ТУ 14577-234-224': 'only the short words locale.json lists (prepositions, conjunctions) are joined to the next word, not any two letters such as the abbreviation ТУ',
  ' №п/п ': 'the number sign is joined to a number after it, not to letters',
  '123456789': 'digits typed together are never grouped (a code, a postal code, an account number); groups typed with spaces are joined with narrow no-break spaces',
  '12345': 'digits typed together are never grouped (a code, a postal code, an account number); groups typed with spaces are joined with narrow no-break spaces',
  '12345.6789': 'digits typed together are never grouped (a code, a postal code, an account number); groups typed with spaces are joined with narrow no-break spaces'
}

/** Conventions of cases too long to name whole, by how their input starts. */
const conventionsByStart: Record<string, string> = {
  '<p>': 'the case is written in raw HTML, which press leaves out of a release: releases are Markdown',
  '"слово" слово" "слово"': 'quotes that do not pair stay as typed rather than be guessed',
  '"""слово"': 'quotes that do not pair stay as typed rather than be guessed',
  '""""""слово': 'quotes that do not pair stay as typed rather than be guessed',
  '"слово """слово"': 'quotes that do not pair stay as typed rather than be guessed',
  'слово" "слово" "слово""': 'quotes that do not pair stay as typed rather than be guessed',
  '«Корпорация "Амбрелла"»': 'a guillemet that is never closed is not guessed closed: the quotes inside it take the depth they are typed at',
  'Сатрап смутился изумленный -': 'press also joins the short words after the dash (И гнев, в нем), which a test of the dash rule alone leaves',
  '1146800 р.': 'digits typed together are never grouped; press also joins a number to the word after it',
  'М. М. Бахтин писал': 'the third level of Russian quotes is ‘ ’, as glosses are set, where typograf sets ‚ ‘',
  '1000-2015 гг.': 'a range of years spans a century at most: a longer one reads like a code (1234-5678) and stays as typed',
  '5000-2015 г': 'a range of years spans a century at most: a longer one reads like a code (1234-5678) and stays as typed'
}

const conventionOf = (title: string) => conventions[title] ?? Object.entries(conventionsByStart).find(([start]) => title.startsWith(start))?.[1]

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

/** A JavaScript string literal's value, as typograf's tests write them: quotes, \\n, \\t and \\u escapes. */
function jsString(literal: string): string {
  return literal.slice(1, -1).replace(/\\(u([0-9a-fA-F]{4})|.)/g, (_, escape: string, hex?: string) => (hex ? String.fromCharCode(Number.parseInt(hex, 16)) : escape === 'n' ? '\n' : escape === 't' ? '\t' : escape))
}

/** The Russian cases of a typograf rule test: each [input, expected] pair of a block run for Russian (its default). */
function typografCases(suite: string, path: string, about: readonly Aspect[]): Case[] {
  const literal = String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"`
  const pair = new RegExp(String.raw`\[\s*(${literal})\s*,\s*(${literal})\s*,?\s*\]`, 'g')
  return readFileSync(path, 'utf8')
    .split('typografRuleTest(')
    .slice(1)
    .filter((block) => !/locale:/.test(block) || /locale:\s*(?:'ru'|\[[^\]]*'ru')/.test(block))
    .map((block) => block.replace(/\{\s*locale:[^}]*\}/g, ''))
    .flatMap((block) => [...block.matchAll(pair)].map((match) => ({suite, title: jsString(match[1]!), input: jsString(match[1]!), expected: jsString(match[2]!), about})))
}

/** What a reader sees of some HTML: its text, with every run of white space one space. */
const seen = (html: string) => text(fromHtml(html, {fragment: true})).replace(/\s+/g, ' ').trim()

/** What a reader sees, where only `about` is compared: no-break spaces apart only where spaces are, quotes, dashes and ellipses alike unless they are. */
function seenOf(html: string, about: readonly Aspect[]): string {
  let value = text(fromHtml(html, {fragment: true}))
  value = about.includes('spaces') ? value.replace(/[ \t\n\r]+/g, ' ') : value.replace(/\s+/g, ' ')
  if (!about.includes('quotes')) value = value.replace(/[«»„“”‚‘"]/g, '"')
  if (!about.includes('dashes')) value = value.replace(/[–—]/g, '-')
  if (!about.includes('ellipsis')) value = value.replaceAll('…', '...')
  return value.trim()
}

function text(node: Nodes): string {
  if (node.type === 'text') return node.value
  return 'children' in node ? node.children.map((child) => text(child as Nodes)).join('') : ''
}

const [markdownIt, cjkBreaks, joliTypo, typograf] = process.argv.slice(2)
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
    : []),
  ...(typograf
    ? [
        {lang: 'ru', cases: typografCases('typograf quote (ru)', join(typograf, 'src/rules/common/punctuation/quote.ru.test.ts'), ['quotes'])},
        {lang: 'ru', cases: typografCases('typograf hellip (ru)', join(typograf, 'src/rules/common/punctuation/hellip.ru.test.ts'), ['ellipsis'])},
        {lang: 'ru', cases: typografCases('typograf ru/dash/main', join(typograf, 'src/rules/ru/dash/main.test.ts'), ['dashes', 'spaces'])},
        {lang: 'ru', cases: typografCases('typograf ru/dash/years', join(typograf, 'src/rules/ru/dash/years.test.ts'), ['dashes'])},
        {lang: 'ru', cases: typografCases('typograf afterShortWord (ru)', join(typograf, 'src/rules/common/nbsp/afterShortWord.test.ts'), ['spaces'])},
        {lang: 'ru', cases: typografCases('typograf ru/nbsp/beforeParticle', join(typograf, 'src/rules/ru/nbsp/beforeParticle.test.ts'), ['spaces'])},
        {lang: 'ru', cases: typografCases('typograf afterNumber (ru)', join(typograf, 'src/rules/common/nbsp/afterNumber.test.ts'), ['spaces'])},
        {lang: 'ru', cases: typografCases('typograf ru/nbsp/afterNumberSign', join(typograf, 'src/rules/ru/nbsp/afterNumberSign.test.ts'), ['spaces'])},
        {lang: 'ru', cases: typografCases('typograf digitGrouping', join(typograf, 'src/rules/common/number/digitGrouping.test.ts'), ['spaces'])}
      ]
    : [])
]

const {locales} = await loadLocales(packageRoot, ['en', 'fr', 'zh', 'ar', 'ru', 'es'], 'en', process.cwd())
const site = {siteUrl: 'https://embassy.example.org/news/', languages: ['en', 'fr', 'zh', 'ar', 'ru', 'es']}
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
  for (const {suite, title, input, expected, about} of cases) {
    const tree = runStages(processor, new VFile({value: head + input, data: {id: '2026-01-01-case'}}))
    const read = (html: string) => (about ? seenOf(html, about) : seen(html))
    const ours = tree ? read(render(tree).page) : '(not a release: the processor stopped)'
    const theirs = read(expected)
    total++
    if (ours === theirs) {
      passed++
      suitePassed++
      continue
    }
    const convention = conventionOf(title)
    if (convention) {
      conventional++
      suiteConventional++
    }
    const shown = (value: string) => JSON.stringify(value).replaceAll('\u00a0', '\\u00a0').replaceAll('\u202f', '\\u202f')
    console.log(`${convention ? 'convention' : 'DIFFERS'} · ${suite} · ${title}${convention ? ` · ${convention}` : ''}\n  input:  ${shown(input)}\n  theirs: ${shown(theirs)}\n  ours:   ${shown(ours)}`)
  }
  console.log(`${cases[0]?.suite}: ${suitePassed} of ${cases.length} read the same, ${suiteConventional} differ by a convention, ${cases.length - suitePassed - suiteConventional} differ\n`)
}
console.log(`${passed} of ${total} cases read the same, ${conventional} differ by a convention listed, ${total - passed - conventional} differ`)
process.exitCode = total - passed - conventional === 0 ? 0 : 1
