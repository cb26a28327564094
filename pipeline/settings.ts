// The newsroom's settings file (`newsroom.yaml`): site address, languages and
// their order, the default language. A newsroom without its own uses the
// built-in one.
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {VFile} from 'vfile'
import {error} from './diagnostics.js'
import {packageRoot} from './package-root.js'
import {readYaml} from './safe-yaml.js'
import {checkAgainstSchema, type Schema} from './schema.js'

export const settingsFileName = 'newsroom.yaml'

export interface Settings {
  /** Absolute address of the site, ending in `/`. */
  readonly siteUrl: string
  /** Language codes in the order the switcher and chooser show them. */
  readonly languages: readonly string[]
  readonly defaultLanguage: string
  /** Releases per page of a news list. */
  readonly perPage: number
}

const languageCode = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'

const schema: Schema = {
  type: 'object',
  required: ['site', 'languages'],
  additionalProperties: false,
  properties: {
    site: {
      type: 'object',
      required: ['url'],
      additionalProperties: false,
      properties: {
        url: {type: 'string', format: 'uri', pattern: '^https?://', hint: 'the full address of the site, such as https://embassy.example.org/news/'}
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
    perPage: {type: 'integer', minimum: 1, maximum: 500, hint: 'how many releases each page of a news list shows, such as 20'}
  }
}

/**
 * Reads `newsroom.yaml` from `root`, or the built-in one. The returned file
 * carries any problems; settings are undefined when they are unusable.
 */
export async function loadSettings(root: string, cwd: string): Promise<{file: VFile; settings?: Settings}> {
  const own = join(root, settingsFileName)
  const path = existsSync(own) ? own : join(packageRoot, settingsFileName)
  const file = new VFile({path: relative(cwd, path) || settingsFileName, cwd: '/', value: await readFile(path, 'utf8')})
  const source = readYaml(String(file.value), file, {line: 1, column: 1}, 'settings file')
  if (!source || !checkAgainstSchema(source, schema, file, 'settings file')) return {file}

  const data = source.data as {site: {url: string}; languages: string[]; defaultLanguage?: string; perPage?: number}
  const defaultLanguage = data.defaultLanguage ?? data.languages[0]!
  if (!data.languages.includes(defaultLanguage)) {
    error(file, `\`defaultLanguage\` is \`${defaultLanguage}\`, which is not in \`languages\`: add it there or choose one of ${data.languages.join(', ')}`, source.place(['defaultLanguage']), 'unknown-language')
    return {file}
  }
  const siteUrl = data.site.url.endsWith('/') ? data.site.url : `${data.site.url}/`
  return {file, settings: {siteUrl, languages: data.languages, defaultLanguage, perPage: data.perPage ?? 20}}
}
