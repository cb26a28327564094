// Carries normalization back into a release's Markdown source as small edits,
// so that `press format` changes the characters normalization changed and
// nothing else: not the writer's list markers, emphasis style or line breaks.
// Edits that would change what the release says are left out, with a note.
import {diffChars} from 'diff'
import type {Root, Text, Yaml} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {isScalar, parseDocument, Scalar} from 'yaml'
import {note, warning} from '../source/diagnostics.js'
import {sourceMap} from './source-map.js'

interface Edit {
  readonly start: number
  readonly end: number
  readonly text: string
}

/** The edits of one text node or front matter field: kept or left out together. */
export interface EditGroup {
  readonly edits: readonly Edit[]
  readonly place: Position | undefined
}

/** Edits that turn the text nodes of `before` into those of `after`, a normalized copy. */
export function textEdits(source: string, before: Root, after: Root, file: VFile): EditGroup[] {
  const old = textNodes(before)
  const changed = textNodes(after)
  const groups: EditGroup[] = []
  old.forEach((node, index) => {
    const value = changed[index]!.value
    if (node.value === value) return
    const map = sourceMap(source, node)
    if (!map) {
      warning(file, 'The typography of this text could not be set in the file: correct it by hand', node.position, 'format-unaligned')
      return
    }
    const {starts, ends} = map
    const edits: Edit[] = []
    groups.push({edits, place: node.position})
    // Source just after the character before `index`: an insertion goes there, before anything the parser skipped.
    const after = (index: number) => (index === 0 ? starts[0]! : ends[index - 1]!)
    let at = 0
    const parts = diffChars(node.value, value)
    parts.forEach((part, index) => {
      if (part.added) {
        if (!parts[index - 1]?.removed) edits.push({start: after(at), end: after(at), text: part.value})
      } else if (part.removed) {
        const end = at + part.value.length
        // A line break goes with the spaces that ended its line and the markers that start the next.
        const joinsLines = part.value.endsWith('\n')
        // A replacement is one edit: kept or left out whole.
        const text = parts[index + 1]?.added ? parts[index + 1]!.value : ''
        edits.push({start: part.value.startsWith('\n') ? after(at) : starts[at]!, end: joinsLines ? starts[end]! : after(end), text})
        at = end
      } else {
        at += part.value.length
      }
    })
  })
  return groups
}

/** A changed front matter value: its path (`['title']`, `['notes', 0]`) and its new text. */
export interface FieldChange {
  readonly path: ReadonlyArray<string | number>
  readonly value: string
}

/** Edits that rewrite changed front matter values, keeping the way each is quoted. */
export function frontMatterEdits(source: string, yaml: Yaml, changes: readonly FieldChange[], file: VFile): EditGroup[] {
  const base = source.indexOf('\n', yaml.position!.start.offset!) + 1
  const doc = parseDocument(yaml.value)
  const groups: EditGroup[] = []
  for (const {path, value} of changes) {
    const key = path.join('.')
    const node = doc.getIn(path, true)
    if (!isScalar(node) || !node.range) continue
    const [start, end] = node.range
    const written = yaml.value.slice(start, end)
    let text: string | undefined
    if (node.type === Scalar.PLAIN && written === node.value) text = plainOrQuoted(value)
    else if (node.type === Scalar.QUOTE_DOUBLE) text = JSON.stringify(value)
    else if (node.type === Scalar.QUOTE_SINGLE) text = `'${value.replaceAll("'", "''")}'`
    else if (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL) text = blockText(written, value)
    if (text === undefined) {
      warning(file, `The typography of \`${key}\` could not be set in the file: correct it by hand`, yaml.position, 'format-unaligned')
      continue
    }
    groups.push({edits: [{start: base + start, end: base + end, text}], place: yaml.position})
  }
  return groups
}

/**
 * A one-line value written again as the block scalar `written` was (`summary: >`
 * and its lines indented below): its header, its indentation, and a folded
 * one's lines broken at spaces near where they were. Undefined for a block it
 * cannot write so (kept trailing lines, blank or more indented lines).
 */
function blockText(written: string, value: string): string | undefined {
  const [header, ...rest] = written.replace(/\n$/, '').split('\n')
  const indent = /^ +/.exec(rest[0] ?? '')?.[0]
  if (indent === undefined || /[\r\n]/.test(value) || !/^[>|]-?\d?[ \t]*(#.*)?$/.test(header!) || rest.some((line) => !line.startsWith(indent) || /^[ \t]|^$/.test(line.slice(indent.length)))) return undefined
  const lines: string[] = []
  let left = value
  const spaces = (text: string) => text.split(' ').length - 1
  const folded = header!.startsWith('>') ? rest.slice(0, -1).map((line) => line.slice(indent.length)) : []
  // The same words on each line when the value has as many spaces as the block had (its breaks among them), otherwise as wide.
  const byWords = spaces(value) === spaces(rest.map((line) => line.slice(indent.length)).join(' '))
  // A folded block's line breaks are spaces: each is put back at a space, where it was.
  for (const line of folded) {
    let cut = -1
    if (byWords) for (let count = 0; count <= spaces(line); count++) cut = left.indexOf(' ', cut + 1)
    else {
      const before = left.lastIndexOf(' ', line.length)
      const after = left.indexOf(' ', line.length)
      cut = before > 0 && (after === -1 || line.length - before <= after - line.length) ? before : after
    }
    if (cut <= 0 || left[cut + 1] === ' ' || cut === left.length - 1) break
    lines.push(left.slice(0, cut))
    left = left.slice(cut + 1)
  }
  lines.push(left)
  return `${header}\n${lines.map((line) => indent + line).join('\n')}${written.endsWith('\n') ? '\n' : ''}`
}

/** Passes of formatting at most: a pass that had to leave an edit out can make room for it in the next. */
const maxPasses = 4

/**
 * The source formatted until a pass changes nothing, so that formatting the
 * result again changes nothing either. `once` makes one pass and records its
 * messages on the file it is given: the first pass on `file`, placed in the
 * source as written; later passes on a scratch file.
 */
export function formatted(source: string, once: (source: string, file: VFile) => string | undefined, file: VFile): string | undefined {
  let text = once(source, file)
  for (let pass = 1; text !== undefined && pass < maxPasses; pass++) {
    const next = once(text, new VFile({value: text}))
    if (next === undefined || next === text) break
    text = next
  }
  return text
}

/** Trials when all the edits together change the meaning; past them, what is left stays as typed. */
const maxTries = 400

/**
 * The source with the groups of edits applied that keep its meaning, as
 * `meaningOf` tells it (the normalized release, without places). All of them
 * when that holds; otherwise each group in turn, or failing that all of it
 * but one edit, or each edit alone, kept only if the meaning still holds. A group left out is noted where it is: the build still sets
 * that typography, but the file keeps it as typed.
 */
export function applyMeaningfully(source: string, groups: readonly EditGroup[], meaningOf: (text: string) => string | undefined, file: VFile): string {
  const all = applyEdits(source, groups.flatMap(({edits}) => edits))
  if (all === source) return source
  const meaning = meaningOf(source)
  if (meaning !== undefined && meaningOf(all) === meaning) return all
  const kept: Edit[] = []
  let tried = 0
  const keeps = (edits: readonly Edit[]) => meaning !== undefined && tried++ < maxTries && meaningOf(applyEdits(source, [...kept, ...edits])) === meaning
  for (const {edits, place} of groups) {
    if (edits.length === 0) continue
    if (keeps(edits)) {
      kept.push(...edits)
      continue
    }
    // Most of the group may still be safe: a pair of quotes set, but not the line joined.
    const allBut = edits.length === 1 ? undefined : edits.map((_, left) => edits.filter((__, index) => index !== left)).find(keeps)
    if (allBut) kept.push(...allBut)
    else if (edits.length > 1) for (const edit of edits) if (keeps([edit])) kept.push(edit)
    note(file, 'This typography cannot be written into the file without changing what the release says, so it is left as typed here; the build still sets it in every output', place, 'format-unsafe')
  }
  return applyEdits(source, kept)
}

function applyEdits(source: string, edits: readonly Edit[]): string {
  let result = source
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end)
  }
  return result
}

function textNodes(tree: Root): Text[] {
  const nodes: Text[] = []
  visit(tree, 'text', (node) => {
    nodes.push(node)
  })
  return nodes
}

/** A YAML plain scalar when the value reads back the same, else double-quoted. */
function plainOrQuoted(value: string): string {
  const plain = parseDocument(`key: ${value}`).get('key')
  return plain === value && !/^\s|\s$/.test(value) ? value : JSON.stringify(value)
}
