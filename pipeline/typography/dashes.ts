// Dashes: the typist's `--` and `---`, and, where the language says so, the
// dash between words set with the spaces its typographers put around it
// (Russian: a no-break space before, so that a line never starts with it)
// and the dash of a range of numbers (1990–1995). Hyphens inside words,
// dates, telephone numbers and codes are left as typed.
import type {Dashes} from '../model/typography.js'
import type {TextRun} from './text-run.js'

/** A dash typed between words, with spaces on both sides or a line break after it. */
const spacedDash = /(?<=[^\s\u00a0\u202f])[ \u00a0\u202f]+[-–—](?:[ \u00a0\u202f]+|(?=\n))(?=[^\s\u00a0\u202f]|\n)/g
/** Two numbers joined by a hyphen, standing as a word of their own: not in a chain (2026-03-02, 613-555-0142), an address or a decimal. */
const range = /(?<=^|[\s\u00a0\u202f(«„“"'‘[—–])(\p{Nd}{1,4})-(\p{Nd}{1,4})(?=$|[\s\u00a0\u202f.,;:!?)»“”"'’\]])(?![.,:]\p{N})/gu
const digit = /\p{Nd}/u

export function setDashes(run: TextRun, dashes: Dashes): void {
  run.replace('dashes', /(?<![-<!])-{2,3}(?![->])/g, (match) => (match[0].length === 3 ? dashes.em : dashes.en))
  const spaced = dashes.spaced
  if (spaced) {
    run.replace('spaced-dash', spacedDash, (match, text) => {
      // Between two numbers it may be a minus or a range: the writer's.
      if (digit.test(text[match.index - 1]!) && digit.test(text[match.index + match[0].length] ?? '')) return undefined
      // A no-break space the writer typed after the dash stays.
      const after = match[0].endsWith('\u00a0') ? '\u00a0' : spaced.after
      return spaced.before + spaced.dash + (text[match.index + match[0].length] === '\n' ? '' : after)
    })
  }
  if (dashes.range !== undefined) {
    const dash = dashes.range
    run.replace('range-dash', range, (match) => (isRange(match[1]!, match[2]!) ? `${match[1]}${dash}${match[2]}` : undefined))
  }
}

/**
 * Whether `from-to` reads as a range: years a century apart at most (1941-1945,
 * 1990-95), or two small numbers, the second the greater (10-20, 9-17). Codes
 * are neither: a model (737-800), an ISSN or card number (1234-5678), a
 * leading zero, a telephone number's 555-1234.
 */
function isRange(from: string, to: string): boolean {
  if (from.startsWith('0') || to.startsWith('0')) return false
  if (from.length === 4) {
    const end = to.length === 2 ? Number(from.slice(0, 2) + to) : to.length === 4 ? Number(to) : Number.NaN
    return Number(from) >= 1000 && Number(from) <= 2999 && end > Number(from) && end - Number(from) <= 100
  }
  return from.length <= 2 && to.length <= 2 && Number(to) > Number(from)
}
