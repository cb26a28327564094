// A hash of press's own code, its packages and Node.js, which every cache key
// and output key holds; and a quicker stamp of them, from the files'
// identities on disk, for a build asking whether anything at all changed
// since the last one.
import {existsSync, readdirSync, statSync} from 'node:fs'
import {readFile, readdir} from 'node:fs/promises'
import {dirname, join, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {packageRoot} from '../source/package-root.js'
import {hash} from './cache.js'

let version: Promise<string> | undefined
const codeFolder = fileURLToPath(new URL('..', import.meta.url))
const isCode = (name: string) => /\.(js|ts)$/.test(name)

/**
 * A hash of press's own code, its installed packages (by the record the
 * package manager rewrites at every install) and the Node.js running it, by their bytes: the
 * same for every copy of them, on any machine (a CI runner installing them
 * afresh), and new with any of them, so that no cache entry or output key
 * outlives what made it (a package's fix, or Node's own dates and collation,
 * shows in the next build).
 */
export function codeVersion(): Promise<string> {
  version ??= (async () => {
    const files = (await readdir(codeFolder, {recursive: true})).filter(isCode).sort()
    const code = await Promise.all(files.map((name) => readFile(join(codeFolder, name))))
    const packages = await Promise.all([join(packageRoot, 'package.json'), ...installRecords()].map((path) => readFile(path).catch(() => '-')))
    return hash(process.version, JSON.stringify(process.versions), hash(...code), ...packages)
  })()
  return version
}

/**
 * A stamp of press's code, its installed packages (fonts included) and the
 * Node.js running it, from their files' identities: it changes with any of
 * them, on this machine.
 */
export function codeStamp(): string {
  const files = readdirSync(codeFolder, {recursive: true, encoding: 'utf8'}).filter(isCode).sort().map((name) => join(codeFolder, name))
  const identity = (path: string) => {
    let info
    try {
      info = statSync(path, {throwIfNoEntry: false})
    } catch {
      // A file named node_modules above press, say: no lockfile there.
    }
    return info ? `${path} ${info.ino} ${info.size} ${info.mtimeMs} ${info.ctimeMs}` : `${path} -`
  }
  return hash(process.version, JSON.stringify(process.versions), ...[...files, join(packageRoot, 'package.json'), ...installRecords()].map(identity))
}

/**
 * What says which packages are installed, in press's own project or, installed
 * as a package, the project holding it: every record a package manager
 * rewrites at every install or update (npm's node_modules/.package-lock.json,
 * pnpm's node_modules/.pnpm/lock.yaml, Yarn's node_modules/.yarn-state.yml or
 * .yarn-integrity) and every lockfile (Yarn's Plug'n'Play and bun keep no
 * record in node_modules), from `from` (or, installed, the folder above the
 * first node_modules on its way) up to the first folder with a lockfile, the
 * project's or its workspace's root, never beyond; with none up there, those
 * of the first folder alone. A file counted that an install did not change
 * costs a rebuild at most, never a stale key.
 */
export function installRecords(from = packageRoot): string[] {
  const parts = from.split(sep)
  const installed = parts.indexOf('node_modules')
  const start = installed > 0 ? parts.slice(0, installed).join(sep) || sep : from
  const found: string[] = []
  for (let folder = start; ; folder = dirname(folder)) {
    const here = recordsIn(folder)
    found.push(...here.all)
    if (here.lockfiles > 0) return found
    // No project root above: the first folder's alone (another project's records, such as ~/node_modules, are not press's).
    if (dirname(folder) === folder) return recordsIn(start).all
  }
}

const installRecordNames = ['.package-lock.json', join('.pnpm', 'lock.yaml'), '.yarn-state.yml', '.yarn-integrity']
const lockfileNames = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', '.pnp.cjs', '.pnp.data.json', 'bun.lock', 'bun.lockb']

/** The install records and lockfiles in `folder`, and how many of them are lockfiles. */
function recordsIn(folder: string): {all: string[]; lockfiles: number} {
  const records = installRecordNames.map((name) => join(folder, 'node_modules', name)).filter((path) => existsSync(path))
  const lockfiles = lockfileNames.map((name) => join(folder, name)).filter((path) => existsSync(path))
  return {all: [...records, ...lockfiles], lockfiles: lockfiles.length}
}
