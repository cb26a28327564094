// Search in a build: the indexes made as the releases are published, the
// search pages written with the rest of the site, and when Pagefind fails, a
// warning on the settings saying the site is published without search (the
// search pages say so too).
import {VFile} from 'vfile'
import {warning} from '../source/diagnostics.js'
import type {SiteWriter} from '../publish/emit-site.js'
import {engineVersion, indexedUrl, indexOf, SearchIndexes} from '../publish/search.js'
import type {IndexAhead} from '../publish/search-index.js'
import {listed} from '../publish/pages.js'
import type {ReadRelease} from './release-run.js'
import {codeVersion} from './code-version.js'

export {openIndexAhead, type IndexAhead} from '../publish/search-index.js'

/**
 * The search of a build, started before its releases are published: each
 * index is made once its releases are all written, by what phase one decided
 * (`read`), its parts taken from the previous build when its releases did
 * not change (`keys`), the first fed in the index the build opened early
 * (`keys.ahead`). The build gives it each release's entries as they are
 * published, and waits for it (settle) before it ends, whatever happens.
 */
export async function startSearch(writer: SiteWriter, read: readonly ReadRelease[], keys: {previous?: string; before?: ReadonlyMap<string, string>; after: Map<string, string>; ahead?: IndexAhead}): Promise<SearchIndexes> {
  // Pagefind's version, asked now: the program starts while the first releases are written.
  const version = engineVersion()
  version.catch(() => {})
  const expected = new Map<string, string[]>()
  for (const release of read) {
    for (const translation of (release.decided?.published ?? []).filter(listed)) {
      const folder = indexOf(translation.lang, translation.frontMatter.date)
      const url = indexedUrl(translation.lang, translation.id)
      const urls = expected.get(folder)
      if (urls) urls.push(url)
      else expected.set(folder, [url])
    }
  }
  return new SearchIndexes(writer, {...keys, before: keys.before ?? new Map(), salt: await codeVersion(), version}, expected)
}

/** The indexes of a release's listed translations, or of those in `languages`. */
function indexesOf(release: ReadRelease, languages?: readonly string[]): string[] {
  return (release.decided?.published ?? []).filter((translation) => listed(translation) && (languages?.includes(translation.lang) ?? true)).map((translation) => indexOf(translation.lang, translation.frontMatter.date))
}

/**
 * `read` in the runs to publish it in, one after the other: first the
 * releases with a translation this build made anew (edited, most often), with
 * the others of the indexes those are in after them, so that an index the
 * edit changes is fed its pages as they come and made while the rest are
 * published rather than after them; then the rest, each run in the releases'
 * order. A cold build makes every release anew: one run, in its order.
 */
export function publishingRuns(read: readonly ReadRelease[]): Array<readonly ReadRelease[]> {
  const changed = new Set(read.flatMap((release) => indexesOf(release, release.made)))
  const made = read.filter((release) => release.made.length > 0)
  const others = read.filter((release) => release.made.length === 0)
  const inChanged = (release: ReadRelease) => indexesOf(release).some((folder) => changed.has(folder))
  return [[...made, ...others.filter(inChanged)], others.filter((release) => !inChanged(release))].filter((run) => run.length > 0)
}

/** Finishes the search (its last indexes, its pages) and writes its script (`script`, the templates' assets/search.js); returns how many pages it wrote, and puts any problem on `files`. */
export async function searchOf(search: SearchIndexes, writer: SiteWriter, script: string, files: VFile[]): Promise<number> {
  const {pages, problem} = await search.finish()
  await writer.staging.write('assets/search.js', script)
  if (problem !== undefined) {
    const file = new VFile({path: 'newsroom.yaml', cwd: '/'})
    warning(file, `Search could not be made (${problem}), so the site is published without it, its search pages saying so: build again, and if it persists set \`search: false\``, undefined, 'no-search')
    files.push(file)
  }
  return pages
}

