// A bulletin: one email gathering the published releases of a language in a
// date range, newest first, as `<lang>/bulletins/<until>.eml`, `.html` and
// `.txt`. Each bulletin's parameters are recorded in the output, so that
// every build writes it again from the releases public at that time: a
// release made a draft, embargoed again or deleted leaves every bulletin.
import {readRegularFile} from '../lib/newsroom-file.js'
import {join} from 'node:path'
import type {Locale} from '../model/locale.js'
import {dayIn} from '../source/calendar.js'
import {wrap} from '../render/text-wrap.js'
import {bulletinEmail, type EmailContext} from './emit-email.js'
import {joinSections, textFooterLines, textHeader, underlined} from './emit-text.js'
import {listed, newestFirst, type Entry, type SiteMap} from './pages.js'
import type {OutputWriter} from '../model/output-writer.js'

/** Where the output keeps the parameters of its bulletins. */
export const recordsFile = '.bulletins.json'

export interface BulletinRecord {
  readonly lang: string
  /** First and last release dates included, `YYYY-MM-DD`. */
  readonly since: string
  readonly until: string
  /** Display columns of the text. */
  readonly width: number
  /** When the bulletin was first written: its Date header, kept across builds. */
  readonly date: string
  /** Only the releases of this category (press bulletin --category). */
  readonly category?: string
  /** A digest of the last complete day or week (press bulletin --period), which press send --new sends once. */
  readonly period?: DigestPeriod
}

const digestPeriods = ['daily', 'weekly'] as const
export type DigestPeriod = (typeof digestPeriods)[number]

const datePattern = /^\d{4}-\d{2}-\d{2}$/

/** The bulletins recorded in an output folder; none when it has no record or an unreadable one. */
export async function readBulletinRecords(out: string): Promise<BulletinRecord[]> {
  let records: unknown
  try {
    records = JSON.parse(readRegularFile(join(out, recordsFile), 64 * 1024 * 1024).toString('utf8'))
  } catch {
    return []
  }
  if (!Array.isArray(records)) return []
  const valid = records.filter(
    (record): record is BulletinRecord =>
      typeof record === 'object' &&
      record !== null &&
      typeof record.lang === 'string' &&
      datePattern.test(record.since) &&
      datePattern.test(record.until) &&
      Number.isInteger(record.width) &&
      !Number.isNaN(Date.parse(record.date)) &&
      (record.category === undefined || (typeof record.category === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(record.category))) &&
      (record.period === undefined || (digestPeriods.includes(record.period) && isPeriod(record.period, record.since, record.until)))
  )
  // One record per bulletin: two would write the same files.
  return [...new Map(valid.map((record) => [bulletinBase(record), record])).values()]
}

/** Whether `since` to `until` is one day, or one week from Monday to Sunday, as digests cover. */
function isPeriod(period: DigestPeriod, since: string, until: string): boolean {
  const days = (Date.parse(until) - Date.parse(since)) / 86_400_000
  return period === 'daily' ? days === 0 : days === 6 && new Date(`${since}T00:00:00Z`).getUTCDay() === 1
}

/** How long a digest stays in the site and is written again by each build: past that, it is dropped, so that daily digests do not slow every build down for ever. */
const digestDays = 35

export function recordsText(records: readonly BulletinRecord[]): string {
  const sorted = [...records].sort((a, b) => (a.lang + a.until < b.lang + b.until ? -1 : 1))
  return `${JSON.stringify(sorted, null, 2)}\n`
}

/** The folder part of a bulletin's files, such as `en/bulletins/2026-03-14`, `en/bulletins/2026-03-14-culture` for one topic, or `en/bulletins/weekly-2026-03-15` for a digest. */
export function bulletinBase(record: Pick<BulletinRecord, 'lang' | 'until' | 'category' | 'period'>): string {
  return `${record.lang}/bulletins/${record.period ? `${record.period}-` : ''}${record.until}${record.category ? `-${record.category}` : ''}`
}

/** The key of a bulletin's message: a digest's differs from a bulletin made by hand of the same days, which may have been sent by hand. */
export function bulletinKey(record: BulletinRecord): string {
  return `${record.period ? `digest.${record.period}` : 'bulletin'}.${record.lang}.${record.since}.${record.until}${record.category ? `.${record.category}` : ''}`
}

/** The entries a bulletin lists: its language, dated within its range, newest first. */
export function bulletinEntries(entries: readonly Entry[], record: BulletinRecord): Entry[] {
  return entries
    .filter((entry) => listed(entry) && entry.lang === record.lang && entry.frontMatter.date >= record.since && entry.frontMatter.date <= record.until && (record.category === undefined || entry.frontMatter.category === record.category))
    .sort(newestFirst)
}

/** The three files of a bulletin listing `entries`. */
export async function composeBulletin(context: EmailContext, siteUrl: string, locale: Locale, entries: readonly Entry[], record: BulletinRecord): Promise<Array<[string, string | Uint8Array]>> {
  const count = entries.length
  const dates = {since: locale.formatDate(record.since), until: locale.formatDate(record.until)}
  const embassy = record.category ? locale.t('bulletin.topicSender', {embassy: locale.t('embassy.name'), topic: locale.t(`category.${record.category}`)}) : locale.t('embassy.name')
  const subject = locale.t('bulletin.subject', {count, embassy})
  const intro = record.since === record.until ? locale.t('bulletin.introDay', {count, date: dates.since}) : locale.t('bulletin.intro', {count, ...dates})
  const listed = entries.map((entry) => ({title: entry.frontMatter.title, url: new URL(`${entry.lang}/${entry.id}/`, siteUrl).href, dateText: locale.formatDate(entry.frontMatter.date), excerpt: entry.excerpt}))
  const width = record.width
  const text = joinSections([
    textHeader(locale, record.category ?? 'embassy-news'),
    underlined(subject, width, '='),
    wrap(intro, {width}),
    ...listed.map((entry) => [...wrap(entry.title, {width}), entry.dateText, ...(entry.excerpt ? wrap(entry.excerpt, {width}) : []), entry.url]),
    textFooterLines(locale, width)
  ])
  const email = await bulletinEmail(context, locale, {subject, intro, key: bulletinKey(record), digest: record.period !== undefined, category: record.category ?? 'embassy-news', date: new Date(record.date), text, entries: listed})
  const base = bulletinBase(record)
  return [
    [`${base}.txt`, text],
    [`${base}.html`, email.html],
    [`${base}.eml`, email.message]
  ]
}

/**
 * Writes again every bulletin the previous output recorded, listing only the
 * releases public in this build; a bulletin left with none is dropped, and
 * a digest once it is more than `digestDays` old.
 */
export async function rewriteBulletins(staging: OutputWriter, previous: string, email: EmailContext | undefined, site: SiteMap, entries: readonly Entry[], now: Date): Promise<number> {
  if (!email) return 0
  const kept = []
  const today = dayIn(now, site.settings.timeZone)
  const oldest = new Date(Date.parse(`${today}T00:00:00Z`) - digestDays * 86_400_000).toISOString().slice(0, 10)
  for (const record of await readBulletinRecords(previous)) {
    // A digest of a period not over yet was never made by press; one long past leaves the site.
    if (record.period !== undefined && (record.until >= today || record.until < oldest)) continue
    const locale = site.locales.get(record.lang)
    const listed = bulletinEntries(entries, record)
    if (!locale || listed.length === 0) continue
    for (const [path, content] of await composeBulletin(email, site.settings.siteUrl, locale, listed, record)) await staging.write(path, content)
    kept.push(record)
  }
  if (kept.length > 0) await staging.write(recordsFile, recordsText(kept))
  return kept.length
}
