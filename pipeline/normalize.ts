// Normalize stage: sets a translation's text the way its language is typeset.
// For now it passes the tree through unchanged; locale typography fills it.
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import type {FrontMatter} from './validate.js'

export interface Normalized {
  readonly tree: Root
  readonly frontMatter: FrontMatter
}

export function normalize(tree: Root, frontMatter: FrontMatter, _lang: string, _file: VFile): Normalized {
  return {tree, frontMatter}
}
