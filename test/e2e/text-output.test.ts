// The print-ready text: wrapped by display width, East Asian line rules
// kept, no Markdown left, links as numbered references.
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import stringWidth from 'string-width'
import {beforeAll, describe, expect, it} from 'vitest'
import {wrap} from '../../pipeline/render/text-wrap.js'
import {press, readTree, temporaryFolder} from '../helpers.js'

const noLineStart = /^[，。、；：！？）」』》]/u
const noLineEnd = /[（「『《]$/u

/** Problems of a print-ready text at `width` columns, as readable strings. */
function layoutProblems(text: string, width: number): string[] {
  const problems: string[] = []
  if (text.includes('\r')) problems.push('CR found')
  if (!text.endsWith('\n') || text.endsWith('\n\n')) problems.push('does not end with one newline')
  text.slice(0, -1).split('\n').forEach((line, index) => {
    const where = `line ${index + 1}`
    if (/\s$/.test(line)) problems.push(`${where}: trailing space`)
    if (stringWidth(line) > width && /\s/.test(line.trim())) problems.push(`${where}: ${stringWidth(line)} columns`)
    if (noLineStart.test(line)) problems.push(`${where}: starts with ${line[0]}`)
    if (noLineEnd.test(line)) problems.push(`${where}: ends with ${line.at(-1)}`)
    if (/\*\*|\]\(|^#{1,6} |^> |`/.test(line)) problems.push(`${where}: Markdown left: ${line}`)
  })
  return problems
}

describe('print-ready text of the sample newsroom', () => {
  let files: Map<string, string>
  beforeAll(async () => {
    const out = join(await temporaryFolder(), 'site')
    expect((await press(['build', '--out', out, '--now', '2026-11-24T12:00:00Z'])).code).toBe(0)
    files = new Map([...(await readTree(out))].filter(([path]) => path.endsWith('release.txt')))
  })

  it('should write one for every published translation, laid out within 72 columns', () => {
    expect(files.size).toBe(15)
    for (const [path, text] of files) expect(layoutProblems(text, 72), path).toEqual([])
  })

  it('should set out a press release as journalists expect it: release line, title, dateline, standfirst, body, end mark, notes to editors, about the embassy, contacts, footer', () => {
    const text = files.get('en/2026-06-10-trade-delegation-visit/release.txt')!
    expect(text.startsWith('Embassy of the Republic of Aurelia\n\nFOR IMMEDIATE RELEASE\n\nMinister of Trade to lead a business delegation to Canada\n=========================================================\n\nOTTAWA, June 10, 2026\n\nThirty Aurelian companies in clean energy, agriculture and software will\nmeet Canadian partners in Ottawa and Toronto.\n\nThe Minister of Trade')).toBe(true)
    const order = ['Programme of the visit\n----------------------', '###', 'Notes to editors\n1. Aurelia and Canada signed a trade and investment framework agreement\n   in 2019.\n2. Companies', 'About the Embassy\nThe Embassy of the Republic of Aurelia in Ottawa', 'Media contacts\nEconomic Section\n  economy@embassy.example.org\n  +1 613 555 0163', '--\nEmbassy of the Republic of Aurelia', 'Web version:\nhttps://embassy.example.org/news/en/2026-06-10-trade-delegation-visit/\n']
    const places = order.map((piece) => text.indexOf(piece))
    expect(places.every((place) => place > 0)).toBe(true)
    expect([...places].sort((a, b) => a - b)).toEqual(places)
  })

  it('should number links as references and list their addresses', () => {
    const text = files.get('en/2026-05-06-graduate-scholarships/release.txt')!
    expect(text).toContain('Read the full call for\napplications\u00a0[1] and the list of participating universities\u00a0[2].\n')
    expect(text).toContain('Links\n[1] https://embassy.example.org/en/education/scholarships-2027\n[2] https://embassy.example.org/en/education/universities\n')
    expect(files.get('zh/2026-03-02-consular-hours/release.txt')).toContain('在预约页面[1]预约。')
  })

  it('should use each language’s end mark and underline a Chinese title by its display width', () => {
    const zh = files.get('zh/2026-03-02-consular-hours/release.txt')!
    expect(zh).toContain('领事处延长春季出行旺季的办公时间\n================================\n')
    expect(zh).toContain('\n（完）\n')
    expect(files.get('fr/2026-03-02-consular-hours/release.txt')).toContain('\n– FIN –\n')
    expect(files.get('ar/2026-04-18-spring-culture-festival/release.txt')).toContain('\n-انتهى-\n')
  })

  it('should set a quotation’s attribution on the line after the quote', () => {
    expect(files.get('zh/2026-04-18-spring-culture-festival/release.txt')).toContain('    文化是我们两国之间从未中断的对话。\n    ——大使在去年艺术节开幕式上的致辞\n')
    expect(files.get('fr/2026-04-18-spring-culture-festival/release.txt')).toMatch(/\n    — L’ambassadeur[^\n]*\n\n/)
  })

  it('should hang list items from their markers', () => {
    const text = files.get('fr/2026-05-06-graduate-scholarships/release.txt')!
    expect(text).toContain('- Les candidats dont le projet de recherche a été convenu avec un\n  directeur aurélien\n')
  })
})

describe('wrap', () => {
  const chinese = '为应对夏季前护照和签证申请量的增长，使馆领事处自2026年3月16日起延长办公时间。办理护照和居留证件仍需预约，申请人最早可提前六周在预约页面预约。请携带填写完整的申请表、两张近期照片以及所交全部材料的原件。'

  it('should wrap a long Chinese paragraph by display width without breaking East Asian line rules', () => {
    for (const width of [20, 31, 40, 72]) {
      const lines = wrap(chinese, {width})
      expect(lines.join(''), `width ${width}`).toBe(chinese)
      expect(layoutProblems(`${lines.join('\n')}\n`, width), `width ${width}`).toEqual([])
      expect(lines.some((line) => stringWidth(line) >= width - 2), `width ${width} is used`).toBe(true)
    }
  })

  it('should wrap French without separating a mark from its no-break space', () => {
    const french = 'Les places pour le concert sont limitées\u202f; merci de les réserver\u202f! Programme\u00a0: concert, films et «\u202fdégustation\u202f».'
    const lines = wrap(french, {width: 24})
    expect(layoutProblems(`${lines.join('\n')}\n`, 24)).toEqual([])
    for (const line of lines) expect(line).not.toMatch(/^[;!:»]/)
    expect(lines.join(' ')).toBe(french)
  })

  it('should keep an address longer than the width whole on its own line', () => {
    const lines = wrap('See https://embassy.example.org/en/a/very/long/address/that/does/not/fit for details', {width: 30})
    expect(lines).toEqual(['See', 'https://embassy.example.org/en/a/very/long/address/that/does/not/fit', 'for details'])
  })

  it('should hang later lines from the given indent', () => {
    expect(wrap('one two three four five six', {width: 12, first: '1. ', rest: '   '})).toEqual(['1. one two', '   three', '   four five', '   six'])
  })

  it('should leave a laid-out line as it is', () => {
    for (const line of wrap(chinese, {width: 30})) expect(wrap(line, {width: 30})).toEqual([line])
  })
})

describe('press build --width', () => {
  it('should wrap every text to the width given', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'releases', '2026-01-01-long'), {recursive: true})
    await writeFile(join(root, 'releases', '2026-01-01-long', 'zh.md'), `---\ntitle: 使馆开放日\ndate: 2026-01-01\n---\n\n${'使馆将于九月二十日举办开放日活动，欢迎各界人士参加。'.repeat(6)}\n`)
    expect((await press(['build', '--root', root, '--width', '30'])).code).toBe(0)
    const text = (await readTree(join(root, 'output'))).get('zh/2026-01-01-long/release.txt')!
    expect(layoutProblems(text, 30)).toEqual([])
    expect(text).toContain('（完）')
  })

  it('should refuse a width that cannot hold a line', async () => {
    const result = await press(['build', '--width', '5'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--width must be a whole number of columns from 20 to 200.')
  })
})
