// Inlining a release's email body applies only the frame's rules that can
// reach it: the result must be the one inlining with every rule gives.
import {describe, expect, it} from 'vitest'
import {inline, inlineEmailBody} from '../../pipeline/publish/emit-email.js'
import {frameFor, frameStyles} from '../../pipeline/publish/frame-rules.js'

const frame = [
  '<html><head><style>',
  '.content p { margin: 0 0 16px; } .content blockquote { color: #56606b !important; border-left: 4px solid #d5dae0; }',
  '.content figure blockquote { margin: 0 0 4px; } .content li:first-child { margin-top: 0; } .footer a { color: blue; }',
  '.content .end-mark { text-align: center; } #lead { font-size: 18px; } a[href^="mailto:"] { color: green; } * { box-sizing: border-box; }',
  '</style></head><body><table><tr><td class="content"><!--communique:body--></td></tr></table><div class="footer"></div></body></html>'
].join('')

/** What inlining the body with every rule of the frame gives. */
function withEveryRule(body: string): string {
  const inlined = inline(frame.replace('<!--communique:body-->', `<!--communique:body-->${body}<!--communique:body-end-->`))
  return inlined.slice(inlined.indexOf('<!--communique:body-->') + '<!--communique:body-->'.length, inlined.indexOf('<!--communique:body-end-->'))
}

describe('the frame rules that reach an email body', () => {
  it('should leave out only rules for elements, classes and ids the body does not have', () => {
    const kept = frameFor(frameStyles(frame)!, '<p class="end-mark">###</p>')
    expect(kept).toContain('.content p{margin:0 0 16px}')
    expect(kept).toContain('.content .end-mark{text-align:center}')
    expect(kept).toContain('*{box-sizing:border-box}')
    expect(kept).not.toContain('a[href')
    expect(kept).not.toContain('blockquote')
    expect(kept).not.toContain('.footer a')
    expect(kept).not.toContain('#lead')
  })

  it('should inline every body exactly as the whole style sheet would', () => {
    for (const body of [
      '<p>One.</p><blockquote><p>Quoted.</p></blockquote>',
      '<figure><blockquote><p>Said.</p></blockquote><figcaption>— Someone</figcaption></figure><p class="end-mark">###</p>',
      '<ul><li>First</li><li>Second <a href="mailto:press@example.org">write</a></li></ul><p id="lead">Lead.</p>',
      '<h2>Title</h2><p>No rule names a heading.</p>',
      "<p class=end-mark>Unquoted</p><p class='end-mark'>Single-quoted</p><ul><li id=lead>Lead</li></ul>"
    ]) {
      expect(inlineEmailBody(frame, body), body).toBe(withEveryRule(body))
    }
  })
})
