// Where a build writes: a build folder beside the output (Staging), which
// becomes the output in one step when the build commits, or nothing at all
// (DryRun, for press check); both refuse the same mistakes. A build recycles
// the build before last as its folder: what is already there as this build
// would make it stays, the rest is written over where the folder's own and
// replaced where shared with the live site (never written through), and what
// this build does not make is removed before the switch.
import {randomBytes} from 'node:crypto'
import {copyFileSync, linkSync, lstatSync, readFileSync, rmdirSync, rmSync} from 'node:fs'
import {mkdir, mkdtemp, rename, rm, writeFile} from 'node:fs/promises'
import {dirname, join, relative, resolve} from 'node:path'
import {stockOf, type Stock} from './build-stock.js'
import {markerName} from './folder-gate.js'
import {attempt} from '../lib/attempt.js'
import {syncFolder, writeFileAs} from '../lib/whole-file.js'
import type {ClaimedFile, OutputWriter} from '../model/output-writer.js'
import {checkOutputFolder, isInside, makeFolder, OutputFolderError, RealFolders} from './output-folder.js'
import {DuplicateOutputError} from './dry-run.js'
import {buildBeforeLast, buildsFolder, pointOutputAt, removeRetries, removeUnused} from './output-switch.js'
import {readOutputKeys} from './output-keys.js'

export type {OutputWriter} from '../model/output-writer.js'
export {DryRun} from './dry-run.js'

const markerText = 'This folder is written by `press build` and replaced whole by every build: do not edit files here.\n'

export class Staging implements OutputWriter {
  /** The files written or kept, by their path in the folder (the caller's string, not another absolute one: a build holds tens of thousands). */
  private readonly written = new Set<string>()
  /** Folders made, or being made, by their path in the folder ('.' or '' for itself): the files of one folder are written at once, and one mkdir serves them all. */
  private readonly folders = new Map<string, Promise<unknown>>()
  /** Files of a recycled build this build has not made yet, by path in the folder: a write replaces one the live site shares, never writes through it; those left at the end are removed. */
  private readonly present = new Set<string>()
  /** The folders of a recycled build that may be left empty: those found empty, and those whose leftovers are removed at the end. */
  private readonly emptied = new Set<string>()
  /** Files taken from the live site by `copyCurrent`: hard links, replaced by a write, never written through, and kept. */
  private readonly linked = new Set<string>()
  /** The previous output's folders files were taken from, found real. */
  private previousFolders: RealFolders | undefined
  /** The stock of a recycled folder being taken, and whether it is: nothing is written, kept or removed before. */
  private stock: Promise<void> = Promise.resolve()
  private stocked = true

  private constructor(
    readonly out: string,
    readonly folder: string,
    /** The recycled build's files, each with the key it was made from, as its own record says. */
    private readonly recycled?: {readonly keys: ReadonlyMap<string, string>}
  ) {
    this.folders.set('.', Promise.resolve())
  }

  /** Checks that `out` may be replaced and opens a build folder for it: with `recycle`, the build before last when there is one, or else a new one. */
  static async open(out: string, root: string, languages?: readonly string[], {recycle = false} = {}): Promise<Staging> {
    out = resolve(out)
    await checkOutputFolder(out, root, languages)
    await mkdir(buildsFolder(out), {recursive: true})
    const stamp = new Date().toISOString().replace(/[-:.]/g, '')
    const old = recycle ? await buildBeforeLast(out) : undefined
    if (old) {
      // Unmarked first: a folder interrupted from here on is no complete build, and is cleared as any other.
      await rm(join(old, markerName), {force: true})
      const folder = join(buildsFolder(out), `${stamp}-${process.pid}-${randomBytes(3).toString('hex')}`)
      await rename(old, folder)
      // Made lasting before anything in it is written over: after a crash of the system, no such folder passes for a complete build.
      syncFolder(folder)
      syncFolder(buildsFolder(out))
      // Its stock is taken in a thread while its record is read here and the build reads its releases.
      const stock = stockOf(folder)
      stock.catch(() => {})
      const staging = new Staging(out, folder, {keys: await readOutputKeys(folder)})
      staging.stocked = false
      staging.stock = staging.takeStock(stock)
      // Its failure is the first write's, or the discard's, whichever comes: never one nobody hears.
      staging.stock.catch(() => {})
      return staging
    }
    return new Staging(out, await mkdtemp(join(buildsFolder(out), `${stamp}-${process.pid}-`)))
  }

  /** Notes what a recycled folder holds, by path in it (build-stock.ts): its folders need not be made again, its files are replaced or removed. */
  private async takeStock(stock: Promise<Stock>): Promise<void> {
    const {files, folders, empty} = await stock
    for (const path of files) this.present.add(path)
    for (const folder of folders) this.folders.set(folder, Promise.resolve())
    // A folder found holding nothing may go at the end.
    for (const folder of empty) this.emptied.add(join(this.folder, folder))
    this.stocked = true
  }

  /** Notes a folder made, or a file linked from the live site, by copyCurrent (current-copy.ts): a write replaces that file, never writes through it. */
  noteCopied(kind: 'folder' | 'file', target: string): void {
    if (kind === 'folder') this.folders.set(relative(this.folder, target), Promise.resolve())
    else this.linked.add(target)
  }

  async write(path: string, content: string | Uint8Array): Promise<void> {
    const [file] = await this.claim([path])
    // At once, not promised: a build writes thousands of files, and each promised write is several trips to the thread pool.
    writeFileAs(file!.target, typeof content === 'string' ? Buffer.from(content) : content, file!.mode)
  }

  /** Reserves the files at `paths`, to be written here or by the thread that renders them, each as its place asks (lib/whole-file.ts). */
  async claim(paths: readonly string[]): Promise<ClaimedFile[]> {
    if (!this.stocked) await this.stock
    const files: ClaimedFile[] = []
    for (const path of paths) {
      const target = resolve(this.folder, path)
      if (!isInside(this.folder, target)) throw new OutputFolderError(`Refusing to write ${path} outside the output folder`)
      const key = this.keyOf(target, path)
      if (this.written.has(key)) throw new DuplicateOutputError(`Two pages would be written to ${path}`)
      this.written.add(key)
      await this.folderOf(dirname(key))
      files.push({path, target, mode: this.present.delete(key) ? 'recycled' : this.linked.delete(target) ? 'linked' : 'new'})
    }
    return files
  }

  /** Gives back a claimed file as if never claimed: one written new since is removed, a recycled or linked one is again removed at the end unless written. */
  unclaim({path, target, mode}: ClaimedFile): void {
    const key = this.keyOf(target, path)
    this.written.delete(key)
    if (mode === 'recycled') this.present.add(key)
    else if (mode === 'linked') this.linked.add(target)
    else rmSync(target, {force: true})
  }

  /** The path in the folder of `target`, which `path` names: `path` itself when it is that path, as when a build names its files. */
  private keyOf(target: string, path: string): string {
    return target.length === this.folder.length + 1 + path.length && target.endsWith(path) ? path : target.slice(this.folder.length + 1)
  }

  private folderOf(folder: string): Promise<unknown> {
    let made = this.folders.get(folder)
    if (!made) {
      // Its parent first, then one mkdir, at once (makeFolder).
      const parent = dirname(folder)
      this.folders.set(folder, (made = (parent === folder ? Promise.resolve() : this.folderOf(parent)).then(() => makeFolder(join(this.folder, folder)))))
    }
    return made
  }

  /** A file this build has written, as text; undefined when there is none. */
  async read(path: string): Promise<string | undefined> {
    return (await this.readBytes(path))?.toString('utf8')
  }

  /** The same, as bytes; only inside the folder. */
  async readBytes(path: string): Promise<Buffer | undefined> {
    // Not before the recycled folder's stock is taken: a link planted in it is removed first, never read through.
    if (!this.stocked) await this.stock
    const target = resolve(this.folder, path)
    if (!isInside(this.folder, target)) return undefined
    // At once, not promised: a build reads back thousands of its pages (for search, for the feeds).
    return attempt(() => readFileSync(target))
  }

  /**
   * Makes the files of `folder` ('' for the top) those of the previous output,
   * when their inputs (`keys`, by path) are those they were built from: kept
   * where the recycled folder has them from the same inputs, linked from the
   * previous output otherwise; false when they are not all there.
   */
  async reuse(previous: string, folder: string, names: readonly string[], keys: ReadonlyMap<string, string>): Promise<boolean> {
    if (!this.stocked) await this.stock
    const from = resolve(previous, folder)
    const to = resolve(this.folder, folder)
    // Inside both folders, or their tops when `folder` is '' (the sitemap), never another spelling of them.
    if (folder !== '' && (!isInside(this.folder, to) || !isInside(previous, from))) return false
    const targets = names.map((name) => join(to, name))
    // Each file as the keys name it, and by its path in the folder (the same string, unless `folder` is spelled oddly).
    const named = names.map((name) => [folder, name].join(''))
    const paths = targets.map((target, index) => this.keyOf(target, named[index]!))
    for (const path of paths) if (this.written.has(path)) throw new DuplicateOutputError(`Two pages would be written to ${path}`)
    // Already here from the same inputs: kept as they are; the others are taken from the previous output.
    const kept = named.map((name, index) => this.recycled !== undefined && this.present.has(paths[index]!) && keys.get(name) !== undefined && this.recycled.keys.get(name) === keys.get(name))
    const taking = names.flatMap((_, index) => (kept[index] ? [] : [index]))
    // Never through a link planted inside the output: the folders on the way must really be the previous build's.
    if (taking.length > 0 && !(this.previousFolders?.top === previous ? this.previousFolders : (this.previousFolders = new RealFolders(previous))).reach(from)) return false
    if (taking.length > 0) await this.folderOf(to.slice(this.folder.length + 1))
    // A file missing from the previous output, or a link where a file should be, means making them all again.
    // The calls are made at once, not promised: a rebuild makes thousands, each a quick one, and each promised
    // call is a trip to the thread pool that costs more than the call.
    const taken: number[] = []
    for (const index of taking) {
      const source = join(from, names[index]!)
      const target = targets[index]!
      try {
        if (!lstatSync(source).isFile()) break
        if (this.present.delete(paths[index]!)) rmSync(target, {force: true})
        // Hard-linked: shared with the live site, and so replaced by a write, never written through.
        try {
          linkSync(source, target)
        } catch {
          copyFileSync(source, target)
        }
        taken.push(index)
      } catch {
        break
      }
    }
    if (taken.length < taking.length) {
      // Those kept stay noted as present: a write keeps or replaces them as it would any of the recycled build's.
      for (const index of taking) rmSync(targets[index]!, {force: true})
      return false
    }
    for (const [index, path] of paths.entries()) {
      if (kept[index]) this.present.delete(path)
      this.written.add(path)
    }
    return true
  }

  /** Removes what a recycled build had that this one does not make, and the folders left empty. */
  private clearLeftovers() {
    for (const path of this.present) {
      const target = join(this.folder, path)
      rmSync(target, {force: true})
      this.emptied.add(dirname(target))
    }
    this.present.clear()
    // Those folders and those above them, deepest first (a folder emptied by its folders' removal goes too); the others are not tried.
    const tried = new Set<string>()
    for (const folder of this.emptied) for (let at = folder; at.length > this.folder.length && !tried.has(at); at = dirname(at)) tried.add(at)
    for (const folder of [...tried].sort((a, b) => b.length - a.length)) {
      try {
        rmdirSync(folder)
      } catch {
        // Not empty: this build writes in it.
      }
    }
  }

  /** Makes what was staged the output, in one step, and clears the builds that no longer serve. */
  async commit(): Promise<void> {
    if (!this.stocked) await this.stock
    this.clearLeftovers()
    await writeFile(join(this.folder, markerName), markerText)
    await pointOutputAt(this.out, this.folder)
    await removeUnused(this.out)
  }

  async discard(): Promise<void> {
    // Not while its stock is being taken: the walk would find a folder half removed.
    await this.stock.catch(() => {})
    await rm(this.folder, {recursive: true, force: true, ...removeRetries})
  }
}
