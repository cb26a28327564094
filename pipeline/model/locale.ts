// A language as every stage sees it, made from its locale.json and
// translation.json (source/locales.ts): its name, direction and
// typography, its strings, and how it writes dates.
import type {TFunction} from 'i18next'
import type {Typography} from './typography.js'

export interface Locale {
  readonly code: string
  /** The language's name in itself, as the switcher shows it. */
  readonly name: string
  readonly dir: 'ltr' | 'rtl'
  /** Its script, as ISO 15924 names it and Unicode's data gives it for `intl`: Latn, Cyrl, Arab, Hans… Style sheets set a script's text by it. */
  readonly script: string
  /** How its text is emphasized: italics, or, in scripts that have none, weight or (Chinese) dots beside the characters. */
  readonly emphasis: 'italic' | 'weight' | 'dots'
  /** BCP 47 tag used for dates and numbers (Intl). */
  readonly intl: string
  /** The Open Graph locale of its pages, such as fr_CA. */
  readonly ogLocale: string
  /** Category ids that have a label in this language. */
  readonly categories: ReadonlySet<string>
  /** How text in this language is set: quotes, dashes, spacing, punctuation. */
  readonly typography: Typography | undefined
  /** The font families text in this language is set in, first choice first. */
  readonly fonts: readonly string[]
  /** npm packages of @fontsource web fonts the site ships for this language. */
  readonly webFonts: readonly string[]
  /** Every key of its translation.json, dotted (`nav.home`), plural forms as written (`bulletin.subject_one`). */
  readonly keys: readonly string[]
  readonly t: TFunction
  /**
   * What its translation.json and those it falls back to (its base language,
   * the default language) hold for a key, written nested or flat, with its
   * plural and context forms: the same text while they are the same.
   */
  stringsOf(key: string): string
  formatDate(isoDate: string): string
  /** An instant as this language writes a date and time, in `timeZone`, with the zone's name: 14 March 2026, 09:00 EDT. */
  formatInstant(time: number, timeZone: string): string
  /**
   * A hash of the part a translation's fragments depend on (engine/fragments.ts):
   * locale.json, the category ids and the footnote labels, here and in the
   * languages it falls back to. Any other string may change without parsing a release again.
   */
  readonly fragmentFingerprint: string
}
