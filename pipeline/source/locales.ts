// Each language's resources, read from `locales/<lang>/`: `locale.json` says
// how the language is set (its own name, direction, date format), and
// `translation.json` holds every UI string and the embassy's identity, so
// translating the site is translating JSON. One i18next instance serves a build.
import {createHash} from 'node:crypto'
import {existsNoted} from '../lib/read-log.js'
import {join, relative} from 'node:path'
import i18next from 'i18next'
import {VFile} from 'vfile'
import {readNewsroomText, refusalText, UnreadableFile} from '../lib/newsroom-file.js'
import {error} from './diagnostics.js'
import {checkLocaleFile, checkStrings} from './locale-file.js'
import {packageRoot} from './package-root.js'
import {entriesOf, everyString, flatStrings, stringName} from './string-use.js'
import {translator} from './translator.js'
import type {Typography} from '../model/typography.js'

import type {Locale} from '../model/locale.js'

interface LocaleFile {
  name: string
  dir: 'ltr' | 'rtl'
  intl?: string
  ogLocale?: string
  /** How the first day of a month is written where it differs from 1, such as 1er in French. */
  firstOfMonth?: string
  emphasis?: 'italic' | 'weight' | 'dots'
  typography?: Typography
  fonts?: string[]
  webFonts?: string[]
}

type Strings = Record<string, unknown>

/** Scripts whose type has italics; text in any other is emphasized by weight unless its locale.json says otherwise. */
const italicScripts = new Set(['Latn', 'Cyrl', 'Grek'])

/** A font family name as a style sheet may quote it. */
const fontFamily = /^[\p{L}\p{N} _-]{1,60}$/u
/** A locale's files are a few kilobytes; a megabyte is none. */
const maxLocaleBytes = 1024 * 1024
/** The web fonts a newsroom may ship: @fontsource packages, whose style sheets and files press knows how to copy. */
const fontPackage = /^@fontsource(-variable)?\/[a-z0-9-]{1,60}$/

/**
 * Loads every configured language, preferring the newsroom's own
 * `locales/<lang>/` over the built-in one. Problems are recorded on the
 * returned files; locales is undefined when any language is unusable.
 */
export async function loadLocales(root: string, languages: readonly string[], defaultLanguage: string, cwd: string): Promise<{files: VFile[]; locales?: Map<string, Locale>; sources?: LocaleSources}> {
  const {files, sources} = await readLocales(root, languages, cwd)
  return sources ? {files, locales: await makeLocales(sources, defaultLanguage), sources} : {files}
}

/**
 * What each language's files say, checked, as plain data: read once per
 * build in the main thread and handed to the threads, which make the same
 * locales of it (`makeLocales`) without reading the disk.
 */
export type LocaleSources = ReadonlyMap<string, {readonly meta: LocaleFile; readonly strings: Strings}>

async function readLocales(root: string, languages: readonly string[], cwd: string): Promise<{files: VFile[]; sources?: LocaleSources}> {
  const files: VFile[] = []
  const read = new Map<string, {meta: LocaleFile; strings: Strings}>()
  for (const code of languages) {
    const folder = [join(root, 'locales', code), join(packageRoot, 'locales', code)].find((candidate) => existsNoted(candidate))
    if (!folder) {
      const file = new VFile({path: relative(cwd, join(root, 'locales', code)), cwd: '/'})
      error(file, `No locale for \`${code}\`: create the folder with a locale.json and a translation.json (copy locales/en and translate it)`, undefined, 'missing-locale')
      files.push(file)
      continue
    }
    // A newsroom's own locale stays inside the newsroom; the built-in ones inside press.
    const within = folder.startsWith(join(root, 'locales')) ? root : packageRoot
    const meta = await readJson(join(folder, 'locale.json'), cwd, within)
    const strings = await readJson(join(folder, 'translation.json'), cwd, within)
    files.push(meta.file, strings.file)
    if (!meta.value || !strings.value) continue
    if (!checkLocaleFile(meta.value, meta.text ?? '', meta.file)) continue
    const {fonts, webFonts} = meta.value
    if (fonts !== undefined && !(Array.isArray(fonts) && fonts.every((font) => typeof font === 'string' && fontFamily.test(font)))) {
      error(meta.file, 'locale.json `"fonts"` lists font family names, first choice first, such as ["Noto Sans Variable", "sans-serif"]', undefined, 'invalid-locale')
      continue
    }
    if (webFonts !== undefined && !(Array.isArray(webFonts) && webFonts.every((name) => typeof name === 'string' && fontPackage.test(name)))) {
      error(meta.file, 'locale.json `"webFonts"` lists npm packages of @fontsource fonts, such as ["@fontsource-variable/noto-sans"]', undefined, 'invalid-locale')
      continue
    }
    if (!checkStrings(strings.value, strings.text ?? '', strings.file)) continue
    read.set(code, {meta: meta.value as unknown as LocaleFile, strings: strings.value})
  }
  return read.size === languages.length ? {files, sources: read} : {files}
}

/** The i18next instance of a build's strings, as press sets it up. */
export async function stringsInstance(read: LocaleSources, defaultLanguage: string): Promise<typeof i18next> {
  const i18n = i18next.createInstance()
  await i18n.init({
    resources: Object.fromEntries([...read].map(([code, {strings}]) => [code, {translation: strings}])),
    lng: defaultLanguage,
    fallbackLng: defaultLanguage,
    initAsync: false,
    // nunjucks escapes every string it prints: escaping here too would double it.
    // No nesting ($t(key) inside a string): each level can double a string, so a few lines could make pages of gigabytes.
    // Its marks are set to a character no string may hold (locale-file.ts).
    interpolation: {escapeValue: false, nestingPrefix: '\u0000', nestingSuffix: '\u0000'}
  })
  return i18n
}

/** The locales of what their files say; the same sources make the same locales in any thread. */
export async function makeLocales(read: LocaleSources, defaultLanguage: string): Promise<Map<string, Locale>> {
  const i18n = await stringsInstance(read, defaultLanguage)

  // Where i18next looks for a string of a language, in order: the language, its base language (fr for fr-CA) when the newsroom has it, the default language.
  const hierarchy = (code: string) => [...new Set([code, ...i18n.services.languageUtils.toResolveHierarchy(code)])].filter((one) => read.has(one))
  const flat = new Map([...read].map(([code, {strings}]) => [code, flatStrings(strings)]))
  // The languages whose strings can reach a file asking for `key`: the first alone when it has the key (every string is text,
  // checkStrings sees to it) and no language has forms of it (plurals, contexts, anything below it), since i18next then stops
  // there; otherwise all of them. So an English string the French translate leaves the French files as they were.
  const reachedFrom = (languages: readonly string[], key: string): readonly string[] => {
    const name = stringName(key)
    const own = flat.get(languages[0]!)!.some(([one]) => one === name)
    const forms = languages.some((one) => flat.get(one)!.some(([other]) => other.startsWith(`${name}_`) || other.startsWith(`${name}.`)))
    return own && !forms ? languages.slice(0, 1) : languages
  }
  const fragmentPartOf = (code: string) => {
    const strings = flat.get(code)!
    const footnotes = strings.filter(([key]) => key.startsWith('release.footnote'))
    return JSON.stringify([read.get(code)!.meta, strings.filter(([key]) => key.startsWith('category.')).map(([key]) => key), footnotes])
  }
  const locales = new Map<string, Locale>()
  for (const [code, {meta, strings}] of read) {
    const intl = meta.intl ?? code
    const script = new Intl.Locale(intl).maximize().script ?? 'Latn'
    const dates = new Intl.DateTimeFormat(intl, {dateStyle: 'long', timeZone: 'UTC'})
    const categories = new Set(Object.keys((strings.category as Strings | undefined) ?? {}))
    locales.set(code, {
      code,
      name: meta.name,
      dir: meta.dir,
      script,
      emphasis: meta.emphasis ?? (italicScripts.has(script) ? 'italic' : 'weight'),
      intl,
      ogLocale: meta.ogLocale ?? code.replace('-', '_'),
      categories,
      typography: meta.typography,
      fonts: meta.fonts ?? ['system-ui', 'sans-serif'],
      webFonts: meta.webFonts ?? [],
      keys: keysOf(strings),
      t: translator(code, i18n.getFixedT(code), [...read.keys()]),
      stringsOf: (key) => (key === everyString ? hierarchy(code).map((one) => JSON.stringify(flat.get(one))).join('') : reachedFrom(hierarchy(code), key).map((one) => entriesOf(flat.get(one)!, key)).join('')),
      fragmentFingerprint: createHash('sha256').update(hierarchy(code).map(fragmentPartOf).join('\n')).digest('hex'),
      formatInstant: (time, timeZone) => instantText(instantFormat(intl, timeZone), time),
      formatDate: remembering((isoDate) =>
        dates
          .formatToParts(new Date(`${isoDate}T00:00:00Z`))
          .map((part) => (part.type === 'day' && part.value === '1' && meta.firstOfMonth ? meta.firstOfMonth : part.value))
          .join('')
      )
    })
  }
  return locales
}

/** `format`, each answer kept: a release's translations and lists ask for the same dates again and again, and Intl takes tens of microseconds a date. */
function remembering(format: (isoDate: string) => string): (isoDate: string) => string {
  const made = new Map<string, string>()
  return (isoDate) => {
    let text = made.get(isoDate)
    if (text === undefined) {
      text = format(isoDate)
      if (made.size < 100_000) made.set(isoDate, text)
    }
    return text
  }
}

const instantFormats = new Map<string, Intl.DateTimeFormat>()

function instantFormat(intl: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${intl} ${timeZone}`
  let format = instantFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(intl, {timeZone, year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short'})
    instantFormats.set(key, format)
  }
  return format
}

/**
 * An instant as `format` writes it, its zone as readers of any language
 * know it: an offset CLDR writes as GMT-5 becomes UTC−5, and a zone written
 * between the date and the time (2026年12月10日 GMT-5 10:00) goes after the
 * time, where every other language puts it.
 */
function instantText(format: Intl.DateTimeFormat, time: number): string {
  const parts = format.formatToParts(time)
  const at = parts.findIndex(({type}) => type === 'timeZoneName')
  if (at === -1) return parts.map(({value}) => value).join('')
  const offset = /^GMT(?:([+-])(\d{1,2}(?::\d\d)?))?$/.exec(parts[at]!.value)
  const zone = offset ? `UTC${offset[1] ? `${offset[1] === '-' ? '\u2212' : '+'}${offset[2]}` : ''}` : parts[at]!.value
  const last = parts.findLastIndex(({type}) => type !== 'literal')
  if (at === last) return [...parts.slice(0, at).map(({value}) => value), zone, ...parts.slice(at + 1).map(({value}) => value)].join('')
  // Out of the middle, with the space that set it apart, and after the time.
  const rest = parts.filter((_, index) => index !== at && !(index === at + 1 && parts[index]!.type === 'literal' && parts[index]!.value.trim() === ''))
  return `${rest.map(({value}) => value).join('')} ${zone}`
}

async function readJson(path: string, cwd: string, within: string): Promise<{file: VFile; value?: Strings; text?: string}> {
  const file = new VFile({path: relative(cwd, path), cwd: '/'})
  let text: string
  try {
    text = readNewsroomText(path, {within, outside: join(within, 'releases'), maxBytes: maxLocaleBytes})
  } catch (problem) {
    if (!(problem instanceof UnreadableFile)) throw problem
    error(file, problem.reason === 'missing' ? 'This file is missing: every locale folder needs locale.json and translation.json' : `This file ${refusalText(problem, `${maxLocaleBytes / 1024} KB`)}`, undefined, 'missing-locale-file')
    return {file}
  }
  try {
    const value: unknown = JSON.parse(text)
    if (value && typeof value === 'object' && !Array.isArray(value)) return {file, value: value as Strings, text}
    error(file, 'This file must hold one JSON object `{ … }`', {line: 1, column: 1}, 'invalid-json')
  } catch (problem) {
    const offset = Number(/position (\d+)/.exec(String(problem))?.[1] ?? 0)
    const before = text.slice(0, offset).split('\n')
    error(file, `This file is not valid JSON: ${(problem as Error).message.split(', "')[0]}`, {line: before.length, column: before.at(-1)!.length + 1}, 'invalid-json')
  }
  return {file}
}

/** The dotted keys of nested strings. */
function keysOf(strings: Strings, prefix = ''): string[] {
  return Object.entries(strings).flatMap(([key, value]) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? keysOf(value as Strings, `${prefix}${key}.`) : [`${prefix}${key}`]))
}
