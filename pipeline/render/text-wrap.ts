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
const address = /(?:https?:\/\/|mailto:|www\.)[^\s<>]+|[^\s@<>()（）]+@[^\s@<>()（）]+\.[^\s@<>()（）]+/gu

const printableAscii = /^[\x20-\x7e]*$/

const measured = new Map<string, number>()

/**
 * Display width in columns. Plain ASCII, most of what is measured, skips the
 * full Unicode measure; other pieces (a Chinese character, a word) recur so
 * often that their widths are remembered.
 */
export function width(text: string): number {
  if (printableAscii.test(text)) return text.length
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
  const whole: Array<[number, number]> = [...text.matchAll(address)].map((match) => [match.index, match.index + match[0].length])
  const result: string[] = []
  const breaker = new LineBreaker(text)
  let start = 0
  for (let found = breaker.nextBreak(); found; found = breaker.nextBreak()) {
    const at = found.position
    if (whole.some(([from, to]) => at > from && at < to)) continue
    result.push(text.slice(start, at))
    start = at
  }
  if (start < text.length) result.push(text.slice(start))
  return result
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
