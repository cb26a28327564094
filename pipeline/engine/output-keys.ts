// What each published translation's files were made from, kept in the
// output as one hash per release folder: a rebuild whose inputs for a
// translation hash the same takes its files from the previous output instead
// of rendering them again. Only hashes of published folders are kept: nothing
// here says more than the site itself.
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {hash} from './cache.js'

export const outputKeysFile = '.communique-outputs.json'

/** The hashes the output at `out` was built from, by release folder; none when it has no readable record. */
export async function readOutputKeys(out: string): Promise<Map<string, string>> {
  try {
    const data: unknown = JSON.parse(await readFile(join(out, outputKeysFile), 'utf8'))
    if (!data || typeof data !== 'object' || Array.isArray(data)) return new Map()
    return new Map(Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
  } catch {
    return new Map()
  }
}

export function outputKeysText(keys: ReadonlyMap<string, string>): string {
  return `${JSON.stringify(Object.fromEntries([...keys].sort(([a], [b]) => (a < b ? -1 : 1))), null, 1)}\n`
}

/** The hash of one translation's outputs: its fragments, the release's public languages and embargo, and everything site-wide. */
export function outputKey(site: string, fragments: string, languages: readonly string[], embargo: number | undefined): string {
  return hash(site, fragments, languages.join(','), String(embargo))
}
