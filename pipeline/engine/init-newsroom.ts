// `press init`: makes a newsroom of one's own: releases/, a commented
// newsroom.yaml, a .gitignore, and for each language its locale with the embassy's
// identity (name, address, telephone, email, web site) left blank to fill in:
// press's own for the six languages it ships, a skeleton to translate for any
// other (locale-skeleton.ts). It creates only what is missing and never
// changes a file that exists.
import {existsSync} from 'node:fs'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {isWithin, realLocation} from '../lib/newsroom-file.js'
import {blank, identityFields} from '../source/identity.js'
import {languageCode, localeSkeleton, shippedBase} from './locale-skeleton.js'
import {packageRoot} from '../source/package-root.js'
import {loadSettings, placeholderSiteUrl, settingsFileName} from '../source/settings.js'

export interface InitOptions {
  /** The newsroom folder; made when missing. */
  readonly dir: string
  readonly cwd: string
  /** Its languages, any BCP 47 codes; every one press ships by default. */
  readonly languages?: readonly string[]
}

export type InitResult =
  | {
      readonly created: string[]
      readonly kept: string[]
      /** Languages made from a skeleton, to translate. */
      readonly skeletons: string[]
      /** Languages whose locale was made in a newsroom whose newsroom.yaml does not list them yet. */
      readonly unlisted: string[]
    }
  | {readonly problem: string}

/** The languages press has a locale for. */
const builtinLanguages = ['en', 'fr', 'zh', 'ar', 'ru', 'es']

class OutsideNewsroom extends Error {}

export async function initNewsroom(options: InitOptions): Promise<InitResult> {
  try {
    return await makeNewsroom(options)
  } catch (problem) {
    if (problem instanceof OutsideNewsroom) return {problem: problem.message}
    throw problem
  }
}

async function makeNewsroom(options: InitOptions): Promise<InitResult> {
  // In a newsroom that has its settings already, its languages; else every one press has.
  const existing = await settingsOf(options.dir, options.cwd)
  const listed = existing?.languages
  const asked = options.languages ?? listed ?? builtinLanguages
  const invalid = asked.filter((lang) => languageCode(lang) === undefined)
  if (invalid.length > 0) return {problem: `${invalid.map((lang) => JSON.stringify(lang)).join(', ')} ${invalid.length === 1 ? 'is not a language code' : 'are not language codes'}: write codes such as en, pt or pt-BR, separated by commas`}
  // Each once, as Intl writes it: pt-br is pt-BR, whatever the disk's case.
  const languages = [...new Set(asked.map((lang) => languageCode(lang)!))]
  // A language press does not ship starts from the newsroom's default language, if press ships it, or the first it ships, or English.
  const from = [existing?.defaultLanguage, ...languages].find((lang) => lang !== undefined && builtinLanguages.includes(lang)) ?? 'en'
  const made = languages.filter((lang) => !builtinLanguages.includes(lang))
  const skeletons = made.filter((lang) => shippedBase(lang, builtinLanguages) === undefined)
  const created: string[] = []
  const kept: string[] = []
  const shown = (path: string) => relative(options.cwd, path) || '.'
  const newsroom = realLocation(options.dir)
  const make = async (path: string, text: () => Promise<string>) => {
    if (existsSync(path)) return kept.push(shown(path))
    // A folder of the newsroom that is a link elsewhere (locales/ to another disk) is not followed out of it.
    if (!isWithin(newsroom, realLocation(path))) throw new OutsideNewsroom(`${shown(path)} would be written outside the newsroom, through a link: ${realLocation(path)}. Make it a folder of the newsroom, then run press init again`)
    await mkdir(join(path, '..'), {recursive: true})
    // wx: never over a file, even one made meanwhile.
    await writeFile(path, await text(), {flag: 'wx'})
    return created.push(shown(path))
  }
  const releases = join(options.dir, 'releases')
  if (existsSync(releases)) kept.push(`${shown(releases)}/`)
  else {
    await mkdir(releases, {recursive: true})
    created.push(`${shown(releases)}/`)
  }
  await make(join(options.dir, settingsFileName), async () => settingsFor(languages))
  await make(join(options.dir, '.gitignore'), async () => ignored)
  for (const lang of languages) {
    const folder = join(options.dir, 'locales', lang)
    if (made.includes(lang)) {
      const base = shippedBase(lang, builtinLanguages)
      const skeleton = localeSkeleton(lang, base ?? from, base !== undefined)
      await make(join(folder, 'locale.json'), async () => (await skeleton).locale)
      await make(join(folder, 'translation.json'), async () => (await skeleton).translation)
      continue
    }
    const own = join(packageRoot, 'locales', lang)
    await make(join(folder, 'locale.json'), () => readFile(join(own, 'locale.json'), 'utf8'))
    await make(join(folder, 'translation.json'), async () => {
      const strings = JSON.parse(await readFile(join(own, 'translation.json'), 'utf8')) as {embassy: Record<string, string>}
      for (const field of identityFields) strings.embassy[field] = blank(field)
      return `${JSON.stringify(strings, null, 2)}\n`
    })
  }
  return {created, kept, skeletons, unlisted: listed ? languages.filter((lang) => !listed.includes(lang)) : []}
}

/** What press writes into a newsroom and no one should commit: the site, the cache, the preview. */
const ignored = `# Written by press: the published site, the cache of rendered releases, and press serve's preview
# (which holds drafts and embargoed releases), and press embargoed's advance copies.
/output
/.output.*
/.communique-cache/
/.communique-preview/
/embargoed/
# press send --new's lock while it runs. Not its journal, sent-mail.jsonl: that is how press
# knows what already went to the list, so keep it and back it up.
/.sent-mail.jsonl.lock
`

/** The sample's settings, commented, with the newsroom's languages and the address and email to fill in. */
async function settingsFor(languages: readonly string[]): Promise<string> {
  const sample = await readFile(join(packageRoot, settingsFileName), 'utf8')
  return sample
    .replace(/^ {2}url: .*$/m, `  url: ${placeholderSiteUrl}  # replace with your site`)
    .replace(/^ {2}logo: .*$/m, '  # logo: media/crest.svg  # your crest or logo, a file of the newsroom')
    .replace(/^languages: .*$/m, `languages: [${languages.join(', ')}]`)
    .replace(/^defaultLanguage: .*$/m, `defaultLanguage: ${languages[0]}`)
    .replace(/^email:[\s\S]*$/m, (block) => `${block.split('\n').map((line) => (line === '' ? line : `# ${line}`)).join('\n')}`)
}

async function settingsOf(dir: string, cwd: string): Promise<{languages: readonly string[]; defaultLanguage: string} | undefined> {
  if (!existsSync(join(dir, settingsFileName))) return undefined
  return (await loadSettings(dir, cwd)).settings
}
