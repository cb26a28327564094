// `press bulletin`: gathers the published releases of one language in a date
// range into one email, added to the current output all or nothing, and
// recorded there so that every later build writes it again (publish/bulletin.ts).
import {existsSync} from 'node:fs'
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import {openNewsroom} from '../source/newsroom.js'
import {dayIn} from '../source/calendar.js'
import {withOutput} from './output.js'
import {build} from './build.js'
import {bulletinBase, bulletinEntries, composeBulletin, readBulletinRecords, recordsFile, recordsText, type BulletinRecord} from '../publish/bulletin.js'

export interface BulletinOptions {
  readonly root: string
  readonly out: string
  readonly lang: string
  /** First and last release dates included, `YYYY-MM-DD`. */
  readonly since?: string
  readonly until?: string
  readonly now: Date
  readonly cwd: string
  readonly width: number
  /** Only the releases of this category. */
  readonly category?: string
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
  readonly count: number
  /** Paths written, relative to the output folder. */
  readonly written: string[]
}

const day = 24 * 60 * 60 * 1000

export async function writeBulletin(options: BulletinOptions): Promise<BulletinResult> {
  const root = resolve(options.root)
  // The newsroom is opened again by the build below, which reports its problems.
  const newsroom = await openNewsroom(root, options.cwd, [])
  const until = options.until ?? (newsroom ? dayIn(options.now, newsroom.settings.timeZone) : options.now.toISOString().slice(0, 10))
  const since = options.since ?? new Date(Date.parse(`${until}T00:00:00Z`) - 6 * day).toISOString().slice(0, 10)
  const result = {ok: false, files: [] as VFile[], since, until, count: 0, written: [] as string[]}
  if (since > until) return {...result, usage: true, problem: `--since ${since} is after --until ${until}: give the earlier date first`}
  if (newsroom) {
    const {settings} = newsroom
    if (!newsroom.locales.has(options.lang)) return {...result, usage: true, problem: `\`${options.lang}\` is not one of the site's languages: choose among ${settings.languages.join(', ')}`}
    if (options.category !== undefined && !newsroom.locales.get(options.lang)!.categories.has(options.category)) {
      const known = [...newsroom.locales.get(options.lang)!.categories].join(', ')
      return {...result, usage: true, problem: `\`${options.category}\` is not a category of the newsroom: choose among ${known}`}
    }
    if (!settings.email) return {...result, problem: 'newsroom.yaml has no `email` settings: add `email.from` and `email.to` to write bulletins'}
  }
  // The build itself, writing nothing, decides what is public: a bulletin finds the problems a build finds.
  const checked = await build({root, out: '', now: options.now, cwd: options.cwd, dryRun: true})
  if (!newsroom || !checked.ok || !checked.session) return {...result, files: checked.files}
  const {settings, locales, email} = checked.session!
  const locale = locales.get(options.lang)!
  const entries = checked.entries
  const record: BulletinRecord = {lang: options.lang, since, until, width: options.width, date: options.now.toISOString(), ...(options.category ? {category: options.category} : {})}
  const listed = bulletinEntries(entries, record)
  if (listed.length === 0) return {...result, files: checked.files, ok: true}
  const out = resolve(options.out)

  const lock = {command: 'press bulletin', ...(options.wait === undefined ? {} : {wait: options.wait}), ...(options.notice ? {notice: options.notice} : {})}
  const written = await withOutput({out, root, languages: checked.languagesOfNewsroom, lock}, async (staging) => {
    if (!existsSync(out)) return {commit: false, value: undefined}
    const base = bulletinBase(record)
    await staging.copyCurrent((path) => path === recordsFile || path.startsWith(`${base}.`))
    const files = await composeBulletin(email!, settings.siteUrl, locale, listed, record)
    for (const [path, content] of files) await staging.write(path, content)
    const others = (await readBulletinRecords(out)).filter((other) => bulletinBase(other) !== base)
    await staging.write(recordsFile, recordsText([...others, record]))
    return {commit: true, value: files.map(([path]) => path)}
  })
  if (!written) return {...result, files: checked.files, problem: `there is no site in ${out} yet: run press build first, since a bulletin links to the pages of its releases`}
  return {...result, files: checked.files, ok: true, count: listed.length, written}
}
