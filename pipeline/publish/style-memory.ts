// What juice taught this process about the house email, as plain data a
// build keeps in its cache: each frame's style rules as read (frame-rules.ts),
// what juice wrote into each start tag by its context (context-styles.ts) and
// each email shape it inlined (inline-shape.ts). A later build of the same
// frames, code and packages takes it first, so that an edited release whose
// tags and email are of known shapes is inlined as juice inlined them,
// without loading juice: about a tenth of a second of a one-release rebuild.
// Worker threads start from what the main thread knows and tell it what
// they learn (engine/worker.ts), so that a cold build keeps what its threads
// were taught.
import {contextsKnown, contextsLearnedElsewhere, type PlainContexts, type Template} from './context-styles.js'
import {frameReadBefore, framesRead, type FrameStyles} from './frame-rules.js'
import {shapesInlined, shapesInlinedBefore} from './inline-shape.js'

type PlainStyles = Omit<FrameStyles, 'selectedAttributes'> & {readonly selectedAttributes: readonly string[]}

export interface StyleMemory {
  readonly frames: ReadonlyArray<{readonly frame: string; readonly styles: PlainStyles | null; readonly contexts?: PlainContexts}>
  readonly shapes: ReadonlyArray<readonly [string, string]>
}

/** What this process knows of `frames` (the build's), and every shape it inlined. */
export function styleMemory(frames: readonly string[]): StyleMemory {
  const read = framesRead()
  return {
    frames: frames.flatMap((frame) => {
      if (!read.has(frame)) return []
      const styles = read.get(frame)
      const contexts = styles && contextsKnown(styles)
      return [{frame, styles: styles ? {...styles, selectedAttributes: [...styles.selectedAttributes]} : null, ...(contexts ? {contexts} : {})}]
    }),
    shapes: shapesInlined()
  }
}

/** The same as text, to tell whether a build taught anything (a template found wrong and dropped, too). */
export function styleMemoryText(frames: readonly string[]): string {
  return JSON.stringify(styleMemory(frames))
}

/**
 * Takes what another process knew, as kept, or what another thread of this
 * build learned (engine/worker.ts): its contexts numbered as this thread
 * numbers them, its shapes added; nothing of a memory not of this shape.
 */
export function rememberStyles(memory: unknown): void {
  if (!isMemory(memory)) return
  for (const {frame, styles, contexts} of memory.frames) {
    const now = frameReadBefore(frame, styles ? {...styles, selectedAttributes: new Set(styles.selectedAttributes)} : undefined)
    if (now && contexts) contextsLearnedElsewhere(now, contexts)
  }
  shapesInlinedBefore(memory.shapes)
}

const isString = (value: unknown): value is string => typeof value === 'string'
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString)

function isMemory(value: unknown): value is StyleMemory {
  if (typeof value !== 'object' || value === null) return false
  const {frames, shapes} = value as Partial<Record<keyof StyleMemory, unknown>>
  return Array.isArray(shapes) && shapes.every(isShape) && Array.isArray(frames) && frames.every(isFrame)
}

/** A shape and what it became: the same placeholders, each once (inline-shape.ts numbers them in order). */
function isShape(pair: unknown): boolean {
  if (!isStrings(pair) || pair.length !== 2) return false
  const placeholders = (text: string) => [...text.matchAll(/\ue000(\d+)\ue001/g)].map((match) => Number(match[1])).sort((a, b) => a - b)
  const inShape = placeholders(pair[0]!)
  const inInlined = placeholders(pair[1]!)
  return inShape.every((number, index) => number === index) && inInlined.length === inShape.length && inInlined.every((number, index) => number === index)
}

function isFrame(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const {frame, styles, contexts} = value as Record<string, unknown>
  return isString(frame) && (styles === null || isStyles(styles)) && (contexts === undefined || isContexts(contexts))
}

function isStyles(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const {before, after, rules, byAncestors, selectedAttributes} = value as Record<string, unknown>
  return isString(before) && isString(after) && typeof byAncestors === 'boolean' && isStrings(selectedAttributes) && Array.isArray(rules) && rules.every(isRule)
}

function isRule(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !isString((value as {text?: unknown}).text)) return false
  const {needs} = value as {needs?: unknown}
  if (needs === undefined) return true
  if (typeof needs !== 'object' || needs === null) return false
  const {tag, classes, id} = needs as Record<string, unknown>
  return (tag === undefined || isString(tag)) && isStrings(classes) && (id === undefined || isString(id))
}

/** Contexts as context-styles.ts numbers them: each key once, after its parent's (`<parent> <tag>`, -1 for none), each template filling only the values its tag leaves open (NUL in the key). */
function isContexts(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const {keys, templates} = value as Record<string, unknown>
  if (!isStrings(keys) || new Set(keys).size !== keys.length || !keys.every((key, index) => Number(/^(-1|\d+) /.exec(key)?.[1] ?? index) < index)) return false
  return Array.isArray(templates) && templates.every((entry) => Array.isArray(entry) && entry.length === 2 && Number.isSafeInteger(entry[0]) && entry[0] >= 0 && entry[0] < keys.length && (entry[1] === null || isTemplate(entry[1], keys[entry[0]]!.split('\u0000').length - 1)))
}

function isTemplate(value: unknown, open: number): value is Template {
  return Array.isArray(value) && value.every((piece) => isString(piece) || (Number.isSafeInteger(piece) && (piece as number) >= 0 && (piece as number) < open))
}
