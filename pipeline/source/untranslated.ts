// Strings `press init` copied from the default language for a new one,
// marked to translate: a build says how many are left in each language, and
// `press check` lists each at its line, until the mark is gone.
import {join, relative} from 'node:path'
import {VFile} from 'vfile'
import {existsNoted} from '../lib/read-log.js'
import {readNewsroomText} from '../lib/newsroom-file.js'
import type {Locale} from '../model/locale.js'
import {warning} from './diagnostics.js'
import {packageRoot} from './package-root.js'

/** How `press init` marks a string to translate: at its start, before the default language's text. */
export const toTranslate = '[translate] '

/** The dotted keys of a language's own strings still marked to translate. */
function untranslatedKeys(locale: Locale): string[] {
  return locale.keys.filter((key) => locale.t(key).startsWith(toTranslate))
}

/**
 * A warning on each language's translation.json that still has marked
 * strings: on every build, how many; with `each`, for `press check`, one
 * per string at its line.
 */
export function untranslatedWarnings(root: string, locales: ReadonlyMap<string, Locale>, cwd: string, each = false): VFile[] {
  const files: VFile[] = []
  for (const [code, locale] of locales) {
    const keys = untranslatedKeys(locale)
    if (keys.length === 0) continue
    const path = [join(root, 'locales', code, 'translation.json'), join(packageRoot, 'locales', code, 'translation.json')].find((candidate) => existsNoted(candidate))!
    const file = new VFile({path: relative(cwd, path), cwd: '/'})
    if (!each) {
      warning(file, `${keys.length} ${keys.length === 1 ? 'string is' : 'strings are'} still marked “${toTranslate.trim()}”, and readers of ${locale.name} see ${keys.length === 1 ? 'it' : 'them'} so: translate ${keys.length === 1 ? 'it' : 'them'} and take the mark out (press check lists each)`, undefined, 'untranslated-strings')
    } else {
      const text = readText(path, root)
      for (const key of keys) warning(file, `\`${key}\` is not translated yet: write it in ${locale.name} in place of the text marked “${toTranslate.trim()}”`, placeOf(text, key), 'untranslated-string')
    }
    files.push(file)
  }
  return files
}

function readText(path: string, root: string): string {
  try {
    return readNewsroomText(path, {within: path.startsWith(join(root, 'locales')) ? root : packageRoot, maxBytes: 1024 * 1024})
  } catch {
    return ''
  }
}

/** Where a dotted key's string is in a JSON file: each part looked for after the one before. */
function placeOf(text: string, key: string): {line: number; column: number} | undefined {
  let offset = 0
  for (const part of key.split('.')) {
    const found = text.indexOf(JSON.stringify(part), offset)
    if (found === -1) return undefined
    offset = found
  }
  const before = text.slice(0, offset).split('\n')
  return {line: before.length, column: before.at(-1)!.length + 1}
}
