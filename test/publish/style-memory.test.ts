// What juice taught one process about an email frame and an email's shape,
// kept as plain data, lets another process inline bodies and emails of those
// shapes to juice's very bytes without loading juice; a memory of another
// shape is ignored, never trusted.
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

describe('what juice taught, kept between processes', () => {
  it('should inline known bodies and emails as juice does, without loading juice', async () => {
    const taught = await freshModules(false)
    const first = taught.inlineEmailBody(frame, body('Scholarships for the coming year are open.'))
    const shaped = taught.inlineByShape(email('Scholarships'), taught.inline)
    const memory = JSON.parse(JSON.stringify(taught.styleMemory([frame]))) as unknown
    const juiced = {body: taught.inlineEmailBody(frame, body('Applications close in June; late ones are not read.')), email: taught.inline(email('Bourses d’études'))}
    expect(first).toContain('style="margin: 0 0 12px; color: #222;"')

    const later = await freshModules(true)
    // Without the memory, the new process needs juice.
    expect(() => later.inlineEmailBody(frame, body('Applications close in June; late ones are not read.'))).toThrow('juice was loaded')
    const remembering = await freshModules(true)
    remembering.rememberStyles(memory)
    expect(remembering.inlineEmailBody(frame, body('Applications close in June; late ones are not read.'))).toBe(juiced.body)
    expect(remembering.inlineByShape(email('Bourses d’études'), remembering.inline)).toBe(juiced.email)
    expect(shaped).toBe(taught.inline(email('Scholarships')))
    // A tag in a place never seen still needs juice.
    expect(() => remembering.inlineEmailBody(frame, '<blockquote><p>Quoted.</p></blockquote>')).toThrow('juice was loaded')
  })

  it('should say it learned something only when it did, and ignore a memory of another shape', async () => {
    const modules = await freshModules(false)
    const before = modules.styleMemorySize([frame])
    modules.inlineEmailBody(frame, body('One.'))
    const after = modules.styleMemorySize([frame])
    expect(after).toBeGreaterThan(before)
    modules.inlineEmailBody(frame, body('Two.'))
    expect(modules.styleMemorySize([frame])).toBe(after)

    const fresh = await freshModules(true)
    for (const hostile of [null, 'text', {frames: 'x', shapes: []}, {frames: [{frame, styles: {before: 1}}], shapes: []}, {frames: [], shapes: [['a']]}, {frames: [{frame, styles: null, contexts: {keys: ['k'], templates: [[5, ['x']]]}}], shapes: []}]) {
      fresh.rememberStyles(hostile)
      expect(fresh.styleMemorySize([frame]), JSON.stringify(hostile)).toBe(0)
    }
  })
})
