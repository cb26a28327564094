// Visits the elements of a hast tree in document order, as unist-util-visit
// does for `'element'`, for the renderer's own passes. unist-util-visit names
// a new function for every node it enters, for its stack traces; over a
// build's bodies that came to a fifth of the time spent rendering them.
import type {Element, Root} from 'hast'

/**
 * Told each element with where it stands. Returns `'skip'` to leave its
 * children unvisited, or an index of `parent`'s children to go on from
 * (after changing them); its children are visited first either way, as
 * unist-util-visit does.
 */
export type ElementVisitor = (node: Element, index: number | undefined, parent: Root | Element | undefined) => 'skip' | number | undefined | void

export function eachElement(tree: Root | Element, visitor: ElementVisitor): void {
  enter(tree, undefined, undefined)

  function enter(node: Root | Element, index: number | undefined, parent: Root | Element | undefined): number | undefined {
    const result = node.type === 'element' ? visitor(node, index, parent) : undefined
    if (result === 'skip') return undefined
    let at = 0
    while (at < node.children.length) {
      const child = node.children[at]!
      const next = child.type === 'element' ? enter(child, at, node) : undefined
      at = next ?? at + 1
    }
    return typeof result === 'number' ? result : undefined
  }
}
