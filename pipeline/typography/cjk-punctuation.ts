// Chinese text takes full-width punctuation: a half-width , . : ; ! ? ( )
// typed next to Chinese characters becomes ，。：；！？（）, with no space
// around it. Numbers (3.5, 10:30) and runs of Latin text keep theirs, and so
// does a full stop against a Latin letter (.NET).
import {cjk, cjkLetter, digit, is, latinLetter, sharedPunctuation} from '../lib/characters.js'
import type {Change, TextRun} from './text-run.js'

const fullWidth: Readonly<Record<string, string>> = {',': '，', '.': '。', ':': '：', ';': '；', '!': '！', '?': '？'}
const fullWidthClosing = /[\u3001-\u3011\u3015-\u301b\uff01-\uff0f\uff1a-\uff20”’]/u

export function setCjkPunctuation(run: TextRun): void {
  setParentheses(run)
  // Left to right, each mark seeing the one before it as already set: “好,;” becomes “好，；”.
  const text = [...run.text]
  const changes: Change[] = []
  let offset = 0
  text.forEach((mark, index) => {
    const full = fullWidth[mark] && fullWidthOf(mark, text, index)
    if (full) {
      changes.push({index: offset, length: mark.length, text: full})
      text[index] = full
    }
    offset += mark.length
  })
  run.apply('full-width-punctuation', changes)
  run.replace('full-width-punctuation-spacing', / *([，。：；！？、]) */g, (match) => match[1])
  run.replace('full-width-punctuation-spacing', /（ +| +）/g, (match) => match[0].trim())
  // In Chinese, a dash, ellipsis or quote sits among the characters: a line break beside it shows as nothing (对话。⏎——大使).
  run.replace('cjk-line-break', /\n/g, (match, text) => {
    const before = text[match.index - 1]
    const after = text[match.index + 1]
    return (is(cjk, before) && is(sharedPunctuation, after)) || (is(sharedPunctuation, before) && is(cjk, after)) ? '' : undefined
  })
}

function fullWidthOf(mark: string, text: string[], index: number): string | undefined {
  const before = text[index - 1]
  const after = text[index + 1]
  const following = nextVisible(text.slice(index + 1, index + 5).join(''), 0)
  if (is(digit, before) && is(digit, after)) return undefined
  // A full stop against a Latin letter starts or continues a Latin word: .NET, Node.js.
  if (mark === '.' && is(latinLetter, after)) return undefined
  if (is(cjkLetter, before) || is(fullWidthClosing, before)) return fullWidth[mark]
  // Ending a Chinese sentence after a number or a Latin word: 时间为10:30至17:00.
  const run = /([^\p{Script=Latin}\p{N}:/.-]|^)[\p{Script=Latin}\p{N}:/.-]+$/u.exec(text.slice(Math.max(0, index - 40), index).join(''))
  if ((after === undefined || is(cjkLetter, following)) && is(cjkLetter, run?.[1])) return fullWidth[mark]
  // Before Chinese text, except a full stop, which may end an abbreviation (Dr.).
  if (mark !== '.' && is(cjkLetter, following)) return fullWidth[mark]
  return undefined
}

/** An opening parenthesis next to Chinese turns full-width, and so does its partner. */
function setParentheses(run: TextRun) {
  const text = run.text
  const changes: Change[] = []
  const pending: boolean[] = []
  for (let index = 0; index < text.length; index++) {
    const mark = text[index]
    if (mark === '(') {
      const turn = is(cjkLetter, text[index - 1]) || is(cjkLetter, nextVisible(text, index + 1))
      pending.push(turn)
      if (turn) changes.push({index, length: 1, text: '（'})
    } else if (mark === ')') {
      const partner = pending.pop()
      if (partner || is(cjkLetter, text[index - 1])) changes.push({index, length: 1, text: '）'})
    }
  }
  run.apply('full-width-punctuation', changes)
}

function nextVisible(text: string, from: number): string | undefined {
  return /\S/u.exec(text.slice(from, from + 4))?.[0]
}
