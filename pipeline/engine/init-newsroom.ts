// `press init`: makes a newsroom of one's own: releases/, a commented
// newsroom.yaml, a .gitignore, and for each language its locale with the embassy's
// identity (name, address, telephone, email, web site) left blank to fill in.
// It creates only what is missing and never changes a file that exists.
import {existsSync} from 'node:fs'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {blank, identityFields} from '../source/identity.js'
import {packageRoot} from '../source/package-root.js'
import {loadSettings, placeholderSiteUrl, settingsFileName} from '../source/settings.js'

export interface InitOptions {
  /** The newsroom folder; made when missing. */
  readonly dir: string
  readonly cwd: string
  /** Its languages, from those press has built in; every one by default. */
  readonly languages?: readonly string[]
}

export type InitResult = {readonly created: string[]; readonly kept: string[]} | {readonly problem: string}

/** The languages press has a locale for. */
const builtinLanguages = ['en', 'fr', 'zh', 'ar', 'ru', 'es']

export async function initNewsroom(options: InitOptions): Promise<InitResult> {
  // In a newsroom that has its settings already, its languages; else every one press has.
  const languages = options.languages ?? (await languagesOf(options.dir, options.cwd)) ?? builtinLanguages
  const unknown = languages.filter((lang) => !builtinLanguages.includes(lang))
  if (unknown.length > 0) return {problem: `press has no locale for ${unknown.join(', ')} to start from: choose among ${builtinLanguages.join(', ')}, then add other languages by copying a locales folder`}
  const created: string[] = []
  const kept: string[] = []
  const shown = (path: string) => relative(options.cwd, path) || '.'
  const make = async (path: string, text: () => Promise<string>) => {
    if (existsSync(path)) return kept.push(shown(path))
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
    const from = join(packageRoot, 'locales', lang)
    await make(join(options.dir, 'locales', lang, 'locale.json'), () => readFile(join(from, 'locale.json'), 'utf8'))
    await make(join(options.dir, 'locales', lang, 'translation.json'), async () => {
      const strings = JSON.parse(await readFile(join(from, 'translation.json'), 'utf8')) as {embassy: Record<string, string>}
      for (const field of identityFields) strings.embassy[field] = blank(field)
      return `${JSON.stringify(strings, null, 2)}\n`
    })
  }
  return {created, kept}
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

async function languagesOf(dir: string, cwd: string): Promise<readonly string[] | undefined> {
  if (!existsSync(join(dir, settingsFileName))) return undefined
  return (await loadSettings(dir, cwd)).settings?.languages.filter((lang) => builtinLanguages.includes(lang))
}
