// Inlines a release's email body without juice once what juice writes into
// each of its start tags is known. When the frame's selectors name only
// elements, classes, ids and attributes, joined by descendant and child
// combinators (the house frame's are such), what juice makes of a start tag
// depends on that tag and its ancestors alone: its context. The first body
// that holds a context is inlined by juice, and what juice made of each of its
// start tags is kept as a template with the tag's own values left open; a body
// whose every context is known is set from the templates. Each body juice
// inlines is also set from the templates and compared, byte for byte; a
// context whose template did not give juice's bytes is never used again.
import {attribute, token} from './html-tokens.js'
import type {FrameStyles} from './frame-rules.js'

/** Elements that have no end tag. */
const voids = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])

/** Attributes whose values can change what juice writes, besides those selectors read: classes, the style, and those it sets on table elements. */
const alwaysRead = ['class', 'style', 'align', 'valign', 'bgcolor', 'background', 'width', 'height']

/** A start tag's text again: pieces as juice wrote them, and the numbers of the tag's own attribute values to put in. */
export type Template = ReadonlyArray<string | number>

interface Contexts {
  /** Context numbers, by the number of the parent's context and the tag's shape. */
  readonly numbers: Map<string, number>
  /** Templates by context number; null for a context juice must always inline. */
  readonly templates: Map<number, Template | null>
}

interface StartTag {
  readonly context: number
  /** The values of the attributes no selector reads, as written. */
  readonly values: readonly string[]
  /** Where the tag is in the body. */
  readonly start: number
  readonly end: number
}

const byFrame = new Map<FrameStyles, Contexts>()
/** More contexts than any build has; past them, a frame starts again. */
const maxContexts = 50_000

/** How many bodies were set from templates, and how many juice inlined: for tests, and for a thread to tell when it has learned something. */
export const contextCounts = {set: 0, juiced: 0}

/** The contexts known of the frame read as `styles`, none at first (a long press serve session reads new frames as templates change). */
function contextsOf(styles: FrameStyles): Contexts {
  let contexts = byFrame.get(styles)
  if (!contexts) {
    if (byFrame.size >= 32) byFrame.clear()
    byFrame.set(styles, (contexts = {numbers: new Map(), templates: new Map()}))
  }
  return contexts
}

/** The body with the frame's styles inlined, as `juiced` would inline it, calling it only for bodies with a context not yet known. */
export function inlineByContext(styles: FrameStyles, body: string, juiced: () => string): string {
  // Juice's own placeholders, and the marks the body is cut out of the frame by, are its alone.
  if (!styles.byAncestors || /\{\{|<%|JUICE_CODE_BLOCK|communique:body/i.test(body)) return juiced()
  const contexts = contextsOf(styles)
  const read = new Set([...alwaysRead, ...styles.selectedAttributes])
  const tags = startTags(body, contexts, read)
  if (!tags) return juiced()
  // Past the bound (one body may add many contexts), the frame starts again.
  if (contexts.numbers.size > maxContexts) {
    byFrame.delete(styles)
    return juiced()
  }
  const known = setFrom(body, tags, contexts.templates)
  if (known !== undefined) {
    contextCounts.set++
    return known
  }
  contextCounts.juiced++
  const inlined = juiced()
  learn(body, tags, inlined, contexts, read)
  return inlined
}

/** What a frame's contexts are, as plain data: each context's key in the order of their numbers, and the templates by number. */
export interface PlainContexts {
  readonly keys: readonly string[]
  readonly templates: ReadonlyArray<readonly [number, Template | null]>
}

/** The contexts known of the frame read as `styles`; undefined when none are. */
export function contextsKnown(styles: FrameStyles): PlainContexts | undefined {
  const contexts = byFrame.get(styles)
  return contexts && {keys: [...contexts.numbers.keys()], templates: [...contexts.templates]}
}

/**
 * Takes the contexts another process or thread learned of the frame read
 * as `styles`, its numbers made this one's: a context new here is added, a
 * template taken where this one has none, and one the other found wrong is
 * left to juice here too.
 */
export function contextsLearnedElsewhere(styles: FrameStyles, known: PlainContexts): void {
  const contexts = contextsOf(styles)
  const ours = new Map<number, number>([[-1, -1]])
  known.keys.forEach((key, theirs) => {
    const space = key.indexOf(' ')
    const parent = ours.get(Number(key.slice(0, space)))
    if (parent === undefined) return
    const here = `${parent}${key.slice(space)}`
    let number = contexts.numbers.get(here)
    if (number === undefined && contexts.numbers.size < maxContexts) contexts.numbers.set(here, (number = contexts.numbers.size))
    if (number !== undefined) ours.set(theirs, number)
  })
  for (const [theirs, template] of known.templates) {
    const number = ours.get(theirs)
    if (number === undefined) continue
    if (!contexts.templates.has(number)) {
      contexts.templates.set(number, template)
      continue
    }
    // Two templates for one context: the frame is not what the contexts take it for there, and juice inlines it.
    const had = contexts.templates.get(number)!
    if (had !== null && (template === null || filledText(had) !== filledText(template))) contexts.templates.set(number, null)
  }
}

/** The body's start tags with their contexts; undefined when it is not HTML this can follow (juice then inlines it). */
function startTags(body: string, contexts: Contexts, read: ReadonlySet<string>): StartTag[] | undefined {
  const tags: StartTag[] = []
  const open: Array<{name: string; context: number}> = []
  let from = 0
  for (const match of body.matchAll(token)) {
    // A `<` that starts no tag is read differently by HTML parsers.
    if (body.slice(from, match.index).includes('<')) return undefined
    from = match.index + match[0].length
    const text = match[0]
    if (text.startsWith('<!')) continue
    if (match[1] !== undefined) return undefined
    const name = /^<\/?([^\s/>]+)/.exec(text)![1]!.toLowerCase()
    if (text.startsWith('</')) {
      // Juice writes every end tag as </name>: one written otherwise is left to it.
      if (open.pop()?.name !== name || text !== `</${name}>`) return undefined
      continue
    }
    const values: string[] = []
    const shape = text.replace(attribute, (whole, space: string, attributeName: string, equals: string, value: string) => {
      // Juice writes an empty value as the bare name and quotes every value with ": only a non-empty double-quoted one is left open.
      if (read.has(attributeName.toLowerCase()) || !/^"[^"]/.test(value)) return whole
      values.push(value)
      return `${space}${attributeName}${equals}\u0000`
    })
    const key = `${open.at(-1)?.context ?? -1} ${shape}`
    let context = contexts.numbers.get(key)
    if (context === undefined) contexts.numbers.set(key, (context = contexts.numbers.size))
    tags.push({context, values, start: match.index, end: from})
    if (text.endsWith('/>') && !voids.has(name)) return undefined
    if (!voids.has(name)) open.push({name, context})
  }
  if (open.length > 0 || body.slice(from).includes('<')) return undefined
  return tags
}

/** The body with each start tag set from its template; undefined when a context has none. */
function setFrom(body: string, tags: readonly StartTag[], templates: Contexts['templates']): string | undefined {
  const pieces: string[] = []
  let from = 0
  for (const tag of tags) {
    const template = templates.get(tag.context)
    if (!template) return undefined
    pieces.push(body.slice(from, tag.start), filled(template, tag))
    from = tag.end
  }
  pieces.push(body.slice(from))
  return pieces.join('')
}

/**
 * Keeps a template for each new context of a body from juice's `inlined` body.
 * A context whose template does not give the tag juice wrote, and the new
 * ones of a body not set again byte for byte, are left to juice from then on.
 */
function learn(body: string, tags: readonly StartTag[], inlined: string, contexts: Contexts, read: ReadonlySet<string>): void {
  const {templates} = contexts
  const written = [...inlined.matchAll(token)].filter((match) => !match[0].startsWith('<!') && !match[0].startsWith('</')).map((match) => match[0])
  const fresh = new Set(tags.map(({context}) => context).filter((context) => !templates.has(context)))
  const leave = (contexts: Iterable<number>) => {
    for (const context of contexts) templates.set(context, null)
  }
  if (written.length !== tags.length) return leave(fresh)
  tags.forEach((tag, index) => {
    if (!templates.has(tag.context)) templates.set(tag.context, templateOf(tag, written[index]!, read) ?? null)
    const template = templates.get(tag.context)
    if (template && filled(template, tag) !== written[index]) templates.set(tag.context, null)
  })
  const again = setFrom(body, tags, templates)
  if (again !== undefined && again !== inlined) leave(fresh)
}

/** A template as text, its open values marked, to compare two. */
function filledText(template: Template): string {
  return template.map((piece) => (typeof piece === 'number' ? `\u0000${piece}\u0000` : piece)).join('')
}

function filled(template: Template, tag: StartTag): string {
  return template.map((piece) => (typeof piece === 'number' ? tag.values[piece]! : piece)).join('')
}

/** The tag as juice wrote it, with the tag's own values (those no selector reads) left open; undefined if juice changed one. */
function templateOf(tag: StartTag, written: string, read: ReadonlySet<string>): Template | undefined {
  const template: Array<string | number> = []
  let next = 0
  let from = 0
  for (const match of written.matchAll(attribute)) {
    const [, space, name, equals, value] = match as unknown as [string, string, string, string, string]
    if (read.has(name.toLowerCase())) continue
    // Values no selector reads come through in their order, unless juice changed one: then the context is juice's alone.
    if (tag.values[next] !== value) return undefined
    template.push(written.slice(from, match.index) + space + name + equals, next++)
    from = match.index + match[0].length
  }
  if (next !== tag.values.length) return undefined
  template.push(written.slice(from))
  return template
}
