// Straight quotes and apostrophes to the language's typographic ones. Whether
// a quote opens or closes is read from the characters around it; where they
// do not tell (between two words, or in Chinese, which has no spaces), quotes
// alternate: the first opens, the next closes. Only quotes that pair are
// curled. After a digit, a quote that closes nothing is a prime: 2′33″.
import {cjk, digit, is, letterOrDigit, space} from './characters.js'
import type {Change, TextRun} from './text-run.js'

export interface Quotes {
  readonly primary: readonly [string, string]
  readonly secondary: readonly [string, string]
  readonly apostrophe: string
  /** Space set inside the primary quotes, such as a narrow no-break space in French. */
  readonly inside?: string
}

const opensAfter = /[([{<\-–—/«“‘„‚‹]/u
const primes = {single: '\u2032', double: '\u2033'} as const
const letter = /\p{L}/u
const closesBefore = /[.,;:!?)\]}>…\-–—»”’›]/u
const emoticonEyes = /[:;=]/u
const emoticonMouth = /^-?[()[\]|]/u

export function setQuotes(run: TextRun, quotes: Quotes): void {
  const text = run.text
  const changes: Array<Change | undefined> = []
  // The changes that opened a quote not yet closed, by kind.
  const open = {double: [] as number[], single: [] as number[]}
  for (let index = 0; index < text.length; index++) {
    const mark = text[index]
    if (mark !== '"' && mark !== "'") continue
    const before = text[index - 1]
    const after = text[index + 1]
    const kind = mark === '"' ? 'double' : 'single'
    const pair = kind === 'double' ? quotes.primary : quotes.secondary
    const opened = open[kind]
    // A tear in a smiley, :'( or ;'-), is no quote.
    if (kind === 'single' && is(emoticonEyes, before) && emoticonMouth.test(text.slice(index + 1, index + 3))) continue
    // Minutes and seconds, feet and inches: 2'33", 6' 2". A letter after a single quote makes it an apostrophe (1990's).
    if (is(digit, before) && opened.length === 0 && (kind === 'double' || !is(letter, after))) {
      changes.push({index, length: 1, text: primes[kind]})
      continue
    }
    if (kind === 'single' && isApostrophe(text, index, opened.length > 0)) {
      changes.push({index, length: 1, text: quotes.apostrophe})
      continue
    }
    const canOpen = (before === undefined || is(space, before) || is(opensAfter, before)) && after !== undefined && !is(space, after) && !is(closesBefore, after)
    const canClose = before !== undefined && !is(space, before) && (after === undefined || is(space, after) || is(closesBefore, after))
    const opens = canOpen === canClose ? opened.length === 0 : canOpen
    if (!opens && opened.length === 0) {
      // A closing single quote with none open is an apostrophe: "the officers' visit". A double one stays as typed.
      if (kind === 'single') changes.push({index, length: 1, text: quotes.apostrophe})
      continue
    }
    if (opens) opened.push(changes.length)
    else opened.pop()
    changes.push({index, length: 1, text: opens ? pair[0] : pair[1]})
  }
  // A quote opened and never closed is not a quotation: a double one stays straight, a single one is an apostrophe ('tis).
  // Except where a paragraph starts with it, alone: a quotation running on into the next paragraph closes only at its
  // end. Beside other double quotes it is more likely one typed twice, as in "foo "bar", and stays as typed.
  // Quotes set already count, so that setting the text again changes nothing.
  const doubles = [...text].filter((character) => character === '"' || quotes.primary.includes(character)).length
  const runsOn = (at: number) => doubles === 1 && text.slice(0, changes[at]!.index).trim() === ''
  for (const at of open.double) if (!runsOn(at)) changes[at] = undefined
  for (const at of open.single) changes[at] = {...changes[at]!, text: quotes.apostrophe}
  run.apply('quotes', changes.filter((change): change is Change => change !== undefined))
  if (quotes.inside !== undefined) {
    const [opening, closing] = quotes.primary
    const inside = quotes.inside
    run.replace('quote-spacing', new RegExp(`${opening}[ \\u00a0\\u202f]*`, 'g'), () => opening + inside)
    run.replace('quote-spacing', new RegExp(`[ \\u00a0\\u202f]*${closing}`, 'g'), () => inside + closing)
  }
}

function isApostrophe(text: string, index: number, singleOpen: boolean): boolean {
  const before = text[index - 1]
  const after = text[index + 1]
  // Inside a word: l'ambassade, it's. Not between Chinese characters, where it quotes.
  if (is(letterOrDigit, before) && is(letterOrDigit, after) && !is(cjk, before) && !is(cjk, after)) return true
  // A year cut short: '90s.
  return !singleOpen && (before === undefined || is(space, before)) && /^\d\d(s|\b)/u.test(text.slice(index + 1, index + 4))
}
