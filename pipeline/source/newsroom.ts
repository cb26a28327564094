// Finds the releases of a newsroom: `releases/<id>/<lang>.md`, one folder per
// release, one file per language. Folder and file names are checked here, so
// a misnamed folder is reported before anything is parsed.
import {lstat} from 'node:fs/promises'
import {listNewsroomFolder} from '../lib/newsroom-file.js'
import {slots} from '../lib/slots.js'
import {join, relative} from 'node:path'
import {VFile} from 'vfile'
import {error, hasErrors, warning} from './diagnostics.js'
import {identityWarnings} from './identity.js'
import {untranslatedWarnings} from './untranslated.js'
import {loadLocales, type LocaleSources} from './locales.js'
import type {Locale} from '../model/locale.js'
import {loadSettings, type Settings} from './settings.js'

export const releaseIdPattern = /^[a-z0-9][a-z0-9-]{0,99}$/

/** Folder names the site uses beside the releases of a language: no release may take one. */
const reservedIds = new Set(['assets', 'bulletins', 'category', 'feed', 'page', 'preview', 'search', 'tag', 'topics'])

export interface ReleaseSource {
  readonly id: string
  /** The release's translations, in the order of the configured languages. */
  readonly translations: ReadonlyArray<{readonly lang: string; readonly path: string; readonly shownAs: string}>
}

export interface Newsroom {
  readonly root: string
  readonly settings: Settings
  readonly locales: ReadonlyMap<string, Locale>
  /** What the locales were made of, for threads to make the same. */
  readonly localeSources: LocaleSources
  readonly releases: readonly ReleaseSource[]
}

/**
 * Reads a newsroom's settings and locales and finds its releases. The files
 * read go to `files` with their messages; the newsroom is undefined when the
 * settings or locales are unusable.
 */
export async function openNewsroom(root: string, cwd: string, files: VFile[]): Promise<Newsroom | undefined> {
  const {file, settings} = await loadSettings(root, cwd)
  files.push(file)
  if (!settings) return undefined
  const loaded = await loadLocales(root, settings.languages, settings.defaultLanguage, cwd)
  files.push(...loaded.files)
  if (!loaded.locales || hasErrors(files)) return undefined
  const found = await findReleases(root, settings.languages, cwd)
  // A folder with no releases is no newsroom yet: that alone is said.
  if (!hasErrors(found.files)) files.push(...(await identityWarnings(root, loaded.locales, cwd)), ...untranslatedWarnings(root, loaded.locales, cwd))
  files.push(...found.files)
  return {root, settings, locales: loaded.locales, localeSources: loaded.sources!, releases: found.releases}
}

export async function findReleases(root: string, languages: readonly string[], cwd: string): Promise<{files: VFile[]; releases: ReleaseSource[]}> {
  const folder = join(root, 'releases')
  const {files, problem} = problems(cwd)
  const releases: ReleaseSource[] = []

  let entries
  try {
    entries = await listNewsroomFolder(folder)
  } catch {
    error(problem(folder), 'There is no `releases` folder here: run press in your newsroom folder or give it with `--root`', undefined, 'no-releases')
    return {files, releases}
  }

  // A few folders listed at once, each a trip to the thread pool (one after the other, 4,000 took 0.22 s); each one's problems said in the folders' order.
  const listing = slots(8)
  const found = await Promise.all(
    sorted(entries)
      .filter(({name}) => !name.startsWith('.'))
      .map((entry) =>
        listing(async () => {
          const its = problems(cwd)
          return {release: await readRelease(folder, entry, languages, cwd, its.problem), files: its.files}
        })
      )
  )
  for (const {release, files: its} of found) {
    files.push(...its)
    if (release) releases.push(release)
  }
  return {files, releases}
}

/** One folder of releases/ as a release, or undefined (with its problems told to `problem`) when it is none. */
async function readRelease(folder: string, entry: {name: string; isDirectory(): boolean; isSymbolicLink(): boolean}, languages: readonly string[], cwd: string, problem: (path: string) => VFile): Promise<ReleaseSource | undefined> {
  const path = join(folder, entry.name)
  if (entry.isSymbolicLink()) {
    warning(problem(path), 'This release folder is a symbolic link, and is not published: press reads no links in releases/, so that nothing from elsewhere is published; put the folder itself here', undefined, 'not-a-release')
    return undefined
  }
  if (!entry.isDirectory()) {
    warning(problem(path), 'This is not a release folder and is ignored: each release is a folder `releases/<id>/` holding `<lang>.md` files', undefined, 'not-a-release')
    return undefined
  }
  if (!releaseIdPattern.test(entry.name)) {
    error(problem(path), `The folder name \`${entry.name}\` cannot be a release id: use lower-case letters, digits and hyphens, starting with a letter or digit, at most 100 characters (for example \`2026-03-14-consular-hours\`)`, undefined, 'invalid-release-id')
    return undefined
  }
  if (reservedIds.has(entry.name)) {
    error(problem(path), `\`${entry.name}\` is a name the site uses for its own pages (${[...reservedIds].join(', ')}): rename the release folder, for example to \`2026-03-14-${entry.name}\``, undefined, 'reserved-release-id')
    return undefined
  }
  const translations = []
  let markdown = 0
  for (const item of sorted(await listNewsroomFolder(path))) {
    const match = /^(.+)\.md$/.exec(item.name)
    if (!match) continue
    markdown++
    const lang = match[1]!
    const itemPath = join(path, item.name)
    if (!languages.includes(lang)) {
      error(problem(itemPath), `\`${lang}\` is not one of the site's languages (${languages.join(', ')}): rename the file or add the language to newsroom.yaml`, undefined, 'unknown-language')
      continue
    }
    if (!item.isFile()) {
      error(problem(itemPath), 'This is not a regular file: a translation must be a Markdown file', undefined, 'not-a-file')
      continue
    }
    translations.push({lang, path: itemPath, shownAs: relative(cwd, itemPath)})
  }
  if (markdown === 0) {
    warning(problem(path), 'This release folder has no translation (`en.md`, `fr.md`, …) and is ignored', undefined, 'empty-release')
  }
  if (translations.length === 0) return undefined
  translations.sort((a, b) => languages.indexOf(a.lang) - languages.indexOf(b.lang))
  return {id: entry.name, translations}
}

/** One release, read as a build reads it; undefined when its folder is gone or is no release. */
export async function findRelease(root: string, id: string, languages: readonly string[], cwd: string): Promise<{files: VFile[]; release?: ReleaseSource}> {
  const folder = join(root, 'releases')
  const {files, problem} = problems(cwd)
  let found
  try {
    // Looked at as the newsroom's listing sees it: a link is a link, not the folder it leads to.
    found = await lstat(join(folder, id))
  } catch {
    return {files}
  }
  const release = await readRelease(folder, {name: id, isDirectory: () => found.isDirectory(), isSymbolicLink: () => found.isSymbolicLink()}, languages, cwd, problem)
  return release ? {files, release} : {files}
}

/** The files found to have problems, and a way to add one for a path, named relative to `cwd`. */
function problems(cwd: string): {files: VFile[]; problem: (path: string) => VFile} {
  const files: VFile[] = []
  return {
    files,
    problem: (path) => {
      const file = new VFile({path: relative(cwd, path), cwd: '/'})
      files.push(file)
      return file
    }
  }
}

/** Sorts by code point, so that the order is the same on every machine. */
function sorted<T extends {name: string}>(entries: T[]): T[] {
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
