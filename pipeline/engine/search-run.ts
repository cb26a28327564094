// Search in a build: the index and the search pages written with the rest
// of the site, and when Pagefind fails, a warning on the settings saying the
// site is published without search (the search pages say so too).
import {VFile} from 'vfile'
import {warning} from '../source/diagnostics.js'
import type {SiteWriter} from '../publish/emit-site.js'
import type {Entry} from '../publish/pages.js'
import {emitSearch, engineVersion} from '../publish/search.js'
import {codeVersion} from './code-version.js'

/** Writes the search index (each part taken from the previous build when its releases did not change, by `keys`), pages and script (`script`, the templates' assets/search.js); returns how many pages it wrote, and puts any problem on `files`. */
export async function searchOf(writer: SiteWriter, entries: readonly Entry[], script: string, keys: {previous?: string; before?: ReadonlyMap<string, string>; after: Map<string, string>; version?: Promise<string>}, files: VFile[]): Promise<number> {
  const {pages, problem} = await emitSearch(writer, entries, {...keys, before: keys.before ?? new Map(), salt: await codeVersion()})
  await writer.staging.write('assets/search.js', script)
  if (problem !== undefined) {
    const file = new VFile({path: 'newsroom.yaml', cwd: '/'})
    warning(file, `Search could not be made (${problem}), so the site is published without it, its search pages saying so: build again, and if it persists set \`search: false\``, undefined, 'no-search')
    files.push(file)
  }
  return pages
}

/** Asks Pagefind's version now, for searchOf to take later: the program starts while the build reads and writes. */
export function askSearchVersion(): Promise<string> {
  const asked = engineVersion()
  // Taken, or not, by searchOf, which reports its failure; a build that fails first never needs it.
  asked.catch(() => {})
  return asked
}
