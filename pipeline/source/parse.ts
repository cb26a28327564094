// Parse stage: Markdown source to an mdast tree (CommonMark and GFM), with the
// YAML front matter taken off the tree and kept beside it.
import type {Root, Table, Text, Yaml} from 'mdast'
import remarkCjkFriendly from 'remark-cjk-friendly'
import remarkCjkFriendlyStrikethrough from 'remark-cjk-friendly-gfm-strikethrough'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified, type Plugin, type Processor} from 'unified'
import remarkBareLinkEnds from './bare-links.js'
import {eachNode} from './each-node.js'
import type {VFile} from 'vfile'
import {error, stop} from './diagnostics.js'
import {maxDepth} from './validate.js'

export interface Parsed {
  /** The body, without front matter. */
  readonly tree: Root
  readonly frontMatter: Yaml | undefined
  /** The file could not be parsed; its messages say why. */
  readonly failed: boolean
}

/** Creates the Markdown parser; once per build. */
export function createParser() {
  return {full: processor().freeze(), withoutEmailAutolinks: processor().use(withoutEmailAutolinks).freeze()}
}

function processor() {
  // cjk-friendly: emphasis next to Chinese punctuation, which CommonMark misses.
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(autolinkLiteralsWhereWritten)
    .use(remarkCjkFriendly)
    .use(remarkCjkFriendlyStrikethrough)
    .use(remarkBareLinkEnds)
}

export type Parser = ReturnType<typeof createParser>

/**
 * The parse stage as a unified parser: the tree of the body, with the front
 * matter taken off it into `file.data.yaml`. A text the parser must not read
 * (too many marks, too deep) stops the processor, its message placed.
 */
export const releaseParser: Plugin<[], string, Root> = function () {
  const parser = createParser()
  this.parser = (_, file) => {
    const parsed = parse(parser, file)
    if (parsed.failed) stop()
    if (parsed.frontMatter) file.data.yaml = parsed.frontMatter
    return parsed.tree
  }
}

/**
 * GFM's email autolinks are tried at the start of every word, which costs a
 * quarter of the parse; a text with no `@` can have none. This takes that
 * construct (micromark names it `emailAutolink`) out of the parser's text
 * constructs, leaving every other one as it was.
 */
function withoutEmailAutolinks(this: Processor) {
  const data = this.data()
  data.micromarkExtensions = (data.micromarkExtensions ?? []).map((extension) => {
    if (!extension.text) return extension
    const text = Object.entries(extension.text).flatMap(([code, constructs]) => {
      const kept = [constructs ?? []].flat().filter((construct) => construct.name !== 'emailAutolink')
      return kept.length > 0 ? [[code, kept]] : []
    })
    return {...extension, text: Object.fromEntries(text)}
  })
}

/**
 * GFM finds addresses in text twice: micromark as it reads, then a pass of
 * mdast-util-gfm-autolink-literal over every text node for the ones it could
 * not. That pass finds only text holding `http://`, `https://`, `www.` or an
 * `@`, and costs as much as the rest of the tree's passes together; it runs,
 * first as before, only on a tree with such text.
 */
function autolinkLiteralsWhereWritten(this: Processor) {
  const data = this.data()
  const passes: Array<(tree: Root) => Root | undefined | void> = []
  data.fromMarkdownExtensions = (data.fromMarkdownExtensions ?? []).map((extensions) =>
    [extensions].flat().map((extension) => {
      if (!extension.transforms) return extension
      passes.push(...(extension.transforms as typeof passes))
      const {transforms: _, ...rest} = extension
      return rest
    })
  )
  return (tree: Root) => {
    let written = false
    eachNode<Text>(tree, 'text', (node) => {
      if (!written && addressMarks.test(node.value)) written = true
    })
    if (!written) return
    for (const pass of passes) pass(tree)
  }
}

const addressMarks = /https?:\/\/|www\.|@/i

/**
 * Whether `text` has an `@` after its front matter: where the parser found
 * it to end, given the `tree` it made, or else where it seems to end.
 */
function mayHaveEmails(text: string, tree?: Root): boolean {
  const first = tree?.children[0]
  const end = first?.type === 'yaml' ? (first.position?.end.offset ?? 0) : tree ? 0 : (/^---\r?\n[^]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text)?.[0].length ?? 0)
  return text.indexOf('@', end) !== -1
}

/**
 * Emphasis and link marks per paragraph. CommonMark matches them in time that
 * grows with the square of their number, so a paragraph of thousands would
 * take minutes; no release needs more than a few dozen.
 */
const maxMarksPerParagraph = 500

export function parse(parser: Parser, file: VFile): Parsed {
  if (!checkMarks(String(file.value), file) || !checkNesting(String(file.value), file)) return {tree: {type: 'root', children: []}, frontMatter: undefined, failed: true}
  let root: Root
  try {
    // A text whose front matter alone holds an `@` (a contact's address, say) is read without email autolinks;
    // if the parser found the front matter ending elsewhere, it is read again in full.
    const text = String(file.value)
    let processor = mayHaveEmails(text) ? parser.full : parser.withoutEmailAutolinks
    let tree = processor.parse(file)
    if (processor !== parser.full && mayHaveEmails(text, tree)) tree = (processor = parser.full).parse(file)
    root = processor.runSync(tree, file) as Root
  } catch (problem) {
    // Only text nested thousands of levels deep exhausts the parser's stack.
    if (!(problem instanceof RangeError)) throw problem
    error(file, 'The text nests quotes, lists or emphasis too deeply to be read: simplify it', {line: 1, column: 1}, 'too-deep')
    return {tree: {type: 'root', children: []}, frontMatter: undefined, failed: true}
  }
  if (!checkTables(root, file)) return {tree: {type: 'root', children: []}, frontMatter: undefined, failed: true}
  const first = root.children[0]
  const frontMatter = first?.type === 'yaml' ? first : undefined
  const tree: Root = {...root, children: frontMatter ? root.children.slice(1) : root.children}
  return {tree, frontMatter, failed: false}
}

/** Refuses a release whose tables, each row as wide as its header, would hold more than `maxTableCells` cells; the message is placed on the table that goes past. */
function checkTables(tree: Root, file: VFile): boolean {
  let cells = 0
  let over: Table | undefined
  eachNode<Table>(tree, 'table', (table) => {
    cells += Math.max(1, table.children[0]?.children.length ?? 1) * table.children.length
    if (cells > maxTableCells) over ??= table
  })
  if (!over) return true
  error(file, `The release's tables have more than ${maxTableCells.toLocaleString('en')} cells (every row has as many as its table's header): shorten them, or move long tables to a linked document such as a spreadsheet`, over.position?.start, 'too-many-table-cells')
  return false
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

const fence = /^ {0,3}(`{3,}|~{3,})/
const thematicBreak = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/
const container = /[ \t]*(?:(>)|([-+*]|\d{1,9}[.)])(?=[ \t]|$))/y

/**
 * Table cells in a release. Every row of a table is set with as many cells
 * as its header, the missing ones made when the page is rendered, so a short
 * release of one wide header and many short rows asks for millions of cells
 * and all the memory there is; no release needs ten thousand. They are
 * counted on the parsed tree, where GFM has said what is a table.
 */
const maxTableCells = 10_000

/**
 * List items in a release. The parser's time grows with the square of the
 * number of items in a list whose items hold lists (5,000 take seconds); no
 * release needs a thousand.
 */
const maxListItems = 1000

/**
 * Refuses, before the parser sees it, a line that opens more quotes and list
 * items than a release may nest, and a release of more list items than
 * `maxListItems`: the parser's time grows with the square of either, while
 * this look at the start of each line costs its length.
 */
function checkNesting(text: string, file: VFile): boolean {
  let line = 0
  let items = 0
  let fenced: string | undefined
  const lines = text.split('\n')
  // Front matter (YAML, bounded by its own limits) holds no Markdown list items; unclosed, it is no front matter.
  const closing = /^---[ \t]*$/.test(lines[0] ?? '') ? lines.findIndex((content, index) => index > 0 && /^---[ \t]*$/.test(content)) : -1
  for (const content of lines) {
    line++
    if (line <= closing + 1) continue
    const opening = fence.exec(content)?.[1]
    if (opening && (fenced === undefined || (opening[0] === fenced[0] && opening.length >= fenced.length))) {
      fenced = fenced === undefined ? opening : undefined
      continue
    }
    if (fenced !== undefined || thematicBreak.test(content)) continue
    let depth = 0
    container.lastIndex = 0
    for (let found = container.exec(content); found; found = container.exec(content)) {
      depth += found[1] ? 1 : 2
      if (!found[1] && ++items > maxListItems) {
        error(file, `The release has more than ${maxListItems} list items: shorten the lists, or move long ones to a linked document`, {line, column: container.lastIndex}, 'too-many-list-items')
        return false
      }
      if (depth > maxDepth) {
        error(file, `The text nests quotes, lists or emphasis more than ${maxDepth} levels deep: simplify it`, {line, column: container.lastIndex}, 'too-deep')
        return false
      }
    }
  }
  return true
}
