// The newsroom's settings file (`newsroom.yaml`): site address, languages and
// their order, the default language. A newsroom without its own uses the
// built-in one.
import {existsNoted} from '../lib/read-log.js'
import {dirname, join, relative, resolve} from 'node:path'
import {VFile} from 'vfile'
import addressparser from 'nodemailer/lib/addressparser'
import {isWithin, readNewsroomText, realLocation, refusalText, UnreadableFile} from '../lib/newsroom-file.js'
import {error, warning} from './diagnostics.js'
import {packageRoot} from './package-root.js'
import {isTimeZone} from './calendar.js'
import {readYaml, type YamlSource} from './safe-yaml.js'
import {checkAgainstSchema, oneLine, type Schema} from './schema.js'
import {publishingOf, publishingSchema, type PdfSettings} from './publishing-settings.js'
import {checkLists, digestsSchema, listFields, listsSchema, type ListSettings, type MailingList} from './mailing-lists.js'

/** Settings are a page or two of YAML; a megabyte is no settings file. */
const maxSettingsBytes = 1024 * 1024

export const settingsFileName = 'newsroom.yaml'

/** The site address press init writes, for the press office to replace. */
export const placeholderSiteUrl = 'https://www.example.org/news/'

export interface Settings {
  /** Absolute address of the site, ending in `/`. */
  readonly siteUrl: string
  /** Language codes in the order the switcher and chooser show them. */
  readonly languages: readonly string[]
  readonly defaultLanguage: string
  /** Releases per page of a news list. */
  readonly perPage: number
  /** The newsroom's time zone, such as `America/Toronto`: a release date begins at midnight there. */
  readonly timeZone: string
  /** The crest or logo, and the icon browsers show: absolute paths of files of the newsroom. */
  readonly logo?: string
  readonly favicon?: string
  /** Whether pages load the web fonts each language names (locale.json `webFonts`), shipped in the output. */
  readonly webFonts: boolean
  /** Whether the page of a translation made from an older text of the default language says so, linking to it. */
  readonly staleNote: boolean
  /** Where advance copies are uploaded, and the environment variable holding the secret their addresses are made with. */
  readonly advance?: {readonly url: string; readonly secret: string}
  /** Sender and list of the email outputs; without it no email is written. */
  readonly email?: EmailSettings
  /** The command `press publish` runs to put the built site on the web server, with its folder in PRESS_OUTPUT. */
  readonly deploy?: string
  /** A PDF of every published translation, on this paper; none when unset. */
  readonly pdf?: PdfSettings
  /** Whether the build indexes the published releases for the search page of each language (publish/search.ts). */
  readonly search: boolean
}

export interface EmailSettings extends MailingList {
  readonly from: string
  /** Where press embargoed addresses advance copies: the journalists' list. */
  readonly embargoList?: string
  /** The lists of the languages that have their own, by language code. */
  readonly lists?: Readonly<Record<string, ListSettings>>
  /** The list digests go to, for the languages whose list names none of its own; each language's list otherwise. */
  readonly digests?: MailingList
  /** The most messages `press send` delivers in a minute; as fast as the server takes them when unset. */
  readonly perMinute?: number
  /** How `press send` signs what it delivers; the private key is never kept in the newsroom. */
  readonly dkim?: DkimSettings
}

export interface DkimSettings {
  readonly domain: string
  readonly selector: string
  /** An absolute path outside the newsroom, or the name of an environment variable, holding the private key (PEM). */
  readonly keyFile?: string
  readonly keyEnv?: string
}

const languageCode = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'

/** A file of the newsroom, named relatively, with an image's extension. */
const imagePath = '^(?!/)(?!.*(^|/)\\.\\.(/|$))[^\\\\:*?"<>|\\r\\n]+\\.(svg|png|jpe?g|webp)$'

/** What newsroom.yaml may hold. */
export const settingsSchema: Schema = {
  type: 'object',
  required: ['site', 'languages'],
  additionalProperties: false,
  properties: {
    site: {
      type: 'object',
      required: ['url'],
      additionalProperties: false,
      properties: {
        url: {type: 'string', format: 'uri', pattern: '^https?://', hint: 'the full address of the site, such as https://embassy.example.org/news/'},
        logo: {type: 'string', pattern: imagePath, hint: 'the crest or logo, a file of the newsroom such as media/crest.svg (SVG, PNG, JPEG or WebP)'},
        favicon: {type: 'string', pattern: imagePath, hint: 'the icon browsers show in tabs, a square file of the newsroom such as media/icon.png; made from the logo when left out'}
      }
    },
    languages: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: {type: 'string', pattern: languageCode, hint: 'a language code such as en, fr or zh'},
      hint: 'a list of language codes such as [en, fr, zh]'
    },
    defaultLanguage: {type: 'string', pattern: languageCode, hint: 'one of the languages listed under `languages`'},
    timezone: {type: 'string', pattern: '^[A-Za-z0-9_+/-]{1,60}$', hint: 'a time zone name such as America/Toronto or Europe/Paris'},
    perPage: {type: 'integer', minimum: 1, maximum: 500, hint: 'how many releases each page of a news list shows, such as 20'},
    webFonts: {type: 'boolean', hint: 'true to ship each language’s web fonts with the site, false to rely on the readers’ own fonts'},
    staleNote: {type: 'boolean', hint: 'true to tell readers of a translation older than the default language’s text, false to say nothing'},
    ...publishingSchema,
    email: {
      type: 'object',
      required: ['from', 'to'],
      additionalProperties: false,
      properties: {
        from: {type: 'string', pattern: oneLine, hint: 'the sender, such as Press Office <press@embassy.example.org>'},
        ...listFields,
        embargoList: {type: 'string', pattern: oneLine, hint: 'the journalists who get embargoed advance copies, such as Accredited press <embargo@lists.embassy.example.org>'},
        lists: listsSchema,
        digests: digestsSchema,
        perMinute: {type: 'integer', minimum: 1, maximum: 100000, hint: 'the most messages press send delivers in a minute, as the mail provider allows, such as 60'},
        dkim: {
          type: 'object',
          required: ['domain', 'selector'],
          additionalProperties: false,
          hint: '`domain` and `selector` of the key published in DNS, and `keyFile` or `keyEnv` for the private key',
          properties: {
            domain: {type: 'string', pattern: '^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$', hint: 'the domain that signs, the one of the From address, such as embassy.example.org'},
            selector: {type: 'string', pattern: '^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,62})$', hint: 'the selector whose public key is in DNS at <selector>._domainkey.<domain>, such as press2026'},
            keyFile: {type: 'string', pattern: '^/[^\\r\\n\\u0000]*$', hint: 'the absolute path of the private key (PEM), outside the newsroom, such as /etc/communique/dkim.pem'},
            keyEnv: {type: 'string', pattern: '^[A-Z_][A-Z0-9_]{0,63}$', hint: 'the name of an environment variable holding the private key (PEM), such as PRESS_DKIM_KEY'}
          }
        }
      }
    }
  }
}


/** Whether the DKIM settings name exactly one private key, kept out of the newsroom (which is shared, and often a git repository). */
function dkimKeyIsOutside(dkim: DkimSettings, root: string, file: VFile, place: ReturnType<YamlSource['place']>): boolean {
  if ((dkim.keyFile === undefined) === (dkim.keyEnv === undefined)) {
    error(file, 'Name the DKIM private key once: `keyFile` (an absolute path outside the newsroom) or `keyEnv` (an environment variable), not both and not neither', place, 'dkim-key')
    return false
  }
  // Where the key really is: a link from outside to a key inside is inside.
  const inside = dkim.keyFile !== undefined && isWithin(realLocation(root), realLocation(resolve(root, dkim.keyFile)))
  if (inside) error(file, `The DKIM private key ${dkim.keyFile} is inside the newsroom, which is shared and often published as a repository: move it out, for example to /etc/communique/, and name that path, or use \`keyEnv\``, place, 'dkim-key')
  return !inside
}

/** The site's images, as absolute paths beside the settings file that names them. */
function imagesOf(site: {logo?: string; favicon?: string}, folder: string): {logo?: string; favicon?: string} {
  return {...(site.logo ? {logo: resolve(folder, site.logo)} : {}), ...(site.favicon ? {favicon: resolve(folder, site.favicon)} : {})}
}

/**
 * Reads `newsroom.yaml` from `root`, or the built-in one. The returned file
 * carries any problems; settings are undefined when they are unusable.
 */
export async function loadSettings(root: string, cwd: string): Promise<{file: VFile; settings?: Settings}> {
  const own = join(root, settingsFileName)
  const path = existsNoted(own) ? own : join(packageRoot, settingsFileName)
  const file = new VFile({path: relative(cwd, path) || settingsFileName, cwd: '/'})
  try {
    file.value = readNewsroomText(path, {within: dirname(path), outside: join(dirname(path), 'releases'), maxBytes: maxSettingsBytes})
  } catch (problem) {
    if (!(problem instanceof UnreadableFile)) throw problem
    error(file, `The settings file ${refusalText(problem, `${maxSettingsBytes / 1024} KB`)}`, undefined, 'unreadable-file')
    return {file}
  }
  const source = readYaml(String(file.value), file, {line: 1, column: 1}, 'settings file')
  if (!source || !checkAgainstSchema(source, settingsSchema, file, 'settings file')) return {file}

  const data = source.data as {site: {url: string; logo?: string; favicon?: string}; languages: string[]; defaultLanguage?: string; perPage?: number; timezone?: string; webFonts?: boolean; staleNote?: boolean}
  // A tag written otherwise than as tags are (pt-br for pt-BR) is read by i18next, browsers and Intl as the other: its strings would never be found.
  for (const [index, code] of data.languages.entries()) {
    const canonical = canonicalTag(code)
    if (canonical === code) continue
    error(file, canonical ? `\`languages\` lists \`${code}\`, a language tag written \`${canonical}\`: write \`${canonical}\` here, in \`defaultLanguage\` and in the names of its folder (locales/${canonical}/) and files (${canonical}.md), or its pages would show the default language's words` : `\`languages\` lists \`${code}\`, which is not a language tag: write one such as fr or pt-BR`, source.place(['languages', index]), 'unknown-language')
    return {file}
  }
  const defaultLanguage = data.defaultLanguage ?? data.languages[0]!
  if (!data.languages.includes(defaultLanguage)) {
    error(file, `\`defaultLanguage\` is \`${defaultLanguage}\`, which is not in \`languages\`: add it there or choose one of ${data.languages.join(', ')}`, source.place(['defaultLanguage']), 'unknown-language')
    return {file}
  }
  const timeZone = data.timezone ?? 'UTC'
  if (!isTimeZone(timeZone)) {
    error(file, `\`timezone\` is \`${timeZone}\`, which is not a time zone this system knows: use a name such as America/Toronto or Europe/Paris`, source.place(['timezone']), 'unknown-time-zone')
    return {file}
  }
  for (const at of [['site', 'url'], ['advance', 'url'], ['email', 'unsubscribe', 'url']]) {
    const value = at.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], source.data)
    const problem = typeof value === 'string' ? addressProblem(value) : undefined
    if (problem) {
      error(file, `\`${at.join('.')}\` ${problem}`, source.place(at), 'invalid-address')
      return {file}
    }
  }
  const siteUrl = data.site.url.endsWith('/') ? data.site.url : `${data.site.url}/`
  const email = (source.data as {email?: EmailSettings}).email
  for (const field of ['from', 'to', 'embargoList'] as const) {
    if (email && email[field] !== undefined && !isOneAddress(email[field]!)) {
      error(file, `\`email.${field}\` must be one email address, such as Press Office <press@embassy.example.org>`, source.place(['email', field]), 'invalid-address')
      return {file}
    }
  }
  if (email && !checkLists(email, data.languages, file, source, isOneAddress, addressProblem)) return {file}
  if (email?.dkim && !dkimKeyIsOutside(email.dkim, root, file, source.place(['email', 'dkim', ...(email.dkim.keyFile === undefined ? [] : ['keyFile'])]))) return {file}
  const fromDomain = email && addressparser(email.from).flatMap((entry) => ('address' in entry && entry.address ? [entry.address.split('@').pop()!.toLowerCase()] : []))[0]
  const signing = email?.dkim?.domain.toLowerCase()
  if (signing && fromDomain && fromDomain !== signing && !fromDomain.endsWith(`.${signing}`)) {
    warning(file, `Mail is signed for ${signing} but sent from ${fromDomain}: receivers that check DMARC do not count a signature of another domain, so sign with the From address's domain (or a parent of it)`, source.place(['email', 'dkim', 'domain']), 'dkim-alignment')
  }
  if (siteUrl === placeholderSiteUrl) warning(file, `\`site.url\` is still ${placeholderSiteUrl}, which press init wrote: every link, feed and email would point there. Write the address your site is published at`, source.place(['site', 'url']), 'placeholder-site')
  if (email && siteUrl.startsWith('http:')) warning(file, 'The site is at an http address, so the images and links of every email are too, which mail clients block or flag as unsafe: publish the site at https and write that address under `site.url`', source.place(['site', 'url']), 'insecure-site')
  if (!email) warning(file, 'There are no `email` settings, so no release.eml, email.html or bulletin is written: add `email.from` and `email.to`', {line: 1, column: 1}, 'no-email')
  return {file, settings: {siteUrl, languages: data.languages, defaultLanguage, perPage: data.perPage ?? 20, timeZone, ...imagesOf(data.site, dirname(path)), webFonts: data.webFonts ?? true, staleNote: data.staleNote ?? true, ...publishingOf(source.data), ...(email ? {email} : {})}}
}

/** What is wrong with a web address of the settings, read as a browser reads it, or undefined. */
function addressProblem(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'is not a web address a browser can read (check the host name and the port, which is at most 65535): write it as https://embassy.example.org/news/'
  }
  // Credentials would be published in every link and printed in messages; a query or fragment would swallow every path put after it.
  if (url.username || url.password) return 'holds a user name or password, which would be published in every link: remove them (the web server, not the address, should protect what needs protecting)'
  if (url.search || url.hash || value.includes('?') || value.includes('#')) return 'has a query (?…) or a fragment (#…), which would cut every address made from it short: give the folder\'s address alone, such as https://embassy.example.org/news/'
  return undefined
}

function isOneAddress(value: string): boolean {
  const parsed = addressparser(value)
  const first = parsed[0]
  return parsed.length === 1 && first !== undefined && 'address' in first && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(first.address ?? '')
}

/** The tag as Intl writes it (pt-BR, zh-Hans), or undefined when it is none. */
function canonicalTag(code: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(code)[0]
  } catch {
    return undefined
  }
}
