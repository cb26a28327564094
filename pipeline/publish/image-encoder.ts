// sharp (libvips), loaded the first time an image is drawn or looked into:
// a build with nothing to draw or encode (its crest's images kept in the
// cache, its photos known) never loads it, which costs about 50 ms and 30 MB.
import {existsSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import type sharpFunction from 'sharp'

type Sharp = typeof sharpFunction
let loaded: Promise<Sharp> | undefined

export function loadSharp(): Promise<Sharp> {
  loaded ??= import('sharp').then((module) => module.default)
  return loaded
}

/**
 * What else than press's code the published bytes of an image depend on:
 * sharp and libvips, on this kind of machine. Read from their package files,
 * so that a build that encodes nothing never loads sharp; from sharp itself
 * when its libvips is not one of npm's packages (a sharp built from source,
 * against the system's libvips).
 */
export async function encoderVersion(): Promise<string> {
  named ??= encoderPackages()
  if (named !== undefined) return named
  const sharp = await loadSharp()
  return `${JSON.stringify(sharp.versions)} ${process.platform} ${process.arch}`
}

let named: string | undefined

/** sharp's package version and the libvips it asks for, and the libvips package's version, on this kind of machine; undefined when they do not say what sharp runs. */
function encoderPackages(): string | undefined {
  const versionOf = (path: string) => {
    try {
      const {version, config} = JSON.parse(readFileSync(path, 'utf8')) as {version?: unknown; config?: unknown}
      return typeof version === 'string' ? JSON.stringify([version, config]) : undefined
    } catch {
      return undefined
    }
  }
  let sharpFolder: string
  try {
    // Its entry, in dist/: the package's own file is not among what it exports.
    sharpFolder = dirname(dirname(createRequire(import.meta.url).resolve('sharp')))
  } catch {
    return undefined
  }
  // A sharp built from source is loaded before the packaged one, and links the system's libvips.
  if (existsSync(join(sharpFolder, 'src', 'build'))) return undefined
  const sharp = versionOf(join(sharpFolder, 'package.json'))
  // glibc's package or musl's, whichever npm installed for this machine.
  const libvips = [`sharp-libvips-${process.platform}-${process.arch}`, `sharp-libvips-${process.platform}musl-${process.arch}`].map((name) => versionOf(join(dirname(sharpFolder), '@img', name, 'package.json'))).find((version) => version !== undefined)
  return sharp === undefined || libvips === undefined ? undefined : `packages ${sharp} ${libvips} ${process.platform} ${process.arch}`
}
