// `press bulletin`: one email gathering the published releases of a language
// in a date range, newest first, written beside the site as
// `<out>/<lang>/bulletins/<until>.eml`, `.html` and `.txt`.
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import {hasErrors} from '../source/diagnostics.js'
import {heldBack, releaseEmbargo} from '../source/embargo.js'
import {bulletinEmail} from './emit-email.js'
import {joinSections, textFooterLines, textHeader, underlined} from './emit-text.js'
import {excerpt} from '../render/excerpt.js'
import {openNewsroom} from '../source/newsroom.js'
import {checkOutputFolder, writeIntoOutput} from '../engine/output.js'
import {newestFirst, type Entry} from './pages.js'
import {createSourceStages, readRelease} from '../source/release.js'
import {createTemplates} from './templates.js'
import {wrap} from '../render/text-wrap.js'

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
  const until = options.until ?? options.now.toISOString().slice(0, 10)
  const since = options.since ?? new Date(Date.parse(`${until}T00:00:00Z`) - 6 * day).toISOString().slice(0, 10)
  const files: VFile[] = []
  const result = {ok: false, files, since, until, count: 0, written: [] as string[]}
  if (since > until) return {...result, problem: `--since ${since} is after --until ${until}`}

  const root = resolve(options.root)
  const newsroom = await openNewsroom(root, options.cwd, files)
  if (!newsroom) return result
  const {settings, locales} = newsroom
  const locale = locales.get(options.lang)
  if (!locale) return {...result, problem: `\`${options.lang}\` is not one of the site's languages (${settings.languages.join(', ')})`}
  if (!settings.email) return {...result, problem: 'newsroom.yaml has no `email` settings: add `email.from` and `email.to` to write bulletins'}
  await checkOutputFolder(resolve(options.out), root)

  const stages = createSourceStages(locales)
  const entries: Entry[] = []
  for (const source of newsroom.releases) {
    if (!source.translations.some(({lang}) => lang === options.lang)) continue
    // Every translation is read: the release's embargo is the latest any of them gives.
    const translations = await readRelease(source, stages, files)
    const translation = translations.find(({lang}) => lang === options.lang)
    if (!translation || translations.length < source.translations.length) continue
    const {frontMatter} = translation
    if (heldBack(frontMatter, releaseEmbargo(translations), options.now) || frontMatter.date < since || frontMatter.date > until) continue
    entries.push({id: source.id, lang: options.lang, frontMatter, excerpt: frontMatter.summary ?? excerpt(translation.tree, options.lang), updated: frontMatter.date})
  }
  if (hasErrors(files)) return result
  if (entries.length === 0) return {...result, ok: true}
  entries.sort(newestFirst)

  const count = entries.length
  const dates = {since: locale.formatDate(since), until: locale.formatDate(until)}
  const subject = locale.t('bulletin.subject', {count, embassy: locale.t('embassy.name')})
  const intro = locale.t('bulletin.intro', {count, ...dates})
  const listed = entries.map((entry) => ({title: entry.frontMatter.title, url: new URL(`${entry.lang}/${entry.id}/`, settings.siteUrl).href, dateText: locale.formatDate(entry.frontMatter.date), excerpt: entry.excerpt}))
  const text = joinSections([
    textHeader(locale, 'embassy-news'),
    underlined(subject, options.width, '='),
    wrap(intro, {width: options.width}),
    ...listed.map((entry) => [...wrap(entry.title, {width: options.width}), entry.dateText, ...(entry.excerpt ? wrap(entry.excerpt, {width: options.width}) : []), entry.url]),
    textFooterLines(locale, options.width)
  ])
  const email = await bulletinEmail({templates: createTemplates(root), email: settings.email}, locale, {subject, intro, key: `bulletin.${options.lang}.${since}.${until}`, date: options.now, text, entries: listed})
  const base = `${options.lang}/bulletins/${until}`
  const written: Array<[string, string | Uint8Array]> = [
    [`${base}.txt`, text],
    [`${base}.html`, email.html],
    [`${base}.eml`, email.message]
  ]
  await writeIntoOutput(resolve(options.out), written)
  return {...result, ok: true, count, written: written.map(([path]) => path)}
}
