// Properties normalization keeps for any text: it is idempotent, it never
// touches code or addresses, and it never changes the words themselves.
import fc from 'fast-check'
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {projectRoot} from '../helpers.js'
import {meaningOf, normalizeTree, typeset} from '../typography-helpers.js'

const languages = ['en', 'fr', 'zh', 'ar', 'ru', 'es']
const characters = [...'aeéZ09 ', '"', "'", '.', ',', ':', ';', '!', '?', '-', '(', ')', '中', '文', '，', '。', 'ب', 'ع', '\u00a0', '\u202f', '«', '»', '“', '’', '\t', '\u200b', '\u0007', 'e\u0301', 'в', 'на', 'ли', 'Ж', '„', '‘', '¿', '¡', '–', '—', '№', '%', ' 000', '1990-95', ' - ']
// Every line starts with a letter, so that no line becomes a list or a heading.
const line = fc.array(fc.constantFrom(...characters), {maxLength: 30}).map((parts) => `a${parts.join('')}`)
const prose = fc.array(line, {minLength: 1, maxLength: 4}).map((lines) => lines.join('\n'))
const codeText = fc.array(fc.constantFrom(...'ab "\'.-:?!,…中'), {minLength: 1, maxLength: 12}).map((parts) => `x${parts.join('')}x`)
const urlPath = fc.array(fc.constantFrom(...'ab-.:?="\'!,'), {maxLength: 12}).map((parts) => `z${parts.join('')}z`)

const codeAndAddresses = (tree: Root) => {
  const kept: string[] = []
  visit(tree, (node) => {
    if (node.type === 'inlineCode' || node.type === 'code') kept.push(node.value)
    if (node.type === 'link') kept.push(node.url, toString(node))
  })
  return kept
}
const words = (text: string) => text.normalize('NFC').match(/[\p{L}\p{N}]/gu)?.join('') ?? ''

describe('normalization, for any text', () => {
  for (const lang of languages) {
    it(`should change nothing the second time (${lang})`, () => {
      fc.assert(
        fc.property(prose, (text) => {
          const once = typeset(lang, text)
          expect(typeset(lang, once)).toBe(once)
        }),
        {numRuns: 300}
      )
    })

    it(`should leave code and addresses byte-identical (${lang})`, () => {
      fc.assert(
        fc.property(prose, codeText, urlPath, prose, (before, code, path, after) => {
          const markdown = `${before} \`${code}\` <https://example.org/${path}> [link "text"](https://example.org/${path}) ${after}`
          const {before: tree, after: normalized} = normalizeTree(lang, markdown)
          const kept = codeAndAddresses(tree)
          expect(kept.length).toBeGreaterThanOrEqual(3)
          // The link text is prose; its address is not.
          expect(codeAndAddresses(normalized).filter((_, index) => index !== 4)).toEqual(kept.filter((_, index) => index !== 4))
          expect(typeset(lang, markdown)).toContain(`\`${code}\` <https://example.org/${path}>`)
        }),
        {numRuns: 200}
      )
    })

    it(`should never change the letters and digits (${lang})`, () => {
      fc.assert(
        fc.property(prose, (text) => {
          const {before, after} = normalizeTree(lang, text)
          expect(words(toString(after))).toBe(words(toString(before)))
        }),
        {numRuns: 300}
      )
    })
  }
})

// Pieces a release mixes: escapes and character references (what the writer
// escaped is printed as typed), emphasis side by side, line breaks, CJK.
const piece = fc.constantFrom(
  ...[...'aé中文，。 "\'-.:!?«»'],
  '&quot;', '&laquo;', '&raquo;', '&amp;', '&nbsp;', '&ZeroWidthSpace;', '&#8212;', '&#x22;', '&#9999999;',
  '\\"', "\\'", '\\-', '\\*', '\\\\', '\\.',
  '*あお*', '**強調**', '_em_', '*a*', '\n', '\u200b\n', '--', '...', ' :', '`x "y"`', '<https://example.org/a--b>',
  'в ', ' ли', '„', '“', '¿', '12 000', '1990-95', ' - ', '№ 5', '5 %'
)
const release = fc.array(fc.array(piece, {maxLength: 16}).map((parts) => `a${parts.join('')}`), {minLength: 1, maxLength: 3}).map((paragraphs) => paragraphs.join('\n\n'))

describe('press format, for any release', () => {
  for (const lang of languages) {
    it(`should never change what the release says, and be done in one pass (${lang})`, () => {
      fc.assert(
        fc.property(release, (markdown) => {
          const formatted = typeset(lang, markdown)
          expect(meaningOf(lang, formatted)).toBe(meaningOf(lang, markdown))
          expect(typeset(lang, formatted)).toBe(formatted)
        }),
        {numRuns: 200}
      )
    })
  }

  it('should never change what any fixture or sample release says', () => {
    const files = [join(projectRoot, 'test', 'fixtures'), join(projectRoot, 'releases')].flatMap((folder) =>
      readdirSync(folder, {recursive: true, encoding: 'utf8'})
        .filter((name) => /(^|\/)(en|fr|zh|ar|ru|es)\.md$/.test(name))
        .map((name) => join(folder, name))
    )
    expect(files.length).toBeGreaterThan(20)
    for (const path of files) {
      const lang = /(en|fr|zh|ar|ru|es)\.md$/.exec(path)![1]!
      const markdown = readFileSync(path, 'utf8')
      const formatted = typeset(lang, markdown)
      expect(meaningOf(lang, formatted), path).toBe(meaningOf(lang, markdown))
      expect(typeset(lang, formatted), path).toBe(formatted)
    }
  })
})
