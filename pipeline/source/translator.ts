// Each language's t(), as templates and pages call it thousands of times a
// build: i18next's answer, remembered for a string asked without values,
// and for one asked with values, i18next's answer with stand-ins for them
// made once, into which each call's values are put. Every key asked for is
// noted for the files being made (string-use.ts).
import type {TFunction} from 'i18next'
import {everyString, noteStrings} from './string-use.js'

/** Options i18next reads for itself rather than as values to put in: a call with any of them always goes to i18next. */
const optionNames = new Set(['count', 'context', 'ordinal', 'replace', 'lng', 'lngs', 'fallbackLng', 'ns', 'keySeparator', 'nsSeparator', 'returnObjects', 'returnDetails', 'joinArrays', 'postProcess', 'interpolation', 'keyPrefix', 'skipInterpolation'])

/** The marks that stand in for the n-th value: characters of Unicode's private use area; a string that holds them itself goes to i18next each time. */
const open = '\uE000'
const close = '\uE001'
const standIn = (index: number) => `${open}${index}${close}`

/**
 * A translator for `lang` over i18next's `t`. A call with values gives what
 * i18next gives: a string's placeholders are plain (`{{title}}`, `{{- title}}`,
 * no format), i18next puts each value in as it is (escaping is off, nesting
 * too), so the string made with stand-ins, each replaced by its value, is the
 * same text. A string whose placeholders are anything else, or a call whose
 * values are not text or numbers, goes to i18next each time. `languages`: the
 * newsroom's, any of whose strings a call may show that makes i18next look
 * elsewhere than under its key in `lang`.
 */
export function translator(lang: string, t: TFunction, languages: readonly string[] = [lang]): TFunction {
  const known = new Map<string, string>()
  /** By key and the names of the values given: the string with stand-ins, or null where i18next is asked each time. */
  const shapes = new Map<string, string | null>()
  const ask = t as unknown as (...all: unknown[]) => string
  const shaped = (key: string, names: readonly string[]): string | null => {
    const shapeKey = `${key}\u0000${names.join('\u0000')}`
    let shape = shapes.get(shapeKey)
    if (shape === undefined) {
      const raw: unknown = ask(key, {skipInterpolation: true})
      const plain = typeof raw === 'string' && !raw.includes(open) && !raw.includes(close) && [...raw.matchAll(/\{\{(.*?)\}\}/g)].every(([, inside]) => /^(- )?\w+$/.test(inside!.trim()))
      shape = plain ? ask(key, Object.fromEntries(names.map((name, index) => [name, standIn(index)]))) : null
      if (shapes.size < 10_000) shapes.set(shapeKey, shape)
    }
    return shape
  }
  const lookup = (...args: unknown[]) => {
    const [key, options] = args
    noteStrings(lang, key)
    // A call that makes i18next look elsewhere (in a language by name, which it resolves its own way; under a prefix or other
    // separators) may show any string of any language: it counts on them all.
    if (args.slice(1).some(looksElsewhere)) for (const one of languages) noteStrings(one, everyString)
    if (typeof key !== 'string' || args.length > 2 || key.includes('\u0000')) return ask(...args)
    if (args.length === 1) {
      let value = known.get(key)
      if (value === undefined) known.set(key, (value = ask(key)))
      return value
    }
    const values = valuesOf(options)
    const shape = values && shaped(key, Object.keys(values))
    if (!values || !shape) return ask(...args)
    const given = Object.values(values)
    return shape.replace(/\uE000(\d+)\uE001/g, (_, index: string) => String(given[Number(index)]))
  }
  return lookup as unknown as TFunction
}

/** The values of a call's options when they are only that: text or numbers, under names i18next does not read for itself. */
function valuesOf(options: unknown): Record<string, string | number> | undefined {
  if (typeof options !== 'object' || options === null || Object.getPrototypeOf(options) !== Object.prototype) return undefined
  for (const [name, value] of Object.entries(options)) {
    if (optionNames.has(name) || name.startsWith('defaultValue') || !/^\w+$/.test(name)) return undefined
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return undefined
  }
  return options as Record<string, string | number>
}

/** Options with which i18next looks for a string elsewhere than under its key in the translator's language. */
const elsewhere = ['lng', 'lngs', 'fallbackLng', 'keyPrefix', 'keySeparator', 'nsSeparator', 'ns']

/** Whether a call's argument (its options, or a default value's) holds such an option. */
function looksElsewhere(argument: unknown): boolean {
  return typeof argument === 'object' && argument !== null && elsewhere.some((name) => name in argument)
}
