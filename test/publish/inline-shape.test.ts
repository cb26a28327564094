// Emails of one shape are inlined once: the result must be what inlining
// each whole gives, whatever the texts, addresses and attribute selectors.
import {describe, expect, it} from 'vitest'
import {inline} from '../../pipeline/publish/emit-email.js'
import {inlineByShape} from '../../pipeline/publish/inline-shape.js'

const email = (title: string, href: string, css = '') => `<!DOCTYPE html>
<html lang="en"><head><title>${title}</title><style>
.content p { margin: 0 0 16px; } .share a { color: #0b4f8a; } td.outer { padding: 8px; } p:empty { display: none; } ${css}
</style></head><body>
<!--[if mso]><table role="presentation" width="600"><tr><td><![endif]-->
<table class="wrapper" width="100%"><tr><td class="outer" align="center"><div class="content"><p>${title}</p><p> </p><p></p></div>
<div class="share"><a href="${href}" title="${title}">Suggest to a Friend</a></div></td></tr></table>
<!--[if mso]></td></tr></table><![endif]-->
</body></html>`

describe('inlining emails by their shape', () => {
  it('should inline one shape once and give each email what inlining it whole gives', () => {
    let calls = 0
    const counted = (html: string) => (calls++, inline(html))
    const first = email('Consular hours &amp; fees', 'mailto:?subject=Consular%20hours')
    const second = email('Visite d’une délégation « commerciale »', 'https://embassy.example.org/fr/visit/')
    expect(inlineByShape(first, counted)).toBe(inline(first))
    expect(inlineByShape(second, counted)).toBe(inline(second))
    expect(calls).toBe(1)
  })

  it('should keep the values a selector reads, so that each email gets its own styles', () => {
    const css = 'a[href^="mailto"] { color: #b00020; } [lang="ar"] p { text-align: right; }'
    const mail = email('One', 'mailto:press@example.org', css)
    const web = email('Two', 'https://example.org/', css)
    expect(inlineByShape(mail, inline)).toBe(inline(mail))
    expect(inlineByShape(web, inline)).toBe(inline(web))
    expect(inlineByShape(mail, inline)).toContain('color: #b00020')
    expect(inlineByShape(web, inline)).not.toContain('color: #b00020')
  })

  it('should inline whole an email that holds the placeholders’ own characters', () => {
    let calls = 0
    const counted = (html: string) => (calls++, inline(html))
    const odd = email('Private \ue000 use', 'https://example.org/')
    expect(inlineByShape(odd, counted)).toBe(inline(odd))
    expect(inlineByShape(odd, counted)).toBe(inline(odd))
    expect(calls).toBe(2)
  })
})
