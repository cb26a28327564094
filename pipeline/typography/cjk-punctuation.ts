// Chinese text takes full-width punctuation: a half-width , . : ; ! ? ( )
// typed next to Chinese characters becomes ，。：；！？（）, with no space
// around it. Numbers (3.5, 10:30) and runs of Latin text keep theirs.
import {cjkLetter, digit, is} from './characters.js'
import type {Change, TextRun} from './text-run.js'

const fullWidth: Readonly<Record<string, string>> = {',': '，', '.': '。', ':': '：', ';': '；', '!': '！', '?': '？'}
const fullWidthClosing = /[\u3001-\u3011\u3015-\u301b\uff01-\uff0f\uff1a-\uff20”’]/u

export function setCjkPunctuation(run: TextRun): void {
  setParentheses(run)
  run.replace('full-width-punctuation', /[,.:;!?]/g, (match, text) => {
    const before = text[match.index - 1]
    const after = text[match.index + 1]
    if (is(digit, before) && is(digit, after)) return undefined
    if (is(cjkLetter, before) || is(fullWidthClosing, before)) return fullWidth[match[0]]
    // Ending a Chinese sentence after a number or a Latin word: 时间为10:30至17:00.
    if ((after === undefined || is(cjkLetter, nextVisible(text, match.index + 1))) && is(cjkLetter, /([^\p{Script=Latin}\p{N}:/.-]|^)[\p{Script=Latin}\p{N}:/.-]+$/u.exec(text.slice(Math.max(0, match.index - 40), match.index))?.[1])) return fullWidth[match[0]]
    // Before Chinese text, except a full stop, which may end an abbreviation (Dr.).
    if (match[0] !== '.' && is(cjkLetter, nextVisible(text, match.index + 1))) return fullWidth[match[0]]
    return undefined
  })
  run.replace('full-width-punctuation-spacing', / *([，。：；！？、]) */g, (match) => match[1])
  run.replace('full-width-punctuation-spacing', /（ +| +）/g, (match) => match[0].trim())
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
