// Visits the nodes of a syntax tree (mdast or hast) in document order, as
// unist-util-visit does, for the pipeline's own passes. unist-util-visit
// names a new function for every node it enters, for its stack traces; over
// a build's bodies that came to a fifth of the time spent rendering them.
import type {Node, Parent} from 'unist'

/**
 * Told each node of the type asked for, with where it stands. Returns
 * `'skip'` to leave its children unvisited, or an index of `parent`'s
 * children to go on from (after changing them); its children are visited
 * first either way, as unist-util-visit does.
 */
export type NodeVisitor<T extends Node, P extends Parent> = (node: T, index: number | undefined, parent: P | undefined) => 'skip' | number | undefined | void

/** Visits every node of type `type` below and including `tree`, or every node when `type` is undefined. */
export function eachNode<T extends Node, P extends Parent = Parent>(tree: Node, type: T['type'] | undefined, visitor: NodeVisitor<T, P>): void {
  enter(tree, undefined, undefined)

  function enter(node: Node, index: number | undefined, parent: P | undefined): number | undefined {
    const result = type === undefined || node.type === type ? visitor(node as T, index, parent) : undefined
    if (result === 'skip') return undefined
    const children = (node as Partial<Parent>).children
    if (children) {
      let at = 0
      while (at < children.length) at = enter(children[at]!, at, node as P) ?? at + 1
    }
    return typeof result === 'number' ? result : undefined
  }
}
