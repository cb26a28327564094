// How the output path is switched to a finished build: each build is
// written into a folder of its own beside it, `.<out>.builds/<name>/`, and
// the output path is a symbolic link switched to the new folder by one
// `rename`; what an interrupted switch left is put right before anything else.
import {existsSync} from 'node:fs'
import {lstat, readdir, readlink, rename, rm, stat, symlink} from 'node:fs/promises'
import {basename, dirname, join, relative, resolve} from 'node:path'
import {markerName} from './folder-gate.js'

/** The folder holding the builds that the output path links to. */
export function buildsFolder(out: string): string {
  return join(dirname(out), `.${basename(out)}.builds`)
}

/**
 * Puts right what an interrupted command left: an output path lost between
 * the two steps of a first switch is restored, then every build folder the
 * output does not use is removed. Run under the lock, before anything else.
 */
export async function recoverOutput(out: string): Promise<void> {
  out = resolve(out)
  if (!(await lstat(out).catch(() => undefined))) {
    const complete = await completeBuilds(out)
    if (complete.length > 0) await pointOutputAt(out, complete.at(-1)!)
    else await restoreLegacy(out)
  }
  if (existsSync(buildsFolder(out)) || (await lstat(out).catch(() => undefined))) await removeUnused(out)
}

/** The real folder the output path shows. */
export async function currentFolder(out: string): Promise<string> {
  const info = await lstat(out)
  return info.isSymbolicLink() ? resolve(dirname(out), await readlink(out)) : out
}

/** Switches the output path to `folder` with one rename; a first switch moves an old real folder aside first. */
export async function pointOutputAt(out: string, folder: string) {
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

/**
 * Where a build into `out` takes the files made from the same inputs as
 * its own: its output; but a dry run (press check) and a first preview
 * (none of its own yet) take them from the newsroom's own output, when press
 * built it, as a rebuild there would (at 1,000 releases each made every file
 * again: 15 s before press serve showed a page, 7 s of a check).
 */
export async function reusedOutput(out: string | undefined, root: string, build: {readonly dryRun?: boolean; readonly preview?: boolean}): Promise<string | undefined> {
  const fromNewsroom = build.dryRun === true || (build.preview === true && out !== undefined && !existsSync(out))
  return fromNewsroom ? ownBuildShown(join(root, 'output')) : out
}

/** The build folder `out` shows, when it is one of press's complete builds; undefined otherwise. */
async function ownBuildShown(out: string): Promise<string | undefined> {
  return (await lstat(out).catch(() => undefined))?.isSymbolicLink() && (await linksToOwnBuild(out)) ? currentFolder(out) : undefined
}

export async function linksToOwnBuild(out: string): Promise<boolean> {
  const target = await currentFolder(out)
  return dirname(target) === buildsFolder(out) && (await realFolder(buildsFolder(out))) && (await realFolder(target)) && existsSync(join(target, markerName))
}

/** Whether `path` is a folder itself, not a link to one. */
async function realFolder(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined))?.isDirectory() === true
}

/**
 * Build folders that were finished, oldest first: folders themselves in a
 * folder of builds that is one itself. A link put among them, to a folder
 * elsewhere with a marker in it, is none: recycled, it took the site, and
 * the removal of what that folder held, outside the newsroom.
 */
async function completeBuilds(out: string): Promise<string[]> {
  const folder = buildsFolder(out)
  if (!(await realFolder(folder))) return []
  const entries = (await readdir(folder, {withFileTypes: true})).filter((entry) => entry.isDirectory())
  return entries.map(({name}) => name).sort().map((name) => join(folder, name)).filter((path) => existsSync(join(path, markerName)))
}

/** The newest complete build folder but the one in use: the site of the build before last, for the next build to recycle. */
export async function buildBeforeLast(out: string): Promise<string | undefined> {
  const inUse = existsSync(out) ? await currentFolder(out) : undefined
  return (await completeBuilds(out)).filter((path) => path !== inUse).at(-1)
}

/** A folder being removed whose removal meets a file still being closed in it (ENOTEMPTY, EBUSY) is tried again, as Node's rm can. */
export const removeRetries = {maxRetries: 3, retryDelay: 100}

/** Removes every build folder but the one in use and the build before last, and temporary links. */
export async function removeUnused(out: string) {
  const inUse = existsSync(out) ? await currentFolder(out) : undefined
  const kept = await buildBeforeLast(out)
  const folder = buildsFolder(out)
  // Only in a folder of builds that is one itself (output-folder.ts refuses a link there before any build): never where a link leads.
  if (await realFolder(folder)) {
    for (const name of await readdir(folder)) {
      if (join(folder, name) !== inUse && join(folder, name) !== kept) await rm(join(folder, name), {recursive: true, force: true, ...removeRetries})
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

