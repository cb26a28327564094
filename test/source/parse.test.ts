// The parser leaves out what cannot apply to a text, for speed: GFM's email
// autolinks when no `@` follows the front matter, and the second search for
// addresses when no text holds one. It must read every text exactly as the
// plugins used plainly do.
import fc from 'fast-check'
import remarkCjkFriendly from 'remark-cjk-friendly'
import remarkCjkFriendlyStrikethrough from 'remark-cjk-friendly-gfm-strikethrough'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import remarkBareLinkEnds from '../../pipeline/source/bare-links.js'
import {createParser, parse} from '../../pipeline/source/parse.js'

const parser = createParser()
const plainly = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkCjkFriendly).use(remarkCjkFriendlyStrikethrough).use(remarkBareLinkEnds).freeze()

/** The tree the plugins make of `text`, used plainly, front matter included, with positions. */
function fully(text: string) {
  return plainly.runSync(plainly.parse(text))
}

function read(text: string) {
  const {tree, frontMatter} = parse(parser, new VFile({path: 'releases/2026-01-01-x/en.md', value: text}))
  return {...tree, children: frontMatter ? [frontMatter, ...tree.children] : tree.children}
}

const pieces = ['a', 'b.c', ' ', '\n', '\n\n', '@', 'x@y.org', 'mailto:', 'www.', 'WWW.', 'https://', 'HTTP://', 'example.org', '_', 'a.b_c@d.org', '&amp;', '*', '_', '~', '`', '[', ']', '(', ')', '<', '>', '\\', '&#64;', '中文', '。', '|', '- ', '1. ', '> ', '---', ':', '-', '+']
const body = fc.array(fc.constantFrom(...pieces), {maxLength: 40}).map((parts) => parts.join(''))
const frontMatter = fc.constantFrom('', '---\ntitle: T\n---\n\n', '---\ncontacts:\n  - email: press@embassy.example.org\n---\n\n', '---\ntitle: no end\n\n', '---  \nx: y@z\n---\n', ' ---\na: b@c\n---\n', '---\n---\n', '---\r\na: b@c\r\n---\r\n', '---\na: b@c\n ---\n', '---\na: b\n----\n')

describe('the Markdown parser', () => {
  it('should read any text as the plugins used plainly do, with or without addresses in its text or front matter', () => {
    fc.assert(
      fc.property(frontMatter, body, (head, text) => {
        expect(read(head + text)).toEqual(fully(head + text))
      }),
      {numRuns: 400}
    )
  })

  it('should make email autolinks in the text and none of a contact address in the front matter', () => {
    const text = '---\ncontacts:\n  - email: press@embassy.example.org\n---\n\nWrite to visas@embassy.example.org or see www.example.org.\n'
    const links = JSON.stringify(read(text)).match(/"url":"[^"]+"/g)
    expect(links).toEqual(['"url":"mailto:visas@embassy.example.org"', '"url":"http://www.example.org"'])
    expect(JSON.stringify(read('---\ncontacts:\n  - email: press@embassy.example.org\n---\n\nNo address here.\n'))).not.toContain('"link"')
  })
})
