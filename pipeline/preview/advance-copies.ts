// `press embargoed <id>`: advance copies of an embargoed release for the
// journalists who may read it early, in a folder of their own outside the
// site (embargoed/<id>/ in the newsroom by default): for each language, the
// email addressed to the journalists' list and the page, both opening with
// the embargo in the reader's language and in UTC, and a manifest. The page
// is marked noindex, nofollow and keeps no link to anything not yet public.
import {createHash, createHmac} from 'node:crypto'
import {existsSync, readdirSync} from 'node:fs'
import {mkdir, rename, rm, writeFile} from 'node:fs/promises'
import {join, relative, resolve} from 'node:path'
import type {Element} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {checkFolder, RefusedFolder} from '../engine/folder-gate.js'
import {readRegularFile} from '../lib/newsroom-file.js'
import {DryRun} from '../engine/staging.js'
import {QuickPreview} from './quick-preview.js'
import {hasErrors} from '../source/diagnostics.js'
import {loadSettings} from '../source/settings.js'
import {build} from '../engine/build.js'
import {emailWithImagesInside, ownMedia, type OutputFile} from './advance-media.js'

export interface EmbargoedOptions {
  readonly root: string
  readonly cwd: string
  readonly id: string
  readonly now: Date
  /** The folder the copies go to; embargoed/ in the newsroom by default. */
  readonly out?: string
  readonly languages?: readonly string[]
}

/** The shortest secret press accepts for the addresses of advance copies. */
const minimumSecret = 16

/**
 * The unguessable address of a release's advance copies: an HMAC-SHA-256 of
 * its id under the newsroom's secret, below the protected place of the
 * settings. Only who holds the secret (or is sent the address) can find it.
 */
export async function previewAddresses(options: {root: string; cwd: string; id: string; now: Date; languages?: readonly string[]; environment: NodeJS.ProcessEnv}): Promise<{addresses: string[]} | {problem: string}> {
  if (!existsSync(join(options.root, 'releases', options.id))) return {problem: `there is no release ${options.id} in releases/: give the name of its folder`}
  const {settings} = await loadSettings(options.root, options.cwd)
  const advance = settings?.advance
  if (!advance) return {problem: 'newsroom.yaml does not say where advance copies go: add `advance:` with `url:` (a protected place of the web server) and `secret:` (the name of the environment variable holding the key)'}
  const unknown = options.languages?.filter((lang) => !settings.languages.includes(lang)) ?? []
  if (unknown.length > 0) return {problem: `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the newsroom's languages (${settings.languages.join(', ')})`}
  const secret = options.environment[advance.secret]
  if (!secret || secret.length < minimumSecret) return {problem: `the environment variable ${advance.secret} ${secret ? `holds fewer than ${minimumSecret} characters` : 'is not set'}: set it to a long random secret (such as the output of openssl rand -hex 32) where press runs, never in the repository`}
  // Only translations under embargo have advance copies: a public or draft one has none to point at.
  const checked = await build({root: options.root, out: '', cwd: options.cwd, now: options.now, dryRun: true})
  const embargoed = checked.statuses.filter((status) => status.id === options.id && status.status === 'embargoed' && (!options.languages || options.languages.includes(status.lang))).map(({lang}) => lang)
  if (embargoed.length === 0) return {problem: `${options.id} has no translation under embargo at ${options.now.toISOString()}${options.languages ? ` in ${options.languages.join(', ')}` : ''}: advance copies, and their addresses, are only for a release still under embargo`}
  const folder = createHmac('sha256', secret).update(`advance copies of ${options.id}`).digest('hex').slice(0, 32)
  return {addresses: embargoed.map((lang) => `${advance.url}${folder}/${lang}.html`)}
}

export type EmbargoedResult = {readonly files: VFile[]; readonly written: string[]} | {readonly files: VFile[]; readonly problem: string; readonly usage?: boolean}

export async function advanceCopies(options: EmbargoedOptions): Promise<EmbargoedResult> {
  const {root, cwd, id} = options
  const out = resolve(options.out ?? join(root, 'embargoed'))
  try {
    // Never into a site press built (whatever --out it had), the newsroom's sources, or a folder press did not make.
    checkFolder(out, root, 'advance copies', {shown: relative(cwd, out) || '.'})
    checkFolder(join(out, id), root, 'advance copies', {shown: relative(cwd, join(out, id))})
    if (existsSync(join(out, id)) && !madeByPress(join(out, id))) throw new RefusedFolder(`${relative(cwd, join(out, id))} is there already and holds no advance copies press made: press replaces only its own. Move it away, or choose another folder with --out`)
  } catch (problem) {
    if (problem instanceof RefusedFolder) return {files: [], usage: true, problem: problem.message}
    throw problem
  }
  const {settings} = await loadSettings(root, cwd)
  if (settings && !settings.email?.embargoList) return {files: [], problem: 'newsroom.yaml names no journalists’ list for advance copies: add `embargoList` under `email`, such as embargoList: Accredited press <embargo@lists.example.org>'}
  // The build itself, writing nothing, says whether the release is embargoed now, in which languages.
  const checked = await build({root, out: '', cwd, now: options.now, dryRun: true})
  const statuses = checked.statuses.filter((status) => status.id === id)
  if (statuses.length === 0) return {files: checked.files, usage: true, problem: `there is no release ${id} in releases/: give the name of its folder`}
  if (!checked.ok) return {files: checked.files, problem: 'the newsroom has errors: fix them, then make the advance copies'}
  const embargoed = statuses.filter((status) => status.status === 'embargoed' && (!options.languages || options.languages.includes(status.lang)))
  if (!statuses.some((status) => status.status === 'embargoed')) return {files: checked.files, problem: `${id} is not under embargo at ${options.now.toISOString()}: it has no embargo, its embargo has passed, or it is a draft. Advance copies are only for a release still under embargo`}
  if (embargoed.length === 0) return {files: checked.files, usage: true, problem: `${id} has no embargoed translation in ${options.languages!.join(', ')}`}

  const session = await QuickPreview.open(root, cwd, settings!.email!.embargoList)
  if (!session) return {files: checked.files, problem: 'the newsroom’s settings or locales could not be read'}
  const made = new Captured()
  const siteFiles = session.siteFiles()
  const file: OutputFile = (path) => {
    const content = made.files.get(path) ?? siteFiles.get(path)
    return typeof content === 'string' ? Buffer.from(content) : content
  }
  let files: VFile[]
  try {
    // Journalists may follow links only to what readers can already see, and to the release's translations they are sent.
    const readable = new Set(checked.statuses.filter(({status}) => status === 'published' || status === 'withdrawn').map(({lang, id: other}) => `${lang}/${other}`))
    for (const {lang} of embargoed) readable.add(`${lang}/${id}`)
    files = await session.make([id], made, options.now, (target) => readable.has(`${target.lang}/${target.id}`))
  } finally {
    await session.close()
  }
  if (hasErrors(files)) return {files, problem: 'the release could not be made'}
  const folder = join(out, id)
  const staging = `${folder}.${process.pid}.writing`
  await rm(staging, {recursive: true, force: true})
  await mkdir(staging, {recursive: true})
  const manifest: Array<{lang: string; file: string; sha256: string}> = []
  const {siteUrl} = settings!
  const email = {...settings!.email!, to: settings!.email!.embargoList!}
  for (const {lang} of embargoed) {
    const page = made.files.get(`${lang}/${id}/index.html`)
    const message = made.files.get(`${lang}/${id}/release.eml`)
    const carried = new Map<string, Uint8Array>()
    if (page) manifest.push(await keep(staging, `${lang}.html`, advancePage(String(page), new URL(`${lang}/${id}/`, siteUrl).href, (address) => ownMedia(address, {siteUrl, id, file, carried})), lang))
    if (message) manifest.push(await keep(staging, `${lang}.eml`, await emailWithImagesInside(typeof message === 'string' ? Buffer.from(message) : message, {siteUrl, email, lang, file}), lang))
    if (carried.size > 0) await mkdir(join(staging, 'media'), {recursive: true})
    for (const [name, content] of carried) if (!manifest.some((entry) => entry.file === `media/${name}`)) manifest.push(await keep(staging, `media/${name}`, content, lang))
  }
  await writeFile(join(staging, 'manifest.json'), `${JSON.stringify({release: id, to: settings!.email!.embargoList, embargo: embargoed[0]!.until, files: manifest}, null, 1)}\n`)
  // All or nothing: the folder appears whole, replacing earlier copies.
  await rm(folder, {recursive: true, force: true})
  await mkdir(out, {recursive: true})
  await rename(staging, folder)
  return {files, written: [...manifest.map(({file}) => join(folder, file)), join(folder, 'manifest.json')].map((path) => relative(cwd, path))}
}

/** Whether a folder holds advance copies, as press writes them: their manifest and nothing else but the copies. */
function madeByPress(folder: string): boolean {
  try {
    const manifest = JSON.parse(readRegularFile(join(folder, 'manifest.json'), 1024 * 1024).toString('utf8')) as {release?: unknown; files?: Array<{file?: unknown}>}
    const named = new Set(['manifest.json', ...(manifest.files ?? []).map(({file}) => String(file).split('/')[0]!)])
    return typeof manifest.release === 'string' && readdirSync(folder).every((name) => named.has(name))
  } catch {
    return false
  }
}

async function keep(folder: string, name: string, content: string | Uint8Array, lang: string) {
  await writeFile(join(folder, name), content)
  return {lang, file: name, sha256: createHash('sha256').update(content).digest('hex')}
}

/**
 * The page as journalists get it: nothing for search engines, crawlers or
 * social cards to follow, no link to the release's other languages or the site's lists and
 * feeds (not public yet, or not needed), and the site's style sheets and
 * images at their public addresses (the release's own photos, not public yet,
 * from media/ beside the page), so that it reads the same wherever it is opened.
 */
function advancePage(html: string, url: string, carry: (address: string) => string): string {
  const tree = fromHtml(html)
  visit(tree, 'element', (node: Element, index, parent) => {
    const rel = [node.properties.rel].flat().map(String)
    const drop = (node.tagName === 'link' && (rel.includes('alternate') || rel.includes('canonical'))) || (node.tagName === 'meta' && /^(og:url|og:locale:alternate|og:image.*|twitter:image.*)$/.test(String(node.properties.property ?? node.properties.name))) || (node.tagName === 'script' && node.properties.type === 'application/ld+json') || (node.tagName === 'nav' && [node.properties.className].flat().includes('languages'))
    if (drop && parent && index !== undefined) {
      parent.children.splice(index, 1)
      return index
    }
    if (node.tagName === 'meta' && node.properties.name === 'robots') node.properties.content = 'noindex, nofollow'
    for (const name of ['href', 'src', 'srcSet'] as const) {
      const value = node.properties[name]
      if (typeof value !== 'string') continue
      const address = (value: string) => carry(absolute(value, url))
      node.properties[name] = name === 'srcSet' ? value.split(', ').map((part) => part.replace(/^\S+/, address)).join(', ') : address(value)
    }
    return undefined
  })
  return toHtml(tree, {upperDoctype: true})
}

function absolute(address: string, base: string): string {
  if (/^([a-z][a-z0-9+.-]*:|#)/i.test(address)) return address
  try {
    return new URL(address, base).href
  } catch {
    return address
  }
}

/** Keeps every file made, in memory, for the few an advance copy needs. */
class Captured extends DryRun {
  readonly files = new Map<string, string | Uint8Array>()

  override async write(path: string, content?: string | Uint8Array): Promise<void> {
    await super.write(path)
    if (content !== undefined) this.files.set(path, content)
  }
}
