// Takes out of a release's tree what is never published: raw HTML (with the
// content of elements such as <script>, which is no text to show), links
// whose address is not a web or mail address or cannot be read, and images
// that are not web images. It is done once on the tree, so the page, the text
// and the email all leave out the same things; each removal is a warning.
// Links to releases not public yet are the next stage's (unpublished-links.ts).
import type {FootnoteReference, Link, LinkReference, Nodes, Parent, Root} from 'mdast'
import {visit} from 'unist-util-visit'
import {toString} from 'mdast-util-to-string'
import type {VFile} from 'vfile'
import {warning} from './diagnostics.js'

/** Resolves relative addresses the way a reader's browser would, without naming a real site. */
const base = 'https://release.invalid/lang/id/'

const linkProtocols = new Set(['http:', 'https:', 'mailto:'])
const imageProtocols = new Set(['http:', 'https:'])

/** Elements whose content is code or data for the browser, never text for the reader. */
const rawContent = /^<(script|style|textarea|title|iframe|noscript|noembed|noframes|template|object|svg|math|select|xmp)(?=[\s/>]|$)/i

/** Why an address cannot be published, or undefined when it can. */
function addressProblem(url: string, kind: 'link' | 'image'): string | undefined {
  if (kind === 'link' && url.startsWith('#')) return undefined
  let parsed: URL
  try {
    parsed = new URL(url, base)
  } catch {
    return `The ${kind} address \`${shorten(url)}\` is not a valid address and was removed: check it in a browser`
  }
  const allowed = kind === 'link' ? linkProtocols : imageProtocols
  if (!allowed.has(parsed.protocol)) {
    return kind === 'link'
      ? `The link \`${shorten(url)}\` is not a web or mail address and was removed`
      : `The image \`${shorten(url)}\` is not a web image and was removed: give an https address`
  }
  return undefined
}

/** The stage that takes out what is never published, after validation and before the text is set. */
export function unpublishable() {
  return (tree: Root, file: VFile): void => dropUnpublishable(tree, file)
}

function dropUnpublishable(tree: Root, file: VFile): void {
  dropLinks(tree, file, (url) => addressProblem(url, 'link'), 'unsafe-link')
  walk(tree, (node, parent, index) => {
    switch (node.type) {
      case 'html': {
        if (/^\s*<!--/.test(node.value)) return remove(parent, index, 1)
        warning(file, 'Raw HTML is not published and was left out: write it in Markdown instead', node.position, 'raw-html')
        return remove(parent, index, rawElementLength(parent, index))
      }
      case 'image': {
        const problem = addressProblem(node.url, 'image')
        if (!problem) return undefined
        warning(file, problem, node.position, 'unsafe-image')
        return remove(parent, index, 1)
      }
      default:
        return undefined
    }
  })
  // What was left with nothing to read: a reader would meet an empty heading,
  // a link with nothing to click, or a footnote with nothing in it.
  const emptyNotes = new Set<string>()
  walk(tree, (node, parent, index) => {
    const kind = emptiable[node.type]
    if (!kind || visible.test(toString(node))) return undefined
    warning(file, `${kind} with no text was left out: write its text, or remove it`, node.position, `empty-${node.type === 'linkReference' ? 'link' : node.type}`)
    if (node.type === 'footnoteDefinition') emptyNotes.add(node.identifier)
    return remove(parent, index, 1)
  })
  walk(tree, (node, parent, index) => {
    if (node.type === 'footnoteReference' && emptyNotes.has(node.identifier)) return remove(parent, index, 1)
    // A footnote call inside a link's text would be a link inside a link: it follows the link instead.
    if ((node.type === 'link' || node.type === 'linkReference') && index !== undefined) {
      const calls: FootnoteReference[] = []
      visit(node, 'footnoteReference', (call, at, holder) => {
        if (!holder || at === undefined) return undefined
        calls.push(call)
        holder.children.splice(at, 1)
        return at
      })
      parent.children.splice(index + 1, 0, ...calls)
    }
    return undefined
  })
}

const visible = /[^\p{White_Space}\p{Cf}]/u
const emptiable: Partial<Record<Nodes['type'], string>> = {heading: 'A heading', link: 'A link', linkReference: 'A link', footnoteDefinition: 'A footnote'}

export interface DropOptions {
  /** Whether a link's own text gives its address away, so that it is left out whole rather than replaced by its text. */
  readonly revealing?: (node: Link | LinkReference) => boolean
  /** Images are left out too when their address has a problem. */
  readonly images?: boolean
}

/**
 * Replaces by their text the links whose address `problemOf` finds a problem
 * with, warning at each; a definition with such an address takes its
 * references (and images by reference) with it.
 */
export function dropLinks(tree: Root, file: VFile, problemOf: (url: string) => string | undefined, ruleId: string, options: DropOptions = {}): void {
  const unusable = new Set<string>()
  walk(tree, (node) => {
    if (node.type !== 'definition') return undefined
    const problem = problemOf(node.url)
    if (problem) {
      warning(file, problem, node.position, ruleId)
      unusable.add(node.identifier)
    }
    return undefined
  })
  walk(tree, (node, parent, index) => {
    switch (node.type) {
      case 'link': {
        const problem = problemOf(node.url)
        if (!problem) return undefined
        warning(file, problem, node.position, ruleId)
        return options.revealing?.(node) ? remove(parent, index, 1) : unwrap(parent, index)
      }
      case 'linkReference':
        if (!unusable.has(node.identifier)) return undefined
        return options.revealing?.(node) ? remove(parent, index, 1) : unwrap(parent, index)
      case 'image': {
        const problem = options.images ? problemOf(node.url) : undefined
        if (!problem) return undefined
        warning(file, problem, node.position, ruleId)
        return remove(parent, index, 1)
      }
      case 'imageReference':
      case 'definition':
        return unusable.has(node.identifier) ? remove(parent, index, 1) : undefined
      default:
        return undefined
    }
  })
}

/**
 * How many siblings an inline HTML node takes with it: an element such as
 * <script> takes everything up to its closing tag, or to the end of the
 * paragraph when it has none, as a browser would.
 */
function rawElementLength(parent: Parent, index: number): number {
  const node = parent.children[index] as {value: string}
  const opening = rawContent.exec(node.value.trim())
  if (!opening || new RegExp(`</${opening[1]}\\s*>`, 'i').test(node.value)) return 1
  const closing = new RegExp(`^</${opening[1]}\\s*>$`, 'i')
  for (let end = index + 1; end < parent.children.length; end++) {
    const sibling = parent.children[end]!
    if (sibling.type === 'html' && closing.test(sibling.value.trim())) return end - index + 1
  }
  return parent.children.length - index
}

type Visitor = (node: Nodes, parent: Parent, index: number) => number | undefined

/** Visits every node below `tree`, without recursion; a visitor that changes its parent returns the index to go on from. */
function walk(tree: Root, visitor: Visitor) {
  const stack: Array<[Parent, number]> = [[tree, 0]]
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!
    const [parent, index] = top
    if (index >= parent.children.length) {
      stack.pop()
      continue
    }
    const node = parent.children[index]!
    const next = visitor(node, parent, index)
    if (next !== undefined) {
      top[1] = next
      continue
    }
    top[1] = index + 1
    if ('children' in node) stack.push([node, 0])
  }
}

function remove(parent: Parent, index: number, count: number): number {
  parent.children.splice(index, count)
  return index
}

/** Replaces a link by its text; the text is visited next. */
function unwrap(parent: Parent, index: number): number {
  const node = parent.children[index] as Parent
  parent.children.splice(index, 1, ...(node.children as Parent['children']))
  return index
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
