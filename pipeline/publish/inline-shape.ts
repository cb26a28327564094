// Inlines the styles of many emails of one shape for the price of one. Two
// messages made from the same template differ in their texts and addresses,
// not in the elements, classes and attributes the style sheet selects by, so
// the styles juice inlines are the same. Each email is cut into that shape,
// with its texts and other attribute values set aside behind placeholders;
// the shape is inlined once, and each email's own texts and values are put
// back into the inlined shape.

import {attribute, token} from './html-tokens.js'

/** Placeholders are private-use characters; an email holding any is inlined whole. */
const open = '\ue000'
const close = '\ue001'
const placeholder = new RegExp(`${open}(\\d+)${close}`, 'g')


/** Attributes any style sheet selects by; the others' values never change what is inlined. */
const alwaysKept = new Set(['class', 'id', 'style'])

/** Inlined shapes, by shape; a build has a few per template and language. */
const inlinedShapes = new Map<string, string>()
const maxShapes = 256

/** The email with its styles inlined by `inline`, which runs once per shape. */
export function inlineByShape(html: string, inline: (html: string) => string): string {
  if (html.includes(open) || html.includes(close)) return inline(html)
  const {shape, values} = shapeOf(html)
  let inlined = inlinedShapes.get(shape)
  if (inlined === undefined) {
    inlined = inline(shape)
    // Every placeholder must come through once, or the shape cannot be trusted.
    if ([...inlined.matchAll(placeholder)].length !== values.length) return inline(html)
    if (inlinedShapes.size >= maxShapes) inlinedShapes.delete(inlinedShapes.keys().next().value!)
    inlinedShapes.set(shape, inlined)
  }
  return inlined.replace(placeholder, (_, index: string) => values[Number(index)]!)
}

/** The shapes inlined in this process, with what each became. */
export function shapesInlined(): Array<[string, string]> {
  return [...inlinedShapes]
}

/** Takes the shapes another process inlined, as far as there is room. */
export function shapesInlinedBefore(shapes: ReadonlyArray<readonly [string, string]>): void {
  for (const [shape, inlined] of shapes) if (inlinedShapes.size < maxShapes && !inlinedShapes.has(shape)) inlinedShapes.set(shape, inlined)
}

/** The email with its texts, and the values of attributes no selector reads, replaced by numbered placeholders. */
function shapeOf(html: string): {shape: string; values: string[]} {
  const selected = selectedAttributes(html)
  const values: string[] = []
  const hold = (value: string) => `${open}${values.push(value) - 1}${close}`
  const pieces: string[] = []
  let from = 0
  const text = (end: number) => {
    const value = html.slice(from, end)
    // Spaces stay: whether an element is empty is the style sheet's business.
    pieces.push(value.trim() === '' ? value : hold(value))
  }
  for (const match of html.matchAll(token)) {
    text(match.index)
    const tag = match[0]
    pieces.push(tag.startsWith('<!') || match[1] !== undefined ? tag : tag.replace(attribute, (whole, space: string, name: string, equals: string, value: string) => (selected(name) ? whole : `${space}${name}${equals}${value[0] === '"' || value[0] === "'" ? `${value[0]}${hold(value.slice(1, -1))}${value[0]}` : hold(value)}`)))
    from = match.index + tag.length
  }
  text(html.length)
  return {shape: pieces.join(''), values}
}

/** Whether the style sheets of the email may select by an attribute: class, id and style always, others when a selector names them. */
function selectedAttributes(html: string): (name: string) => boolean {
  const css = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)].map((match) => match[1]).join('\n')
  const named = new Set([...css.matchAll(/\[\s*([^\s~|^$*=\]]+)/g)].map((match) => match[1]!.toLowerCase()))
  if (/:lang\(/i.test(css)) named.add('lang')
  if (/:dir\(/i.test(css)) named.add('dir')
  return (name) => alwaysKept.has(name.toLowerCase()) || named.has(name.toLowerCase())
}
