// Writes a build into a staging folder beside the output folder and swaps it
// in only when the whole build succeeded, so a failed or interrupted build
// leaves the published output exactly as it was.
import {existsSync} from 'node:fs'
import {cp, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile} from 'node:fs/promises'
import {basename, dirname, join, relative, resolve, sep} from 'node:path'

/** Marks a folder as made by `press build`, and so safe to replace. */
export const markerName = '.communique'
const markerText = 'This folder is written by `press build` and replaced whole by every build: do not edit files here.\n'

export class OutputFolderError extends Error {
  override name = 'OutputFolderError'
}

export class DuplicateOutputError extends Error {
  override name = 'DuplicateOutputError'
}

export class Staging {
  private readonly written = new Set<string>()

  private constructor(
    readonly out: string,
    readonly folder: string
  ) {}

  /** Checks that `out` may be replaced and opens a staging folder beside it. */
  static async open(out: string, root: string): Promise<Staging> {
    out = resolve(out)
    await checkOutputFolder(out, root)
    await mkdir(dirname(out), {recursive: true})
    await removeLeftovers(out)
    return new Staging(out, await mkdtemp(join(dirname(out), `.${basename(out)}.staging-`)))
  }

  async write(path: string, content: string | Uint8Array): Promise<void> {
    const target = resolve(this.folder, path)
    if (!isInside(this.folder, target)) throw new OutputFolderError(`Refusing to write ${path} outside the output folder`)
    if (this.written.has(target)) throw new DuplicateOutputError(`Two pages would be written to ${path}`)
    this.written.add(target)
    await mkdir(dirname(target), {recursive: true})
    await writeFile(target, content)
  }

  /** Replaces the output folder with what was staged, keeping the bulletins `press bulletin` wrote into it. */
  async commit(): Promise<void> {
    await writeFile(join(this.folder, markerName), markerText)
    await this.carryOverBulletins()
    if (!existsSync(this.out)) {
      await rename(this.folder, this.out)
      return
    }
    const previous = await mkdtemp(join(dirname(this.out), `.${basename(this.out)}.previous-`))
    await rename(this.out, join(previous, 'output'))
    try {
      await rename(this.folder, this.out)
    } catch (problem) {
      await rename(join(previous, 'output'), this.out)
      throw problem
    }
    await rm(previous, {recursive: true, force: true})
  }

  private async carryOverBulletins() {
    if (!existsSync(this.out)) return
    for (const entry of await readdir(this.out, {withFileTypes: true})) {
      const bulletins = join(this.out, entry.name, 'bulletins')
      if (entry.isDirectory() && existsSync(bulletins) && !existsSync(join(this.folder, entry.name, 'bulletins'))) {
        await cp(bulletins, join(this.folder, entry.name, 'bulletins'), {recursive: true})
      }
    }
  }

  async discard(): Promise<void> {
    await rm(this.folder, {recursive: true, force: true})
  }
}

/** Refuses an output folder that is the newsroom's own, or that holds files press did not write. */
export async function checkOutputFolder(out: string, root: string): Promise<void> {
  root = resolve(root)
  const sources = ['releases', 'templates', 'locales'].map((name) => join(root, name))
  if (out === root || isInside(out, root) || sources.some((folder) => out === folder || isInside(folder, out))) {
    throw new OutputFolderError(`The output folder ${out} would replace the newsroom's own files: choose a folder of its own, such as ${join(root, 'output')}`)
  }
  if (existsSync(out) && !(await stat(out)).isDirectory()) {
    throw new OutputFolderError(`${out} is a file, not a folder: choose a folder for the output`)
  }
  if (existsSync(out) && !existsSync(join(out, markerName)) && (await readdir(out)).length > 0) {
    throw new OutputFolderError(`The folder ${out} already holds files that press build did not write: choose an empty or new folder for the output`)
  }
}

/** Writes files into an existing output folder one by one, each whole or not at all. */
export async function writeIntoOutput(out: string, files: ReadonlyArray<readonly [string, string | Uint8Array]>): Promise<void> {
  await mkdir(out, {recursive: true})
  if (!existsSync(join(out, markerName))) await writeFile(join(out, markerName), markerText)
  for (const [path, content] of files) {
    const target = resolve(out, path)
    if (!isInside(out, target)) throw new OutputFolderError(`Refusing to write ${path} outside the output folder`)
    await mkdir(dirname(target), {recursive: true})
    const temporary = `${target}.${process.pid}.tmp`
    await writeFile(temporary, content)
    await rename(temporary, target)
  }
}

function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child)
  return path !== '' && !path.startsWith(`..${sep}`) && path !== '..' && !path.startsWith(sep)
}

/**
 * Clears what an interrupted build left beside the output: its staging folder,
 * and the previous output if the build stopped in the middle of the swap.
 */
async function removeLeftovers(out: string) {
  for (const name of await readdir(dirname(out))) {
    const path = join(dirname(out), name)
    if (name.startsWith(`.${basename(out)}.previous-`) && !existsSync(out) && existsSync(join(path, 'output'))) {
      await rename(join(path, 'output'), out)
    }
    if (name.startsWith(`.${basename(out)}.staging-`) || name.startsWith(`.${basename(out)}.previous-`)) {
      await rm(path, {recursive: true, force: true})
    }
  }
}
