// Finds the folder Communiqué is installed in, where the built-in templates,
// locales and settings live, whether running from source or compiled.
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

function findPackageRoot(from: string): string {
  let folder = from
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder)
    if (parent === folder) throw new Error('Communiqué is not installed properly: its package.json is missing')
    folder = parent
  }
  return folder
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)))
