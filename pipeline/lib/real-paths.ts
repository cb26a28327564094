// Where a file of the newsroom really is, links followed, each folder on the
// way looked at once; and a path's lstat, or nothing, for the read log.
import {lstatSync, realpathSync, type Stats} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {attempt} from './attempt.js'

/** The lstat of `path`; undefined when there is nothing there or it cannot be looked at. */
export function lstatOrNothing(path: string): Stats | undefined {
  return attempt(() => lstatSync(path, {throwIfNoEntry: false}))
}

/**
 * Where the file at `path` really is, `own` its lstat: its folder's real path
 * (realFolder) and its name, unless it is itself a link.
 */
export function realOfFile(path: string, own: Stats | undefined, folders: Map<string, string | undefined>, looked?: Map<string, Stats | undefined>): string | undefined {
  if (!own || own.isSymbolicLink()) return attempt(() => realpathSync.native(path))
  const real = realFolder(dirname(path), folders, looked)
  return real === undefined ? undefined : join(real, basename(path))
}

/** Where `folder` really is: its parent's real path and its name unless it is a link, each folder looked at once (in `folders`; its lstat kept in `looked`, when given). */
export function realFolder(folder: string, folders: Map<string, string | undefined>, looked?: Map<string, Stats | undefined>): string | undefined {
  if (folders.has(folder)) return folders.get(folder)
  const parent = dirname(folder)
  let real: string | undefined
  if (parent === folder) real = folder
  else {
    const own = lstatOrNothing(folder)
    looked?.set(folder, own)
    if (own?.isSymbolicLink()) real = attempt(() => realpathSync.native(folder))
    else if (own?.isDirectory()) {
      const above = realFolder(parent, folders, looked)
      real = above === undefined ? undefined : join(above, basename(folder))
    }
  }
  folders.set(folder, real)
  return real
}
