// `press bulletin`: gathers the published releases of one language in a date
// range into one email, added to the current output all or nothing, and
// recorded there so that every later build writes it again (publish/bulletin.ts).
import {existsSync} from 'node:fs'
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import {hasErrors} from '../source/diagnostics.js'
import {heldBack, releaseEmbargo} from '../source/embargo.js'
import {excerpt} from '../render/excerpt.js'
import {openNewsroom} from '../source/newsroom.js'
import {dayIn} from '../source/calendar.js'
import {withOutput} from '../engine/output.js'
import type {Entry} from '../publish/pages.js'
import {createSourceStages, readRelease} from '../source/release.js'
import {createTemplates} from '../publish/templates.js'
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
  /** How long to wait for another command writing the same output, in milliseconds. */
  readonly wait?: number
  readonly notice?: (text: string) => void
}

export interface BulletinResult {
  readonly ok: boolean
  readonly files: VFile[]
  /** Why no bulletin could be made, when it is not in a file's messages. */
  readonly problem?: string
  readonly since: string
  readonly until: string
  readonly count: number
  /** Paths written, relative to the output folder. */
  readonly written: string[]
}

const day = 24 * 60 * 60 * 1000

export async function writeBulletin(options: BulletinOptions): Promise<BulletinResult> {
  const files: VFile[] = []
  const root = resolve(options.root)
  const newsroom = await openNewsroom(root, options.cwd, files)
  const until = options.until ?? (newsroom ? dayIn(options.now, newsroom.settings.timeZone) : options.now.toISOString().slice(0, 10))
  const since = options.since ?? new Date(Date.parse(`${until}T00:00:00Z`) - 6 * day).toISOString().slice(0, 10)
  const result = {ok: false, files, since, until, count: 0, written: [] as string[]}
  if (!newsroom) return result
  if (since > until) return {...result, problem: `--since ${since} is after --until ${until}`}
  const {settings, locales} = newsroom
  const locale = locales.get(options.lang)
  if (!locale) return {...result, problem: `\`${options.lang}\` is not one of the site's languages (${settings.languages.join(', ')})`}
  if (!settings.email) return {...result, problem: 'newsroom.yaml has no `email` settings: add `email.from` and `email.to` to write bulletins'}

  const stages = createSourceStages(locales)
  const entries: Entry[] = []
  for (const source of newsroom.releases) {
    if (!source.translations.some(({lang}) => lang === options.lang)) continue
    // Every translation is read: the release's embargo is the latest any of them gives.
    const translations = await readRelease(source, stages, files)
    const translation = translations.find(({lang}) => lang === options.lang)
    if (!translation || translations.length < source.translations.length) continue
    if (heldBack(translation.frontMatter, releaseEmbargo(translations), options.now)) continue
    const {frontMatter} = translation
    entries.push({id: source.id, lang: options.lang, frontMatter, excerpt: frontMatter.summary ?? excerpt(translation.tree, options.lang), updated: frontMatter.date})
  }
  if (hasErrors(files)) return result
  const record: BulletinRecord = {lang: options.lang, since, until, width: options.width, date: options.now.toISOString()}
  const listed = bulletinEntries(entries, record)
  if (listed.length === 0) return {...result, ok: true}
  const out = resolve(options.out)

  const lock = {command: 'press bulletin', ...(options.wait === undefined ? {} : {wait: options.wait}), ...(options.notice ? {notice: options.notice} : {})}
  const written = await withOutput({out, root, lock}, async (staging) => {
    if (!existsSync(out)) return {commit: false, value: undefined}
    const base = bulletinBase(record)
    await staging.copyCurrent((path) => path === recordsFile || path.startsWith(`${base}.`))
    const files = await composeBulletin({templates: createTemplates(root), email: settings.email!}, settings.siteUrl, locale, listed, record)
    for (const [path, content] of files) await staging.write(path, content)
    const others = (await readBulletinRecords(out)).filter((other) => bulletinBase(other) !== base)
    await staging.write(recordsFile, recordsText([...others, record]))
    return {commit: true, value: files.map(([path]) => path)}
  })
  if (!written) return {...result, problem: `there is no site in ${out} yet: run press build first, since a bulletin links to the pages of its releases`}
  return {...result, ok: true, count: listed.length, written}
}
