// `press new`: starts a release in every language at once: one file per
// language under releases/<date>-<slug>/, with its front matter filled in
// (a title to replace, the date, status: draft, so nothing goes out by
// mistake) and a short skeleton in that language's words. Each file is
// written from a syntax tree by remark-stringify.
import {mkdir, writeFile} from 'node:fs/promises'
import {existsNoted} from '../lib/read-log.js'
import {join, relative} from 'node:path'
import type {Root} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {stringify} from 'yaml'
import type {VFile} from 'vfile'
import {dayIn} from '../source/calendar.js'
import {loadLocales} from '../source/locales.js'
import type {Locale} from '../model/locale.js'
import {loadSettings, settingsFileName} from '../source/settings.js'
import {textVersion} from '../source/translation-version.js'

export interface NewOptions {
  readonly root: string
  readonly cwd: string
  readonly slug: string
  /** YYYY-MM-DD; today in the newsroom's time zone by default. */
  readonly date?: string
  /** The languages to start; every configured one by default. */
  readonly languages?: readonly string[]
  readonly now: Date
}

export type NewResult = {readonly files: VFile[]} & ({readonly created: string[]} | {readonly problem: string; readonly usage?: boolean})

/** What a slug may be: lower-case words of letters and digits joined by hyphens, as release folders are named. */
const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

const writer = unified().use(remarkStringify, {bullet: '-', emphasis: '*', strong: '*'}).use(remarkFrontmatter, ['yaml'])

export async function newRelease(options: NewOptions): Promise<NewResult> {
  if (!slugPattern.test(options.slug) || options.slug.length > 80) {
    return {files: [], usage: true, problem: `\`${options.slug}\` cannot name a release: use lower-case words of letters and digits joined by hyphens, such as minister-visit`}
  }
  // Without settings of its own, a folder is not a newsroom yet: its releases would take the sample embassy's languages and house style.
  if (!existsNoted(join(options.root, settingsFileName))) {
    const where = relative(options.cwd, options.root) || 'this folder'
    return {files: [], usage: true, problem: `${where} has no ${settingsFileName}, so it is not a newsroom yet: run press init${where === 'this folder' ? '' : ` ${where}`} to start one with your embassy's languages, or give the newsroom with --root`}
  }
  const {file, settings} = await loadSettings(options.root, options.cwd)
  if (!settings) return {files: [file], problem: 'the newsroom settings have errors; fix them first'}
  const languages = options.languages ?? settings.languages
  const unknown = languages.filter((lang) => !settings.languages.includes(lang))
  if (unknown.length > 0) return {files: [], usage: true, problem: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a language' : 'are not languages'} of this newsroom: choose among ${settings.languages.join(', ')}`}
  const loaded = await loadLocales(options.root, settings.languages, settings.defaultLanguage, options.cwd)
  if (!loaded.locales) return {files: loaded.files, problem: 'the newsroom’s languages have errors; fix them first'}

  const date = options.date ?? dayIn(options.now, settings.timeZone)
  const folder = join(options.root, 'releases', `${date}-${options.slug}`)
  const created: string[] = []
  await mkdir(join(options.root, 'releases'), {recursive: true})
  try {
    await mkdir(folder)
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code !== 'EEXIST') throw problem
    return {files: [], problem: `${relative(options.cwd, folder)} already exists: choose another slug or date, or edit that release`}
  }
  // The translations are made from the default language's text as it starts; press check says when that text moves on.
  const source = textVersion(skeleton(loaded.locales.get(settings.defaultLanguage)!, date))!
  for (const lang of languages) {
    const path = join(folder, `${lang}.md`)
    // wx: never over a file, even one made meanwhile.
    await writeFile(path, skeleton(loaded.locales.get(lang)!, date, lang === settings.defaultLanguage ? undefined : source), {flag: 'wx'})
    created.push(relative(options.cwd, path))
  }
  return {files: [], created}
}

/** A release to fill in, in one language's words, as Markdown; a translation says which version of the source it follows. */
function skeleton(locale: Locale, date: string, translatedFrom?: string): string {
  const t = locale.t
  const tree: Root = {
    type: 'root',
    children: [
      {type: 'yaml', value: stringify({title: t('new.title'), date, status: 'draft', ...(translatedFrom ? {'translated-from': translatedFrom} : {})}).trimEnd()},
      {type: 'paragraph', children: [{type: 'text', value: t('new.lead')}]},
      {type: 'heading', depth: 2, children: [{type: 'text', value: t('new.background')}]},
      {type: 'paragraph', children: [{type: 'text', value: t('new.more')}]}
    ]
  }
  return writer.stringify(tree)
}
