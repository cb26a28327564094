// Reads YAML written by people (front matter, settings) safely: YAML 1.2 core
// schema only, no aliases, no custom tags, no duplicate keys, size-capped, and
// every problem placed at its line and column in the file it came from.
import type {Point, Position} from 'unist'
import type {VFile} from 'vfile'
import {LineCounter, isMap, isPair, isScalar, parseDocument, visit, type Document} from 'yaml'
import {error} from './diagnostics.js'

const maxYamlBytes = 64 * 1024

/** How press parses YAML written by people, wherever it reads it: the core schema of YAML 1.2 even under a `%YAML 1.1` line. */
export const yamlOptions = {schema: 'core', version: '1.2', merge: false, uniqueKeys: true, strict: true} as const

export interface YamlSource {
  readonly data: Record<string, unknown>
  /** Where the value at `path` is written, or where its parent is if it is missing. */
  place(path: ReadonlyArray<string | number>): Position | undefined
  /** Where the key of the entry at `path` is written. */
  placeKey(path: ReadonlyArray<string | number>): Position | undefined
}

/**
 * Parses `text`, which starts at `start` in `file`, into a plain mapping.
 * Returns undefined after recording errors on `file` when it cannot be read.
 */
export function readYaml(text: string, file: VFile, start: Point, what: string): YamlSource | undefined {
  const lineCounter = new LineCounter()
  const toPoint = (offset: number): Point => {
    const {line, col} = lineCounter.linePos(offset)
    return {line: start.line + line - 1, column: line === 1 ? start.column + col - 1 : col, offset}
  }
  const toPosition = (range: readonly number[] | undefined): Position | undefined =>
    range && range.length >= 2 ? {start: toPoint(range[0]!), end: toPoint(range[1]!)} : undefined

  if (Buffer.byteLength(text) > maxYamlBytes) {
    error(file, `The ${what} is larger than ${maxYamlBytes / 1024} KB: keep it to a few short fields`, start, 'yaml-too-large')
    return undefined
  }

  const doc = parseDocument(text, {...yamlOptions, lineCounter, prettyErrors: false})
  let ok = true
  for (const problem of doc.errors) {
    ok = false
    const unquoted = unquotedColon(text, lineCounter.linePos(problem.pos[0]).line)
    const reason = unquoted ? `: \`${unquoted.key}\` has a colon and a space in its value, which YAML reads as another key. Put the value in quotes, as in ${unquoted.key}: "${unquoted.value}"` : ` is not valid YAML: ${firstLine(problem.message)}`
    error(file, `The ${what}${reason}`, toPosition(problem.pos), `yaml-${problem.code.toLowerCase()}`)
  }
  for (const problem of doc.warnings) {
    ok = false
    const reason = problem.code === 'TAG_RESOLVE_FAILED' ? 'tags such as `!!` or `!name` are not allowed; write plain values' : firstLine(problem.message)
    error(file, `The ${what} is not valid here: ${reason}`, toPosition(problem.pos), 'yaml-tag')
  }
  if (!ok) return undefined

  visit(doc, {
    Scalar(_, node) {
      const problem = typeof node.value === 'string' ? unpublishableCharacter(node.value) : undefined
      if (problem) {
        ok = false
        error(file, `The ${what} holds ${problem}, which no page, feed or email can carry: remove it`, toPosition(node.range ?? undefined), 'yaml-character')
      }
    },
    Alias(_, node) {
      ok = false
      error(file, `The ${what} uses an alias (\`*name\`): write the value out in full`, toPosition(node.range ?? undefined), 'yaml-alias')
    },
    Node(_, node) {
      if (node.anchor || (node.tag && !node.tag.startsWith('tag:yaml.org,2002:'))) {
        ok = false
        error(file, `The ${what} uses an anchor or tag: write plain values`, toPosition(node.range ?? undefined), 'yaml-anchor')
      }
    }
  })
  if (!ok) return undefined

  if (doc.contents !== null && !isMap(doc.contents)) {
    error(file, `The ${what} must be a list of \`key: value\` lines`, toPosition(doc.contents.range ?? undefined) ?? start, 'yaml-not-mapping')
    return undefined
  }
  const data = (doc.toJS({maxAliasCount: 0}) ?? {}) as Record<string, unknown>
  const whole = toPosition(doc.range)

  return {
    data,
    place(path) {
      for (let length = path.length; length > 0; length--) {
        const node = doc.getIn(path.slice(0, length), true)
        if (node && typeof node === 'object' && 'range' in node) return toPosition((node as {range?: number[]}).range) ?? whole
      }
      return whole
    },
    placeKey(path) {
      const pair = findPair(doc, path)
      if (pair && isScalar(pair.key)) return toPosition(pair.key.range ?? undefined)
      return this.place(path)
    }
  }
}

function findPair(doc: Document, path: ReadonlyArray<string | number>) {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents
  if (!isMap(parent)) return undefined
  const key = path[path.length - 1]
  return parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key)
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}

/** Characters XML 1.0 forbids (C0 controls but tab and line ends, U+FFFE, U+FFFF), and halves of surrogate pairs. */
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/

/** Names the first character of `text` that cannot be published, if any. */
function unpublishableCharacter(text: string): string | undefined {
  const found = forbidden.exec(text)
  if (found) return `the character U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  if (/\p{Cs}/u.test(text)) return 'half of a surrogate pair (an escape such as \\uDFFF)'
  return undefined
}

/** The most common mistake, `title: Minister: a visit`: a plain value holding ": " on the line of a problem. */
function unquotedColon(text: string, line: number): {key: string; value: string} | undefined {
  const found = /^\s*([\w-]+):[ \t]+([^"'\s[{|>#][^#]*?:[ \t].*?)\s*$/.exec(text.split('\n')[line - 1] ?? '')
  return found ? {key: found[1]!, value: found[2]!.replaceAll('"', '\\"')} : undefined
}
