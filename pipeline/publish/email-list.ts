// The messages a build publishes for sending: one line per translation that
// has an email and is listed (a withdrawn release keeps its page, but is never
// mailed), in the order they should go out. `press send --new` reads it from
// the output, so that it sends exactly what the last build published and
// nothing a build held back. It says no more than the site itself.
import {readRegularFile} from '../lib/newsroom-file.js'
import {join} from 'node:path'
import type {EmailSettings} from '../source/settings.js'
import {messageIdFor, releaseMessageKey} from './email-message.js'
import {listed, type Entry} from './pages.js'
import {bulletinBase, bulletinKey, readBulletinRecords} from './bulletin.js'

export const emailListFile = '.communique-emails.json'

export interface ListedEmail {
  readonly release: string
  readonly lang: string
  /** The message's path in the output, such as `en/<id>/release.eml`. */
  readonly file: string
  /** Its Message-ID, so that a message sent already need not be read again. */
  readonly message?: string
}

/** The list of a build's messages: its releases in the order built, each in the newsroom's order of languages, and the time it was built for. */
export function emailListText(entries: readonly Entry[], languages: readonly string[], email: EmailSettings, now: Date): string {
  const releases = new Map<string, Entry[]>()
  for (const entry of entries.filter(listed)) releases.set(entry.id, [...(releases.get(entry.id) ?? []), entry])
  const order = (entry: Entry) => languages.indexOf(entry.lang)
  const messages = [...releases.values()].flatMap((translations) => translations.sort((a, b) => order(a) - order(b)).map(({id, lang, frontMatter}): ListedEmail => ({release: id, lang, file: `${lang}/${id}/release.eml`, message: messageIdFor(email, releaseMessageKey(id, lang, frontMatter.updatedTime))})))
  return `${JSON.stringify({builtFor: now.toISOString(), messages}, null, 1)}\n`
}

/** The messages published in the output at `out`, and the time (epoch ms) it was built for; undefined when it has no list (no build, or one without email). */
export async function readEmailList(out: string): Promise<{messages: ListedEmail[]; builtFor: number | undefined} | undefined> {
  let data: {messages?: unknown; builtFor?: unknown}
  try {
    data = JSON.parse(readRegularFile(join(out, emailListFile), 256 * 1024 * 1024).toString('utf8')) as {messages?: unknown; builtFor?: unknown}
  } catch {
    return undefined
  }
  if (!Array.isArray(data?.messages)) return undefined
  const builtFor = typeof data.builtFor === 'string' ? Date.parse(data.builtFor) : NaN
  return {builtFor: Number.isNaN(builtFor) ? undefined : builtFor, messages: listedMessages(data.messages)}
}

function listedMessages(messages: Array<Partial<Record<keyof ListedEmail, unknown>> | null>): ListedEmail[] {
  return messages.filter((item): item is ListedEmail => typeof item?.release === 'string' && typeof item.lang === 'string' && typeof item.file === 'string' && (item.message === undefined || typeof item.message === 'string') && /^[A-Za-z0-9-]+\/[a-z0-9-]+\/release\.eml$/.test(item.file))
}

/**
 * The digests in the output at `out` (press bulletin --period), as messages
 * to send: each language's in the newsroom's order, oldest first. A
 * bulletin made by hand is not among them: it is sent by hand.
 */
export async function listedDigests(out: string, languages: readonly string[], email: EmailSettings): Promise<ListedEmail[]> {
  const order = (lang: string) => languages.indexOf(lang)
  const digests = (await readBulletinRecords(out)).filter((record) => record.period !== undefined && languages.includes(record.lang))
  digests.sort((a, b) => (a.until === b.until ? order(a.lang) - order(b.lang) : a.until < b.until ? -1 : 1))
  return digests.map((record) => ({release: bulletinBase(record).slice(record.lang.length + 1), lang: record.lang, file: `${bulletinBase(record)}.eml`, message: messageIdFor(email, bulletinKey(record))}))
}

/** How far ahead of the clock a site may be built for and still be sent from: clocks of two machines differ by a few seconds. */
const clockSlack = 60_000

/**
 * Why the messages of a site with this list may not be sent now, or
 * undefined when they may: a site built for a later time (press build
 * --ahead) holds releases still under embargo, and a list that does not say
 * when its site was built for (made by an older press, or edited) is not trusted.
 */
export function notSendableNow(list: {builtFor: number | undefined}, clock = Date.now()): string | undefined {
  if (list.builtFor === undefined) return 'does not say when it was built for: build it again with press build, then send'
  if (list.builtFor > clock + clockSlack) return `was built for ${new Date(list.builtFor).toISOString()}, later than now, and holds releases still under embargo: nothing was sent. Build it for now (press build without --now), then send`
  return undefined
}
