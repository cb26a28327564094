// Validate stage: reads a translation's front matter against the release
// format, and flags what in the body cannot be published as written.
import type {Nodes, Root, Yaml} from 'mdast'
import type {Point} from 'unist'
import type {VFile} from 'vfile'
import {error, stop, warning, type Place} from './diagnostics.js'
import type {Locale} from '../model/locale.js'
import {readInstant} from './calendar.js'
import {readYaml} from './safe-yaml.js'
import {checkAgainstSchema, oneLine, type Schema} from './schema.js'

export type {FrontMatter} from '../model/front-matter.js'
import type {FrontMatter} from '../model/front-matter.js'

const instantHint = 'give the date, the time and the time zone offset, for example 2026-03-15T10:00:00-05:00'

export const frontMatterSchema: Schema = {
  type: 'object',
  required: ['title', 'date'],
  additionalProperties: false,
  properties: {
    title: {type: 'string', minLength: 1, maxLength: 300, pattern: oneLine, hint: 'the title is one line of text, at most 300 characters; put it in quotes if it contains a colon'},
    date: {type: 'string', format: 'date', pattern: '^(19|[2-9][0-9])[0-9]{2}-', hint: 'write the release date as YYYY-MM-DD with the year in full, for example 2026-03-14'},
    summary: {type: 'string', maxLength: 1000, pattern: oneLine, hint: 'the summary is one paragraph of text, at most 1000 characters (folded over several lines, `summary: >`, its lines indented alike with no blank line between them)'},
    category: {type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', hint: 'a category id of at most 64 letters, digits and hyphens, such as embassy-news'},
    status: {enum: ['published', 'draft', 'withdrawn']},
    updated: {type: 'string', hint: instantHint},
    changes: {
      type: 'array',
      hint: 'a list of corrections, each with `date` (date, time and offset) and `note` (one line)',
      items: {
        type: 'object',
        required: ['date', 'note'],
        additionalProperties: false,
        properties: {
          date: {type: 'string', hint: instantHint},
          note: {type: 'string', minLength: 1, maxLength: 300, pattern: oneLine, hint: 'the note is one line, at most 300 characters, such as: The venue has changed.'}
        }
      }
    },
    withdrawn: {
      type: 'object',
      required: ['date', 'reason'],
      additionalProperties: false,
      hint: '`date` (date, time and offset) and `reason` (one line)',
      properties: {
        date: {type: 'string', hint: instantHint},
        reason: {type: 'string', minLength: 1, maxLength: 500, pattern: oneLine, hint: 'the reason is one line, at most 500 characters'}
      }
    },
    embargo: {type: 'string', hint: 'give the date, the time and the time zone offset, for example 2026-03-14T09:00:00-05:00'},
    'translated-from': {type: 'string', pattern: '^[0-9a-f]{12}$', hint: 'the version of the default language’s text this translation was made from, as press new and press translated write it'},
    image: {
      type: 'object',
      required: ['src', 'alt'],
      additionalProperties: false,
      hint: '`src` (a photo beside the release, such as photos/opening.jpg), `alt` (what it shows, for readers who cannot see it), and optionally `caption` and `credit`',
      properties: {
        src: {type: 'string', minLength: 1, pattern: oneLine, hint: 'a photo beside the release, such as photos/opening.jpg'},
        alt: {type: 'string', minLength: 1, maxLength: 300, pattern: oneLine, hint: 'what the photo shows, in one line, for readers who cannot see it'},
        caption: {type: 'string', maxLength: 500, pattern: oneLine, hint: 'one line under the photo'},
        credit: {type: 'string', maxLength: 200, pattern: oneLine, hint: 'who took the photo, such as Photo: Jane Doe'}
      }
    },
    notes: {
      type: 'array',
      maxItems: 20,
      hint: 'a list of notes to editors, each one paragraph on one line',
      items: {type: 'string', minLength: 1, maxLength: 2000, pattern: oneLine, hint: 'each note is one paragraph on one line, at most 2000 characters'}
    },
    dateline: {type: 'string', maxLength: 100, pattern: oneLine, hint: 'the dateline is the place the release is issued from, such as OTTAWA'},
    contacts: {
      type: 'array',
      maxItems: 50,
      hint: 'a list of at most 50 contacts, each with `name` and optionally `email` and `phone`',
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: {type: 'string', minLength: 1, maxLength: 200, pattern: oneLine, hint: 'the contact’s name on one line'},
          email: {type: 'string', format: 'email', hint: 'an address such as press@embassy.example.org'},
          phone: {type: 'string', pattern: '^[+0-9 ().-]{3,40}$', hint: 'digits, spaces and + ( ) . - only, such as +1 613 555 0100; put it in quotes if it is only digits'}
        }
      }
    }
  }
}

export interface ValidateOptions {
  /** The translation's language: its categories are the ones a release may name. */
  readonly locale: Locale
}

/**
 * The validate stage: the front matter the parse stage left in
 * `file.data.yaml`, checked into `file.data.frontMatter`; with any error, the
 * processor stops after every problem is placed.
 */
export function validateRelease(options: ValidateOptions) {
  return (tree: Root, file: VFile): undefined => {
    const frontMatter = validate(tree, file.data.yaml, file, options.locale)
    if (!frontMatter) stop()
    file.data.frontMatter = frontMatter
  }
}

/** The translation's front matter, or undefined after recording errors on `file`. */
function validate(tree: Root, yaml: Yaml | undefined, file: VFile, locale: Locale): FrontMatter | undefined {
  if (!yaml) {
    error(file, 'The release has no front matter: start the file with a `---` line, then `title: …` and `date: YYYY-MM-DD`, then another `---` line', {line: 1, column: 1}, 'missing-front-matter')
    return undefined
  }
  const start = {line: yaml.position!.start.line + 1, column: 1}
  const source = readYaml(yaml.value, file, start, 'front matter')
  if (!source) return undefined
  // A title or summary folded onto several lines (`summary: >`) ends with the line break YAML keeps, which is not part of its text.
  for (const field of ['title', 'summary']) {
    const value = source.data[field]
    if (typeof value === 'string' && /^[^\r\n]*\n$/.test(value)) source.data[field] = value.slice(0, -1)
  }
  // Read here once: the text's version (translation-version.ts) is made of them, as written.
  file.data.versionFields = {title: source.data.title, summary: source.data.summary}
  // Every field is checked, so that one build reports every problem.
  let usable = checkAgainstSchema(source, frontMatterSchema, file, 'front matter')
  const data = source.data as Partial<FrontMatter>
  const text = (value: unknown): value is string => typeof value === 'string'

  const category = data.category ?? 'embassy-news'
  if (text(category) && !locale.categories.has(category)) {
    error(file, `The category \`${category}\` has no label in the ${locale.name} locale: use one of ${[...locale.categories].slice(0, 12).map((id) => `\`${id}\``).join(', ')}${locale.categories.size > 12 ? ` (or another of the ${locale.categories.size} in its translation.json)` : ''}, or add it to locales/${locale.code}/translation.json`, source.place(['category']), 'unknown-category')
    usable = false
  }
  for (const field of ['title', 'summary', 'dateline'] as const) {
    if (text(data[field]) && !hasVisibleText(data[field])) {
      error(file, `\`${field}\` has no visible text: write the ${field}${field === 'title' ? '' : ', or remove the line'}`, source.place([field]), 'empty-field')
      usable = false
    }
  }
  if (Array.isArray(data.contacts)) {
    data.contacts.forEach((contact, index) => {
      if (text(contact?.name) && !hasVisibleText(contact.name)) {
        error(file, `The name of contact ${index + 1} has no visible text: write the contact's name`, source.place(['contacts', index, 'name']), 'empty-field')
        usable = false
      }
    })
  }
  let embargoTime: number | undefined
  if (text(data.embargo)) {
    const reading = readInstant(data.embargo, 'up')
    if ('problem' in reading) {
      error(file, `\`embargo\` is not valid: ${reading.problem}`, source.place(['embargo']), 'invalid-field')
      usable = false
    } else embargoTime = reading.time
  }
  const instant = (value: unknown, path: Array<string | number>, name: string): number | undefined => {
    if (!text(value)) return undefined
    const reading = readInstant(value, 'down')
    if (!('problem' in reading)) return reading.time
    error(file, `\`${name}\` is not valid: ${reading.problem}`, source.place(path), 'invalid-field')
    usable = false
    return undefined
  }
  const updatedTime = instant(data.updated, ['updated'], 'updated')
  const rawChanges = Array.isArray(data.changes) ? (data.changes as Array<{date?: unknown; note?: unknown}>) : []
  const changes = rawChanges.map((change, index) => ({date: String(change?.date), time: instant(change?.date, ['changes', index, 'date'], `changes[${index + 1}].date`) ?? 0, note: String(change?.note)}))
  const rawWithdrawal = data.withdrawn as {date?: unknown; reason?: unknown} | undefined
  const withdrawnTime = instant(rawWithdrawal?.date, ['withdrawn', 'date'], 'withdrawn.date')
  if (data.status === 'withdrawn' && rawWithdrawal === undefined) {
    error(file, 'A withdrawn release says when and why: add `withdrawn:` with `date:` (date, time and offset) and `reason:` (one line) below it', source.place(['status']), 'missing-field')
    usable = false
  }
  if (rawWithdrawal !== undefined && data.status !== 'withdrawn') {
    error(file, '`withdrawn` is given but the release is not withdrawn: set `status: withdrawn`, or remove `withdrawn`', source.place(['withdrawn']), 'invalid-field')
    usable = false
  }
  if (!usable || !checkDepth(tree, file)) return undefined
  if (tree.children.length === 0) warning(file, 'The release has no text after its front matter', tree.position?.end, 'empty-body')
  const translatedFrom = (data as {'translated-from'?: string})['translated-from']
  return {
    title: data.title!,
    date: data.date!,
    category,
    status: data.status ?? 'published',
    contacts: data.contacts ?? [],
    ...(data.summary === undefined ? {} : {summary: data.summary}),
    ...(data.embargo === undefined ? {} : {embargo: data.embargo, embargoTime}),
    ...(data.dateline === undefined ? {} : {dateline: data.dateline}),
    ...(data.notes === undefined || data.notes.length === 0 ? {} : {notes: data.notes}),
    ...(data.image === undefined ? {} : {image: {...data.image, ...leadPlace(source.place(['image', 'src']))}}),
    ...(translatedFrom === undefined ? {} : {translatedFrom}),
    ...(updatedTime === undefined ? {} : {updated: data.updated!, updatedTime}),
    ...(changes.length === 0 ? {} : {changes}),
    ...(withdrawnTime === undefined ? {} : {withdrawn: {date: String(rawWithdrawal!.date), time: withdrawnTime, reason: String(rawWithdrawal!.reason)}}),
    places: {title: source.place(['title']), summary: source.place(['summary'])}
  }
}

function leadPlace(place: Place): {place?: Point} {
  const start = place && 'start' in place ? place.start : place
  return start ? {place: start} : {}
}

/** Quotes and lists inside each other: deeper than any release needs, and than the renderers can follow. */
export const maxDepth = 40

/** Whether the tree nests no deeper than `maxDepth`; measured without recursion, so any depth can be measured. */
function checkDepth(tree: Root, file: VFile): boolean {
  const stack: Array<[Nodes, number]> = [[tree, 0]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (depth > maxDepth) {
      error(file, `The text nests quotes, lists or emphasis more than ${maxDepth} levels deep: simplify it`, node.position, 'too-deep')
      return false
    }
    if ('children' in node) for (const child of node.children) stack.push([child, depth + 1])
  }
  return true
}

/** Whether `text` shows anything once spaces and invisible characters are set aside. */
function hasVisibleText(text: string): boolean {
  return /[^\p{White_Space}\p{Cf}\p{Cc}]/u.test(text)
}
