// A message written at once must be, byte for byte, what nodemailer's own
// streams make of the same tree, whatever its texts hold: any script, line
// ends of every kind, spaces before them, equals signs, lines longer than a
// mail line and bodies longer than the encoder's slices.
import fc from 'fast-check'
import {simpleParser} from 'mailparser'
import {describe, expect, it} from 'vitest'
import {composeMessage, messageTree, type MessageParts} from '../../pipeline/publish/email-message.js'
import {messageAtOnce} from '../../pipeline/publish/message-at-once.js'

const email = {
  from: 'Service de presse <press@embassy.example.org>',
  to: 'Abonnés <list@embassy.example.org>',
  listId: 'Communiqués de l’ambassade <news.embassy.example.org>',
  unsubscribe: {url: 'https://embassy.example.org/unsubscribe', mail: 'leave@embassy.example.org'}
}

/** Pieces that meet the encoder's edges: spaces and tabs before a line end, equals signs, bytes it must escape, every line end. */
const piece = fc.oneof(
  fc.string({unit: 'grapheme', maxLength: 40}),
  fc.constantFrom(' ', '\t', '  \n', ' \r\n', '\r', '\n', '\r\n', '=', '=3D', '==\n', '.', 'é', '中文', 'العربية', '😀', '\u00a0', '\u202f', '<p class="lead">', '</p>\n'),
  fc.integer({min: 70, max: 200}).map((length) => 'x'.repeat(length)),
  fc.integer({min: 20, max: 90}).map((length) => 'é'.repeat(length))
)
const body = fc.array(piece, {maxLength: 60}).map((pieces) => pieces.join(''))
const subject = fc.string({unit: 'grapheme', maxLength: 80}).filter((text) => !/[\r\n\0]/.test(text))

function parts(text: string, html: string, title: string, lang = 'fr'): MessageParts {
  return {subject: title, key: `release.${lang}`, date: new Date('2026-03-02T09:30:00Z'), lang, text, html}
}

async function bothWays(message: MessageParts): Promise<{atOnce: Buffer | undefined; streamed: Buffer}> {
  // Each tree is used once: building its headers sets state on it.
  return {atOnce: messageAtOnce(messageTree(email, message)), streamed: await messageTree(email, message).build()}
}

describe('a message written at once', () => {
  it('should hold the bytes nodemailer’s streams write, for any texts', async () => {
    await fc.assert(
      fc.asyncProperty(body, body, subject, async (text, html, title) => {
        const {atOnce, streamed} = await bothWays(parts(text, html, title))
        expect(atOnce).toBeDefined()
        expect(atOnce!.toString('latin1')).toBe(streamed.toString('latin1'))
      }),
      {numRuns: 150}
    )
  })

  it('should hold those bytes for bodies longer than the encoder’s slices, and for plain ASCII ones', async () => {
    const long = `<p>${'Une phrase assez longue, avec des accents: é à ç. '.repeat(3000)}</p>\n  \n`
    const ascii = 'A short text.\r\nAnother line.\r\n'
    for (const [text, html] of [
      [long, long],
      [ascii, '<p>A short text.</p>'],
      ['', ''],
      ['Ends in spaces   ', 'Ends in a tab\t']
    ] as const) {
      const {atOnce, streamed} = await bothWays(parts(text, html, 'Subject'))
      expect(atOnce!.toString('latin1')).toBe(streamed.toString('latin1'))
    }
    expect(Buffer.byteLength(long)).toBeGreaterThan(128 * 1024)
  })

  it('should read back as written: subject, text and HTML', async () => {
    const text = 'Bonjour à tous = égal.\nLigne avec espace \n'
    const html = '<p>Bonjour à tous = égal.</p>\n<p>中文 العربية</p>'
    const parsed = await simpleParser(await composeMessage(email, parts(text, html, 'Visite d’une délégation « commerciale »')))
    expect(parsed.subject).toBe('Visite d’une délégation « commerciale »')
    expect(parsed.text).toBe(text)
    expect(parsed.html).toBe(html)
    expect(parsed.headers.get('list')).toMatchObject({id: {id: 'news.embassy.example.org'}})
  })

  it('should leave a message with images in it to the streams', async () => {
    const withImage = {...parts('Text\n', '<img src="cid:crest">', 'Subject'), related: [{cid: 'crest', filename: 'crest.png', contentType: 'image/png', content: new Uint8Array([137, 80, 78, 71])}]}
    expect(messageAtOnce(messageTree(email, withImage))).toBeUndefined()
    const parsed = await simpleParser(await composeMessage(email, withImage))
    expect(parsed.attachments.map((attachment) => attachment.cid)).toEqual(['crest'])
  })
})
