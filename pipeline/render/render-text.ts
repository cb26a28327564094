// Render stage, print format: a translation's body as plain text wrapped by
// display width. No Markdown is left: headings are set apart and underlined,
// lists hang from their markers, quotes are indented, links become numbered
// references, images their alt text, and code stays as written.
import type {Definition, PhrasingContent, Root, RootContent} from 'mdast'
import {width, wrap} from './text-wrap.js'
import {addressLike, cjk, is} from '../lib/characters.js'
import {eachNode} from '../source/each-node.js'
import type {TextRendering} from '../model/fragments.js'

export type {TextRendering} from '../model/fragments.js'

interface Indent {
  readonly first: string
  readonly rest: string
}

const quoteIndent = '    '

export function renderText(tree: Root, lineWidth: number): TextRendering {
  const definitions = new Map<string, Definition>()
  eachNode<Definition>(tree, 'definition', (node) => {
    definitions.set(node.identifier, node)
  })
  const references: string[] = []
  const numberOf = (url: string) => {
    const index = references.indexOf(url)
    if (index !== -1) return index + 1
    references.push(url)
    return references.length
  }

  const inline = (nodes: readonly PhrasingContent[]): string => nodes.map(phrase).join('')
  const phrase = (node: PhrasingContent): string => {
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        return node.value.replace(/\n/g, ' ')
      case 'break':
        return '\n'
      case 'image':
      case 'imageReference':
        return node.alt ?? ''
      case 'footnoteReference':
        return `(${node.label ?? node.identifier})`
      case 'link':
        return linked(inline(node.children), node.url)
      case 'linkReference': {
        const definition = definitions.get(node.identifier)
        return definition ? linked(inline(node.children), definition.url) : inline(node.children)
      }
      case 'html':
        return ''
      default:
        return 'children' in node ? inline(node.children) : ''
    }
  }
  const linked = (text: string, url: string) => {
    if (addressLike.test(text) || url.replace(/^mailto:/, '') === text) return text
    // A no-break space keeps the number with the words it refers to; Chinese takes no space.
    return `${text}${is(cjk, text.at(-1)) ? '' : '\u00a0'}[${numberOf(url)}]`
  }

  const block = (node: RootContent, indent: Indent): string[] => {
    switch (node.type) {
      case 'paragraph':
        return wrap(inline(node.children), {width: lineWidth, ...indent})
      case 'heading': {
        const lines = wrap(inline(node.children), {width: lineWidth, ...indent})
        const widest = Math.max(...lines.map((line) => width(line) - width(indent.rest)))
        return [...lines, indent.rest + '-'.repeat(Math.max(widest, 1))]
      }
      case 'blockquote':
        return blocks(node.children, {first: indent.first + quoteIndent, rest: indent.rest + quoteIndent})
      case 'list':
        return node.children.flatMap((item, index) => {
          const marker = `${node.ordered ? `${(node.start ?? 1) + index}.` : '-'} ${item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : ''}`
          const spread = node.spread === true || item.spread === true
          const lines = blocks(item.children, {first: (index === 0 ? indent.first : indent.rest) + marker, rest: indent.rest + ' '.repeat(width(marker))}, spread)
          return index > 0 && spread ? ['', ...lines] : lines
        })
      case 'code':
        return node.value.split('\n').map((line, index) => ((index === 0 ? indent.first : indent.rest) + quoteIndent + line).trimEnd())
      case 'thematicBreak':
        return [`${indent.first}* * *`]
      case 'table':
        return node.children.flatMap((row, index) => {
          const cells = wrap(row.children.map((cell) => inline(cell.children)).join(' | '), {width: lineWidth, first: index === 0 ? indent.first : indent.rest, rest: indent.rest + '  '})
          return index === 0 ? [...cells, indent.rest + '-'.repeat(Math.max(...cells.map((line) => width(line) - width(indent.rest))))] : cells
        })
      case 'footnoteDefinition':
        return blocks(node.children, {first: `${indent.first}(${node.label ?? node.identifier}) `, rest: indent.rest + '    '})
      default:
        return []
    }
  }

  /** Blocks in order, separated by blank lines unless `tight`; the first takes the first-line indent. */
  const blocks = (nodes: readonly RootContent[], indent: Indent, spread = true): string[] => {
    const out: string[] = []
    for (const node of nodes) {
      const lines = block(node, out.length === 0 ? indent : {first: indent.rest, rest: indent.rest})
      if (lines.length === 0) continue
      // A quotation's attribution sits on the line after the quote.
      if (out.length > 0 && spread && !(node.type === 'paragraph' && node.data?.attribution)) out.push('')
      out.push(...lines)
    }
    return out
  }

  const lines = blocks(tree.children, {first: '', rest: ''})
  return {lines, references}
}
