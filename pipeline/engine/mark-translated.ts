// `press translated <id> <lang…>`: records that translations are up to date
// with the default language's text as it now is, by setting their
// `translated-from` to its version. Only that line of each file changes.
import {replaceWhole} from '../lib/whole-file.js'
import {releaseBytes} from '../source/source.js'
import {join, relative} from 'node:path'
import {releaseIdPattern} from '../source/newsroom.js'
import {loadSettings} from '../source/settings.js'
import {textVersion, withTranslatedFrom} from '../source/translation-version.js'

export type TranslatedResult = {readonly updated: string[]} | {readonly problem: string; readonly usage?: boolean}

export async function markTranslated(options: {root: string; cwd: string; id: string; languages: readonly string[]}): Promise<TranslatedResult> {
  const {settings} = await loadSettings(options.root, options.cwd)
  if (!settings) return {problem: 'the newsroom settings have errors; run press check'}
  if (!releaseIdPattern.test(options.id)) return {usage: true, problem: `${options.id} is not a release id: give the name of its folder in releases/, such as 2026-03-14-minister-visit`}
  const folder = join(options.root, 'releases', options.id)
  const shown = (path: string) => relative(options.cwd, path)
  const own = options.languages.find((lang) => lang === settings.defaultLanguage)
  if (own) return {usage: true, problem: `${own} is the default language, which the others are translated from: name the translations`}
  const unknown = options.languages.filter((lang) => !settings.languages.includes(lang))
  if (unknown.length > 0) return {usage: true, problem: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a language' : 'are not languages'} of this newsroom: choose among ${settings.languages.join(', ')}`}
  const sourcePath = join(folder, `${settings.defaultLanguage}.md`)
  const source = textOf(sourcePath)
  if (typeof source !== 'string') return {problem: `${shown(sourcePath)} ${source.why}: give a release id of releases/ that has its ${settings.defaultLanguage} text`}
  const version = textVersion(source)
  if (!version) return {problem: `the front matter of ${shown(sourcePath)} cannot be read; run press check`}
  const updated: string[] = []
  for (const lang of options.languages) {
    const path = join(folder, `${lang}.md`)
    const text = textOf(path)
    if (typeof text !== 'string') return {problem: `${shown(path)} ${text.why}`}
    const marked = withTranslatedFrom(text, version)
    if (marked === undefined) return {problem: `the front matter of ${shown(path)} cannot be read; run press check`}
    // Whole or not at all.
    await replaceWhole(path, marked)
    updated.push(shown(path))
  }
  return {updated}
}

/** A release file's text through the newsroom's reader, or why it cannot be read there. */
function textOf(path: string): string | {why: string} {
  const read = releaseBytes(path, path)
  if ('bytes' in read) return read.bytes.toString('utf8')
  return {why: read.file.messages[0]?.reason.replace(/^The file /, '') ?? 'cannot be read'}
}
