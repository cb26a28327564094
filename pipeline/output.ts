// Writes a build into a staging folder beside the output folder and swaps it
// in only when the whole build succeeded, so a failed or interrupted build
// leaves the published output exactly as it was.
import {existsSync} from 'node:fs'
import {mkdir, mkdtemp, readdir, rename, rm, writeFile} from 'node:fs/promises'
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
    root = resolve(root)
    const sources = ['releases', 'templates', 'locales'].map((name) => join(root, name))
    if (out === root || isInside(out, root) || sources.some((folder) => out === folder || isInside(folder, out))) {
      throw new OutputFolderError(`The output folder ${out} would replace the newsroom's own files: choose a folder of its own, such as ${join(root, 'output')}`)
    }
    if (existsSync(out) && !existsSync(join(out, markerName)) && (await readdir(out)).length > 0) {
      throw new OutputFolderError(`The folder ${out} already holds files that press build did not write: choose an empty or new folder for the output`)
    }
    await mkdir(dirname(out), {recursive: true})
    await removeLeftovers(out)
    return new Staging(out, await mkdtemp(join(dirname(out), `.${basename(out)}.staging-`)))
  }

  async write(path: string, content: string): Promise<void> {
    const target = resolve(this.folder, path)
    if (!isInside(this.folder, target)) throw new OutputFolderError(`Refusing to write ${path} outside the output folder`)
    if (this.written.has(target)) throw new DuplicateOutputError(`Two pages would be written to ${path}`)
    this.written.add(target)
    await mkdir(dirname(target), {recursive: true})
    await writeFile(target, content)
  }

  /** Replaces the output folder with what was staged. */
  async commit(): Promise<void> {
    await writeFile(join(this.folder, markerName), markerText)
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

  async discard(): Promise<void> {
    await rm(this.folder, {recursive: true, force: true})
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
