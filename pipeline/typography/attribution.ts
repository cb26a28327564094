// A quotation's attribution: the last line of a block quote that starts with
// a dash ("— The Ambassador"). It stands on its own line in every output, so
// the line break before it is never set as a space or joined away, and the
// renderers give it a line (a figcaption on the web and in email) of its own.
import type {Blockquote, Paragraph, Root} from 'mdast'
import {eachNode} from '../source/each-node.js'

/** A line that starts with a dash, as typed (`--`) or set (— ― –), then words. */
const attributionLine = /^[ \t]*(?:[—―–]|-{2,3})[ \t]*\S/

/** Where the line break before the last line is, in a quote's last paragraph's text, when that line is an attribution. */
export function attributionBreakIn(text: string): number | undefined {
  const at = text.lastIndexOf('\n')
  return at > 0 && text.slice(0, at).trim() !== '' && attributionLine.test(text.slice(at + 1)) ? at : undefined
}

declare module 'mdast' {
  interface ParagraphData {
    /** Set on the paragraph that holds a quotation's attribution, cut from the quote's last paragraph. */
    attribution?: boolean
  }
}

/** The attribution stage: each quotation's attribution set on a line of its own. */
export function attributions() {
  return (tree: Root): void => separateAttributions(tree)
}

/** Cuts each quotation's attribution into a paragraph of its own, marked as such; changes the tree in place. */
export function separateAttributions(tree: Root): void {
  eachNode<Blockquote>(tree, 'blockquote', (quote) => {
    const last = quote.children.at(-1)
    if (last?.type !== 'paragraph') return
    const cut = cutAtAttribution(last)
    if (cut) quote.children.splice(-1, 1, ...cut)
  })
}

/** The paragraph cut at the break before its last line, when that line is an attribution typed in the paragraph itself. */
function cutAtAttribution(paragraph: Paragraph): [Paragraph, Paragraph] | undefined {
  const children = paragraph.children
  for (let index = children.length - 1; index >= 0; index--) {
    const child = children[index]!
    if (child.type === 'break') {
      const next = children[index + 1]
      if (index === 0 || next?.type !== 'text' || !attributionLine.test(next.value)) return undefined
      return pair(children.slice(0, index), [{...next, value: next.value.trimStart()}, ...children.slice(index + 2)])
    }
    if (child.type !== 'text' || !child.value.includes('\n')) continue
    const at = child.value.lastIndexOf('\n')
    const line = child.value.slice(at + 1)
    // The words may be in what follows: `— *The Ambassador*`.
    if (!attributionLine.test(index < children.length - 1 ? `${line}\ufffc` : line)) return undefined
    const before = child.value.slice(0, at)
    if (index === 0 && before.trim() === '') return undefined
    return pair([...children.slice(0, index), ...(before === '' ? [] : [{type: 'text' as const, value: before}])], [{type: 'text', value: line.trimStart()}, ...children.slice(index + 1)])
  }
  return undefined
}

function pair(quote: Paragraph['children'], attribution: Paragraph['children']): [Paragraph, Paragraph] {
  return [
    {type: 'paragraph', children: quote},
    {type: 'paragraph', children: attribution, data: {attribution: true, hName: 'figcaption'}}
  ]
}
