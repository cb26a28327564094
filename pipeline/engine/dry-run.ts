// A build that writes nothing (press check, press schedule, a preview's
// quick pass): it takes every file a build makes and keeps none, refusing
// the same mistakes a build folder refuses (engine/staging.ts).
import {resolve} from 'node:path'
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

  async reuse(): Promise<boolean> {
    return false
  }
}
