// A hash of press's own code, which every cache key and output key holds.
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {hash} from './cache.js'

let version: Promise<string> | undefined

/** A hash of press's own code, so that no cache entry outlives the code that made it. */
export function codeVersion(): Promise<string> {
  version ??= (async () => {
    const folder = fileURLToPath(new URL('..', import.meta.url))
    const files = (await readdir(folder, {recursive: true})).filter((name) => /\.(js|ts)$/.test(name)).sort()
    return hash(...(await Promise.all(files.map((name) => readFile(join(folder, name))))))
  })()
  return version
}
