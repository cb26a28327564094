// The one gate for every folder press writes into or deletes from: the
// output and its build folders, press serve's preview, advance copies, the
// cache. Each is refused when it is, or is inside, the newsroom's own source
// folders, or inside anything a press build made (found by the marker every
// build leaves, whatever --out it was built with, and through the output's
// link to its build folder, or a copy of it made with rsync), so that nothing
// lands in a live site by a side door and no source is ever replaced.
import {existsSync, lstatSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {isWithin, realLocation} from '../lib/newsroom-file.js'

/** Marks a folder as made by `press build`, and so safe to replace. */
export const markerName = '.communique'

/** The newsroom's folders that hold what press officers write: never written into by press. */
const sourceFolders = ['releases', 'templates', 'locales', 'media'] as const

export class RefusedFolder extends Error {
  override name = 'RefusedFolder'
}

/**
 * Throws RefusedFolder when `folder` may not be written, for `what` (such as
 * "advance copies"): it is the newsroom itself, inside its sources, or inside
 * a site press built. `own` is an output path this command builds itself
 * (its link and build folders may be replaced); `shown` names the folder in
 * messages as the user knows it.
 */
export function checkFolder(path: string, root: string, what: string, {own, shown}: {own?: string; shown?: string} = {}): void {
  const folder = shown ?? path
  const real = realLocation(path)
  const newsroom = realLocation(root)
  if (real === newsroom) throw new RefusedFolder(`${folder} is the newsroom itself: choose a folder of its own for ${what}`)
  for (const name of sourceFolders) {
    const source = realLocation(join(root, name))
    if (isWithin(source, real)) throw new RefusedFolder(`${folder} is ${real === source ? '' : 'inside '}the newsroom's ${name}/ folder, whose files press never replaces: choose a folder of its own for ${what}`)
    if (isWithin(real, source) && existsSync(source)) throw new RefusedFolder(`${folder} holds the newsroom's ${name}/ folder, whose files press never replaces: choose a folder of its own for ${what}`)
  }
  // The newsroom's own output, built or not yet.
  const output = realLocation(join(root, 'output'))
  if (own === undefined && isWithin(output, real)) throw new RefusedFolder(`${folder} is ${real === output ? '' : 'inside '}the newsroom's output folder, where its site is published: choose a folder outside it for ${what}`)
  const site = publishedAbove(real, own === undefined ? undefined : join(realLocation(dirname(own)), basename(own)))
  if (site) throw new RefusedFolder(`${folder} is inside ${site}, a site press built and may be published: choose a folder outside it for ${what}`)
}

/** The nearest folder at or above `path` that a press build made, other than `own`'s build folders. */
function publishedAbove(path: string, own: string | undefined): string | undefined {
  for (let at = path; ; at = dirname(at)) {
    const builds = /^\..+\.builds$/.test(basename(at))
    if (builds || isFile(join(at, markerName))) {
      const ownBuilds = own !== undefined && (at === own || dirname(at) === join(dirname(own), `.${basename(own)}.builds`) || at === join(dirname(own), `.${basename(own)}.builds`))
      if (!ownBuilds) return at
    }
    if (dirname(at) === at) return undefined
  }
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile()
  } catch {
    return false
  }
}
