// One search index written into a build: taken whole from the previous build
// when made from the same pages (their addresses and the digests of what is
// indexed of them, with press's code and Pagefind's version), else made anew.
import {createHash} from 'node:crypto'
import type {OutputWriter} from '../model/output-writer.js'

/** What the build before this one made, for an index to be taken from it: its folder, and this build's keys, filled in here. */
interface ShardReuse {
  readonly previous?: string
  readonly after: Map<string, string>
  /** What the keys also depend on: press's code. */
  readonly salt: string
}

/** Writes one index at `folder`: taken whole from the previous build when its files there (`before`, with their keys) were made from the same pages, else made anew by Pagefind (`made`). */
export async function writeShard(staging: OutputWriter, folder: string, pages: ReadonlyArray<{readonly url: string; readonly digest: string}>, reuse: ShardReuse, before: ReadonlyArray<[string, string]>, version: string, made: () => Promise<Array<[string, Uint8Array]>>): Promise<void> {
  const digest = createHash('sha256').update(`${reuse.salt}\0${version}\0`)
  for (const page of pages) digest.update(`${page.url}\0${page.digest}\0`)
  const key = digest.digest('hex')
  if (reuse.previous !== undefined && before.length > 0 && before.every(([, old]) => old === key)) {
    // Each folder of the index at once, as the build takes a translation's files.
    const byFolder = new Map<string, string[]>()
    for (const [path] of before) {
      const name = path.slice(folder.length)
      const inner = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : ''
      const names = byFolder.get(inner)
      if (names) names.push(name.slice(inner.length))
      else byFolder.set(inner, [name.slice(inner.length)])
    }
    const keys = new Map(before.map(([path]) => [path, key]))
    for (const [inner, names] of byFolder) if (await staging.reuse(reuse.previous, `${folder}${inner}`, names, keys)) for (const name of names) reuse.after.set(`${folder}${inner}${name}`, key)
    if (before.every(([path]) => reuse.after.has(path))) return
  }
  // Made anew; a folder of it taken from the previous build above holds the same files, since its pages are the same.
  const written: string[] = []
  for (const [path, content] of await made()) {
    if (reuse.after.has(`${folder}${path}`)) continue
    await staging.write(`${folder}${path}`, content)
    written.push(`${folder}${path}`)
  }
  // Its files are keyed once they are all written: the next build never takes a part of an index for the whole.
  for (const path of written) reuse.after.set(path, key)
}
