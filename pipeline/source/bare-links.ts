// GFM turns a bare address into a link up to the next space. Two things can
// follow an address with no space between them, and this parse-stage plugin
// ends the link before either: Chinese text ("见https://example.org/a下载。"
// would link "a下载。" too), and a footnote call ("…/culture.[^1]" would
// swallow the call into the address).
import type {FootnoteDefinition, FootnoteReference, Link, Parents, PhrasingContent, Root, Text} from 'mdast'
import type {Point} from 'unist'
import {cjk} from '../lib/characters.js'
import {eachNode} from './each-node.js'

const firstCjk = new RegExp(cjk.source, 'u')
/** What GFM leaves out at the end of a bare address. */
const trailingPunctuation = /[?!.,:*_~]+$/
const footnoteCall = /^\[\^([^\]\s]{1,100})\]/

export default function remarkBareLinkEnds() {
  return (tree: Root) => {
    const footnotes = new Set<string>()
    eachNode<FootnoteDefinition>(tree, 'footnoteDefinition', (node) => {
      footnotes.add(node.identifier)
    })
    eachNode<Link, Parents>(tree, 'link', (node, index, parent) => {
      const only = node.children[0]
      if (!parent || index === undefined || node.children.length !== 1 || only?.type !== 'text') return
      const text = only.value
      // Only bare addresses: the link's text is its address.
      if (!node.url.endsWith(text) && !node.url.endsWith(encodeURI(text))) return
      const call = footnotes.size > 0 ? text.indexOf('[^') : -1
      const chinese = text.search(firstCjk)
      const cut = [call, chinese].filter((at) => at > 0).sort((a, b) => a - b)[0]
      if (cut === undefined) return
      const kept = cut === call ? text.slice(0, cut).replace(trailingPunctuation, '') : text.slice(0, cut)
      if (kept === '') return
      const start = only.position?.start
      const at = (offset: number): Point | undefined => start && {line: start.line, column: start.column + offset, offset: (start.offset ?? 0) + offset}
      const after: PhrasingContent[] = []
      let rest = text.slice(kept.length)
      // A footnote call split between the link and the text after it.
      const next = parent.children[index + 1]
      if (cut === call && next?.type === 'text') {
        const joined = rest + next.value
        const callAt = rest.indexOf('[^')
        const found = footnoteCall.exec(joined.slice(callAt))
        const identifier = found?.[1]?.toLowerCase()
        if (found && identifier && footnotes.has(identifier)) {
          const reference: FootnoteReference = {type: 'footnoteReference', identifier, label: found[1]}
          if (callAt > 0) after.push({type: 'text', value: joined.slice(0, callAt)})
          after.push(reference)
          const remaining = joined.slice(callAt + found[0].length)
          parent.children.splice(index + 1, 1)
          if (remaining) after.push({type: 'text', value: remaining})
          rest = ''
        }
      }
      if (rest) after.unshift({type: 'text', value: rest} satisfies Text)
      const middle = at(kept.length)
      if (middle && node.position && after[0]) after[0].position = {start: middle, end: node.position.end}
      if (middle && node.position && start) {
        only.position = {start, end: middle}
        node.position = {start: node.position.start, end: middle}
      }
      only.value = kept
      node.url = node.url.slice(0, node.url.length - (node.url.endsWith(text) ? text.length : encodeURI(text).length)) + kept
      parent.children.splice(index + 1, 0, ...after)
    })
  }
}
