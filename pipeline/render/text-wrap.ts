// Wraps text for print by display width: a Chinese character takes two
// columns, a Latin letter one. Lines break only where Unicode allows
// (UAX #14), never inside an address, and East Asian line-start and line-end
// rules hold: no line starts with ，。、；：！？）」』》 or ends with （「『《.
import LineBreaker from 'linebreak'
import stringWidth from 'string-width'

export interface WrapOptions {
  readonly width: number
  /** Put before the first line. */
  readonly first?: string
  /** Put before every later line (a hanging indent). */
  readonly rest?: string
}

const noLineStart = /^[，。、；：！？）」』》〉】〕｝］,.;:!?)\]}»”’…%‰℃・ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ]/u
const noLineEnd = /[（「『《〈【〔｛［(\[{«“‘]$/u
const webAddress = /(?:https?:\/\/|mailto:|www\.)[^\s<>]+/giu
/** What may stand in an email address on either side of its `@`. */
const mailCharacter = /[^\s@<>()（）]/u

const printableAscii = /^[\x20-\x7e]*$/

const measured = new Map<string, number>()
/** Beyond this length a piece is measured in slices: string-width's cost (Intl.Segmenter's) grows faster than the length it is given. */
const longPiece = 200
/** A character no grapheme cluster reaches back across: a letter, digit, punctuation or space, not Hangul (whose jamo join). */
const startsCluster = /^[\p{L}\p{N}\p{P}\p{Zs}]$/u
const hangul = /\p{Script=Hangul}/u
/** Characters a cluster goes on after: prepended concatenation marks and the zero-width joiner. */
const joinsNext = /[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u200d]/u

/** `text` cut into slices of about `longPiece` characters, each cut where a grapheme cluster starts. */
function slices(text: string): string[] {
  const result: string[] = []
  let start = 0
  let at = longPiece
  while (at < text.length) {
    const character = String.fromCodePoint(text.codePointAt(at)!)
    const low = text.charCodeAt(at)
    if (low < 0xdc00 || low > 0xdfff) {
      if (startsCluster.test(character) && !hangul.test(character) && !joinsNext.test(text[at - 1]!)) {
        result.push(text.slice(start, at))
        start = at
        at += longPiece
        continue
      }
    }
    at++
  }
  result.push(text.slice(start))
  return result
}

/**
 * Display width in columns. Plain ASCII, most of what is measured, skips the
 * full Unicode measure; other pieces (a Chinese character, a word) recur so
 * often that their widths are remembered. A long piece (a number of a
 * hundred thousand digits joined by no-break spaces) is the sum of its
 * characters', so that measuring it costs its length.
 */
export function width(text: string): number {
  if (printableAscii.test(text)) return text.length
  if (text.length > longPiece) {
    const parts = slices(text)
    if (parts.length > 1) return parts.reduce((sum, part) => sum + width(part), 0)
  }
  let columns = measured.get(text)
  if (columns === undefined) {
    columns = stringWidth(text)
    if (measured.size > 100_000) measured.clear()
    measured.set(text, columns)
  }
  return columns
}

/** Breaks `text` into lines of at most `options.width` columns. */
export function wrap(text: string, options: WrapOptions): string[] {
  const first = options.first ?? ''
  const rest = options.rest ?? first
  const lines: string[] = []
  let prefix = first
  for (const paragraph of text.split('\n')) {
    for (const line of fill(pieces(paragraph), options.width, prefix, rest)) {
      lines.push(line)
      prefix = rest
    }
  }
  return lines
}

/** The text cut at each place a line may break, addresses kept whole. */
function pieces(text: string): string[] {
  const whole = addressSpans(text)
  const result: string[] = []
  const breaker = new LineBreaker(text)
  let start = 0
  let span = 0
  for (let found = breaker.nextBreak(); found; found = breaker.nextBreak()) {
    const at = found.position
    // Breaks come in order, so the spans are passed over once.
    while (span < whole.length && whole[span]![1] <= at) span++
    if (span < whole.length && at > whole[span]![0]) continue
    result.push(text.slice(start, at))
    start = at
  }
  if (start < text.length) result.push(text.slice(start))
  return result
}

/**
 * Where the addresses are, as [start, end) in order: web addresses by their
 * prefix, email addresses grown out from each `@`. Each character is looked
 * at a bounded number of times, so a long word costs no more than its length.
 */
function addressSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [...text.matchAll(webAddress)].map((match) => [match.index, match.index + match[0].length])
  let previousEnd = 0
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let from = at
    while (from > previousEnd && mailCharacter.test(text[from - 1]!)) from--
    let to = at + 1
    while (to < text.length && mailCharacter.test(text[to]!)) to++
    const domain = text.slice(at + 1, to)
    const dot = domain.lastIndexOf('.')
    if (from < at && dot > 0 && dot < domain.length - 1) {
      spans.push([from, to])
      previousEnd = to
    }
  }
  spans.sort((a, b) => a[0] - b[0])
  // Overlapping spans (an email inside a web address) merge into one.
  const merged: Array<[number, number]> = []
  for (const span of spans) {
    const last = merged.at(-1)
    if (last && span[0] < last[1]) last[1] = Math.max(last[1], span[1])
    else merged.push(span)
  }
  return merged
}

function fill(parts: string[], limit: number, first: string, rest: string): string[] {
  const lines: string[][] = [[]]
  const prefixOf = (index: number) => (index === 0 ? first : rest)
  // Width of the current line so far, counting the spaces it ends with.
  let used = width(first)
  for (const part of parts) {
    const current = lines.at(-1)!
    const full = width(part)
    const trimmed = full - (part.length - part.trimEnd().length)
    if (current.length === 0 || used + trimmed <= limit) {
      current.push(part)
      used += full
      continue
    }
    const next = [part]
    // Keep East Asian punctuation off the start of a line and brackets off its end.
    while (current.length > 1 && (noLineStart.test(next[0]!) || noLineEnd.test(current.at(-1)!.trimEnd()))) next.unshift(current.pop()!)
    lines.push(next)
    used = width(rest) + next.reduce((sum, piece) => sum + width(piece), 0)
  }
  return lines.map((line, index) => (prefixOf(index) + line.join('')).trimEnd())
}
