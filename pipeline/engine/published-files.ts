// A translation as its release's files are published: the addresses of the
// photos and documents it names pointed at their published copies, its
// Downloads block, and its lead image with its size.
import type {Lead} from '../model/published.js'
import type {Bodies} from '../model/fragments.js'
import type {SiteMap} from '../publish/pages.js'
import {downloadsOf, emailColumn, megabytes, withMedia, type MediaFile} from '../publish/release-media.js'
import type {Publishable} from './publish-translation.js'

/** A translation's fragments with the addresses of the release's files pointing at their published copies, and its Downloads. */
export function withFilesOf<T extends Publishable>(translation: T, files: ReadonlyMap<string, MediaFile>, site: SiteMap): T {
  if (files.size === 0) return translation
  const {lang, id} = translation
  const absolute = (html: string | undefined) => html && withMedia(html, files, (path) => site.url(path), {base: site.url(`${lang}/${id}/`), width: emailColumn})
  const bodies = async (need?: {readonly email?: boolean}): Promise<Bodies> => {
    const made = await translation.bodies(need)
    const absoluteBody = absolute(made.absolute)
    const inlined = absolute(made.inlined)
    return {
      ...made,
      page: withMedia(made.page, files, (path) => site.href(`${lang}/${id}/index.html`, path)),
      ...(absoluteBody === undefined ? {} : {absolute: absoluteBody}),
      ...(inlined === undefined ? {} : {inlined})
    }
  }
  return {
    ...translation,
    bodies,
    downloads: downloadsOf(translation.media, files).map((file) => ({path: file.path, name: file.name, label: file.label, size: megabytes(file.bytes)})),
    ...leadOf(translation.frontMatter.image, files)
  }
}

/** The lead image as published: where its copy is, its size, and its words in this translation. */
function leadOf(image: Publishable['frontMatter']['image'], files: ReadonlyMap<string, MediaFile>): {lead?: Lead} {
  const file = image && files.get(image.src)
  if (!image || !file?.width || !file.height) return {}
  return {lead: {path: file.path, width: file.width, height: file.height, ...(file.variants ? {variants: file.variants} : {}), alt: image.alt, ...(image.caption ? {caption: image.caption} : {}), ...(image.credit ? {credit: image.credit} : {})}}
}

