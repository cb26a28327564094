// Links from one release to another. A public page must never show the
// address of a release that is not public in that language (embargoed, a
// draft, or not translated), so such links are found here and, once the
// build knows what is public, left out with a warning.
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {dropLinks} from '../source/unpublishable.js'
import type {SiteMap} from './pages.js'

export interface ReleaseTarget {
  readonly lang: string
  readonly id: string
}

/** The release translation `url`, read on the page at `from`, points to, if any. */
export function releaseTarget(url: string, from: string, site: SiteMap, ids: ReadonlySet<string>): ReleaseTarget | undefined {
  if (url.startsWith('#')) return undefined
  let resolved
  try {
    resolved = new URL(url, from).href
  } catch {
    return undefined
  }
  const base = site.settings.siteUrl
  if (!resolved.startsWith(base)) return undefined
  const [lang, id] = resolved.slice(base.length).split(/[/?#]/)
  return lang && id && site.settings.languages.includes(lang) && ids.has(id) ? {lang, id} : undefined
}

/** Every release translation the tree links to. */
export function linkedReleases(tree: Root, from: string, site: SiteMap, ids: ReadonlySet<string>): ReleaseTarget[] {
  const found: ReleaseTarget[] = []
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'definition') return
    const target = releaseTarget(node.url, from, site, ids)
    if (target) found.push(target)
  })
  return found
}

/** Leaves out the links to release translations that `isPublic` refuses. */
export function dropUnpublishedLinks(tree: Root, file: VFile, from: string, site: SiteMap, ids: ReadonlySet<string>, isPublic: (target: ReleaseTarget) => boolean): void {
  dropLinks(
    tree,
    file,
    (url) => {
      const target = releaseTarget(url, from, site, ids)
      if (!target || isPublic(target)) return undefined
      return `The link to ${target.lang}/${target.id}/ was left out: that release is not published in this build (it is embargoed, a draft, or not in that language). Link to it once it is public`
    },
    'unpublished-link'
  )
}
