// Straight quotes and apostrophes to the language's typographic ones. Whether
// a quote opens or closes is read from the characters around it; where they
// do not tell (between two words, or in Chinese, which has no spaces), quotes
// alternate: the first opens, the next closes. Only quotes that pair are
// curled. After a digit, a quote that closes nothing is a prime: 2′33″.
// Where the language nests by level (Russian, Spanish), double quotes of
// any shape typed are set again by how deep they sit: «…„…“…» or «…“…‘…’…”…».
import {cjk, digit, is, letterOrDigit, literally, space} from '../lib/characters.js'
import type {Quotes} from '../model/typography.js'
import type {Change, TextRun} from './text-run.js'

const opensAfter = /[([{<\-–—/«“‘„‚‹]/u
const primes = {single: '\u2032', double: '\u2033'} as const
const letter = /\p{L}/u
const closesBefore = /[.,;:!?)\]}>…\-–—»”’›]/u
const emoticonEyes = /[:;=]/u
const emoticonMouth = /^-?[()[\]|]/u

/** Double quotes a writer may type, set again by level where the language nests so. */
const doubleShapes = ['"', '“', '”', '„', '‟']

export function setQuotes(run: TextRun, quotes: Quotes): void {
  const text = run.text
  const byLevel = quotes.nesting === 'level'
  const singles = byLevel ? (quotes.tertiary ?? quotes.secondary) : quotes.secondary
  const levels = [quotes.primary, quotes.secondary, ...(quotes.tertiary ? [quotes.tertiary] : [])]
  const typed = new Set(byLevel ? doubleShapes.filter((shape) => !quotes.primary.includes(shape) && !singles.includes(shape)) : ['"'])
  /** The marks of a double quote opened with `depth` others open around it. */
  // Deeper than its kinds of quotes, a quotation keeps the innermost.
  const levelPair = (depth: number) => (byLevel ? levels[Math.min(depth, levels.length - 1)]! : quotes.primary)
  const changes: Array<Change | undefined> = []
  // The quotes opened and not yet closed, innermost last: a quote closes the nearest of its kind, and
  // any of the other kind opened inside it and left open did not pair (quotes nest, never overlap).
  // Where each kind's open quotes are in it, innermost last, so that every step takes constant time: a paragraph may
  // hold a hundred thousand quotes.
  // Each with the mark that closes it.
  const open: Array<{kind: 'double' | 'single'; at: number; closing: string}> = []
  const places = {double: [] as number[], single: [] as number[]}
  const opened = (kind: 'double' | 'single') => places[kind].length
  const push = (kind: 'double' | 'single', at: number, closing: string) => {
    places[kind].push(open.length)
    open.push({kind, at, closing})
  }
  const unpaired: Array<{kind: 'double' | 'single'; at: number}> = []
  const close = (kind: 'double' | 'single') => {
    const nearest = places[kind].pop()
    if (nearest === undefined) return undefined
    const [closed, ...above] = open.splice(nearest)
    // Those above it are all of the other kind, the last of its places.
    for (const inside of above) {
      places[inside.kind].pop()
      unpaired.push(inside)
    }
    return closed
  }
  for (let index = 0; index < text.length; index++) {
    const mark = text[index]!
    const before = text[index - 1]
    const after = text[index + 1]
    // Quotes set already (typed so, or on an earlier pass) shape the nesting too, so that setting the text again
    // pairs the rest the same way. An apostrophe inside a word is none.
    const set = setQuoteOf(mark, quotes.primary, singles)
    // Where quotes nest by level, the outer marks typed are set again by depth too, in the direction typed: ««a» b» is «„a“ b».
    const forced = set && byLevel && set.kind === 'double' ? set.opens : undefined
    if (set && forced === undefined) {
      if (set.opens) push(set.kind, -1, set.kind === 'double' ? quotes.primary[1] : singles[1])
      else if (!(mark === quotes.apostrophe && is(letterOrDigit, before) && is(letterOrDigit, after))) close(set.kind)
      continue
    }
    if (forced === undefined && !typed.has(mark) && mark !== "'") continue
    const kind = mark === "'" ? 'single' : 'double'
    const pair = kind === 'double' ? levelPair(opened('double')) : singles
    if (forced === undefined) {
      // A tear in a smiley, :'( or ;'-), is no quote.
      if (kind === 'single' && is(emoticonEyes, before) && emoticonMouth.test(text.slice(index + 1, index + 3))) continue
      // Minutes and seconds, feet and inches: 2'33", 6' 2", and "a 21" screen" with the quote closing after it.
      // A letter after a single quote makes it an apostrophe (1990's).
      if (is(digit, before) && (opened(kind) === 0 || after === mark) && (kind === 'double' || !is(letter, after))) {
        changes.push({index, length: 1, text: primes[kind]})
        continue
      }
      if (kind === 'single' && isApostrophe(text, index, opened('single') > 0)) {
        changes.push({index, length: 1, text: quotes.apostrophe})
        continue
      }
    }
    const canOpen = (before === undefined || is(space, before) || is(opensAfter, before)) && after !== undefined && !is(space, after) && !is(closesBefore, after)
    const canClose = before !== undefined && !is(space, before) && (after === undefined || is(space, after) || is(closesBefore, after))
    const opens = forced ?? (canOpen === canClose ? opened(kind) === 0 : canOpen)
    if (!opens && opened(kind) === 0) {
      // A closing single quote with none open is an apostrophe: "the officers' visit". A double one stays as typed.
      if (kind === 'single') changes.push({index, length: 1, text: quotes.apostrophe})
      continue
    }
    if (opens) {
      push(kind, changes.length, pair[1])
      changes.push({index, length: 1, text: pair[0]})
    } else changes.push({index, length: 1, text: close(kind)!.closing})
  }
  // A quote opened and never closed is not a quotation: a double one stays straight, a single one is an apostrophe ('tis).
  // Except where a paragraph starts with it, alone: a quotation running on into the next paragraph closes only at its
  // end. Beside other double quotes (set already, or escaped by the writer) it is more likely one typed twice, as in
  // "foo "bar", and stays as typed.
  const doubles = [...text].filter((character) => typed.has(character) || quotes.primary.includes(character)).length + run.segments.filter((segment) => segment.frozen && segment.value.includes('"')).length
  const runsOn = (at: number) => doubles === 1 && text.slice(0, changes[at]!.index).trim() === ''
  for (const {kind, at} of [...unpaired, ...open]) {
    if (at === -1) continue
    if (kind === 'single') changes[at] = {...changes[at]!, text: quotes.apostrophe}
    else if (!runsOn(at)) changes[at] = undefined
  }
  run.apply('quotes', changes.filter((change): change is Change => change !== undefined && change.text !== text[change.index]))
  if (quotes.inside !== undefined) {
    const [opening, closing] = quotes.primary
    const inside = quotes.inside
    const [afterOpening, beforeClosing] = spacingPatterns(quotes)
    run.replace('quote-spacing', afterOpening, () => opening + inside)
    run.replace('quote-spacing', beforeClosing, () => inside + closing)
  }
}

const spacing = new WeakMap<Quotes, readonly [RegExp, RegExp]>()

/** The spaces inside a language's primary quotes, as patterns made once per language rather than per paragraph. */
function spacingPatterns(quotes: Quotes): readonly [RegExp, RegExp] {
  let patterns = spacing.get(quotes)
  if (!patterns) {
    const [opening, closing] = quotes.primary
    patterns = [new RegExp(`${literally(opening)}[ \\u00a0\\u202f]*`, 'gu'), new RegExp(`[ \\u00a0\\u202f]*${literally(closing)}`, 'gu')]
    spacing.set(quotes, patterns)
  }
  return patterns
}

/** A quote of the language already set: which kind, and whether it opens. Marks that both open and close tell nothing. */
function setQuoteOf(mark: string, doubles: Quotes['primary'], singles: Quotes['primary']): {kind: 'double' | 'single'; opens: boolean} | undefined {
  for (const [kind, [opening, closing]] of [['double', doubles], ['single', singles]] as const) {
    if (opening === closing) continue
    if (mark === opening) return {kind, opens: true}
    if (mark === closing) return {kind, opens: false}
  }
  return undefined
}

function isApostrophe(text: string, index: number, singleOpen: boolean): boolean {
  const before = text[index - 1]
  const after = text[index + 1]
  // Inside a word: l'ambassade, it's. Not between Chinese characters, where it quotes.
  if (is(letterOrDigit, before) && is(letterOrDigit, after) && !is(cjk, before) && !is(cjk, after)) return true
  // A year cut short: '90s.
  return !singleOpen && (before === undefined || is(space, before)) && /^\d\d(s|\b)/u.test(text.slice(index + 1, index + 4))
}
