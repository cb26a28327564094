// sharp (libvips), loaded the first time an image is drawn or looked into:
// a build with nothing to draw (its crest's images kept in the cache, no
// photo to check) never loads it, which costs about 50 ms and 30 MB.
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
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

/**
 * The same without loading sharp: its package's version and the libvips it
 * asks for, from their package files, on this kind of machine; for keys of
 * what a cache keeps drawn (a cache may be restored on another machine).
 */
export function encoderPackages(): string {
  const versionOf = (path: string) => {
    try {
      const {version, config} = JSON.parse(readFileSync(path, 'utf8')) as {version?: unknown; config?: unknown}
      return JSON.stringify([version, config])
    } catch {
      return '-'
    }
  }
  let sharpFolder: string | undefined
  try {
    // Its entry, in dist/: the package's own file is not among what it exports.
    sharpFolder = dirname(dirname(createRequire(import.meta.url).resolve('sharp')))
  } catch {
    // Not installed: nothing is drawn, and the key says so.
  }
  const libvips = `@img/sharp-libvips-${process.platform}-${process.arch}`
  return [process.platform, process.arch, sharpFolder ? versionOf(join(sharpFolder, 'package.json')) : '-', sharpFolder ? versionOf(join(dirname(sharpFolder), ...libvips.split('/'), 'package.json')) : '-'].join(' ')
}
