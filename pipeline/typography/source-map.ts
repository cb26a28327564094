// Where each character of a text node was written in the source: typed as
// itself, or as an escape (`\"`) or a character reference (`&quot;`). The
// normalizer leaves what the writer escaped as typed, and `press format`
// places its edits by it.
import {decodeNamedCharacterReference} from 'decode-named-character-reference'
import type {Text} from 'mdast'

export interface SourceMap {
  /** Source offset where each character begins; one more entry, past the last character. */
  readonly starts: number[]
  /** Source offset just past each character. */
  readonly ends: number[]
  /** Whether each character was written as an escape or a character reference. */
  readonly escaped: boolean[]
}

/**
 * Maps each character of a text node's value to the source, past what the
 * parser took out: escapes, character references, and the indentation and
 * `>` markers that start continuation lines. Undefined when it cannot.
 */
export function sourceMap(source: string, node: Text): SourceMap | undefined {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return undefined
  const starts: number[] = []
  const ends: number[] = []
  const escaped: boolean[] = []
  const value = node.value
  const take = (from: number, to: number, characters: number, isEscaped: boolean) => {
    for (let count = 0; count < characters; count++) {
      starts.push(from)
      ends.push(to)
      escaped.push(isEscaped)
    }
  }
  let at = start
  while (starts.length < value.length) {
    const index = starts.length
    if (at >= end) return undefined
    const character = source[at]!
    // A reference or an escape first: `&amp;` stands for the `&` it starts with, and `\\` for the `\` it starts with.
    const reference = character === '&' ? /^&(#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/i.exec(source.slice(at, at + 40)) : null
    const decoded = reference ? decodeReference(reference[1]!) : undefined
    if (decoded !== undefined && value.startsWith(decoded, index)) {
      take(at, at + reference![0].length, decoded.length, true)
      at += reference![0].length
    } else if (character === '\\' && /[!-/:-@[-`{-~]/.test(source[at + 1] ?? '') && source[at + 1] === value[index]) {
      take(at, at + 2, 1, true)
      at += 2
    } else if (character === value[index]) {
      take(at, at + 1, 1, false)
      at++
    } else if (/[ \t>]/.test(character) && isLineStart(source, at)) {
      at++
    } else if (/[ \t]/.test(character) && value[index] === '\n' && /^[ \t]*\n/.test(source.slice(at, at + 200))) {
      // Spaces that ended the line, which the parser drops.
      at++
    } else {
      return undefined
    }
  }
  starts.push(at)
  return {starts, ends, escaped}
}

/** Whether the node's source is exactly its value: nothing escaped, nothing skipped. */
export function writtenAsIs(source: string, node: Text): boolean {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  return start !== undefined && end !== undefined && end - start === node.value.length && source.startsWith(node.value, start)
}

/** Whether only indentation and `>` markers stand between `at` and the start of its line. */
function isLineStart(source: string, at: number): boolean {
  const lineStart = source.lastIndexOf('\n', at - 1) + 1
  return /^[ \t>]*$/.test(source.slice(lineStart, at))
}

function decodeReference(body: string): string | undefined {
  if (!body.startsWith('#')) return decodeNamedCharacterReference(body) || undefined
  const code = /^#x/i.test(body) ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10)
  // As CommonMark reads them: nothing, a surrogate or past Unicode is the replacement character.
  return code === 0 || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff ? '\ufffd' : String.fromCodePoint(code)
}
