// The locale `press init` makes for a language press does not ship, from
// the default language's: locale.json says what Intl knows of the language
// (its name in itself, its direction, its region) with typography left for
// the newsroom to fill in, and translation.json holds every string of the
// default language, marked to translate, in the plural forms the new
// language has. A regional variant of a language press ships (es-MX, ru-RU)
// starts from that language instead: its strings and typography, nothing
// marked. The newsroom translates JSON; no code is touched.
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {blank, identityFields} from '../source/identity.js'
import {packageRoot} from '../source/package-root.js'
import {toTranslate} from '../source/untranslated.js'

type Strings = {[key: string]: string | Strings}

interface BaseLocale {
  readonly fonts?: readonly string[]
  readonly webFonts?: readonly string[]
}

/** A language code press init can make a locale for, as Intl writes it (pt-br is pt-BR); undefined for anything else, `und` included. */
export function languageCode(code: string): string | undefined {
  if (!/^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(code)) return undefined
  try {
    const [canonical] = Intl.getCanonicalLocales(code)
    return canonical && canonical.split('-')[0] !== 'und' ? canonical : undefined
  } catch {
    return undefined
  }
}

/** The language press ships that `code` is a regional variant of (es for es-MX), if any. */
export function shippedBase(code: string, shipped: readonly string[]): string | undefined {
  const language = new Intl.Locale(code).language
  return language !== code && shipped.includes(language) ? language : undefined
}

/** The locale.json and translation.json of `code`, made from press's own locale of `from`; a `variant` of `from` keeps its strings and typography. */
export async function localeSkeleton(code: string, from: string, variant = false): Promise<{locale: string; translation: string}> {
  const folder = join(packageRoot, 'locales', from)
  const base = JSON.parse(await readFile(join(folder, 'locale.json'), 'utf8')) as BaseLocale
  const strings = JSON.parse(await readFile(join(folder, 'translation.json'), 'utf8')) as Strings
  const language = new Intl.Locale(code).maximize()
  const sameScript = language.script === new Intl.Locale(from).maximize().script
  const region = language.region && /^[a-z]{2,3}$/.test(language.language) ? {ogLocale: `${language.language}_${language.region}`} : {}
  const own = {name: nameOf(code), dir: directionOf(code), intl: code, ...region}
  const locale = variant
    ? {...base, ...own}
    : {
        ...own,
        typography: {},
        // Another script needs its own fonts: the reader's, until the newsroom names some.
        fonts: sameScript && base.fonts ? base.fonts : ['system-ui', 'sans-serif'],
        webFonts: sameScript && base.webFonts ? base.webFonts : []
      }
  const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories
  const marked = variant ? strings : mark(strings, pluralOrder.filter((category) => categories.includes(category)))
  const embassy = marked.embassy as Strings
  for (const field of identityFields) embassy[field] = blank(field)
  return {locale: `${JSON.stringify(locale, null, 2)}\n`, translation: `${JSON.stringify(marked, null, 2)}\n`}
}

/** The language's name in itself, as its switcher shows it: Português, فارسی, עברית. */
function nameOf(code: string): string {
  const name = new Intl.DisplayNames([code], {type: 'language'}).of(code) ?? code
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1)
}

function directionOf(code: string): 'ltr' | 'rtl' {
  const locale = new Intl.Locale(code) as Intl.Locale & {textInfo?: {direction?: string}; getTextInfo?: () => {direction?: string}}
  const info = locale.getTextInfo?.() ?? locale.textInfo
  return info?.direction === 'rtl' ? 'rtl' : 'ltr'
}

/** Plural categories in CLDR's order, as translation.json lists them. */
const pluralOrder: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other']
const pluralSuffix = /_(zero|one|two|few|many|other)$/

/** Every string marked to translate; plural forms made again for the new language's categories, each from the base's nearest. */
function mark(strings: Strings, categories: readonly string[]): Strings {
  const marked: Strings = {}
  const plurals = new Map<string, Strings>()
  for (const [key, value] of Object.entries(strings)) {
    if (typeof value !== 'string') {
      marked[key] = mark(value, categories)
      continue
    }
    const plural = pluralSuffix.exec(key)
    if (!plural) {
      marked[key] = toTranslate + value
      continue
    }
    const stem = key.slice(0, plural.index)
    if (!plurals.has(stem)) {
      plurals.set(stem, {})
      for (const category of categories) marked[`${stem}_${category}`] = toTranslate + String(strings[`${stem}_${category}`] ?? strings[`${stem}_other`] ?? value)
    }
  }
  return marked
}
