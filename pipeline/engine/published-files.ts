// A translation as its release's files are published: the photos and
// documents it names, to point its addresses at their published copies when
// it is rendered, its Downloads block, and its lead image with its size.
import type {Lead} from '../model/published.js'
import {downloadsOf, megabytes, type MediaFile} from '../publish/release-media.js'
import type {Publishable} from './publish-translation.js'

/** A translation with the files its release publishes, whose addresses its bodies are pointed at when rendered (publish/render-translation.ts), and its Downloads. */
export function withFilesOf<T extends Publishable>(translation: T, files: ReadonlyMap<string, MediaFile>): T {
  if (files.size === 0) return translation
  return {
    ...translation,
    // As plain data, which crosses to the thread that renders it: a published file also holds how to read its bytes.
    mediaFiles: [...files].map(([url, {path, name, kind, label, bytes, width, height, variants}]) => [url, {path, name, kind, label, bytes, ...(width === undefined ? {} : {width}), ...(height === undefined ? {} : {height}), ...(variants ? {variants} : {})}] as const),
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

