// What juice taught this process about the house email, as plain data a
// build keeps in its cache: each frame's style rules as read (frame-rules.ts),
// what juice wrote into each start tag by its context (context-styles.ts) and
// each email shape it inlined (inline-shape.ts). A later build of the same
// frames and code takes it first, so that an edited release whose tags and
// email are of known shapes is inlined as juice inlined them, without
// loading juice: about a tenth of a second of a one-release rebuild.
import {contextsKnown, contextsKnownBefore, type PlainContexts, type Template} from './context-styles.js'
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

/** How much this process knows: it changed when this has. */
export function styleMemorySize(frames: readonly string[]): number {
  const {frames: known, shapes} = styleMemory(frames)
  return known.reduce((sum, {contexts}) => sum + 1 + (contexts ? contexts.keys.length + contexts.templates.length : 0), shapes.length)
}

/** Takes what another process knew, as kept; nothing of a memory not of this shape. */
export function rememberStyles(memory: unknown): void {
  if (!isMemory(memory)) return
  for (const {frame, styles, contexts} of memory.frames) {
    const now = frameReadBefore(frame, styles ? {...styles, selectedAttributes: new Set(styles.selectedAttributes)} : undefined)
    if (now && contexts) contextsKnownBefore(now, contexts)
  }
  shapesInlinedBefore(memory.shapes)
}

const isString = (value: unknown): value is string => typeof value === 'string'
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString)

function isMemory(value: unknown): value is StyleMemory {
  if (typeof value !== 'object' || value === null) return false
  const {frames, shapes} = value as Partial<Record<keyof StyleMemory, unknown>>
  return Array.isArray(shapes) && shapes.every((pair) => isStrings(pair) && pair.length === 2) && Array.isArray(frames) && frames.every(isFrame)
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

function isContexts(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const {keys, templates} = value as Record<string, unknown>
  return isStrings(keys) && Array.isArray(templates) && templates.every((entry) => Array.isArray(entry) && entry.length === 2 && Number.isSafeInteger(entry[0]) && entry[0] >= 0 && entry[0] < keys.length && (entry[1] === null || isTemplate(entry[1])))
}

function isTemplate(value: unknown): value is Template {
  return Array.isArray(value) && value.every((piece) => isString(piece) || (Number.isSafeInteger(piece) && (piece as number) >= 0))
}
