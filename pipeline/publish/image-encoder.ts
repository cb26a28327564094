// sharp (libvips), loaded the first time an image is drawn or looked into:
// a build with nothing to draw (its crest's images kept in the cache, no
// photo to check) never loads it, which costs about 50 ms and 30 MB.
import type sharpFunction from 'sharp'

type Sharp = typeof sharpFunction
let loaded: Promise<Sharp> | undefined

export function loadSharp(): Promise<Sharp> {
  loaded ??= import('sharp').then((module) => module.default)
  return loaded
}

/** What else than press's code the published bytes of an image depend on: sharp and libvips, on this kind of machine. */
export async function encoderVersion(): Promise<string> {
  const sharp = await loadSharp()
  return `${JSON.stringify(sharp.versions)} ${process.platform} ${process.arch}`
}
