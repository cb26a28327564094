// Builds the MIME message of a release or a bulletin with nodemailer's
// MailComposer: multipart/alternative, the print-ready text first and the
// HTML last. Every header value is checked: no CR, LF or NUL may reach one.
import {createHash} from 'node:crypto'
import MailComposer from 'nodemailer/lib/mail-composer'
import addressparser from 'nodemailer/lib/addressparser'
import {encodeWords} from 'nodemailer/lib/mime-funcs'
import type {EmailSettings} from '../source/settings.js'

export interface MessageParts {
  readonly subject: string
  /** Unique within the newsroom; becomes the Message-ID's left part. */
  readonly key: string
  readonly date: Date
  readonly lang: string
  readonly text: string
  readonly html: string
  /** Images the HTML shows as `cid:` addresses, carried in the message (an advance copy, whose photos are not public yet). */
  readonly related?: ReadonlyArray<{readonly cid: string; readonly filename: string; readonly contentType: string; readonly content: Uint8Array}>
}

/** A header value that would break out of its header line. */
export class HeaderInjectionError extends Error {
  override name = 'HeaderInjectionError'
  constructor(readonly field: string) {
    super(`The ${field} contains a line break or a NUL character, which would break the email's headers`)
  }
}

const unsafe = /[\r\n\0]/

/** The key of a release's message: a correction is a new message, which mail systems must not take for the first. */
export function releaseMessageKey(id: string, lang: string, updatedTime: number | undefined): string {
  return updatedTime === undefined ? `${id}.${lang}` : `${id}.${lang}.${updatedTime}`
}

/** The Message-ID of the message with `key`, at the sender's domain. */
export function messageIdFor(email: EmailSettings, key: string): string {
  return `<${key}@${domainOf(email.from)}>`
}

/** The message's own headers; throws HeaderInjectionError when a value would break its header line. */
export function messageHeaders(email: EmailSettings, parts: Pick<MessageParts, 'subject' | 'key' | 'lang'>): {messageId: string; headers: Record<string, string>} {
  const messageId = messageIdFor(email, parts.key)
  const headers: Record<string, string> = {'Content-Language': parts.lang}
  if (email.listId) headers['List-Id'] = listIdHeader(email.listId)
  const unsubscribe = [email.unsubscribe?.url, email.unsubscribe?.mail && `mailto:${email.unsubscribe.mail}?subject=unsubscribe`].filter(Boolean)
  if (unsubscribe.length > 0) headers['List-Unsubscribe'] = unsubscribe.map((address) => `<${address}>`).join(', ')
  if (email.unsubscribe?.url) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'

  const fields: Record<string, string> = {subject: parts.subject, sender: email.from, 'list address': email.to, 'message id': messageId, ...headers}
  for (const [field, value] of Object.entries(fields)) {
    if (unsafe.test(value)) throw new HeaderInjectionError(field)
  }
  return {messageId, headers}
}

/**
 * A List-Id as RFC 2919 writes it: a name in another script is encoded as
 * MIME words, the id in angle brackets never is (mail clients filter by it).
 */
function listIdHeader(listId: string): string {
  const at = listId.lastIndexOf('<')
  const name = listId.slice(0, at).trim()
  return `${name ? `${encodeWords(name, 'Q', 52)} ` : ''}${listId.slice(at)}`
}

export async function composeMessage(email: EmailSettings, parts: MessageParts): Promise<Buffer> {
  const {messageId, headers: values} = messageHeaders(email, parts)
  // Written as made: MailComposer would encode the List-Id's angle brackets with its name.
  const headers = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, key === 'List-Id' ? {prepared: true, foldLines: true, value} : value]))
  const composer = new MailComposer({
    from: email.from,
    to: email.to,
    subject: parts.subject,
    date: parts.date,
    messageId,
    headers,
    // RFC 5322 lines end in CRLF; strict servers refuse a bare LF.
    text: crlf(parts.text),
    html: crlf(parts.html),
    // The same message is built byte for byte the same every time.
    baseBoundary: createHash('sha256').update(messageId).digest('hex').slice(0, 24),
    ...(parts.related && parts.related.length > 0 ? {attachments: parts.related.map(({cid, filename, contentType, content}) => ({cid, filename, contentType, content: Buffer.from(content), contentDisposition: 'inline' as const}))} : {}),
    textEncoding: 'quoted-printable',
    disableFileAccess: true,
    disableUrlAccess: true
  })
  return composer.compile().build()
}

/** The domains of the From addresses seen, which are few: every message of a build has the same. */
const domains = new Map<string, string>()

function domainOf(address: string): string {
  let domain = domains.get(address)
  if (domain === undefined) {
    if (domains.size >= 64) domains.clear()
    domains.set(address, (domain = readDomain(address)))
  }
  return domain
}

function readDomain(address: string): string {
  const [first] = addressparser(address)
  const mailbox = first && 'address' in first ? (first.address ?? '') : ''
  return mailbox.slice(mailbox.lastIndexOf('@') + 1) || 'localhost'
}

/** Every line ending as CRLF. */
function crlf(text: string): string {
  return text.replace(/\r?\n|\r/g, '\r\n')
}
