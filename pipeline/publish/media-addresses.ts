// Where a translation's bodies name the files its release publishes, the
// addresses pointed at their published copies: relative in the page, with
// the smaller and WebP copies offered; absolute in the email, each image no
// wider than its column. Run where the translation is rendered.
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import {SKIP, visit} from 'unist-util-visit'
import type {MediaFile} from './release-media.js'

/** How wide the email's column is, in pixels: 600 less its padding. No image in an email is wider. */
export const emailColumn = 552

/** An image's size no wider than `most` pixels, in proportion. */
export function fitted({width, height}: {width: number; height: number}, most: number): {width: number; height: number} {
  const scale = Math.min(1, most / width)
  return {width: Math.round(width * scale), height: Math.round(height * scale)}
}

/**
 * The HTML with each named file's address pointing at its published copy
 * (`address` makes it, relative for a page, absolute for an email), and each
 * image given its width and height, lazily loaded after the first.
 */
export function withMedia(html: string, media: ReadonlyMap<string, MediaFile>, address: (path: string) => string, email?: {base: string; width: number}): string {
  const base = email?.base
  if (media.size === 0) return html
  const tree = fromHtml(html, {fragment: true}) as Root
  // The page's addresses are percent-encoded (été.jpg as %C3%A9t%C3%A9.jpg); the references are as written.
  const byAddress = new Map([...media].map(([url, file]) => [decoded(url), file]))
  const find = (value: unknown) => {
    if (typeof value !== 'string') return undefined
    // The email's copy was made absolute against the page's address.
    const written = base && value.startsWith(base) ? value.slice(base.length) : value
    return media.get(written) ?? byAddress.get(decoded(written))
  }
  let images = 0
  const pictures = new Map<Element, string>()
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'img') {
      const file = find(node.properties.src)
      if (!file) return
      node.properties.src = address(file.path)
      // A page offers the smaller and WebP copies; an email, sent to clients that know neither, the image itself.
      if (!email && file.variants) {
        node.properties.srcSet = file.variants.map((variant) => `${address(variant.path)} ${variant.width}w`).join(', ')
        node.properties.sizes = sizes
        pictures.set(node, file.variants.map((variant) => `${address(variant.webp)} ${variant.width}w`).join(', '))
      }
      if (file.width && file.height) {
        // Outlook sizes an image by these alone: no wider than the email's column.
        Object.assign(node.properties, email ? fitted({width: file.width, height: file.height}, email.width) : {width: file.width, height: file.height})
      }
      if (images++ > 0) node.properties.loading = 'lazy'
    }
    if (node.tagName === 'a') {
      const file = find(node.properties.href)
      if (file) node.properties.href = address(file.path)
    }
  })
  // Each image with copies becomes a picture, whose WebP source browsers that read it take.
  visit(tree, 'element', (node: Element, index, parent) => {
    const webp = pictures.get(node)
    if (!webp || !parent || index === undefined) return undefined
    parent.children[index] = {type: 'element', tagName: 'picture', properties: {}, children: [{type: 'element', tagName: 'source', properties: {type: 'image/webp', srcSet: webp, sizes}, children: []}, node]}
    return SKIP
  })
  return toHtml(tree)
}

/** An address with its percent escapes read, or as it is when they are not escapes. */
function decoded(address: string): string {
  try {
    return decodeURI(address)
  } catch {
    return address
  }
}

/** How wide an image of the text is shown: the text's column, at most. */
const sizes = '(min-width: 50rem) 46rem, 100vw'
