// Which folders a build may replace with a site: never the newsroom or its
// sources, never inside another site press built, never through a link press
// did not make, and a real folder only when it holds nothing but a site;
// which folders of the previous output it may take files from, and how it
// makes its own.
import {existsSync, lstatSync, mkdirSync, realpathSync} from 'node:fs'
import {lstat, readdir, readlink} from 'node:fs/promises'
import {join, relative, resolve, sep} from 'node:path'
import {checkFolder, markerName, RefusedFolder} from './folder-gate.js'
import {attempt} from '../lib/attempt.js'
import {buildsFolder, linksToOwnBuild} from './output-switch.js'

/** What press writes at the top of a site besides each language's folder: its pages, assets, media and records. */
const topOfSite = /^(index\.html|sitemap\.xml|assets|media|pagefind|\.communique|\.communique-outputs\.json|\.communique-strings\.json|\.communique-emails\.json|\.bulletins\.json)$/

export class OutputFolderError extends RefusedFolder {
  override name = 'OutputFolderError'
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
  // Its builds' folder is press's own: through a link in its place, what is not a build where it leads would be removed.
  const builds = await lstat(buildsFolder(out)).catch(() => undefined)
  if (builds && !builds.isDirectory()) throw new OutputFolderError(`${buildsFolder(out)} is a link or a file where press keeps the builds of ${out}: remove it, and press makes the folder again`)
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

/**
 * Makes the folder at `path` in a build, its parent being there: one mkdir,
 * at once (recursive and promised, each cost ten times the processor time: a
 * second of a cold build at 4,000 releases). One already there must be a
 * folder, not a file or a link; that is looked at once, when the build first
 * makes the folder (a recycled build's folders are its stock's, links removed).
 */
export function makeFolder(path: string): void {
  try {
    mkdirSync(path)
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code !== 'EEXIST' || !lstatSync(path).isDirectory()) throw problem
  }
}

export function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child)
  return path !== '' && !path.startsWith(`..${sep}`) && path !== '..' && !path.startsWith(sep)
}


/**
 * The folders of a previous output that files are taken from into a new
 * build: each must be reached from its top through real folders, never
 * through a link planted inside it. Each is looked at again at every call,
 * so that a folder swapped for a link meanwhile is refused (a few lstat
 * calls, fewer than a realpath of the whole path).
 */
export class RealFolders {
  private real: string | undefined

  constructor(readonly top: string) {}

  /** Whether `folder`, the top or inside it, is reached from it through real folders, none a link, now. */
  reach(folder: string): boolean {
    this.real ??= attempt(() => realpathSync.native(this.top)) ?? ''
    if (!this.real || (folder !== resolve(this.top) && !isInside(this.top, folder))) return false
    let at = this.real
    for (const name of relative(this.top, folder).split(sep).filter((one) => one !== '')) {
      at = join(at, name)
      if (!attempt(() => lstatSync(at).isDirectory())) return false
    }
    return true
  }
}
