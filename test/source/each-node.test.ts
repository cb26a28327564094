// The tree walker the pipeline's own passes use: document order, as
// unist-util-visit visits, with skipping and changing children on the way.
import type {Node, Parent} from 'unist'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {eachNode} from '../../pipeline/source/each-node.js'

interface Item extends Parent {
  readonly name: string
  children: Array<Item | (Node & {name: string})>
}

const leaf = (name: string) => ({type: 'leaf', name})
const tree = (): Item => ({
  type: 'root',
  name: 'root',
  children: [{type: 'box', name: 'a', children: [leaf('a1'), {type: 'box', name: 'a2', children: [leaf('a2x')]}]}, leaf('b'), {type: 'box', name: 'c', children: []}]
})
const nameOf = (node: Node) => (node as unknown as {name: string}).name

describe('eachNode', () => {
  it('should visit every node in the order unist-util-visit does', () => {
    const ours: string[] = []
    const theirs: string[] = []
    eachNode(tree(), undefined, (node) => void ours.push(nameOf(node)))
    visit(tree(), (node) => void theirs.push(nameOf(node)))
    expect(ours).toEqual(['root', 'a', 'a1', 'a2', 'a2x', 'b', 'c'])
    expect(ours).toEqual(theirs)
  })

  it('should tell only the nodes of the type asked for, with their index and parent', () => {
    const seen: string[] = []
    eachNode<Node & {name: string}, Item>(tree(), 'leaf', (node, index, parent) => void seen.push(`${node.name}@${parent?.name}[${index}]`))
    expect(seen).toEqual(['a1@a[0]', 'a2x@a2[0]', 'b@root[1]'])
  })

  it('should leave the children of a node it is told to skip unvisited', () => {
    const seen: string[] = []
    eachNode(tree(), undefined, (node) => {
      seen.push(nameOf(node))
      return nameOf(node) === 'a' ? 'skip' : undefined
    })
    expect(seen).toEqual(['root', 'a', 'b', 'c'])
  })

  it('should go on from the index a visitor returns after changing the children', () => {
    const root = tree()
    const seen: string[] = []
    eachNode<Node & {name: string}, Item>(root, undefined, (node, index, parent) => {
      seen.push(node.name)
      // Replaces leaf b by two leaves and goes on after them.
      if (node.name === 'b' && parent && index !== undefined) {
        parent.children.splice(index, 1, leaf('b1'), leaf('b2'))
        return index + 2
      }
      return undefined
    })
    expect(root.children.map(nameOf)).toEqual(['a', 'b1', 'b2', 'c'])
    expect(seen).toEqual(['root', 'a', 'a1', 'a2', 'a2x', 'b', 'c'])
  })

  it('should walk two thousand levels deep, far beyond what validation lets a release nest', () => {
    let deep: Item = {type: 'box', name: 'bottom', children: []}
    for (let level = 0; level < 2000; level++) deep = {type: 'box', name: `level-${level}`, children: [deep]}
    let count = 0
    eachNode(deep, undefined, () => void count++)
    expect(count).toBe(2001)
  })
})
