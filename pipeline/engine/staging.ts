// Where a build writes: a new build folder beside the output (Staging),
// which becomes the output in one step when the build commits, or nothing at
// all (DryRun, for press check); both refuse the same mistakes.
import {copyFileSync, existsSync, linkSync, lstatSync, realpathSync} from 'node:fs'
import {copyFile, link, mkdir, mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'
import {markerName} from './folder-gate.js'
import type {OutputWriter} from '../model/output-writer.js'
import {checkOutputFolder, isInside, OutputFolderError} from './output-folder.js'
import {buildsFolder, currentFolder, pointOutputAt, removeUnused} from './output-switch.js'

export type {OutputWriter} from '../model/output-writer.js'

const markerText = 'This folder is written by `press build` and replaced whole by every build: do not edit files here.\n'

class DuplicateOutputError extends Error {
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

export class Staging implements OutputWriter {
  private readonly written = new Set<string>()
  /** Folders made, or being made: the files of one folder are written at once, and one mkdir serves them all. */
  private readonly folders = new Map<string, Promise<unknown>>()
  /** Files already in the build folder that a write must replace, never write through: hard links to the live site's files. */
  private readonly onDisk = new Set<string>()
  private previousReal: string | undefined

  private constructor(
    readonly out: string,
    readonly folder: string
  ) {
    this.folders.set(folder, Promise.resolve())
  }

  /** Checks that `out` may be replaced and opens a new build folder for it. */
  static async open(out: string, root: string, languages?: readonly string[]): Promise<Staging> {
    out = resolve(out)
    await checkOutputFolder(out, root, languages)
    await mkdir(buildsFolder(out), {recursive: true})
    const stamp = new Date().toISOString().replace(/[-:.]/g, '')
    return new Staging(out, await mkdtemp(join(buildsFolder(out), `${stamp}-${process.pid}-`)))
  }

  /**
   * Starts from the current output: every file of it, hard-linked (copied
   * where the file system cannot link), so that a command adding a few files
   * still swaps in a whole site. Links inside the output are never followed.
   */
  async copyCurrent(skip: (path: string) => boolean = () => false): Promise<void> {
    if (!existsSync(this.out)) return
    const source = await currentFolder(this.out)
    const copy = async (from: string, to: string, path: string) => {
      for (const entry of await readdir(from, {withFileTypes: true})) {
        const inside = path ? `${path}/${entry.name}` : entry.name
        if (entry.name === markerName || skip(inside)) continue
        if (entry.isDirectory()) {
          await mkdir(join(to, entry.name))
          this.folders.set(join(to, entry.name), Promise.resolve())
          await copy(join(from, entry.name), join(to, entry.name), inside)
        } else if (entry.isFile()) {
          await link(join(from, entry.name), join(to, entry.name)).catch(() => copyFile(join(from, entry.name), join(to, entry.name)))
          this.onDisk.add(join(to, entry.name))
        }
      }
    }
    await copy(source, this.folder, '')
  }

  async write(path: string, content: string | Uint8Array): Promise<void> {
    const target = resolve(this.folder, path)
    if (!isInside(this.folder, target)) throw new OutputFolderError(`Refusing to write ${path} outside the output folder`)
    if (this.written.has(target)) throw new DuplicateOutputError(`Two pages would be written to ${path}`)
    this.written.add(target)
    await this.folderOf(dirname(target))
    if (this.onDisk.delete(target)) await rm(target, {force: true})
    await writeFile(target, content, {flag: 'wx'})
  }

  private folderOf(folder: string): Promise<unknown> {
    let made = this.folders.get(folder)
    if (!made) this.folders.set(folder, (made = mkdir(folder, {recursive: true})))
    return made
  }

  /** A file this build has written, as text; undefined when there is none. */
  async read(path: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.folder, path), 'utf8')
    } catch {
      return undefined
    }
  }

  /**
   * Takes the files of `folder` from the previous output, hard-linked, when a
   * translation's inputs are those it was built from; false when they are not all there.
   */
  async reuse(previous: string, folder: string, names: readonly string[]): Promise<boolean> {
    const from = resolve(previous, folder)
    const to = resolve(this.folder, folder)
    if (!isInside(this.folder, to) || !isInside(previous, from)) return false
    // Never through a link planted inside the output: the folder must really be the previous build's.
    // The calls below are made at once, not promised: a rebuild makes tens of thousands, each a quick one, and
    // each promised call is a trip to the thread pool that costs more than the call.
    const inside = (this.previousReal ??= realpathOrNothing(previous))
    const real = realpathOrNothing(from)
    if (!real || !inside || !isInside(inside, real)) return false
    const targets = names.map((name) => join(to, name))
    for (const target of targets) if (this.written.has(target)) throw new DuplicateOutputError(`Two pages would be written to ${folder}${basename(target)}`)
    await this.folderOf(to)
    // A file missing from the previous output, or a link where a file should be, means making them all again.
    const linked = names.map((name) => {
      const source = join(from, name)
      try {
        if (!lstatSync(source).isFile()) return false
        try {
          linkSync(source, join(to, name))
        } catch {
          copyFileSync(source, join(to, name))
        }
        return true
      } catch {
        return false
      }
    })
    if (linked.includes(false)) {
      await Promise.all(targets.map((target) => rm(target, {force: true})))
      return false
    }
    for (const target of targets) this.written.add(target)
    return true
  }

  /** Makes what was staged the output, in one step, and clears the builds that no longer serve. */
  async commit(): Promise<void> {
    await writeFile(join(this.folder, markerName), markerText)
    await pointOutputAt(this.out, this.folder)
    await removeUnused(this.out)
  }

  async discard(): Promise<void> {
    await rm(this.folder, {recursive: true, force: true})
  }
}

function realpathOrNothing(path: string): string {
  try {
    return realpathSync.native(path)
  } catch {
    return ''
  }
}

