// A build folder that starts as the live site: for a command that adds a few
// files to it (press bulletin), every file of the current output is
// hard-linked into the folder (copied where it cannot be), links inside never
// followed, so that the command still swaps in a whole site.
import {existsSync} from 'node:fs'
import {copyFile, link, mkdir, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {markerName} from './folder-gate.js'
import {currentFolder} from './output-switch.js'
import type {Staging} from './staging.js'

/** Fills `staging` with the current output's files, but those `skip` names (by path in the output). */
export async function copyCurrent(staging: Staging, skip: (path: string) => boolean = () => false): Promise<void> {
  if (!existsSync(staging.out)) return
  const copy = async (from: string, to: string, path: string) => {
    for (const entry of await readdir(from, {withFileTypes: true})) {
      const inside = path ? `${path}/${entry.name}` : entry.name
      if (entry.name === markerName || skip(inside)) continue
      const [source, target] = [join(from, entry.name), join(to, entry.name)]
      if (entry.isDirectory()) {
        await mkdir(target)
        staging.noteCopied('folder', target)
        await copy(source, target, inside)
      } else if (entry.isFile()) {
        await link(source, target).catch(() => copyFile(source, target))
        staging.noteCopied('file', target)
      }
    }
  }
  await copy(await currentFolder(staging.out), staging.folder, '')
}
