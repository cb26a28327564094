// The style rules of an email frame, read once per frame, so that inlining a
// release's body applies only the rules that can reach it. A rule whose last
// compound selector names an element, a class or an id that the body does not
// have styles nothing in it (what it matches in the frame around the body is
// dropped anyway), and juice spends most of its time matching such rules.
import {juice} from './juice.js'

interface FrameRule {
  /** The rule again, one selector and its declarations, as juice reads it. */
  readonly text: string
  /** What the element it styles must be: a tag name, classes, an id. Undefined when it cannot be told, and the rule is kept. */
  readonly needs?: {readonly tag?: string; readonly classes: readonly string[]; readonly id?: string}
}

export interface FrameStyles {
  /** The frame up to its style element's content, and from its end on. */
  readonly before: string
  readonly after: string
  readonly rules: readonly FrameRule[]
  /**
   * Whether what the rules give an element depends on the element and its
   * ancestors alone: no selector with a pseudo-class, a pseudo-element or a
   * sibling combinator, and no generated content or counters.
   */
  readonly byAncestors: boolean
  /** The attributes, lower case, that a selector reads (`id` with an id selector). */
  readonly selectedAttributes: ReadonlySet<string>
}

interface Compound {
  readonly combinator?: string
  readonly tag?: string
  readonly classList?: readonly string[]
  readonly id?: string
  readonly attributes?: ReadonlyArray<{readonly name: string}>
  readonly pseudos?: readonly unknown[]
}

/** Declarations whose effect depends on an element's place among its siblings, or that juice turns into content. */
const placed = new Set(['content', 'counter-reset', 'counter-increment'])

/** The helpers juice exports (`juice.utils`) and its type declarations leave out: its own CSS and selector parsers. */
const juiceUtils = () => (juice() as unknown as {utils: {parseCSS(css: string): Array<[string, Array<{name: string; value: string}>]>; Selector: new (text: string) => {parsed(): ArrayLike<Compound> | null}}}).utils

const read = new Map<string, FrameStyles | undefined>()

/** The frame's style element as rules; undefined when it has none press can read (the frame is then inlined whole). */
export function frameStyles(frame: string): FrameStyles | undefined {
  if (read.has(frame)) return read.get(frame)
  const open = frame.indexOf('<style>')
  const close = frame.indexOf('</style>', open)
  let styles: FrameStyles | undefined
  if (open !== -1 && close !== -1) {
    let byAncestors = true
    const selectedAttributes = new Set<string>()
    const rules = juiceUtils().parseCSS(frame.slice(open + '<style>'.length, close)).map(([selector, declarations]): FrameRule => {
      const text = `${selector}{${declarations.map(({name, value}) => `${name}:${value}`).join(';')}}`
      const parsed = new (juiceUtils().Selector)(selector).parsed()
      const compounds = parsed ? Array.from(parsed) : []
      for (const compound of compounds) {
        for (const {name} of compound.attributes ?? []) selectedAttributes.add(name.toLowerCase())
        if (compound.id) selectedAttributes.add('id')
      }
      if (selector.includes(',') || compounds.some(({combinator, pseudos}) => (combinator !== undefined && combinator !== ' ' && combinator !== '>') || (pseudos?.length ?? 0) > 0) || declarations.some(({name}) => placed.has(name))) byAncestors = false
      const last = compounds.at(-1)
      if (!last) return {text}
      return {text, needs: {...(last.tag && last.tag !== '*' ? {tag: last.tag.toLowerCase()} : {}), classes: last.classList ?? [], ...(last.id ? {id: last.id} : {})}}
    })
    styles = {before: frame.slice(0, open + '<style>'.length), after: frame.slice(close), rules, byAncestors, selectedAttributes}
  }
  // A frame per language and build: a long press serve session makes new ones as templates change.
  if (read.size >= 32) read.clear()
  read.set(frame, styles)
  return styles
}

/** The frames read in this process, with what was read of each. */
export function framesRead(): ReadonlyMap<string, FrameStyles | undefined> {
  return read
}

/** Takes what another process read of a frame, unless this one has read it; gives what this process now has of it. */
export function frameReadBefore(frame: string, styles: FrameStyles | undefined): FrameStyles | undefined {
  if (!read.has(frame)) {
    if (read.size >= 32) read.clear()
    read.set(frame, styles)
  }
  return read.get(frame)
}

/** The frame with only the style rules that can style an element of `body`. */
export function frameFor(styles: FrameStyles, body: string): string {
  const tags = new Set([...body.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((match) => match[1]!.toLowerCase()))
  const classes = new Set(attributeValues(body, 'class').flatMap((value) => value.split(/\s+/)))
  const ids = new Set(attributeValues(body, 'id'))
  const reaches = ({needs}: FrameRule) => !needs || ((needs.tag === undefined || tags.has(needs.tag)) && needs.classes.every((name) => classes.has(name)) && (needs.id === undefined || ids.has(needs.id)))
  return `${styles.before}${styles.rules
    .filter(reaches)
    .map(({text}) => text)
    .join('\n')}${styles.after}`
}

/** The values of an attribute in some HTML, quoted or not. */
function attributeValues(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'gi'))].map((match) => match[1] ?? match[2] ?? match[3]!)
}
