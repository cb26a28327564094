// Arabic text takes its own comma, semicolon and question mark (، ؛ ؟) where
// the writer typed the Latin ones next to Arabic words. Latin names and
// numbers in between keep theirs.
import {arabicLetter, digit, is} from '../lib/characters.js'
import type {TextRun} from './text-run.js'

const arabic: Readonly<Record<string, string>> = {',': '،', ';': '؛', '?': '؟'}

export function setArabicPunctuation(run: TextRun): void {
  run.replace('arabic-punctuation', /[,;?]/g, (match, text) => {
    const before = text[match.index - 1]
    const after = text[match.index + 1]
    if (is(digit, before) && is(digit, after)) return undefined
    const next = /\S/u.exec(text.slice(match.index + 1, match.index + 4))?.[0]
    return is(arabicLetter, before) || is(arabicLetter, next) ? arabic[match[0]] : undefined
  })
}
