// Each kind of bad input gets a clear, placed message and never a crash.
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {readYaml} from '../../pipeline/source/safe-yaml.js'
import {maxReleaseBytes, readSource} from '../../pipeline/source/source.js'
import {press, readTree, runPress, temporaryFolder} from '../helpers.js'

const start = {line: 2, column: 1}
const messages = (file: VFile) => file.messages.map((message) => `${message.line}:${message.column} ${message.fatal ? 'error' : 'warning'} ${message.reason}`)

describe('readYaml', () => {
  it('should place a syntax error on its line in the file', () => {
    const file = new VFile()
    expect(readYaml('title: ok\ndate: "unclosed\n', file, start, 'front matter')).toBeUndefined()
    expect(messages(file)[0]).toMatch(/^[34]:\d+ error The front matter is not valid YAML/)
  })

  it('should refuse aliases, so that no alias bomb can expand', () => {
    const file = new VFile()
    expect(readYaml('a: &x [1, 2]\nb: *x\n', file, start, 'front matter')).toBeUndefined()
    expect(messages(file).join('\n')).toContain('uses an anchor or tag')
    expect(messages(file).join('\n')).toContain('uses an alias (`*name`)')
  })

  it('should refuse custom tags', () => {
    const file = new VFile()
    expect(readYaml('title: !!js/function "function () {}"\n', file, start, 'front matter')).toBeUndefined()
    expect(messages(file)[0]).toMatch(/^2:\d+ error .*tags such as `!!` or `!name` are not allowed/)
  })

  it('should refuse a key given twice', () => {
    const file = new VFile()
    expect(readYaml('title: one\ntitle: two\n', file, start, 'front matter')).toBeUndefined()
    expect(messages(file)[0]).toMatch(/^3:1 error .*unique/i)
  })

  it('should refuse front matter over the size cap', () => {
    const file = new VFile()
    expect(readYaml(`title: ${'x'.repeat(70_000)}\n`, file, start, 'front matter')).toBeUndefined()
    expect(messages(file)[0]).toContain('larger than 64 KB')
  })

  it('should refuse a document that is not key: value lines', () => {
    const file = new VFile()
    expect(readYaml('- just\n- a list\n', file, start, 'front matter')).toBeUndefined()
    expect(messages(file)[0]).toMatch(/^2:1 error The front matter must be a list of `key: value` lines/)
  })

  it('should read dates and times as the text written, not as timestamps', () => {
    const source = readYaml('date: 2026-03-14\nembargo: 2026-03-14T09:00:00-05:00\n', new VFile(), start, 'front matter')
    expect(source?.data).toEqual({date: '2026-03-14', embargo: '2026-03-14T09:00:00-05:00'})
  })
})

describe('readSource', () => {
  it('should name the line and column of the first byte that is not UTF-8', async () => {
    const path = join(await temporaryFolder(), 'en.md')
    await writeFile(path, Buffer.concat([Buffer.from('---\ntitle: Café\n'), Buffer.from([0x64, 0x61, 0xff, 0x74]), Buffer.from('\n')]))
    const file = await readSource(path, 'releases/x/en.md')
    expect(file.value).toBeUndefined()
    expect(messages(file)).toEqual(['3:3 error The file is not UTF-8 text: save it as UTF-8 in your editor and build again'])
  })

  it('should refuse a file larger than a release can be without reading it', async () => {
    const path = join(await temporaryFolder(), 'en.md')
    await writeFile(path, Buffer.alloc(maxReleaseBytes + 1, 'a'))
    const file = await readSource(path, 'releases/x/en.md')
    expect(file.value).toBeUndefined()
    expect(messages(file)[0]).toMatch(/error The file is 256 KB; a release may be at most 256 KB/)
  })

  it('should drop a byte order mark', async () => {
    const path = join(await temporaryFolder(), 'en.md')
    await writeFile(path, '\ufeff---\ntitle: A\n---\n')
    expect(String((await readSource(path, 'en.md')).value)).toBe('---\ntitle: A\n---\n')
  })
})

describe('text that would exhaust the parser', () => {
  const release = (body: string) => `---\ntitle: Deep\ndate: 2026-01-01\n---\n\n${body}\n`

  it('should refuse quotes and lists nested too deep, at the place it happens, without a crash', async () => {
    for (const depth of [41, 5000, 50_000]) {
      const root = await temporaryFolder()
      await mkdir(join(root, 'releases', '2026-01-01-deep'), {recursive: true})
      await writeFile(join(root, 'releases', '2026-01-01-deep', 'en.md'), release(`${'>'.repeat(depth)} text`))
      const result = await press(['build', '--root', root], root)
      expect(result.code, `depth ${depth}`).toBe(1)
      expect(result.stderr, `depth ${depth}`).toMatch(/error\s+The text nests quotes, lists or emphasis (more than 40 levels deep|too deeply to be read): simplify it/)
      expect(result.stderr).not.toMatch(/^\s+at /m)
    }
  })

  it('should refuse, before parsing, a chain of list items deeper than a release may nest, at its line and column', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'releases', '2026-01-01-deep'), {recursive: true})
    await writeFile(join(root, 'releases', '2026-01-01-deep', 'en.md'), release(`A paragraph.\n\n${'- '.repeat(15)}${'> '.repeat(11)}text`))
    const result = await press(['check', '--root', root], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/8:51\s+error\s+The text nests quotes, lists or emphasis more than 40 levels deep: simplify it/)
  })

  it('should refuse more list items than a release needs, which the parser reads in quadratic time', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'releases', '2026-01-01-long'), {recursive: true})
    await writeFile(join(root, 'releases', '2026-01-01-long', 'en.md'), release('- item\n  - sub\n'.repeat(500) + '- one too many\n'))
    const result = await press(['check', '--root', root], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/1006:1\s+error\s+The release has more than 1000 list items/)
    await writeFile(join(root, 'releases', '2026-01-01-long', 'en.md'), release('- item\n  - sub\n'.repeat(500)))
    expect((await press(['check', '--root', root], root)).code).toBe(0)
  })

  it('should refuse tables of more cells than a release needs, which a short text with a wide header asks of memory, and keep a real one', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'releases', '2026-01-01-table'), {recursive: true})
    // 200 columns and 60 rows of one cell each: 2 KB, set as 12,000 cells. (3,000 columns and 20,000 rows, 72 KB, were 60 million, past all memory.)
    // The same in a quote, and in a list item, where GFM reads tables too; with a line of no-break spaces among its rows, which GFM
    // reads as one; and after a small table that a heading ends.
    const table = (prefix = '', after = '') => {
      const inside = prefix.replace('-', ' ')
      return `${prefix}| ${'a | '.repeat(200)}\n${inside}|${' --- |'.repeat(200)}\n${after}${`${inside}| x\n`.repeat(60)}`
    }
    for (const text of [table(), table('> '), table('- '), table('', '\u00a0\n'), `|a|\n|-|\n# Heading\n${table()}`]) {
      await writeFile(join(root, 'releases', '2026-01-01-table', 'en.md'), release(`A paragraph.\n\n${text}`))
      const result = await press(['check', '--root', root], root)
      expect(result.code, text.slice(0, 20)).toBe(1)
      expect(result.stderr, text.slice(0, 20)).toMatch(/\d+:\d+\s+error\s+The release's tables have more than 10,000 cells/)
    }
    // Visa fees by country: 200 rows of 4 columns, well within.
    const fees = `| Country | Visa | Fee | Days |\n| --- | --- | ---: | ---: |\n${'| Aurelia | Tourist | 60 | 10 |\n'.repeat(200)}`
    await writeFile(join(root, 'releases', '2026-01-01-table', 'en.md'), release(`A paragraph.\n\n${fees}\nAfter the table.\n\n${fees}`))
    const kept = await press(['check', '--root', root], root)
    expect(kept.stderr).not.toContain('cells')
    expect(kept.code).toBe(0)
  })

  it('should count no front matter line as a list item, and say what is wrong with a list of the front matter there', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'releases', '2026-01-01-contacts'), {recursive: true})
    const contacts = Array.from({length: 1001}, (_, index) => `  - name: Officer ${index}\n`).join('')
    const notes = Array.from({length: 1100}, (_, index) => `  - Note ${index}.\n`).join('')
    await writeFile(join(root, 'releases', '2026-01-01-contacts', 'en.md'), `---\ntitle: Many\ndate: 2026-01-01\nnotes:\n${notes}contacts:\n${contacts}---\n\n${'- item\n'.repeat(1000)}`)
    const result = await press(['check', '--root', root], root)
    expect(result.code).toBe(1)
    expect(result.stderr).not.toContain('list items')
    expect(result.stderr).toMatch(/5:3-1105:1\s+error\s+`notes` is not valid: a list of notes to editors/)
    expect(result.stderr).toMatch(/1106:3-2106:23\s+error\s+`contacts` is not valid: a list of at most 50 contacts/)
  })

  it('should refuse a paragraph of thousands of emphasis marks, which would take minutes to read', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'releases', '2026-01-01-marks'), {recursive: true})
    await writeFile(join(root, 'releases', '2026-01-01-marks', 'en.md'), release(`First paragraph.\n\n${'a* '.repeat(5000)}`))
    const result = await press(['build', '--root', root], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/8:1\s+error\s+This paragraph has 5000 `\*` and `_` marks, more than the 500 a paragraph may have/)
  })
})

describe('control characters', () => {
  it('should take control characters out of the text of every output, with a placed warning', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'releases', '2026-01-01-controls'), {recursive: true})
    await writeFile(join(root, 'releases', '2026-01-01-controls', 'en.md'), '---\ntitle: Controls\ndate: 2026-01-01\n---\n\nA NUL\u0000 and a bell\u0007 and a zero\u200bwidth space and a\uffff noncharacter.\n')
    const result = await press(['build', '--root', root], root)
    expect(result.stderr).toMatch(/6:6\s+warning\s+The file holds NUL characters, which were removed/)
    expect(result.code).toBe(0)
    for (const [path, text] of await readTree(join(root, 'output'))) {
      expect(text, path).not.toContain('\ufffd')
      expect(text, path).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\uffff]/)
    }
    const page = (await readTree(join(root, 'output'))).get('en/2026-01-01-controls/index.html')!
    expect(page).toContain('<p>A NUL and a bell and a zerowidth space and a noncharacter.</p>')
  })

  it('should refuse, at its place, a front matter escape no page, feed or email can carry', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'releases', '2026-01-01-controls'), {recursive: true})
    const release = (title: string) => `---\ntitle: "${title}"\ndate: 2026-01-01\n---\n\nText.\n`
    for (const [title, named] of [['Bell\\a in a title', 'the character U+0007'], ['Not a character \\uFFFF', 'the character U+FFFF'], ['Half a pair \\uDFFF', 'half of a surrogate pair']]) {
      await writeFile(join(root, 'releases', '2026-01-01-controls', 'en.md'), release(title!))
      const result = await press(['check', '--root', root], root)
      expect(result.code, title).toBe(1)
      expect(result.stderr, title).toMatch(/2:8-2:\d+\s+error\s+The front matter holds /)
      expect(result.stderr, title).toContain(`The front matter holds ${named}`)
      expect(result.stderr, title).toContain('which no page, feed or email can carry: remove it')
    }
  })

  it('should place an error on a release its thread has not the memory to make, and build nothing, instead of crashing', async () => {
    const root = await temporaryFolder()
    const out = join(root, 'site')
    await mkdir(join(root, 'releases', '2026-01-01-report'), {recursive: true})
    await mkdir(join(root, 'releases', '2026-01-02-note'), {recursive: true})
    // A report of 7,000 short paragraphs (230 KB), which a thread given 32 MB cannot make; a short note beside it.
    const release = (title: string, body: string) => `---\ntitle: ${title}\ndate: 2026-01-01\n---\n\n${body}\n`
    await writeFile(join(root, 'releases', '2026-01-01-report', 'en.md'), release('Annual report', 'Consular services remain open.\n\n'.repeat(7000)))
    await writeFile(join(root, 'releases', '2026-01-02-note', 'en.md'), release('Office closed', 'The office is closed on Monday.'))
    // Two releases: too few for threads to be started for speed; the large one gets one of its own all the same.
    const build = (environment: Record<string, string>) => runPress(['build', '--root', root, '--out', out, '--now', '2026-06-01T00:00:00Z'], root, environment)
    const starved = await build({PRESS_THREAD_MEMORY: '32'})
    expect(starved.code).toBe(1)
    expect(starved.stderr).toMatch(/releases\/2026-01-01-report\/en\.md\n\s*1:1\s+error\s+This translation \(\d+ KB\) needs more memory than press gives one release \(32 MB\) and was not made: split it/)
    expect(starved.stderr).not.toMatch(/2026-01-02-note[^]*error/)
    expect([...(await readTree(root)).keys()].filter((path) => path.startsWith('site'))).toEqual([])
    // With the memory press gives a thread by default, the same report is built.
    const built = await build({})
    expect(built.stderr).not.toContain('memory')
    expect(built.code).toBe(0)
    expect([...(await readTree(out)).keys()]).toContain('en/2026-01-01-report/index.html')
  })
})
