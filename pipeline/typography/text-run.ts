// A run of text as a reader sees it across inline markup: the text nodes of
// one paragraph or heading, joined, so that a rule can look at the characters
// on both sides of an emphasis or a link. Edits land in the node they fall in;
// code, autolinks and other frozen pieces are seen but never changed.

export interface Segment {
  value: string
  /** Frozen segments (code, addresses) give context but are never edited. */
  readonly frozen: boolean
  /** What rules see in place of the value, of the same length: a frozen escape shows as an object. */
  readonly shown?: string
}

export interface Change {
  readonly index: number
  readonly length: number
  readonly text: string
}

/** A change a rule made in a segment, at its offset in the segment's text as the rule found it. */
export interface AppliedChange {
  readonly index: number
  readonly before: string
  readonly after: string
}

/** Called once for each segment a rule changes, with the changes made there, in order. */
export type ChangeListener = (rule: string, segment: Segment, changes: readonly AppliedChange[]) => void

export class TextRun {
  constructor(
    readonly segments: Segment[],
    private readonly listener?: ChangeListener
  ) {}

  get text(): string {
    return this.segments.map((segment) => segment.shown ?? segment.value).join('')
  }

  /** Applies a regular expression rule; `replace` returns the new text, or undefined to leave the match. */
  replace(rule: string, pattern: RegExp, replace: (match: RegExpExecArray, text: string) => string | undefined): void {
    const text = this.text
    const changes: Change[] = []
    for (const match of text.matchAll(pattern)) {
      const replacement = replace(match as RegExpExecArray, text)
      if (replacement !== undefined && replacement !== match[0]) changes.push({index: match.index, length: match[0].length, text: replacement})
    }
    this.apply(rule, changes)
  }

  /**
   * Applies changes given as places in the joined text. A change that would
   * straddle two segments, or touch a frozen one, is left out.
   */
  apply(rule: string, changes: readonly Change[]): void {
    if (changes.length === 0) return
    const starts: number[] = []
    let offset = 0
    for (const segment of this.segments) {
      starts.push(offset)
      offset += segment.value.length
    }
    const bySegment = new Map<number, Change[]>()
    for (const change of changes) {
      const at = this.segmentAt(starts, change)
      if (at === undefined) continue
      let list = bySegment.get(at)
      if (!list) bySegment.set(at, (list = []))
      list.push({...change, index: change.index - starts[at]!})
    }
    for (const [at, list] of bySegment) {
      const segment = this.segments[at]!
      const old = segment.value
      // One pass over the segment, however many changes: a paragraph may hold thousands of quotes.
      const pieces: string[] = []
      const applied: AppliedChange[] = []
      let from = 0
      for (const change of list.sort((a, b) => a.index - b.index)) {
        // A change overlapping the one before it is left out, and not reported.
        if (change.index < from) continue
        pieces.push(old.slice(from, change.index), change.text)
        from = change.index + change.length
        if (this.listener) applied.push({index: change.index, before: old.slice(change.index, from), after: change.text})
      }
      pieces.push(old.slice(from))
      segment.value = pieces.join('')
      if (this.listener) this.listener(rule, segment, applied)
    }
  }

  private segmentAt(starts: number[], change: Change): number | undefined {
    const end = change.index + change.length
    for (let at = starts.length - 1; at >= 0; at--) {
      const start = starts[at]!
      const segment = this.segments[at]!
      if (change.index < start) continue
      // An insertion at a boundary belongs to the segment that starts there, if it can take it.
      if (change.index === start && change.length === 0 && segment.frozen && at > 0) return this.segments[at - 1]!.frozen ? undefined : at - 1
      if (segment.frozen || end > start + segment.value.length) return undefined
      return at
    }
    return undefined
  }
}
