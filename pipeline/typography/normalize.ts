// Normalize stage: sets a translation's text the way its language is
// typeset, once, on the syntax tree, so that every output carries the same
// clean text. Only prose changes: never code, addresses, raw HTML or keys.
import type {Nodes, Parent, PhrasingContent, Root, Text} from 'mdast'
import type {Point} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {note} from '../source/diagnostics.js'
import {addressLike} from './characters.js'
import {TextRun, type Segment} from './text-run.js'
import {createTypesetter, type Typography} from './typesetter.js'
import type {FrontMatter} from '../source/validate.js'

export interface Normalized {
  readonly tree: Root
  readonly frontMatter: FrontMatter
}

export interface NormalizeOptions {
  /** Record each change as a note on the file, for `press check`. */
  readonly notes?: boolean
}

export type Normalizer = (tree: Root, frontMatter: FrontMatter, file: VFile, options?: NormalizeOptions) => Normalized

const blocks = new Set(['paragraph', 'heading', 'tableCell'])
/** Stands for an image or other inline object: not a space, not punctuation. */
const object = '\ufffc'

/** Creates the normalizer of one language; once per build. */
export function createNormalizer(lang: string, typography: Typography | undefined): Normalizer {
  const typeset = createTypesetter(typography)
  return (tree, frontMatter, file, options = {}) => {
    const normalized = structuredClone(tree)
    const listen = options.notes ? noteChanges(file, lang) : undefined
    visit(normalized, (node) => {
      if (!blocks.has(node.type)) return undefined
      const {segments, nodes} = collect(node as Parent)
      typeset(new TextRun(segments, listen && ((rule, segment, offset, before, after) => listen(rule, segment, offset, before, after, nodes.get(segment)?.position?.start))))
      for (const [segment, text] of nodes) text.value = segment.value
      return 'skip'
    })
    const line = (field: 'title' | 'summary') => {
      const value = frontMatter[field]
      if (value === undefined) return undefined
      const segment: Segment = {value, frozen: false}
      const start = frontMatter.places?.[field]?.start
      typeset(new TextRun([segment], listen && ((rule, _, offset, before, after) => listen(rule, segment, offset, before, after, start))))
      return segment.value
    }
    return {
      tree: normalized,
      frontMatter: {
        ...frontMatter,
        title: line('title')!,
        ...(frontMatter.summary === undefined ? {} : {summary: line('summary')!})
      }
    }
  }
}

/** The text of a block as segments, and the text node behind each editable one. */
function collect(block: Parent): {segments: Segment[]; nodes: Map<Segment, Text>} {
  const segments: Segment[] = []
  const nodes = new Map<Segment, Text>()
  const walk = (node: Nodes) => {
    switch (node.type) {
      case 'text': {
        const segment = {value: node.value, frozen: false}
        segments.push(segment)
        nodes.set(segment, node)
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
  return {segments, nodes}
}

function noteChanges(file: VFile, lang: string) {
  // `start`: where the text begins in the file; the place of a change is counted from it.
  return (rule: string, segment: Segment, offset: number, before: string, after: string, start: Point | undefined) => {
    const lines = segment.value.slice(0, offset).split('\n')
    const place = start && {line: start.line + lines.length - 1, column: (lines.length === 1 ? start.column : 1) + lines.at(-1)!.length}
    note(file, `${show(before)} → ${show(after)} (${lang} typography)`, place, rule)
  }
}

const names: Readonly<Record<string, string>> = {'\u00a0': 'no-break space', '\u202f': 'narrow no-break space', ' ': 'space', '\n': 'line break', '\t': 'tab'}

/** A changed piece of text as a reader can see it, naming invisible characters. */
function show(text: string): string {
  if (text === '') return 'nothing'
  return [...text]
    .map((character) => names[character] ?? (/[\p{Cc}\p{Cf}\p{Zs}]/u.test(character) ? `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : `“${character}”`))
    .join(' ')
}
