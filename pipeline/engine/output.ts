// How output reaches the disk. Each build is written into a folder of its own
// beside the output path, `.<out>.builds/<name>/`, and the output path is a
// symbolic link switched to the new folder by one `rename`, so that after any
// interruption it names either the complete old site or the complete new one.
// Callers hold the output's lock (see lock.ts) from `recoverOutput` to `commit`.
import {copyFileSync, existsSync, linkSync, lstatSync, realpathSync} from 'node:fs'
import {copyFile, link, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rename, rm, stat, symlink, writeFile} from 'node:fs/promises'
import {basename, dirname, join, relative, resolve, sep} from 'node:path'
import {checkFolder, markerName, RefusedFolder} from './folder-gate.js'
import {OutputLock, type LockOptions} from './lock.js'
import type {OutputWriter} from '../model/output-writer.js'


const markerText = 'This folder is written by `press build` and replaced whole by every build: do not edit files here.\n'

/** What press writes at the top of a site besides each language's folder: its pages, assets, media and records. */
const topOfSite = /^(index\.html|sitemap\.xml|assets|media|\.communique|\.communique-outputs\.json|\.communique-emails\.json|\.bulletins\.json)$/

class OutputFolderError extends RefusedFolder {
  override name = 'OutputFolderError'
}

class DuplicateOutputError extends Error {
  override name = 'DuplicateOutputError'
}

/** The folder holding the builds that the output path links to. */
function buildsFolder(out: string): string {
  return join(dirname(out), `.${basename(out)}.builds`)
}

export type {OutputWriter} from '../model/output-writer.js'

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

  /**
   * Takes the files of `folder` from the previous output, hard-linked, when a
   * translation's inputs are those it was built from; false when they are not all there.
   */
  async read(path: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.folder, path), 'utf8')
    } catch {
      return undefined
    }
  }

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

/**
 * Puts right what an interrupted command left: an output path lost between
 * the two steps of a first switch is restored, then every build folder the
 * output does not use is removed. Run under the lock, before anything else.
 */
async function recoverOutput(out: string): Promise<void> {
  out = resolve(out)
  if (!(await lstat(out).catch(() => undefined))) {
    const complete = await completeBuilds(out)
    if (complete.length > 0) await pointOutputAt(out, complete.at(-1)!)
    else await restoreLegacy(out)
  }
  if (existsSync(buildsFolder(out)) || (await lstat(out).catch(() => undefined))) await removeUnused(out)
}

/** Refuses an output folder that is the newsroom's own, or that holds files press did not write. */
export async function checkOutputFolder(out: string, root: string, languages?: readonly string[]): Promise<void> {
  root = resolve(root)
  const sources = ['releases', 'templates', 'locales'].map((name) => join(root, name))
  if (out === root || isInside(out, root) || sources.some((folder) => out === folder || isInside(folder, out))) {
    throw new OutputFolderError(`The output folder ${out} would replace the newsroom's own files: choose a folder of its own, such as ${join(root, 'output')}`)
  }
  // Never inside another site press built, the live one included, nor reached through a link into one.
  checkFolder(out, root, 'the site', {own: out})
  const info = await lstat(out).catch(() => undefined)
  if (!info) return
  if (info.isSymbolicLink()) {
    if (!(await linksToOwnBuild(out))) throw new OutputFolderError(`${out} is a link to ${await readlink(out)}, which press did not make: give the folder itself with --out`)
    return
  }
  if (!info.isDirectory()) throw new OutputFolderError(`${out} is a file, not a folder: choose a folder for the output`)
  const names = await readdir(out)
  // A folder with press's marker (an output from before builds were linked, or a copy of a site, a web root) is
  // replaced whole: only when it holds nothing but what press writes at the top of a site.
  const foreign = names.filter((name) => !topOfSite.test(name) && !(languages ?? []).includes(name))
  if ((!existsSync(join(out, markerName)) && names.length > 0) || foreign.length > 0) {
    throw new OutputFolderError(`The folder ${out} already holds files that press build did not write${foreign.length > 0 ? ` (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? '…' : ''})` : ''}: choose an empty or new folder for the output`)
  }
}

/** The real folder the output path shows. */
async function currentFolder(out: string): Promise<string> {
  const info = await lstat(out)
  return info.isSymbolicLink() ? resolve(dirname(out), await readlink(out)) : out
}

/** Switches the output path to `folder` with one rename; a first switch moves an old real folder aside first. */
async function pointOutputAt(out: string, folder: string) {
  const temporary = join(dirname(out), `.${basename(out)}.link-${process.pid}`)
  await rm(temporary, {force: true})
  await symlink(relative(dirname(out), folder), temporary)
  const info = await lstat(out).catch(() => undefined)
  if (info?.isDirectory()) {
    // An output folder from before builds were linked. Between these two
    // renames the path is missing; recoverOutput restores it.
    await rename(out, join(buildsFolder(out), `0-${process.pid}-previous`))
  }
  await rename(temporary, out)
}

async function linksToOwnBuild(out: string): Promise<boolean> {
  const target = await currentFolder(out)
  return dirname(target) === buildsFolder(out) && existsSync(join(target, markerName))
}

/** Build folders that were finished, oldest first. */
async function completeBuilds(out: string): Promise<string[]> {
  const folder = buildsFolder(out)
  if (!existsSync(folder)) return []
  const names = (await readdir(folder)).sort()
  return names.map((name) => join(folder, name)).filter((path) => existsSync(join(path, markerName)))
}

/** Removes every build folder but the one in use, and temporary links. */
async function removeUnused(out: string) {
  const inUse = existsSync(out) ? await currentFolder(out) : undefined
  const folder = buildsFolder(out)
  if (existsSync(folder)) {
    for (const name of await readdir(folder)) {
      if (join(folder, name) !== inUse) await rm(join(folder, name), {recursive: true, force: true})
    }
  }
  for (const name of await readdir(dirname(out))) {
    if (name.startsWith(`.${basename(out)}.link-`) || name.startsWith(`.${basename(out)}.staging-`) || name.startsWith(`.${basename(out)}.previous-`)) {
      await rm(join(dirname(out), name), {recursive: true, force: true})
    }
  }
}

/** Versions before 0.2 swapped a real folder with two renames through `.<out>.previous-*`. */
async function restoreLegacy(out: string) {
  for (const name of await readdir(dirname(out)).catch(() => [])) {
    const saved = join(dirname(out), name, 'output')
    if (name.startsWith(`.${basename(out)}.previous-`) && (await stat(saved).catch(() => undefined))?.isDirectory()) {
      await rename(saved, out)
      return
    }
  }
}

function realpathOrNothing(path: string): string {
  try {
    return realpathSync.native(path)
  } catch {
    return ''
  }
}

function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child)
  return path !== '' && !path.startsWith(`..${sep}`) && path !== '..' && !path.startsWith(sep)
}

export interface OutputOptions {
  /** The output folder. */
  readonly out: string
  /** The newsroom, whose own folders are never an output. */
  readonly root: string
  /** The newsroom's languages, whose folders a site holds. */
  readonly languages?: readonly string[]
  readonly lock: LockOptions
}

/**
 * Runs `work` with the output's lock held, after putting right anything an
 * interrupted command left, on a new build folder that becomes the output if
 * `work` says to commit it and is discarded otherwise, or if `work` throws.
 */
export async function withOutput<T>(options: OutputOptions, work: (staging: Staging) => Promise<{commit: boolean; value: T}>): Promise<T> {
  const out = resolve(options.out)
  await checkOutputFolder(out, options.root, options.languages)
  await mkdir(dirname(out), {recursive: true})
  const lock = await OutputLock.acquire(out, options.lock)
  try {
    await recoverOutput(out)
    const staging = await Staging.open(out, options.root, options.languages)
    let done
    try {
      done = await work(staging)
    } catch (problem) {
      await staging.discard()
      throw problem
    }
    if (done.commit) await staging.commit()
    else await staging.discard()
    return done.value
  } finally {
    await lock.release()
  }
}
