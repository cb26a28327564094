// What an advance copy carries with it. The photos of a release under
// embargo are not on the site yet, so a copy that loaded them from there
// would show journalists broken images: the email carries them (and the
// crest) inside the message, shown by `cid:` addresses, and the page finds
// them in a media/ folder beside it.
import {createHash} from 'node:crypto'
import {basename, extname} from 'node:path'
import {composeMessage} from '../publish/email-message.js'
import type {EmailSettings} from '../source/settings.js'

const imageTypes: Record<string, string> = {'.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif', '.svg': 'image/svg+xml'}

/** A file the copy may carry, by its path in the output; undefined when the build made none there. */
export type OutputFile = (path: string) => Uint8Array | undefined

/** The message again, with every image it loads from the site carried inside it. */
export async function emailWithImagesInside(message: Uint8Array, options: {siteUrl: string; email: EmailSettings; lang: string; file: OutputFile}): Promise<Uint8Array> {
  // Loaded here: only advance copies read mail back.
  const {simpleParser} = await import('mailparser')
  const parsed = await simpleParser(Buffer.from(message))
  if (typeof parsed.html !== 'string' || !parsed.messageId) return message
  const related = new Map<string, {cid: string; filename: string; contentType: string; content: Uint8Array}>()
  const html = parsed.html.replace(/(\ssrc=")([^"]+)(")/g, (whole, before: string, address: string, after: string) => {
    if (!address.startsWith(options.siteUrl)) return whole
    const path = address.slice(options.siteUrl.length)
    const content = options.file(path)
    const contentType = imageTypes[extname(path).toLowerCase()]
    if (!content || !contentType) return whole
    const cid = `${createHash('sha256').update(content).digest('hex').slice(0, 24)}@advance.press`
    related.set(cid, {cid, filename: basename(path), contentType, content})
    return `${before}cid:${cid}${after}`
  })
  if (related.size === 0) return message
  const key = parsed.messageId.slice(1, parsed.messageId.lastIndexOf('@'))
  return composeMessage(options.email, {subject: parsed.subject ?? '', key, date: parsed.date ?? new Date(0), lang: options.lang, text: parsed.text ?? '', html, related: [...related.values()]})
}

/**
 * The address a page of the copy loads a file at: the release's own media
 * (not public yet) from media/ beside the page, kept in `carried`; anything
 * else at its public address.
 */
export function ownMedia(address: string, options: {siteUrl: string; id: string; file: OutputFile; carried: Map<string, Uint8Array>}): string {
  const prefix = `${options.siteUrl}media/${options.id}/`
  if (!address.startsWith(prefix)) return address
  const name = address.slice(prefix.length)
  const content = /^[^/?#]+$/.test(name) ? options.file(`media/${options.id}/${name}`) : undefined
  if (!content) return address
  options.carried.set(name, content)
  return `media/${name}`
}
