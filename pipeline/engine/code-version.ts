// A hash of press's own code, its packages and Node.js, which every cache key
// and output key holds; and a quicker stamp of them, from the files'
// identities on disk, for a build asking whether anything at all changed
// since the last one.
import {existsSync, readdirSync, statSync} from 'node:fs'
import {readFile, readdir} from 'node:fs/promises'
import {dirname, join} from 'node:path'
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
 * What the package manager keeps of what it installed, rewritten at every
 * install or update, in press's own folder or, installed in a project, that
 * project's: the nearest there is, looking up from `from` (none, to be looked
 * for again, when none is). npm keeps node_modules/.package-lock.json, pnpm
 * node_modules/.pnpm/lock.yaml, Yarn node_modules/.yarn-state.yml (or, Yarn
 * 1, .yarn-integrity).
 */
export function installRecords(from = packageRoot): string[] {
  for (let folder = from; ; folder = dirname(folder)) {
    const found = installRecordNames.map((name) => join(folder, 'node_modules', name)).filter((path) => existsSync(path))
    if (found.length > 0) return found
    if (dirname(folder) === folder) return []
  }
}

const installRecordNames = ['.package-lock.json', join('.pnpm', 'lock.yaml'), '.yarn-state.yml', '.yarn-integrity']
