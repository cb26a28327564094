// Parse stage: Markdown source to an mdast tree (CommonMark and GFM), with the
// YAML front matter taken off the tree and kept beside it.
import type {Root, Yaml} from 'mdast'
import remarkCjkFriendly from 'remark-cjk-friendly'
import remarkCjkFriendlyStrikethrough from 'remark-cjk-friendly-gfm-strikethrough'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import remarkBareLinkEnds from './bare-links.js'
import type {VFile} from 'vfile'
import {error} from './diagnostics.js'

export interface Parsed {
  /** The body, without front matter. */
  readonly tree: Root
  readonly frontMatter: Yaml | undefined
  /** The file could not be parsed; its messages say why. */
  readonly failed: boolean
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
    .use(remarkBareLinkEnds)
    .freeze()
}

export type Parser = ReturnType<typeof createParser>

/**
 * Emphasis and link marks per paragraph. CommonMark matches them in time that
 * grows with the square of their number, so a paragraph of thousands would
 * take minutes; no release needs more than a few dozen.
 */
export const maxMarksPerParagraph = 500

export function parse(parser: Parser, file: VFile): Parsed {
  if (!checkMarks(String(file.value), file)) return {tree: {type: 'root', children: []}, frontMatter: undefined, failed: true}
  let root: Root
  try {
    root = parser.runSync(parser.parse(file), file) as Root
  } catch (problem) {
    // Only text nested thousands of levels deep exhausts the parser's stack.
    if (!(problem instanceof RangeError)) throw problem
    error(file, 'The text nests quotes, lists or emphasis too deeply to be read: simplify it', {line: 1, column: 1}, 'too-deep')
    return {tree: {type: 'root', children: []}, frontMatter: undefined, failed: true}
  }
  const first = root.children[0]
  const frontMatter = first?.type === 'yaml' ? first : undefined
  const tree: Root = {...root, children: frontMatter ? root.children.slice(1) : root.children}
  return {tree, frontMatter, failed: false}
}

function checkMarks(text: string, file: VFile): boolean {
  let line = 1
  for (const paragraph of text.split(/\n[ \t]*\n/)) {
    const unescaped = paragraph.replace(/\\./g, '')
    const emphasis = unescaped.match(/[*_]/g)?.length ?? 0
    const brackets = unescaped.match(/[[\]]/g)?.length ?? 0
    if (emphasis > maxMarksPerParagraph || brackets > maxMarksPerParagraph) {
      const marks = emphasis > maxMarksPerParagraph ? `${emphasis} \`*\` and \`_\` marks` : `${brackets} \`[\` and \`]\` marks`
      error(file, `This paragraph has ${marks}, more than the ${maxMarksPerParagraph} a paragraph may have: remove some, or put a backslash before each one meant as text`, {line, column: 1}, 'too-many-marks')
      return false
    }
    line += paragraph.split('\n').length + 1
  }
  return true
}
