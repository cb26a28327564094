// Where in the source each typographic change was made, for the notes of
// `press check`: a rule sees the text as the rules before it left it (an
// ellipsis three characters shorter, a no-break space added), and a text node
// holds its lines without the indentation or `>` markers the writer typed, so
// a change is traced back through the edits before it to the character the
// writer typed, and that character to its line and column in the file.
import type {Text} from 'mdast'
import type {Point} from 'unist'
import type {AppliedChange, Segment} from './text-run.js'
import {sourceMap, writtenAsIs, type SourceMap} from './source-map.js'

/** Where a segment's text came from: a text node of the body from one of its characters, or a line of the front matter. */
export type Origin = {readonly node: Text; readonly from: number} | {readonly start: Point}

/** One rule's changes to one segment, sorted: where each sits before and after the rule. */
interface Step {
  readonly preStart: number[]
  readonly preEnd: number[]
  readonly postStart: number[]
  readonly postEnd: number[]
}

export class ChangePlaces {
  private readonly steps = new Map<Segment, Step[]>()
  /** Each text node's source map, or `as-is` when it is written as its value. */
  private readonly maps = new Map<Text, SourceMap | 'as-is' | undefined>()
  private lineStarts: number[] | undefined

  constructor(private readonly source: string | undefined) {}

  /**
   * The places of one rule's changes to a segment, in the order given; the
   * changes are then remembered, so that the next rule's are traced through them.
   */
  place(segment: Segment, origin: Origin | undefined, changes: readonly AppliedChange[]): Array<Point | undefined> {
    const steps = this.steps.get(segment) ?? []
    const places = changes.map(({index}) => (origin === undefined ? undefined : this.pointOf(origin, traceBack(steps, index))))
    const step: Step = {preStart: [], preEnd: [], postStart: [], postEnd: []}
    let shift = 0
    for (const {index, before, after} of changes) {
      step.preStart.push(index)
      step.preEnd.push(index + before.length)
      step.postStart.push(index + shift)
      step.postEnd.push(index + shift + after.length)
      shift += after.length - before.length
    }
    steps.push(step)
    this.steps.set(segment, steps)
    return places
  }

  private pointOf(origin: Origin, offset: number): Point | undefined {
    if ('start' in origin) {
      // A value of the front matter, as YAML writes it: quoted, escaped, perhaps folded onto more lines.
      const {line, column} = origin.start
      const at = this.source === undefined ? undefined : scalarOffset(this.source, this.lines()[line - 1]! + column - 1, offset)
      return at === undefined ? {line, column: column + offset} : this.pointAt(at)
    }
    const {node, from} = origin
    const start = node.position?.start.offset
    if (this.source === undefined || start === undefined) return undefined
    // Once per text node: a paragraph of many changes asks for the same node again and again.
    if (!this.maps.has(node)) this.maps.set(node, writtenAsIs(this.source, node) ? 'as-is' : sourceMap(this.source, node))
    const map = this.maps.get(node)
    const at = map === 'as-is' ? start + from + offset : map?.starts[from + offset]
    return at === undefined ? node.position!.start : this.pointAt(at)
  }

  private pointAt(offset: number): Point {
    const starts = this.lines()
    const line = lastAtOrBefore(starts, offset)
    return {line: line + 1, column: offset - starts[line]! + 1, offset}
  }

  /** Where each line of the file starts. */
  private lines(): number[] {
    if (!this.lineStarts) {
      this.lineStarts = [0]
      for (let at = this.source!.indexOf('\n'); at !== -1; at = this.source!.indexOf('\n', at + 1)) this.lineStarts.push(at + 1)
    }
    return this.lineStarts
  }
}

/**
 * Where the character `count` of a YAML scalar written at `start` is: past
 * its opening quote, or the line of a block scalar's `|` or `>` and its
 * indentation; a doubled single quote or a double-quoted escape being the
 * characters it stands for, an escaped line break none, and a line break
 * with the spaces around it one (a space or a line break).
 */
function scalarOffset(source: string, start: number, count: number): number | undefined {
  const quote = source[start]
  let at = quote === '"' || quote === "'" ? start + 1 : start
  // A block's indentation: as its indicator says, or as its first line has it. Spaces past it and tabs are its text.
  let indent = Number.POSITIVE_INFINITY
  if (quote === '|' || quote === '>') {
    const header = /^[|>]([-+]?)(\d?)/.exec(source.slice(start, start + 3))!
    at = source.indexOf('\n', start) + 1
    if (at === 0) return undefined
    indent = header[2] ? Number(header[2]) : /^ */.exec(source.slice(at, at + 200))![0].length
    at += Math.min(indent, /^ */.exec(source.slice(at, at + indent))![0].length)
  }
  const skipBreak = () => {
    while (source[at] === ' ' || source[at] === '\t') at++
    if (source[at] === '\r') at++
    at++
    for (let skipped = 0; skipped < indent && source[at] === ' '; skipped++) at++
    if (indent === Number.POSITIVE_INFINITY) while (source[at] === '\t') at++
  }
  for (let index = 0; index < count; ) {
    const character = source[at]
    if (character === undefined) return undefined
    if (character === '\n' || character === '\r' || (/[ \t]/.test(character) && indent === Number.POSITIVE_INFINITY && /^[ \t]*\r?\n/.test(source.slice(at, at + 200)))) {
      skipBreak()
      index++
    } else if (quote === '"' && character === '\\' && /^\\\r?\n/.test(source.slice(at, at + 3))) {
      // An escaped line break: nothing, nor the spaces that start the next line.
      at++
      skipBreak()
    } else if (quote === "'" && character === "'") {
      at += 2
      index++
    } else if (quote === '"' && character === '\\') {
      const length = ({x: 4, u: 6, U: 10} as Record<string, number>)[source[at + 1] ?? ''] ?? 2
      index += length === 10 && Number.parseInt(source.slice(at + 2, at + 10), 16) > 0xffff ? 2 : 1
      at += length
    } else {
      at++
      index++
    }
  }
  return at
}

/** The offset in the segment's first text of a place in its text after the steps: a place inside a replacement is its start. */
function traceBack(steps: readonly Step[], offset: number): number {
  let at = offset
  for (let index = steps.length - 1; index >= 0; index--) {
    const step = steps[index]!
    const change = lastAtOrBefore(step.postStart, at)
    if (change === -1) continue
    at = at < step.postEnd[change]! ? step.preStart[change]! + Math.min(at - step.postStart[change]!, step.preEnd[change]! - step.preStart[change]!) : at - step.postEnd[change]! + step.preEnd[change]!
  }
  return at
}

/** The index of the last value at or before `value` in a sorted list, or -1. */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length - 1
  let found = -1
  while (low <= high) {
    const middle = (low + high) >> 1
    if (sorted[middle]! <= value) {
      found = middle
      low = middle + 1
    } else high = middle - 1
  }
  return found
}
