// Parse stage: Markdown source to an mdast tree (CommonMark and GFM), with the
// YAML front matter taken off the tree and kept beside it.
import type {Root, Yaml} from 'mdast'
import remarkCjkFriendly from 'remark-cjk-friendly'
import remarkCjkFriendlyStrikethrough from 'remark-cjk-friendly-gfm-strikethrough'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import remarkCjkAutolinks from './cjk-autolinks.js'
import type {VFile} from 'vfile'

export interface Parsed {
  /** The body, without front matter. */
  readonly tree: Root
  readonly frontMatter: Yaml | undefined
}

/** Creates the Markdown parser; once per build. */
export function createParser() {
  // cjk-friendly: emphasis next to Chinese punctuation, which CommonMark misses.
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkCjkFriendly)
    .use(remarkCjkFriendlyStrikethrough)
    .use(remarkCjkAutolinks)
    .freeze()
}

export type Parser = ReturnType<typeof createParser>

export function parse(parser: Parser, file: VFile): Parsed {
  const root = parser.runSync(parser.parse(file), file) as Root
  const first = root.children[0]
  const frontMatter = first?.type === 'yaml' ? first : undefined
  const tree: Root = {...root, children: frontMatter ? root.children.slice(1) : root.children}
  return {tree, frontMatter}
}
