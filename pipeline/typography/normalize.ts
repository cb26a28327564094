// Normalize stage: sets a translation's text the way its language is
// typeset, once, on the syntax tree, so that every output carries the same
// clean text. Only prose changes: never code, addresses, raw HTML or keys.
import type {Nodes, Parent, Parents, PhrasingContent, Root, Text} from 'mdast'
import type {VFile} from 'vfile'
import {note} from '../source/diagnostics.js'
import {attributionBreakIn} from './attribution.js'
import {addressLike} from '../lib/characters.js'
import {sourceMap, writtenAsIs} from './source-map.js'
import {TextRun, type AppliedChange, type Segment} from './text-run.js'
import {ChangePlaces, type Origin} from './change-places.js'
import type {Typography} from '../model/typography.js'
import type {Typeset} from '../model/release-data.js'
import {createTypesetter} from './typesetter.js'
import type {FrontMatter} from '../source/validate.js'
import {eachNode} from '../source/each-node.js'

export interface Normalized {
  readonly tree: Root
  readonly frontMatter: FrontMatter
}

interface NormalizeOptions {
  /** Record each change as a note on the file, for `press check`. */
  readonly notes?: boolean
  /** Set the tree given, which the caller no longer needs as parsed, instead of a copy: copying is a tenth of setting it. */
  readonly inPlace?: boolean
}

export type Normalizer = (tree: Root, frontMatter: FrontMatter, file: VFile, options?: NormalizeOptions) => Normalized

const blocks = new Set(['paragraph', 'heading', 'tableCell'])
/** Stands for an image or other inline object: not a space, not punctuation. */
const object = '\ufffc'

export interface NormalizeStageOptions {
  readonly lang: string
  readonly typography: Typography | undefined
  /** Record each change as a note on the file, for `press check`. */
  readonly notes?: boolean
}

/**
 * The normalize stage: sets the tree and `file.data.frontMatter` as the
 * language is typeset. With `file.data.keepTypeset`, the trees before and
 * after are kept in `file.data.typeset`, for `press format`.
 */
export function normalizeRelease(options: NormalizeStageOptions) {
  const normalize = createNormalizer(options.lang, options.typography)
  return (tree: Root, file: VFile): Root => {
    const frontMatter = file.data.frontMatter!
    const keep = file.data.keepTypeset === true
    const normalized = normalize(tree, frontMatter, file, {notes: options.notes === true, inPlace: !keep})
    if (keep) file.data.typeset = {before: tree, after: structuredClone(normalized.tree), frontMatter} satisfies Typeset
    file.data.frontMatter = normalized.frontMatter
    return normalized.tree
  }
}

/** Creates the normalizer of one language; once per build. */
function createNormalizer(lang: string, typography: Typography | undefined): Normalizer {
  const typeset = createTypesetter(typography)
  return (tree, frontMatter, file, options = {}) => {
    const normalized = options.inPlace ? tree : structuredClone(tree)
    const source = typeof file.value === 'string' ? file.value : undefined
    const listen = options.notes ? noteChanges(file, lang, new ChangePlaces(source)) : undefined
    eachNode<Nodes, Parents>(normalized, undefined, (node, index, parent) => {
      if (!blocks.has(node.type)) return undefined
      const {segments, nodes, origins} = collect(node as Parent, source)
      if (parent?.type === 'blockquote' && index === parent.children.length - 1) keepAttributionLine(segments, nodes, origins)
      typeset(new TextRun(segments, listen && ((rule, segment, changes) => listen(rule, segment, changes, origins.get(segment)))))
      for (const [text, parts] of nodes) text.value = parts.length === 1 ? parts[0]!.value : parts.map(({value}) => value).join('')
      return 'skip'
    })
    const typesetLine = (value: string) => {
      const segment: Segment = {value, frozen: false}
      typeset(new TextRun([segment]))
      return segment.value
    }
    const line = (field: 'title' | 'summary') => {
      const value = frontMatter[field]
      if (value === undefined) return undefined
      const segment: Segment = {value, frozen: false}
      const start = frontMatter.places?.[field]?.start
      typeset(new TextRun([segment], listen && ((rule, _, changes) => listen(rule, segment, changes, start && {start}))))
      return segment.value
    }
    return {
      tree: normalized,
      frontMatter: {
        ...frontMatter,
        title: line('title')!,
        ...(frontMatter.summary === undefined ? {} : {summary: line('summary')!}),
        // Notes to editors are set like the text, and so are the lead photo's words: its description, caption and credit.
        ...(frontMatter.notes === undefined ? {} : {notes: frontMatter.notes.map((note) => typesetLine(note))}),
        ...(frontMatter.image === undefined ? {} : {image: typesetImage(frontMatter.image, typesetLine)})
      }
    }
  }
}

function typesetImage(image: NonNullable<FrontMatter['image']>, typesetLine: (value: string) => string): NonNullable<FrontMatter['image']> {
  return {...image, alt: typesetLine(image.alt), ...(image.caption === undefined ? {} : {caption: typesetLine(image.caption)}), ...(image.credit === undefined ? {} : {credit: typesetLine(image.credit)})}
}

/** What a normalized release says, without where it was written: equal for sources that render alike. */
export function meaning({tree, frontMatter}: Normalized): string {
  return JSON.stringify([frontMatter.title, frontMatter.summary ?? null, frontMatter.notes ?? null, tree], (key, value: unknown) => (key === 'position' ? undefined : value))
}

/**
 * The text of a block as segments, the segments that make up each text node,
 * and where each segment's text comes from. What the writer escaped or wrote
 * as a character reference is frozen: printed as typed.
 */
function collect(block: Parent, source: string | undefined) {
  const segments: Segment[] = []
  const nodes = new Map<Text, Segment[]>()
  const origins = new Map<Segment, Origin>()
  const walk = (node: Nodes) => {
    switch (node.type) {
      case 'text': {
        const parts = source === undefined || writtenAsIs(source, node) ? undefined : escapedParts(source, node)
        const own = parts ?? [{segment: {value: node.value, frozen: false}, from: 0}]
        for (const {segment, from} of own) {
          segments.push(segment)
          origins.set(segment, {node, from})
        }
        nodes.set(
          node,
          own.map(({segment}) => segment)
        )
        return
      }
      case 'inlineCode':
        segments.push({value: node.value, frozen: true})
        return
      case 'break':
        segments.push({value: '\n', frozen: true})
        return
      case 'link':
        if (node.children.length === 1 && node.children[0]!.type === 'text' && addressLike.test(node.children[0]!.value)) {
          segments.push({value: node.children[0]!.value, frozen: true})
          return
        }
        break
      default:
        break
    }
    if ('children' in node) for (const child of node.children as PhrasingContent[]) walk(child)
    else segments.push({value: object, frozen: true})
  }
  for (const child of block.children as PhrasingContent[]) walk(child)
  return {segments, nodes, origins}
}

/**
 * A text node cut where the writer escaped a character or wrote a character
 * reference: those pieces are frozen, and rules see punctuation among them as
 * an object, so that `\"` neither curls nor pairs with another quote.
 */
function escapedParts(source: string, node: Text): Array<{segment: Segment; from: number}> | undefined {
  const map = sourceMap(source, node)
  if (!map || !map.escaped.includes(true)) return undefined
  const parts: Array<{segment: Segment; from: number}> = []
  const value = node.value
  let index = 0
  while (index < value.length) {
    let next = index + 1
    if (map.escaped[index]) {
      // One reference can stand for two characters.
      while (next < value.length && map.escaped[next] && map.starts[next] === map.starts[index]) next++
      const typed = value.slice(index, next)
      parts.push({segment: {value: typed, frozen: true, ...(/^[\p{L}\p{M}\p{N}\p{Z}\p{Cf}]+$/u.test(typed) ? {} : {shown: object.repeat(typed.length)})}, from: index})
    } else {
      while (next < value.length && !map.escaped[next]) next++
      parts.push({segment: {value: value.slice(index, next), frozen: false}, from: index})
    }
    index = next
  }
  return parts
}

/** Freezes the line break before a quotation's attribution, so that no rule joins the attribution to the quote. */
function keepAttributionLine(segments: Segment[], nodes: Map<Text, Segment[]>, origins: Map<Segment, Origin>) {
  let at = attributionBreakIn(segments.map((segment) => segment.shown ?? segment.value).join(''))
  if (at === undefined) return
  for (const [index, segment] of segments.entries()) {
    if (at >= segment.value.length) {
      at -= segment.value.length
      continue
    }
    if (segment.frozen) return
    const cut: Segment[] = [{value: segment.value.slice(0, at), frozen: false}, {value: '\n', frozen: true}, {value: segment.value.slice(at + 1), frozen: false}]
    segments.splice(index, 1, ...cut)
    const origin = origins.get(segment)
    if (origin && 'node' in origin) {
      origins.set(cut[0]!, origin)
      origins.set(cut[2]!, {node: origin.node, from: origin.from + at + 1})
    }
    for (const parts of nodes.values()) {
      const found = parts.indexOf(segment)
      if (found !== -1) parts.splice(found, 1, ...cut)
    }
    return
  }
}

/** Notes each change, placed where the writer typed what it changed. */
function noteChanges(file: VFile, lang: string, places: ChangePlaces) {
  return (rule: string, segment: Segment, changes: readonly AppliedChange[], origin: Origin | undefined) => {
    const points = places.place(segment, origin, changes)
    for (const [index, {before, after}] of changes.entries()) note(file, `${show(before)} → ${show(after)} (${lang} typography)`, points[index], rule)
  }
}

const names: Readonly<Record<string, string>> = {'\u00a0': 'no-break space', '\u202f': 'narrow no-break space', ' ': 'space', '\n': 'line break', '\t': 'tab'}

/** A changed piece of text as a reader can see it, naming invisible characters. */
function show(text: string): string {
  if (text === '') return 'nothing'
  return [...text]
    .map((character) => names[character] ?? (/[\p{Cc}\p{Cf}\p{Zs}]/u.test(character) ? `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : /\p{M}/u.test(character) ? `“◌${character}”` : `“${character}”`))
    .join(' ')
}
