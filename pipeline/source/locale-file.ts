// What a locale.json may hold, checked before any of it is used: a file
// written by hand for a new language gets a message naming the field and
// what it should be, never a fault deep inside typography or dates.
import {Ajv, type ValidateFunction} from 'ajv'
import type {VFile} from 'vfile'
import {error} from './diagnostics.js'

/** One character or a short run of them: a quote mark, a dash (Chinese sets two). */
const mark = {type: 'string', minLength: 1, maxLength: 4, pattern: '^[^\\s\\p{Cc}]+$'}
const pair = {type: 'array', items: mark, minItems: 2, maxItems: 2}
/** A space a rule sets: a space, a no-break or a narrow no-break space, or none. */
const space = {type: 'string', enum: ['', ' ', '\u00a0', '\u202f', '\u2009']}
/** Words a rule joins to their neighbour: letters only, a few hundred at most. */
const words = {type: 'array', maxItems: 500, items: {type: 'string', minLength: 1, maxLength: 20, pattern: '^[\\p{L}\\p{M}]+$'}}

/** What a locale.json may hold; checked against JSON Schema's own by a test, not at each start. */
export const localeSchema = {
  type: 'object',
  required: ['name', 'dir'],
  additionalProperties: false,
  properties: {
    fonts: {type: 'array'},
    webFonts: {type: 'array'},
    name: {type: 'string', minLength: 1, maxLength: 60, pattern: '^[^\\p{Cc}]+$'},
    dir: {enum: ['ltr', 'rtl']},
    intl: {type: 'string', minLength: 2, maxLength: 35},
    ogLocale: {type: 'string', pattern: '^[a-z]{2,3}_[A-Z]{2}$'},
    firstOfMonth: {type: 'string', minLength: 1, maxLength: 12, pattern: '^[^\\p{Cc}]+$'},
    emphasis: {enum: ['italic', 'weight', 'dots']},
    typography: {
      type: 'object',
      additionalProperties: false,
      properties: {
        quotes: {
          type: 'object',
          required: ['primary', 'secondary', 'apostrophe'],
          additionalProperties: false,
          properties: {primary: pair, secondary: pair, tertiary: pair, apostrophe: mark, inside: space, nesting: {enum: ['kind', 'level']}}
        },
        dashes: {
          type: 'object',
          required: ['en', 'em'],
          additionalProperties: false,
          properties: {en: mark, em: mark, range: mark, spaced: {type: 'object', required: ['before', 'dash', 'after'], additionalProperties: false, properties: {before: space, dash: mark, after: space}}}
        },
        spaceBefore: {type: 'object', propertyNames: {enum: [';', ':', '!', '?', '»', '›', '%']}, additionalProperties: space},
        noBreak: {
          type: 'object',
          additionalProperties: false,
          properties: {
            afterWords: words,
            beforeWords: words,
            afterNumber: {type: 'array', maxItems: 200, items: {type: 'string', minLength: 1, maxLength: 12, pattern: '^[^\\s\\p{Cc}\\p{Nd}]+$'}},
            beforeNumber: {type: 'object', maxProperties: 20, propertyNames: {minLength: 1, maxLength: 4, pattern: '^[^\\s\\p{Cc}\\p{L}\\p{Nd}]+$'}, additionalProperties: space}
          }
        },
        digitGroups: space,
        cjkPunctuation: {type: 'boolean'},
        arabicPunctuation: {type: 'boolean'}
      }
    }
  }
}

// Compiled at the first locale checked: a worker thread, given locales already checked, never pays for it.
let compiled: ValidateFunction | undefined
const validator = () => (compiled ??= new Ajv({allErrors: false, strict: false, unicodeRegExp: true, validateSchema: false}).compile(localeSchema))

const hints: Record<string, string> = {
  name: 'the language in itself, such as "Français"',
  dir: '"ltr" or "rtl"',
  intl: 'a language tag for dates and numbers, such as "fr-CA"',
  ogLocale: 'a locale such as "fr_CA"',
  firstOfMonth: 'how the first of a month is written, such as "1er"',
  emphasis: '"italic", "weight" or "dots" (emphasis dots beside Chinese characters)',
  quotes: '{"primary": ["«", "»"], "secondary": ["“", "”"], "apostrophe": "’"}, with "inside" a space set within the primary marks if any, "tertiary" a third pair, and "nesting": "level" where quotes are chosen by depth',
  tertiary: 'two marks, opening and closing, such as ["‘", "’"]',
  nesting: '"kind" (the typed quote chooses) or "level" (the depth chooses)',
  spaced: '{"before": "\u00a0", "dash": "—", "after": " "}',
  range: 'the dash between the numbers of a range, such as "–"',
  before: 'a space (" ", "\u00a0" or "\u202f"), or ""',
  after: 'a space (" ", "\u00a0" or "\u202f"), or ""',
  noBreak: '{"afterWords": […], "beforeWords": […], "afterNumber": […], "beforeNumber": {"№": "\u202f"}}',
  afterWords: 'a list of short words, letters only, such as ["в", "на"]',
  beforeWords: 'a list of particles, letters only, such as ["ли", "же"]',
  afterNumber: 'a list of units and signs such as ["km", "%"], "*" for any word',
  beforeNumber: 'signs each with the space set after them, such as {"№": "\u202f"}',
  digitGroups: 'the space between groups of digits, such as "\u202f"',
  primary: 'two marks, opening and closing, such as ["«", "»"]',
  secondary: 'two marks, opening and closing, such as ["“", "”"]',
  apostrophe: 'one mark, such as "’"',
  inside: 'a space (" ", "\\u00a0" or "\\u202f"), or ""',
  dashes: '{"en": "–", "em": "—"}',
  en: 'the en dash, such as "–"',
  em: 'the em dash, such as "—"',
  spaceBefore: 'marks among ; : ! ? each with the space set before it, such as {"?": "\\u202f"}',
  typography: 'quotes, dashes, spaceBefore, noBreak, digitGroups, cjkPunctuation and arabicPunctuation only'
}

/** Whether the parsed locale.json is usable; when not, an error on `file` at the field's line says what to write. */
export function checkLocaleFile(value: unknown, text: string, file: VFile): boolean {
  let problem: string | undefined
  let field = ''
  const validate = validator()
  if (!validate(value)) {
    const first = validate.errors![0]!
    const path = first.instancePath.split('/').filter(Boolean)
    field = [...path].reverse().find((part) => !/^\d+$/.test(part)) ?? String(first.params['missingProperty'] ?? first.params['additionalProperty'] ?? first.params['propertyName'] ?? '')
    const named = path.join('.') || field
    problem = first.keyword === 'additionalProperties' ? `\`${first.params['additionalProperty']}\` is not a setting of \`${named}\`` : first.keyword === 'required' ? `\`${named ? `${named}.` : ''}${first.params['missingProperty']}\` is missing` : `\`${named}\` is not valid`
    field = String(first.params['missingProperty'] ?? first.params['additionalProperty'] ?? field)
  } else {
    const intl = (value as {intl?: string}).intl
    try {
      if (intl !== undefined) Intl.getCanonicalLocales(intl)
    } catch {
      problem = `\`intl\` is ${JSON.stringify(intl)}, which is not a language tag`
      field = 'intl'
    }
  }
  if (problem === undefined) return true
  const line = text.split('\n').findIndex((one) => one.includes(`"${field}"`))
  error(file, `${problem}: write ${hints[field] ?? 'it as the section on languages of docs/guide.md shows'}`, line === -1 ? {line: 1, column: 1} : {line: line + 1, column: text.split('\n')[line]!.indexOf(`"${field}"`) + 1}, 'invalid-locale')
  return false
}

/** Strings that may run over several lines: the share invitation's email body, an address, the About text. */
const multiline = new Set(['share.body', 'embassy.address', 'embassy.about'])
/** How deep translation.json nests its strings: press's own go two levels down. */
const maxDepth = 6
/** Topics a newsroom may have: each is a list, a feed and a folder of the site. */
const maxCategories = 200
/** A category id names a folder of the site: `category/<id>/`. */
const categoryId = /^[a-z0-9][a-z0-9-]{0,63}$/

/** Whether translation.json's strings are usable: text, one line each where they reach a title or a header, category ids that can name a folder. */
export function checkStrings(strings: Record<string, unknown>, text: string, file: VFile): boolean {
  const at = (key: string) => {
    const line = text.split('\n').findIndex((one) => one.includes(`"${key}"`))
    return line === -1 ? {line: 1, column: 1} : {line: line + 1, column: text.split('\n')[line]!.indexOf(`"${key}"`) + 1}
  }
  for (const id of Object.keys((strings.category as Record<string, unknown> | undefined) ?? {})) {
    if (!categoryId.test(id)) {
      error(file, `The category id \`${id.slice(0, 80)}\` cannot name a page of the site: use at most 64 lower-case letters, digits and hyphens, such as "consular-affairs"`, at(id), 'invalid-category')
      return false
    }
  }
  const categories = Object.keys((strings.category as Record<string, unknown> | undefined) ?? {})
  if (categories.length > maxCategories) {
    error(file, `\`category\` lists ${categories.length} categories; a newsroom may have at most ${maxCategories}: merge some`, at('category'), 'too-many-categories')
    return false
  }
  // The embassy's web site and address become links on every page and email: only a web address and an email address.
  const embassy = (strings.embassy as Record<string, unknown> | undefined) ?? {}
  const filled = (value: unknown): value is string => typeof value === 'string' && value !== '' && !value.startsWith('[fill in')
  if (filled(embassy.website) && !/^https?:$/.test(safeUrl(embassy.website)?.protocol ?? '')) {
    error(file, '`embassy.website` is not a web address: write it in full, such as "https://embassy.example.org/"', at('website'), 'invalid-address')
    return false
  }
  if (filled(embassy.email) && !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(embassy.email)) {
    error(file, '`embassy.email` is not an email address: write it as "press@embassy.example.org"', at('email'), 'invalid-address')
    return false
  }
  const walk = (node: Record<string, unknown>, prefix: string, depth = 1): boolean => {
    for (const [key, value] of Object.entries(node)) {
      const dotted = `${prefix}${key}`
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        if (depth >= maxDepth) {
          error(file, `\`${dotted}\` nests strings ${maxDepth} levels deep, deeper than any string press uses: write its strings higher up`, at(key), 'too-deep')
          return false
        }
        if (!walk(value as Record<string, unknown>, `${dotted}.`, depth + 1)) return false
      } else if (typeof value !== 'string') {
        error(file, `\`${dotted}\` is ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'number' ? 'a number' : 'not text'}: write it as text in quotes, such as "${key}": "…"`, at(key), 'invalid-string')
        return false
      } else if (value.includes('\u0000')) {
        error(file, `\`${dotted}\` holds a NUL character, which no text may hold: remove it`, at(key), 'nul-character')
        return false
      } else if (!multiline.has(dotted) && /[\r\n]/.test(value)) {
        error(file, `\`${dotted}\` holds a line break, which a title, a list or an email header cannot carry: write it on one line`, at(key), 'line-break')
        return false
      }
    }
    return true
  }
  return walk(strings, '')
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}
