// Character classes the typography rules, the parser's link finder and the text renderer share.
import {eastAsianWidthType} from 'get-east-asian-width'

/** Han, kana and the CJK and full-width punctuation blocks; not half-width Hangul (U+FFA0 to U+FFDF): Korean puts spaces between words. */
export const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uff9f\uffe0-\uffef]/u
/** Punctuation Chinese shares with Latin text (dashes, ellipsis, curly quotes, middle dot): CJK beside CJK, Latin beside Latin. */
export const sharedPunctuation = /[\u2014\u2026\u201c\u201d\u2018\u2019\u00b7]/u
/** Han and kana letters only. */
export const cjkLetter = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u
export const arabicLetter = /(?=\p{Script=Arabic})\p{L}/u
export const letterOrDigit = /[\p{L}\p{N}]/u
export const latinLetter = /(?=\p{Script=Latin})\p{L}/u
export const digit = /\p{Nd}/u
/** Spaces, including the no-break ones a typesetter puts in. */
export const space = /[\s\u00a0\u202f]/u

/** Link text that is itself an address: a bare web address or an email address, never set as prose. */
export const addressLike = /^(https?:\/\/|www\.|mailto:)|^[^\s@]+@[^\s@]+\.[^\s@]+$/i

/** Text as a regular expression (with the u flag) matches it literally, outside a character class: a quote mark, a word, a sign a locale names. */
export const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

export const is = (pattern: RegExp, character: string | undefined) => character !== undefined && character !== '' && pattern.test(character)

const hangul = /\p{Script=Hangul}/u

/**
 * Whether a line break at `index` of `text` shows as nothing, as CSS Text 3
 * sets segment breaks: the characters on both sides are East Asian
 * full-width, wide or half-width, and neither is Hangul (Korean puts spaces
 * between words). Read by code point, so that 🈀 counts as one character.
 */
export function breakVanishes(text: string, index: number): boolean {
  const before = text.codePointAt(index - 1 - (isLowSurrogate(text.charCodeAt(index - 1)) ? 1 : 0))
  const after = text.codePointAt(index + 1)
  return before !== undefined && after !== undefined && isEastAsianWide(before) && isEastAsianWide(after)
}

function isEastAsianWide(codePoint: number): boolean {
  const type = eastAsianWidthType(codePoint)
  return (type === 'wide' || type === 'fullwidth' || type === 'halfwidth') && !hangul.test(String.fromCodePoint(codePoint))
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff
}
