// What juice taught one process about an email frame and an email's shape,
// kept as plain data, lets another process inline bodies and emails of those
// shapes to juice's very bytes without loading juice; a memory of another
// shape is ignored, never trusted, and a lesson found wrong is kept as such.
import {describe, expect, it, vi} from 'vitest'

const frame = `<!DOCTYPE html><html lang="en"><head><style>
p { margin: 0 0 12px; color: #222; } .notes p { font-size: 13px; } a { color: #0b4f8a; } ul li { margin-bottom: 4px; } h2 { font-size: 18px; }
</style></head><body><table class="wrapper" width="100%"><tr><td class="content"><!--communique:body--></td></tr></table></body></html>`

const body = (words: string) => `<h2>Who can apply</h2><p>${words} <a href="https://example.org/apply">Apply here</a>.</p><ul><li>Students</li><li>Researchers</li></ul><div class="notes"><p>Deadline: 30 June.</p></div>`

const email = (title: string) => `<!DOCTYPE html><html lang="en"><head><title>${title}</title><style>.masthead td { padding: 8px; } .share a { color: #0b4f8a; }</style></head><body><table class="masthead"><tr><td>${title}</td></tr></table><!--communique:body--><div class="share"><a href="https://example.org/">Suggest to a Friend</a></div></body></html>`

/** A fresh copy of the modules, as in another process; with `noJuice`, juice throws when loaded. */
async function freshModules(noJuice: boolean) {
  vi.resetModules()
  vi.doUnmock('../../pipeline/publish/juice.js')
  if (noJuice)
    vi.doMock('../../pipeline/publish/juice.js', () => ({
      juice: () => {
        throw new Error('juice was loaded')
      }
    }))
  const emit = await import('../../pipeline/publish/emit-email.js')
  return {...emit, ...(await import('../../pipeline/publish/style-memory.js')), ...(await import('../../pipeline/publish/inline-shape.js'))}
}

const edited = body('Applications close in June; late ones are not read.')

describe('what juice taught, kept between processes', () => {
  it('should inline known bodies and emails as juice does, without loading juice', async () => {
    // What juice itself makes of them, in a process that knows nothing yet.
    const juice = await freshModules(false)
    const expected = {body: juice.inlineEmailBody(frame, edited), email: juice.inline(email('Bourses d’études'))}
    expect(expected.body).toContain('<p style="margin: 0 0 12px; color: #222;">Applications close')

    const taught = await freshModules(false)
    taught.inlineEmailBody(frame, body('Scholarships for the coming year are open.'))
    taught.inlineByShape(email('Scholarships'), taught.inline)
    const memory = JSON.parse(taught.styleMemoryText([frame])) as unknown

    // Without the memory, a new process needs juice.
    const later = await freshModules(true)
    expect(() => later.inlineEmailBody(frame, edited)).toThrow('juice was loaded')
    const remembering = await freshModules(true)
    remembering.rememberStyles(memory)
    expect(remembering.inlineEmailBody(frame, edited)).toBe(expected.body)
    expect(remembering.inlineByShape(email('Bourses d’études'), remembering.inline)).toBe(expected.email)
    // A tag in a place never seen still needs juice.
    expect(() => remembering.inlineEmailBody(frame, '<blockquote><p>Quoted.</p></blockquote>')).toThrow('juice was loaded')
  })

  it('should change only when it learned something, a template found wrong included', async () => {
    const modules = await freshModules(false)
    const before = modules.styleMemoryText([frame])
    modules.inlineEmailBody(frame, body('One.'))
    const after = modules.styleMemoryText([frame])
    expect(after).not.toBe(before)
    modules.inlineEmailBody(frame, body('Two.'))
    expect(modules.styleMemoryText([frame])).toBe(after)

    // A memory whose template for the paragraphs is wrong: juice, run for a body with a tag never seen, finds it out.
    const wrong = JSON.parse(after) as {frames: Array<{contexts: {keys: string[]; templates: Array<[number, unknown]>}}>}
    const {keys, templates} = wrong.frames[0]!.contexts
    const paragraph = keys.findIndex((key) => key.endsWith(' <p>'))
    expect(paragraph).toBeGreaterThan(-1)
    for (const entry of templates) if (entry[0] === paragraph) entry[1] = ['<p style="color: red;">']
    const corrected = await freshModules(false)
    corrected.rememberStyles(wrong)
    const remembered = corrected.styleMemoryText([frame])
    const withNew = `${body('Three.')}<blockquote><p>Quoted.</p></blockquote>`
    expect(corrected.inlineEmailBody(frame, withNew)).toBe((await freshModules(false)).inlineEmailBody(frame, withNew))
    expect(corrected.styleMemoryText([frame])).not.toBe(remembered)
    expect(corrected.styleMemoryText([frame])).not.toContain('color: red')
  })

  it('should take what another thread learned, its contexts numbered as this one numbers them', async () => {
    const quoted = (words: string) => `<p>${words}</p><blockquote><p>${words}</p><ul><li><a href="https://example.org/">${words}</a></li></ul></blockquote>`
    const expected = (await freshModules(false)).inlineEmailBody(frame, quoted('Said at the opening.'))
    // This thread was taught one body; another thread, from nothing, another body, so that their numbers differ.
    const here = await freshModules(false)
    here.inlineEmailBody(frame, body('One.'))
    const ownMemory = JSON.parse(here.styleMemoryText([frame])) as unknown
    const there = await freshModules(false)
    there.inlineEmailBody(frame, quoted('Quoted.'))
    const theirs = JSON.parse(there.styleMemoryText([frame])) as unknown
    const thread = await freshModules(true)
    thread.rememberStyles(ownMemory)
    expect(() => thread.inlineEmailBody(frame, quoted('Said at the opening.'))).toThrow('juice was loaded')
    thread.rememberStyles(theirs)
    expect(thread.inlineEmailBody(frame, quoted('Said at the opening.'))).toBe(expected)
    expect(thread.inlineEmailBody(frame, body('Two.'))).toBe((await freshModules(false)).inlineEmailBody(frame, body('Two.')))

    // A thread that holds another template for a context known here leaves that context to juice.
    const disagreeing = JSON.parse(JSON.stringify(ownMemory)) as {frames: Array<{contexts: {keys: string[]; templates: Array<[number, unknown]>}}>}
    const {keys, templates} = disagreeing.frames[0]!.contexts
    const paragraph = keys.findIndex((key) => key.endsWith(' <p>'))
    for (const entry of templates) if (entry[0] === paragraph) entry[1] = ['<p style="color: red;">']
    const doubting = await freshModules(true)
    doubting.rememberStyles(ownMemory)
    expect(doubting.inlineEmailBody(frame, body('Three.'))).toContain('<p style="margin: 0 0 12px; color: #222;">Three.')
    doubting.rememberStyles(disagreeing)
    expect(() => doubting.inlineEmailBody(frame, body('Four.'))).toThrow('juice was loaded')
  })

  it('should ignore a memory of another shape', async () => {
    const taught = await freshModules(false)
    taught.inlineEmailBody(frame, body('One.'))
    taught.inlineByShape(email('One'), taught.inline)
    const good = JSON.parse(taught.styleMemoryText([frame])) as {frames: Array<{frame: string; styles: unknown; contexts: {keys: string[]; templates: Array<[number, unknown]>}}>; shapes: string[][]}
    const contexts = good.frames[0]!.contexts
    const opened = contexts.keys.findIndex((key) => key.includes('\u0000'))
    expect(opened).toBeGreaterThan(-1)
    const variants: unknown[] = [
      null,
      'text',
      {frames: 'x', shapes: []},
      {frames: [{frame, styles: {before: 1}}], shapes: []},
      {frames: [], shapes: [['a']]},
      // A template for a context that does not exist, one filling a value its tag does not leave open, keys twice, a parent after its child.
      {frames: [{...good.frames[0], contexts: {...contexts, templates: [[contexts.keys.length, ['<p>']]]}}], shapes: []},
      {frames: [{...good.frames[0], contexts: {...contexts, templates: [[0, ['<h2', 5, '>']]]}}], shapes: []},
      {frames: [{...good.frames[0], contexts: {...contexts, keys: [...contexts.keys, contexts.keys[0]]}}], shapes: []},
      {frames: [{...good.frames[0], contexts: {...contexts, keys: [`${contexts.keys.length} <p>`, ...contexts.keys]}}], shapes: []},
      // A shape whose inlined form lost, or made up, a placeholder.
      {frames: [], shapes: [[good.shapes[0]![0], good.shapes[0]![1]!.replace(/\ue0000\ue001/, '')]]},
      {frames: [], shapes: [[good.shapes[0]![0], `${good.shapes[0]![1]}\ue00099\ue001`]]}
    ]
    for (const hostile of variants) {
      const fresh = await freshModules(true)
      const empty = fresh.styleMemoryText([frame])
      fresh.rememberStyles(hostile)
      expect(fresh.styleMemoryText([frame]), JSON.stringify(hostile).slice(0, 200)).toBe(empty)
    }
    const fresh = await freshModules(true)
    fresh.rememberStyles(good)
    expect(fresh.styleMemoryText([frame])).toBe(JSON.stringify(good))
  })
})
