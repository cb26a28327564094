// Whether a message press wrote may be sent, judged by what it says rather
// than where it lies, so that a copied file is judged the same: a draft's
// preview never goes, and an advance copy (its Message-ID names the embargo)
// never goes to the newsroom's public list. (A message of a site built for a
// later time is refused by where it lies: see send-file.ts and send-new.ts.)
import type {ParsedMail} from 'mailparser'
import addressparser from 'nodemailer/lib/addressparser'

/** Why `message` may not be sent to `recipients`, or undefined when it may. `publicList` holds the newsroom's list addresses. */
export function notPublicYet(message: Pick<ParsedMail, 'messageId'>, recipients: readonly string[], publicList: readonly string[]): string | undefined {
  const id = message.messageId ?? ''
  if (id.startsWith('<draft--')) return 'it is the preview of a draft, which is never sent'
  if (id.startsWith('<embargoed--')) {
    const listed = new Set(publicList.map((address) => address.toLowerCase()))
    const public_ = recipients.filter((address) => listed.has(address.toLowerCase()))
    if (public_.length > 0) return `it is an advance copy of a release under embargo, for journalists, and would go to the newsroom's list (${public_.join(', ')})`
  }
  return undefined
}

/** The addresses of the newsroom's lists: the email settings' `to`. */
export function listAddresses(to: string | undefined): string[] {
  return to === undefined ? [] : addressparser(to).flatMap((entry) => ('address' in entry && entry.address ? [entry.address] : []))
}
