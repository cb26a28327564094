// The body as print-ready text, block by block.
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {createParser, parse} from '../../pipeline/source/parse.js'
import {renderText} from '../../pipeline/render/render-text.js'

const parser = createParser()
const render = (markdown: string, width = 40) => {
  const {lines, references} = renderText(parse(parser, new VFile(markdown)).tree, width)
  return {text: lines.join('\n'), references}
}

describe('renderText', () => {
  it('should set headings apart with a rule as wide as the heading', () => {
    expect(render('# Programme\n\nText.').text).toBe('Programme\n---------\n\nText.')
  })

  it('should hang list items from their markers, numbered from the list’s start, nested lists further in', () => {
    const markdown = '3. First item that is long enough to wrap onto a second line\n4. Second\n   - nested one\n   - nested two'
    expect(render(markdown).text).toBe(['3. First item that is long enough to', '   wrap onto a second line', '4. Second', '   - nested one', '   - nested two'].join('\n'))
  })

  it('should indent block quotes and keep code verbatim', () => {
    expect(render('> Quoted words\n\n```\nconst a  =  1;   \n```').text).toBe('    Quoted words\n\n    const a  =  1;')
  })

  it('should give images as their alt text and links as numbered references, one number per address', () => {
    const {text, references} = render('See ![the flag](flag.png) and [the page](https://a.example.org/x) and [again](https://a.example.org/x) and [another][ref].\n\n[ref]: https://b.example.org/')
    expect(text).toBe('See the flag and the page\u00a0[1] and\nagain\u00a0[1] and another\u00a0[2].')
    expect(references).toEqual(['https://a.example.org/x', 'https://b.example.org/'])
  })

  it('should write bare addresses and email addresses as they are, without a number', () => {
    const {text, references} = render('Write to press@embassy.example.org or see https://embassy.example.org/.')
    expect(text).toBe('Write to press@embassy.example.org or\nsee https://embassy.example.org/.')
    expect(references).toEqual([])
  })

  it('should leave no Markdown behind: emphasis, code spans and hard breaks become plain text', () => {
    expect(render('**Bold** and *italic* and `code`  \nnext line').text).toBe('Bold and italic and code\nnext line')
  })

  it('should set a table as rows of cells under a rule', () => {
    expect(render('| Day | Hours |\n| --- | --- |\n| Monday | 9:00 |').text).toBe('Day | Hours\n-----------\nMonday | 9:00')
  })

  it('should keep right-to-left text in logical order', () => {
    expect(render('قال السفير «مرحبا»، ثم غادر.').text).toBe('قال السفير «مرحبا»، ثم غادر.')
  })
})
