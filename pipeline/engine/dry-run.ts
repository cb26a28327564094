// A build that writes nothing (press check, press schedule, a preview's
// quick pass): it takes every file a build makes and keeps none, refusing
// the same mistakes a build folder refuses (engine/staging.ts), and what a
// build would take unchanged from the previous output it takes as it is.
import {lstatSync} from 'node:fs'
import {join, resolve} from 'node:path'
import type {OutputWriter} from '../model/output-writer.js'
import {isInside, OutputFolderError} from './output-folder.js'

export class DuplicateOutputError extends Error {
  override name = 'DuplicateOutputError'
}

/** Takes every file a build makes and keeps none, refusing the same mistakes a staging folder refuses. */
export class DryRun implements OutputWriter {
  private readonly written = new Set<string>()

  async write(path: string): Promise<void> {
    const target = resolve('/', path)
    if (!isInside('/', target)) throw new OutputFolderError(`Refusing to write ${path} outside the output folder`)
    if (this.written.has(target)) throw new DuplicateOutputError(`Two pages would be written to ${path}`)
    this.written.add(target)
  }

  /** What a build would take from the previous output (`previous`, its keys the same): taken as it is there, a regular file of it, and not made. */
  async reuse(previous: string, folder: string, names: readonly string[]): Promise<boolean> {
    const from = resolve(previous, folder)
    if (folder !== '' && !isInside(previous, from)) return false
    // A file missing, or anything else in its place (a folder on the way that is a file, one press may not look into): made.
    const there = (name: string) => {
      try {
        return lstatSync(join(from, name), {throwIfNoEntry: false})?.isFile() === true
      } catch {
        return false
      }
    }
    if (!names.every(there)) return false
    for (const name of names) await this.write(`${folder}${name}`)
    return true
  }
}
