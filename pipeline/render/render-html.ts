// Render stage, web format: a translation's body as a sanitized HTML fragment
// for the page templates to wrap. Release content is untrusted: raw HTML is
// dropped and what remains passes rehype-sanitize's allow-list.
import type {Element, Root as HastRoot} from 'hast'
import type {Root} from 'mdast'
import rehypeSanitize, {defaultSchema} from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import type {Locale} from '../model/locale.js'
import {eachNode} from '../source/each-node.js'

const prefix = 'user-content-'

/**
 * The body as HTML for the page and, given `base` (the page's address), for
 * reading away from the site, as in an email: addresses made absolute.
 * One hast tree serves both.
 */
export type HtmlRenderer = (tree: Root, options?: {readonly base?: string}) => {readonly page: string; readonly absolute?: string}

/** Creates the renderer for one language; once per build. */
export function createHtmlRenderer(locale: Locale): HtmlRenderer {
  const processor = unified()
    .use(remarkRehype, {
      footnoteLabel: locale.t('release.footnotes'),
      footnoteBackLabel: (index) => locale.t('release.footnoteBack', {number: index + 1}),
      // Raw HTML never reaches the hast tree.
      allowDangerousHtml: false,
      // rehype-sanitize prefixes every id; prefixing here too would double it.
      clobberPrefix: ''
    })
    .use(rehypeOutline)
    .use(rehypeQuoteFigure)
    // Release content cannot make figures (raw HTML never gets this far); the attribution above can.
    .use(rehypeSanitize, {...defaultSchema, tagNames: [...defaultSchema.tagNames!, 'figure', 'figcaption']})
    .use(rehypeDropEmptied)
    .use(rehypeFollowPrefixedIds)
    .use(rehypeHeaderScope)
    .use(rehypeStringify)
    .freeze()
  return (tree, options = {}) => {
    // mdast-util-to-hast builds new nodes and leaves the tree as it was.
    const hast = processor.runSync(tree as never) as HastRoot
    const page = processor.stringify(hast)
    if (!options.base) return {page}
    absolutize(hast, options.base)
    return {page, absolute: processor.stringify(hast)}
  }
}

/**
 * The page title is the only `h1`: body headings start at `h2` and never skip
 * a level, whatever levels the writer used.
 */
function rehypeOutline() {
  return (tree: HastRoot) => {
    const headings: Element[] = []
    eachNode<Element, HastRoot | Element>(tree, 'element', (node) => {
      if (/^h[1-6]$/.test(node.tagName)) headings.push(node)
    })
    const top = Math.min(...headings.map(depth))
    let previous = 1
    for (const heading of headings) {
      const level = Math.min(6, depth(heading) - top + 2, previous + 1)
      heading.tagName = `h${level}`
      previous = level
    }
  }
}

/**
 * A quotation with its attribution is a figure: the quote, then the
 * attribution as its caption, outside the quote as HTML asks.
 */
function rehypeQuoteFigure() {
  return (tree: HastRoot) => {
    eachNode<Element, HastRoot | Element>(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'blockquote' || !parent || index === undefined) return undefined
      const elements = node.children.filter((child) => child.type === 'element')
      const caption = elements.at(-1)
      if (caption?.tagName !== 'figcaption') return undefined
      const quote: Element = {...node, children: node.children.slice(0, node.children.indexOf(caption))}
      // The text between the last paragraph and the caption is a line break; the figure takes the same.
      parent.children[index] = {type: 'element', tagName: 'figure', properties: {}, children: [{type: 'text', value: '\n'}, quote, {type: 'text', value: '\n'}, caption, {type: 'text', value: '\n'}]}
      return 'skip'
    })
  }
}

/**
 * Sanitizing strips an unsafe address but leaves its element: a link without
 * an address becomes its text, and an image without a source goes.
 */
function rehypeDropEmptied() {
  return (tree: HastRoot) => {
    eachNode<Element, HastRoot | Element>(tree, 'element', (node, index, parent) => {
      if (!parent || index === undefined) return
      if (node.tagName === 'a' && node.properties.href === undefined) {
        parent.children.splice(index, 1, ...node.children)
        return index
      }
      if (node.tagName === 'img' && node.properties.src === undefined) {
        parent.children.splice(index, 1)
        return index
      }
      return undefined
    })
  }
}

/**
 * rehype-sanitize prefixes ids (`fn-1` becomes `user-content-fn-1`) so that
 * release content cannot clobber the page's own; links within the page,
 * footnote calls and returns among them, follow their targets.
 */
function rehypeFollowPrefixedIds() {
  return (tree: HastRoot) => {
    const ids = new Set<string>()
    eachNode<Element, HastRoot | Element>(tree, 'element', (node) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id)
    })
    eachNode<Element, HastRoot | Element>(tree, 'element', (node) => {
      const href = node.properties.href
      if (node.tagName === 'a' && typeof href === 'string' && href.startsWith('#') && !ids.has(href.slice(1)) && ids.has(`${prefix}${href.slice(1)}`)) {
        node.properties.href = `#${prefix}${href.slice(1)}`
      }
    })
  }
}

/** A table's header cells head their columns: said outright, as screen readers and mail clients need. */
function rehypeHeaderScope() {
  return (tree: HastRoot) => {
    eachNode<Element, HastRoot | Element>(tree, 'element', (node) => {
      if (node.tagName === 'th' && node.properties.scope === undefined) node.properties.scope = 'col'
    })
  }
}

function absolutize(tree: HastRoot, base: string) {
  eachNode<Element, HastRoot | Element>(tree, 'element', (node) => {
    for (const name of ['href', 'src'] as const) {
      const value = node.properties[name]
      if (typeof value === 'string' && !value.startsWith('#')) node.properties[name] = new URL(value, base).href
    }
  })
}

function depth(heading: Element): number {
  return Number(heading.tagName.slice(1))
}
