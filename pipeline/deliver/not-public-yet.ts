// Whether a message press wrote may go to its list now, judged by what it
// says rather than where it lies, so that a copied file is judged the same:
// a draft's preview never goes; an advance copy (its Message-ID names the
// embargo) goes only to the journalists' list; any other message dated later
// than now is a release whose time has not come.
import type {ParsedMail} from 'mailparser'
import addressparser from 'nodemailer/lib/addressparser'
import {envelopeOf} from './envelope.js'

/** How far ahead of the clock a message's Date may be: clocks of two machines differ by a few seconds. */
const clockSlack = 60_000

/** Why `message` may not be sent now, or undefined when it may. `embargoList` is the newsroom's journalists' list, if it has one. */
export function notPublicYet(message: Pick<ParsedMail, 'messageId' | 'date' | 'to' | 'from'>, options: {embargoList?: string; now?: number}): string | undefined {
  const id = message.messageId ?? ''
  if (id.startsWith('<draft.')) return 'it is the preview of a draft, which is never sent'
  const now = options.now ?? Date.now()
  if (id.startsWith('<embargoed.')) {
    const list = options.embargoList === undefined ? [] : addressparser(options.embargoList).flatMap((entry) => ('address' in entry && entry.address ? [entry.address.toLowerCase()] : []))
    const to = envelopeOf(message).to.map((address) => address.toLowerCase())
    if (list.length > 0 && to.length > 0 && to.every((address) => list.includes(address))) return undefined
    return 'it is an advance copy of a release under embargo, and is addressed to someone other than the journalists’ list (email.embargoList)'
  }
  if (message.date && message.date.getTime() > now + clockSlack) return `it is dated ${message.date.toISOString()}, later than now: its release is not public yet`
  return undefined
}
