// `press check`: the build itself, every stage and every decision, with
// nothing written, so that it finds exactly the problems a build would find;
// each normalization applied is listed as a note. It adds what a press office
// needs before a release goes out: which translations exist and which are
// public, and which UI strings a language lacks.
import {join, relative} from 'node:path'
import {existsSync} from 'node:fs'
import {releaseBytes} from '../source/source.js'
import {findReleases} from '../source/newsroom.js'
import {textVersions, translatedFrom} from '../source/translation-version.js'
import {factsOf} from '../source/consistency.js'
import {VFile} from 'vfile'
import {warning} from '../source/diagnostics.js'
import type {Locale} from '../model/locale.js'
import {packageRoot} from '../source/package-root.js'
import {untranslatedWarnings} from '../source/untranslated.js'
import {build, type BuildOptions} from './build.js'
import type {TranslationStatus} from './release-run.js'

export interface CheckResult {
  readonly ok: boolean
  readonly files: VFile[]
  readonly translations: number
  /** The translation matrix: each release, and each of the newsroom's languages in it. */
  readonly matrix: readonly MatrixRow[]
  readonly languages: readonly string[]
  /** What publishes when: each embargoed release, soonest first. */
  readonly schedule: readonly ScheduledRelease[]
}

export interface ScheduledRelease {
  readonly id: string
  /** When its embargo ends, as the writer wrote it. */
  readonly until: string
  readonly time: number
  /** Its translations that publish then; the others are drafts or have errors. */
  readonly languages: readonly string[]
}

export interface MatrixRow {
  readonly id: string
  /** By language: its status, or `missing` when the release has no such file. */
  readonly languages: Readonly<Record<string, {readonly status: TranslationStatus['status'] | 'missing'; readonly until?: string}>>
}

export async function check(options: {root: string; cwd: string; now?: Date}): Promise<CheckResult> {
  const across = acrossTranslations(options.root, options.cwd)
  const result = await build({root: options.root, out: '', cwd: options.cwd, now: options.now ?? new Date(), dryRun: true, notes: true, onLocales: across.onLocales})
  result.files.push(...(await across.files()))
  return {ok: result.ok, files: result.files, translations: result.read, matrix: matrixOf(result.statuses, result.languagesOfNewsroom), languages: result.languagesOfNewsroom, schedule: scheduleOf(result.statuses)}
}

/** The embargoed releases, soonest first, each with the languages that publish when its embargo ends. */
export function scheduleOf(statuses: readonly TranslationStatus[]): ScheduledRelease[] {
  const byId = new Map<string, ScheduledRelease & {languages: string[]}>()
  for (const {id, lang, status, until, untilTime} of statuses) {
    if (status !== 'embargoed') continue
    const entry = byId.get(id) ?? {id, until: until!, time: untilTime!, languages: []}
    entry.languages.push(lang)
    byId.set(id, entry)
  }
  return [...byId.values()].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1))
}

/**
 * The checks that look across a newsroom's translations and strings rather
 * than at one file: given to a build as its `onLocales`, their messages are
 * ready once the build is, from `files`.
 */
export function acrossTranslations(root: string, cwd: string): {onLocales: NonNullable<BuildOptions['onLocales']>; files: () => Promise<VFile[]>} {
  let compared: Promise<VFile[]> = Promise.resolve([])
  return {
    onLocales: (locales, defaultLanguage) => {
      compared = compareTranslations(root, cwd, locales, defaultLanguage)
      return [...stringWarnings(root, cwd, locales, defaultLanguage), ...untranslatedWarnings(root, locales, cwd, true)]
    },
    files: () => compared
  }
}

/** Each release found, with the status of each of the newsroom's languages in it. */
export function matrixOf(statuses: readonly TranslationStatus[], languages: readonly string[]): MatrixRow[] {
  const byKey = new Map(statuses.map((one) => [`${one.id}/${one.lang}`, one]))
  const ids = [...new Set(statuses.map(({id}) => id))].sort()
  return ids.map((id) => ({
    id,
    languages: Object.fromEntries(
      languages.map((lang) => {
        const found = byKey.get(`${id}/${lang}`)
        return [lang, found ? {status: found.status, ...(found.until ? {until: found.until} : {})} : {status: 'missing' as const}]
      })
    )
  }))
}

/** A release's translations with their text as written. */
type ReleaseTexts = {readonly id: string; readonly translations: ReadonlyArray<{readonly lang: string; readonly shownAs: string; readonly text: string}>}

/** What only comparing a release's translations shows: stale ones, and facts one has and another lacks. Each file is read once. */
async function compareTranslations(root: string, cwd: string, locales: ReadonlyMap<string, Locale>, defaultLanguage: string): Promise<VFile[]> {
  const {releases} = await findReleases(root, [...locales.keys()], cwd)
  const files: VFile[] = []
  for (const release of releases) {
    // A file that cannot be read is said by the build's own reading; here it is left out.
    const translations = release.translations.flatMap(({lang, path, shownAs}) => {
      const read = releaseBytes(path, shownAs)
      return 'bytes' in read ? [{lang, shownAs, text: read.bytes.toString('utf8')}] : []
    })
    const texts: ReleaseTexts = {id: release.id, translations}
    files.push(...staleTranslations(texts, locales, defaultLanguage), ...inconsistencies(texts, locales))
  }
  return files
}

/**
 * Numbers, times, addresses and telephone numbers that some translations of
 * a release have and others lack: one warning where the first has it, naming
 * the others.
 */
function inconsistencies(release: ReleaseTexts, locales: ReadonlyMap<string, Locale>): VFile[] {
  // A draft is still being written (often the skeleton press new started): it is compared once it is ready.
  const ready = release.translations.filter(({text}) => !isDraft(text))
  if (ready.length < 2) return []
  const languages = [...locales.keys()]
  const read = ready.map((translation) => {
    const facts = factsOf(translation.text, languages)
    return {...translation, facts, keys: new Set(facts.map(({key}) => key))}
  })
  const files: VFile[] = []
  const reported = new Set<string>()
  for (const {shownAs, facts} of read) {
    let file: VFile | undefined
    for (const fact of facts) {
      if (reported.has(fact.key)) continue
      const lacking = read.filter((other) => !other.keys.has(fact.key))
      if (lacking.length === 0) continue
      reported.add(fact.key)
      file ??= new VFile({path: shownAs, cwd: '/'})
      const names = lacking.map(({lang, shownAs: path}) => `${locales.get(lang)!.name} (${path})`).join(', ')
      warning(file, `\`${fact.text}\` is in this translation but not in ${names}: check that the translations agree`, {line: fact.line, column: fact.column}, 'inconsistent-translation')
    }
    if (file) files.push(file)
  }
  return files
}

/** Whether a release file's front matter says `status: draft`. */
function isDraft(text: string): boolean {
  const frontMatter = /^\ufeff?---\r?\n([\s\S]*?)\r?\n---/.exec(text)
  return frontMatter !== null && /^status:\s*["']?draft["']?\s*$/m.test(frontMatter[1]!)
}

/** Translations made from an older version of the default language's text than it now is. */
function staleTranslations(release: ReleaseTexts, locales: ReadonlyMap<string, Locale>, defaultLanguage: string): VFile[] {
  const source = release.translations.find(({lang}) => lang === defaultLanguage)
  const versions = source && textVersions(source.text)
  if (!versions) return []
  const files: VFile[] = []
  for (const {lang, shownAs, text} of release.translations) {
    if (lang === defaultLanguage) continue
    const from = translatedFrom(text)
    if (!from || from.version === versions.version || from.version === versions.former) continue
    const file = new VFile({path: shownAs, cwd: '/'})
    warning(file, `The ${locales.get(defaultLanguage)!.name} text of this release has changed since this translation was made from it: bring the translation up to date, then run press translated ${release.id} ${lang}`, {line: from.line, column: 1}, 'stale-translation')
    files.push(file)
  }
  return files
}

/** UI strings the default language has and another lacks (shown in the default language instead), and strings no one asks for. */
function stringWarnings(root: string, cwd: string, locales: ReadonlyMap<string, Locale>, defaultLanguage: string): VFile[] {
  const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '')
  const wanted = new Set(locales.get(defaultLanguage)!.keys.map(base))
  const files: VFile[] = []
  for (const [code, locale] of locales) {
    if (code === defaultLanguage) continue
    const own = new Set(locale.keys.map(base))
    const missing = [...wanted].filter((key) => !own.has(key))
    const extra = [...own].filter((key) => !wanted.has(key))
    if (missing.length === 0 && extra.length === 0) continue
    const path = [join(root, 'locales', code, 'translation.json'), join(packageRoot, 'locales', code, 'translation.json')].find((candidate) => existsSync(candidate))!
    const file = new VFile({path: relative(cwd, path), cwd: '/'})
    for (const key of missing) warning(file, `\`${key}\` is missing: readers of ${locale.name} see the ${locales.get(defaultLanguage)!.name} text instead. Translate it`, undefined, 'missing-string')
    for (const key of extra) warning(file, `\`${key}\` is not among the ${locales.get(defaultLanguage)!.name} strings, so nothing shows it: check its spelling or remove it`, undefined, 'extra-string')
    files.push(file)
  }
  return files
}
