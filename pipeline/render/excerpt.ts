// A short plain-text excerpt of a release for news lists and feeds when the
// writer gave no summary: the first paragraph, cut at a word boundary.
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'

const maxLength = 200

export function excerpt(tree: Root, lang: string): string {
  const paragraph = tree.children.find((node) => node.type === 'paragraph')
  const text = paragraph ? toString(paragraph).replace(/\s+/g, ' ').trim() : ''
  if (text.length <= maxLength) return text
  let cut = 0
  for (const {index, isWordLike} of new Intl.Segmenter(lang, {granularity: 'word'}).segment(text)) {
    if (index > maxLength) break
    if (isWordLike) cut = index
  }
  return `${text.slice(0, cut || maxLength).trimEnd()}…`
}
