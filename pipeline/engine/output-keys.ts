// What each published translation's files were made from, kept in the
// output as one hash per file: a rebuild whose inputs for a file hash the
// same takes it from the previous output instead of rendering it again, so a
// change to the page's template leaves the emails, and a French string the
// English files and the French files that do not show it, as they were; and
// the sitemap's, which is made again only when what it lists changes. Only
// hashes of published folders, the names of the strings their files show,
// and the size of each email too large for mail clients (so that a rebuild
// keeping one warns of it again unread) are kept: nothing here says more than
// the site itself.
import {readRegularFile} from '../lib/newsroom-file.js'
import type {OutputGroup, OutputWriter} from '../model/output-writer.js'
import {join} from 'node:path'
import {hash} from './cache.js'
import {codeVersion} from './code-version.js'

export const outputKeysFile = '.communique-outputs.json'
/** Which UI strings each file was made with (source/string-use.ts), kept beside the keys. */
export const stringUseFile = '.communique-strings.json'

/**
 * The hashes the output at `out` was built from, by file; none when it has no
 * readable record, or one made by another press, its packages or Node.js
 * (every key holds them, so none of its keys would match: after an upgrade,
 * a rebuild at 4,000 releases held some 50 MB of them for nothing).
 */
export async function readOutputKeys(out: string): Promise<Map<string, string>> {
  return readRecord(join(out, outputKeysFile), (key): key is string => typeof key === 'string', await codeVersion())?.paths ?? new Map()
}

/** The record of the output's keys, made by press's code as `code` (codeVersion). */
export function outputKeysText(keys: ReadonlyMap<string, string>, code: string): string {
  return recordText([...keys.keys()].sort(), (path) => keys.get(path)!, {code})
}

/**
 * A record of the output, by path: its paths grouped by folder, each folder
 * written once (`[folder, name, value, name, value, …]`), on one line. A
 * rebuild reads two such records of tens of thousands of paths and writes
 * one: as one object of paths, indented, they took twice as long to read.
 */
function recordText(sorted: readonly string[], valueOf: (path: string) => unknown, extra: Record<string, unknown> = {}): string {
  const folders: unknown[][] = []
  let current: unknown[] | undefined
  for (const path of sorted) {
    const cut = path.lastIndexOf('/') + 1
    const folder = path.slice(0, cut)
    if (current?.[0] !== folder) folders.push((current = [folder]))
    current.push(path.slice(cut), valueOf(path))
  }
  return `${JSON.stringify({...extra, folders})}\n`
}

/**
 * The values by path of a record recordText wrote, with the rest of it;
 * undefined when there is none, when any part of it is not as written, or
 * when another code made it (seen before it is parsed: it leads the record).
 */
function readRecord<T>(path: string, valid: (value: unknown) => value is T, code: string): {paths: Map<string, T>; data: Record<string, unknown>} | undefined {
  let data: unknown
  try {
    const text = readRegularFile(path, 256 * 1024 * 1024).toString('utf8')
    if (!text.startsWith(`{"code":${JSON.stringify(code)},`)) return undefined
    data = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!data || typeof data !== 'object' || !Array.isArray((data as {folders?: unknown}).folders)) return undefined
  const paths = new Map<string, T>()
  let last = ''
  for (const group of (data as {folders: unknown[]}).folders) {
    if (!Array.isArray(group) || group.length % 2 === 0 || typeof group[0] !== 'string' || !(group[0] === '' || group[0].endsWith('/'))) return undefined
    const folder = group[0]
    for (let at = 1; at < group.length; at += 2) {
      const name: unknown = group[at]
      const value: unknown = group[at + 1]
      // Each path once, in order, its name without a folder: as recordText writes them.
      if (typeof name !== 'string' || name === '' || name.includes('/') || !valid(value) || !(folder + name > last)) return undefined
      paths.set((last = folder + name), value)
    }
  }
  return {paths, data: data as Record<string, unknown>}
}

/**
 * A file of the whole site (the sitemap) taken from the previous build when
 * made there from the same data with the same `site` key (its templates, the
 * settings, press's code); its key goes in this build's record either way.
 */
export function siteFileKeeper(staging: OutputWriter, site: string, after: Map<string, string>, reuse?: {readonly previous: string; readonly before: ReadonlyMap<string, string>}): (path: string, data: string) => Promise<boolean> {
  return async (path, data) => {
    const key = hash(site, path, data)
    after.set(path, key)
    const cut = path.lastIndexOf('/') + 1
    return reuse !== undefined && reuse.before.get(path) === key && staging.reuse(reuse.previous, path.slice(0, cut), [path.slice(cut)], new Map([[path, key]]))
  }
}

/** The files of a translation, in groups made from the same inputs: the page, the print-ready text, the email, the PDF. */
export const outputGroups = {page: ['index.html'], text: ['release.txt'], email: ['email.html', 'release.eml'], pdf: ['release.pdf']} as const satisfies Record<OutputGroup, readonly string[]>

export type {OutputGroup} from '../model/output-writer.js'

/**
 * The hash of each of a translation's files, by path in the output: what its
 * group depends on site-wide (`site`: its templates, its language's strings,
 * the settings, press's code), the key of the fragments it uses (`fragments`:
 * the email's include the email frame's styles), and its release's public
 * languages and embargo, and what else its pages say of it (`state`: the
 * mark of a preview, a newer source text). Only the `groups` the build makes
 * are keyed: a newsroom without PDFs keeps no key for a PDF.
 */
export function outputKeys(folder: string, site: Readonly<Record<OutputGroup, string>>, fragments: Readonly<Record<OutputGroup, string>>, languages: readonly string[], embargo: number | undefined, state = '', groups: readonly OutputGroup[] = Object.keys(outputGroups) as OutputGroup[]): Map<string, string> {
  const keys = new Map<string, string>()
  for (const group of groups) {
    const key = hash(site[group], fragments[group], languages.join(','), String(embargo), state)
    for (const name of outputGroups[group]) keys.set(`${folder}${name}`, key)
  }
  return keys
}

/** The strings each file of the output at `out` was made with, by path; none when it has no readable record, or one of another code (as readOutputKeys). */
export async function readStringUse(out: string): Promise<Map<string, readonly string[]>> {
  const record = readRecord(join(out, stringUseFile), (index): index is number => Number.isSafeInteger(index), await codeVersion())
  const sets = record?.data.sets
  if (!record || !Array.isArray(sets) || !sets.every((set) => Array.isArray(set) && set.every((one) => typeof one === 'string'))) return new Map()
  const used = new Map<string, readonly string[]>()
  for (const [path, index] of record.paths) {
    const set = (sets as string[][])[index]
    if (set === undefined) return new Map()
    used.set(path, set)
  }
  return used
}

/** The record of the strings each file was made with, by press's code as `code`. */
export function stringUseText(used: ReadonlyMap<string, readonly string[]>, code: string): string {
  // Thousands of files share each set (one array, read or kept): each array is written out once, not once per file.
  const ofArray = new Map<readonly string[], number>()
  const ofText = new Map<string, number>()
  const sets: Array<readonly string[]> = []
  const indexOf = (path: string) => {
    const set = used.get(path)!
    let index = ofArray.get(set)
    if (index === undefined) {
      const text = JSON.stringify(set)
      index = ofText.get(text)
      if (index === undefined) ofText.set(text, (index = sets.push(set) - 1))
      ofArray.set(set, index)
    }
    return index
  }
  return recordText([...used.keys()].sort(), indexOf, {code, sets})
}

/**
 * The key of a file made from `key` with the UI strings `used` (`lang\0key`,
 * sorted) as `valueOf` gives them now: the same only while every string the
 * file showed is the same. A file with no record of its strings gets a key no
 * file made with a record has.
 */
export class StringKeys {
  /** By set: the sets read from the last build's record, and those kept here, are one array each. */
  private readonly digests = new WeakMap<readonly string[], string>()
  private readonly sets = new Map<string, readonly string[]>()

  constructor(private readonly valueOf: (lang: string, key: string) => string) {}

  /** The one copy kept of a set of strings: thousands of files show the same, and a build holds each file's until it ends. */
  kept(used: readonly string[]): readonly string[] {
    const names = JSON.stringify(used)
    let set = this.sets.get(names)
    if (set === undefined) this.sets.set(names, (set = used))
    return set
  }

  keyOf(key: string, used: readonly string[] | undefined): string {
    if (used === undefined) return hash(key, 'strings not known')
    let digest = this.digests.get(used)
    if (digest === undefined) {
      digest = hash(JSON.stringify(used), ...used.map((pair) => this.valueOf(pair.slice(0, pair.indexOf('\u0000')), pair.slice(pair.indexOf('\u0000') + 1))))
      this.digests.set(used, digest)
    }
    return hash(key, digest)
  }
}
