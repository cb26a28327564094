// Carries normalization back into a release's Markdown source as small edits,
// so that `press format` changes the characters normalization changed and
// nothing else: not the writer's list markers, emphasis style or line breaks.
import {decodeNamedCharacterReference} from 'decode-named-character-reference'
import {diffChars} from 'diff'
import type {Root, Text, Yaml} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {isScalar, parseDocument, Scalar} from 'yaml'
import {warning} from '../source/diagnostics.js'

export interface Edit {
  readonly start: number
  readonly end: number
  readonly text: string
}

/** Edits that turn the text nodes of `before` into those of `after`, a normalized copy. */
export function textEdits(source: string, before: Root, after: Root, file: VFile): Edit[] {
  const old = textNodes(before)
  const changed = textNodes(after)
  const edits: Edit[] = []
  old.forEach((node, index) => {
    const value = changed[index]!.value
    if (node.value === value) return
    const map = align(source, node)
    if (!map) {
      warning(file, 'The typography of this text could not be set in the file: correct it by hand', node.position, 'format-unaligned')
      return
    }
    // Source just after the character before `index`: an insertion goes there, before anything the parser skipped.
    const after = (index: number) => (index === 0 ? map[0]! : map[index - 1]! + 1)
    let at = 0
    for (const part of diffChars(node.value, value)) {
      if (part.added) {
        edits.push({start: after(at), end: after(at), text: part.value})
      } else if (part.removed) {
        const end = at + part.value.length
        // A line break goes with the spaces that ended its line and the markers that start the next.
        const joinsLines = part.value.endsWith('\n')
        edits.push({start: part.value.startsWith('\n') ? after(at) : map[at]!, end: joinsLines ? map[end]! : after(end), text: ''})
        at = end
      } else {
        at += part.value.length
      }
    }
  })
  return edits
}

/** Edits that rewrite changed front matter fields, keeping the way each is quoted. */
export function frontMatterEdits(source: string, yaml: Yaml, changes: Readonly<Record<string, string>>, file: VFile): Edit[] {
  const base = source.indexOf('\n', yaml.position!.start.offset!) + 1
  const doc = parseDocument(yaml.value)
  const edits: Edit[] = []
  for (const [key, value] of Object.entries(changes)) {
    const node = doc.get(key, true)
    if (!isScalar(node) || !node.range) continue
    const [start, end] = node.range
    const written = yaml.value.slice(start, end)
    let text: string | undefined
    if (node.type === Scalar.PLAIN && written === node.value) text = plainOrQuoted(value)
    else if (node.type === Scalar.QUOTE_DOUBLE) text = JSON.stringify(value)
    else if (node.type === Scalar.QUOTE_SINGLE) text = `'${value.replaceAll("'", "''")}'`
    if (text === undefined) {
      warning(file, `The typography of \`${key}\` could not be set in the file: correct it by hand`, yaml.position, 'format-unaligned')
      continue
    }
    edits.push({start: base + start, end: base + end, text})
  }
  return edits
}

export function applyEdits(source: string, edits: readonly Edit[]): string {
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

/**
 * Maps each offset in a text node's value to its offset in the source, past
 * what the parser took out: escapes, character references, and the
 * indentation and `>` markers that start continuation lines.
 */
function align(source: string, node: Text): number[] | undefined {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return undefined
  const map: number[] = []
  let at = start
  let index = 0
  const value = node.value
  while (index < value.length) {
    if (at >= end) return undefined
    const character = source[at]!
    if (character === value[index]) {
      map[index++] = at++
    } else if (character === '\\' && source[at + 1] === value[index]) {
      at++
    } else if (character === '&') {
      const reference = /^&(#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/i.exec(source.slice(at, at + 40))
      const decoded = reference && decodeReference(reference[1]!)
      if (!decoded || !value.startsWith(decoded, index)) return undefined
      for (let offset = 0; offset < decoded.length; offset++) map[index++] = at
      at += reference![0].length
    } else if (/[ \t>]/.test(character) && isLineStart(source, at)) {
      at++
    } else if (/[ \t]/.test(character) && value[index] === '\n' && /^[ \t]*\n/.test(source.slice(at, at + 200))) {
      // Spaces that ended the line, which the parser drops.
      at++
    } else {
      return undefined
    }
  }
  map[index] = at
  return map
}

/** Whether only indentation and `>` markers stand between `at` and the start of its line. */
function isLineStart(source: string, at: number): boolean {
  const lineStart = source.lastIndexOf('\n', at - 1) + 1
  return /^[ \t>]*$/.test(source.slice(lineStart, at))
}

function decodeReference(body: string): string | undefined {
  if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16))
  if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10))
  return decodeNamedCharacterReference(body) || undefined
}

/** A YAML plain scalar when the value reads back the same, else double-quoted. */
function plainOrQuoted(value: string): string {
  const plain = parseDocument(`key: ${value}`).get('key')
  return plain === value && !/^\s|\s$/.test(value) ? value : JSON.stringify(value)
}
