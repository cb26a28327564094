// Which UI strings a file was made with. Each language's translator notes
// every key it is asked for in the recordings under way (one per group of a
// translation's files, in this thread, across its awaits), so that a build
// can tell from the strings a file used, and their values now, whether a
// change to translation.json reaches it: a French heading changed leaves the
// emails that never show it as they were.
import {AsyncLocalStorage} from 'node:async_hooks'

const recordings = new AsyncLocalStorage<ReadonlyArray<Set<string>>>()

/** Runs `work` with every string any language is asked for during it, and its callbacks, noted in `into` as `lang\0key`. */
export function recordingStrings<T>(into: Set<string>, work: () => T): T {
  return recordings.run([...(recordings.getStore() ?? []), into], work)
}

/** The name noted for a file that may show any string of a language (stringsOf gives them all). */
export const everyString = '*'

/** Notes a lookup of `keys` (one, or the list i18next tries in turn) in `lang`, in every recording under way. */
export function noteStrings(lang: string, keys: unknown): void {
  const under = recordings.getStore()
  if (!under) return
  let names = noted.get(lang)
  if (!names) noted.set(lang, (names = new Map()))
  for (const key of Array.isArray(keys) ? keys : [keys]) {
    let name = names.get(String(key))
    if (name === undefined) {
      name = `${lang}\u0000${String(key)}`
      if (names.size < 10_000) names.set(String(key), name)
    }
    for (const into of under) into.add(name)
  }
}

/** Each language's keys as noted, made once: a build notes the same few on every page. */
const noted = new Map<string, Map<string, string>>()

/**
 * Every string of a translation.json by its dotted key, however it is
 * written: nested (`{"nav": {"home": …}}`), flat (`{"nav.home": …}`) or both,
 * as i18next finds them.
 */
export function flatStrings(strings: Readonly<Record<string, unknown>>, prefix = ''): Array<readonly [string, unknown]> {
  return Object.entries(strings).flatMap(([name, value]) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? flatStrings(value as Record<string, unknown>, `${prefix}${name}.`) : [[`${prefix}${name}`, value] as const]))
}

/**
 * What a translation.json (`flat`, from flatStrings) holds for `key`
 * (`release.contacts`): its value, with every form i18next may choose for it
 * (plurals and contexts, `release.contacts_one`) and anything below it, as
 * text that changes whenever any of them does.
 */
export function entriesOf(flat: ReadonlyArray<readonly [string, unknown]>, key: string): string {
  const name = stringName(key)
  return JSON.stringify(flat.filter(([one]) => one === name || one.startsWith(`${name}_`) || one.startsWith(`${name}.`)))
}

/** A key as its translation.json names it: asked for with its namespace (`translation:nav.home`), as a template may, without it (the one namespace press gives i18next). */
export function stringName(key: string): string {
  return key.startsWith('translation:') ? key.slice('translation:'.length) : key
}
