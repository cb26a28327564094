// No-break spaces where a language's typographers put them, from its
// locale.json: after short words that must not end a line (Russian в, на),
// before particles (ли, же), between a number and its unit or sign (5 кг,
// 20 %, № 5), and between the groups of a number typed with spaces
// (1 000 000). Only a space the writer typed (or a line break inside a
// paragraph, which reads as one) is replaced; none is invented inside a
// number, which may be a code or a year. Each pattern starts at the space
// and looks back a bounded way, so a paragraph costs what its length does.
import {literally} from '../lib/characters.js'
import type {NoBreak} from '../model/typography.js'
import type {TextRun} from './text-run.js'

const alternatives = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length).map(literally).join('|')
/** A number as typed: digits, with its decimal mark and groups; a longer run of digits is no quantity. */
const number = '(?:^|[^\\p{L}\\p{N}\\-.,])\\p{Nd}{1,15}(?:[.,\\u00a0\\u202f]\\p{Nd}{1,15}){0,8}'
/** The space a rule joins: one typed, or a line break inside the paragraph. */
const gap = '[ \\n]'

/** The no-break rules of a language, made once: `(run) => void`. */
export function noBreakRules(noBreak: NoBreak): (run: TextRun) => void {
  const rules: Array<[string, RegExp, string]> = []
  if (noBreak.afterWords?.length) {
    rules.push(['no-break-after-word', new RegExp(`${gap}(?<=(?:^|[^\\p{L}\\p{N}\\p{M}])(?:${alternatives(noBreak.afterWords)})${gap})(?=[^\\s\\u00a0\\u202f\\-–—])`, 'giu'), '\u00a0'])
  }
  if (noBreak.beforeWords?.length) {
    rules.push(['no-break-before-word', new RegExp(`(?<=[\\p{L}\\p{N}])${gap}(?=(?:${alternatives(noBreak.beforeWords)})(?![\\p{L}\\p{N}\\p{M}]))`, 'giu'), '\u00a0'])
  }
  const afterNumber = noBreak.afterNumber ?? []
  if (afterNumber.length > 0) {
    const listed = afterNumber.filter((unit) => unit !== '*')
    const next = [...(afterNumber.includes('*') ? ['\\p{L}'] : []), ...(listed.length ? [`(?:${alternatives(listed)})(?![\\p{L}\\p{N}\\p{M}])`] : [])].join('|')
    rules.push(['no-break-after-number', new RegExp(`${gap}(?<=${number}${gap})(?=${next})`, 'gu'), '\u00a0'])
  }
  for (const [sign, space] of Object.entries(noBreak.beforeNumber ?? {})) {
    rules.push(['no-break-before-number', new RegExp(`(?<=${literally(sign)})[ \\u00a0\\u202f]*(?=\\p{Nd})`, 'gu'), space])
  }
  return (run) => {
    for (const [rule, pattern, replacement] of rules) run.replace(rule, pattern, () => replacement)
  }
}

/** Groups of three digits typed apart with spaces, not a telephone number's (+1 613 555 0142). */
const groups = /(?<![\p{N}.,+\-]|\p{N}[ \u00a0\u2009\u202f])\p{Nd}{1,3}(?:[ \u00a0\u2009\u202f]\p{Nd}{3})+(?![\p{N}.,]\p{Nd}{4}|[\p{N}\-–]|[ \u00a0\u2009\u202f]\p{Nd})/gu

export function setDigitGroups(run: TextRun, separator: string): void {
  run.replace('digit-groups', groups, (match) => match[0].replace(/[ \u00a0\u2009\u202f]/g, separator))
}
