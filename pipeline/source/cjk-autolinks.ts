// GFM turns a bare address into a link up to the next space, and Chinese has
// no spaces: "见https://example.org/a下载。" would link "a下载。" too. This
// parse-stage plugin ends such a link where the Chinese text begins.
import type {Link, Root, Text} from 'mdast'
import {visit} from 'unist-util-visit'
import {cjk} from '../typography/characters.js'

const firstCjk = new RegExp(cjk.source, 'u')

export default function remarkCjkAutolinks() {
  return (tree: Root) => {
    visit(tree, 'link', (node: Link, index, parent) => {
      const only = node.children[0]
      if (!parent || index === undefined || node.children.length !== 1 || only?.type !== 'text') return
      const text = only.value
      // Only bare addresses: the link's text is its address.
      if (!node.url.endsWith(text) && !node.url.endsWith(encodeURI(text))) return
      const cut = text.search(firstCjk)
      if (cut <= 0) return
      const kept = text.slice(0, cut)
      const rest: Text = {type: 'text', value: text.slice(cut)}
      const start = only.position?.start
      if (start && node.position) {
        const middle = {line: start.line, column: start.column + cut, offset: (start.offset ?? 0) + cut}
        rest.position = {start: middle, end: node.position.end}
        only.position = {start, end: middle}
        node.position = {start: node.position.start, end: middle}
      }
      only.value = kept
      node.url = node.url.slice(0, node.url.length - (node.url.endsWith(text) ? text.length : encodeURI(text).length)) + kept
      parent.children.splice(index + 1, 0, rest)
    })
  }
}
