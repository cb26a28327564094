// `press bulletin`: gathers the published releases of each language in a date
// range into one email per language, added to the current output all or
// nothing, and recorded there so that every later build writes them again
// (publish/bulletin.ts).
import {existsSync} from 'node:fs'
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import {openNewsroom} from '../source/newsroom.js'
import {dayIn} from '../source/calendar.js'
import {withOutput} from './output.js'
import {copyCurrent} from './current-copy.js'
import {build} from './build.js'
import {bulletinBase, bulletinEntries, composeBulletin, readBulletinRecords, recordsFile, recordsText, type BulletinRecord, type DigestPeriod} from '../publish/bulletin.js'

export interface BulletinOptions {
  readonly root: string
  readonly out: string
  /** The languages to make a bulletin in; every language of the newsroom by default. */
  readonly languages?: readonly string[]
  /** First and last release dates included, `YYYY-MM-DD`. */
  readonly since?: string
  readonly until?: string
  readonly now: Date
  readonly cwd: string
  readonly width: number
  /** Only the releases of this category. */
  readonly category?: string
  /** A digest of the last complete day or week in the newsroom's time zone, instead of `since` and `until`. */
  readonly period?: DigestPeriod
  /** How long to wait for another command writing the same output, in milliseconds. */
  readonly wait?: number
  readonly notice?: (text: string) => void
}

export interface BulletinResult {
  readonly ok: boolean
  readonly files: VFile[]
  /** Why no bulletin could be made, when it is not in a file's messages. */
  readonly problem?: string
  /** The problem is in the command's arguments (exit 2), not in the newsroom. */
  readonly usage?: boolean
  readonly since: string
  readonly until: string
  /** Each language's bulletin, in the newsroom's order: how many releases it gathers (0: none written). */
  readonly made: ReadonlyArray<{readonly lang: string; readonly count: number}>
  /** Paths written, relative to the output folder. */
  readonly written: string[]
}

const day = 24 * 60 * 60 * 1000

export async function writeBulletin(options: BulletinOptions): Promise<BulletinResult> {
  const root = resolve(options.root)
  // The newsroom is opened again by the build below, which reports its problems.
  const newsroom = await openNewsroom(root, options.cwd, [])
  const today = newsroom ? dayIn(options.now, newsroom.settings.timeZone) : options.now.toISOString().slice(0, 10)
  const {since, until} = options.period ? lastComplete(options.period, today) : {until: options.until ?? today, since: options.since ?? daysBefore(options.until ?? today, 6)}
  const result = {ok: false, files: [] as VFile[], since, until, made: [] as Array<{lang: string; count: number}>, written: [] as string[]}
  if (options.period && (options.since !== undefined || options.until !== undefined)) return {...result, usage: true, problem: `--period ${options.period} makes the bulletin of the last complete ${options.period === 'daily' ? 'day' : 'week'}: give it without --since and --until`}
  if (since > until) return {...result, usage: true, problem: `--since ${since} is after --until ${until}: give the earlier date first`}
  if (newsroom) {
    const {settings} = newsroom
    const unknown = options.languages?.find((lang) => !newsroom.locales.has(lang))
    if (unknown !== undefined) return {...result, usage: true, problem: `\`${unknown}\` is not one of the site's languages: choose among ${settings.languages.join(', ')}`}
    const category = options.category
    if (category !== undefined && !(options.languages ?? settings.languages).every((lang) => newsroom.locales.get(lang)!.categories.has(category))) {
      const known = [...newsroom.locales.get(settings.defaultLanguage)!.categories].join(', ')
      return {...result, usage: true, problem: `\`${category}\` is not a category of the newsroom: choose among ${known}`}
    }
    if (!settings.email) return {...result, problem: 'newsroom.yaml has no `email` settings: add `email.from` and `email.to` to write bulletins'}
  }
  // The build itself, writing nothing, decides what is public: a bulletin finds the problems a build finds.
  const checked = await build({root, out: '', now: options.now, cwd: options.cwd, dryRun: true})
  if (!newsroom || !checked.ok || !checked.session) return {...result, files: checked.files}
  const {settings, locales, email} = checked.session!
  const entries = checked.entries
  const languages = options.languages ? settings.languages.filter((lang) => options.languages!.includes(lang)) : settings.languages
  const bulletins = languages.map((lang) => {
    const record: BulletinRecord = {lang, since, until, width: options.width, date: options.now.toISOString(), ...(options.category ? {category: options.category} : {}), ...(options.period ? {period: options.period} : {})}
    return {record, listed: bulletinEntries(entries, record)}
  })
  const made = bulletins.map(({record, listed}) => ({lang: record.lang, count: listed.length}))
  const due = bulletins.filter(({listed}) => listed.length > 0)
  if (due.length === 0) return {...result, files: checked.files, ok: true, made}
  const out = resolve(options.out)

  const lock = {command: 'press bulletin', ...(options.wait === undefined ? {} : {wait: options.wait}), ...(options.notice ? {notice: options.notice} : {})}
  const written = await withOutput({out, root, languages: checked.languagesOfNewsroom, lock}, async (staging) => {
    if (!existsSync(out)) return {commit: false, value: undefined}
    const bases = new Set(due.map(({record}) => bulletinBase(record)))
    await copyCurrent(staging, (path) => path === recordsFile || [...bases].some((base) => path.startsWith(`${base}.`)))
    const paths: string[] = []
    for (const {record, listed} of due) {
      for (const [path, content] of await composeBulletin(email!, settings.siteUrl, locales.get(record.lang)!, listed, record)) {
        await staging.write(path, content)
        paths.push(path)
      }
    }
    const others = (await readBulletinRecords(out)).filter((other) => !bases.has(bulletinBase(other)))
    await staging.write(recordsFile, recordsText([...others, ...due.map(({record}) => record)]))
    return {commit: true, value: paths}
  })
  if (!written) return {...result, files: checked.files, problem: `there is no site in ${out} yet: run press build first, since a bulletin links to the pages of its releases`}
  return {...result, files: checked.files, ok: true, made, written}
}

/** The date `days` days before `date`, both `YYYY-MM-DD`. */
function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * day).toISOString().slice(0, 10)
}

/** The last whole day before `today`, or the last whole week (Monday to Sunday, as ISO 8601 counts weeks) before it. */
export function lastComplete(period: DigestPeriod, today: string): {since: string; until: string} {
  if (period === 'daily') return {since: daysBefore(today, 1), until: daysBefore(today, 1)}
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay()
  const until = daysBefore(today, weekday === 0 ? 7 : weekday)
  return {since: daysBefore(until, 6), until}
}
