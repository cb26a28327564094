// A hash of press's own code, which every cache key and output key holds;
// and a quicker stamp of it, from the files' identities on disk, for a build
// asking whether anything at all changed since the last one.
import {readdirSync, statSync} from 'node:fs'
import {readFile, readdir} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {packageRoot} from '../source/package-root.js'
import {hash} from './cache.js'

let version: Promise<string> | undefined
const codeFolder = fileURLToPath(new URL('..', import.meta.url))
const isCode = (name: string) => /\.(js|ts)$/.test(name)

/** A hash of press's own code, so that no cache entry outlives the code that made it. */
export function codeVersion(): Promise<string> {
  version ??= (async () => {
    const files = (await readdir(codeFolder, {recursive: true})).filter(isCode).sort()
    return hash(...(await Promise.all(files.map((name) => readFile(join(codeFolder, name))))))
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
  return hash(process.version, JSON.stringify(process.versions), ...[...files, join(packageRoot, 'package.json'), ...lockfiles()].map(identity))
}

/**
 * The same stamp from the files' bytes instead of their identities: one for
 * every copy of the same press, packages and Node.js, on any machine (a CI
 * runner installing them afresh).
 */
export function codeContentStamp(): Promise<string> {
  // Once a process, as the code's version: a build asks for it when it opens its session and again when it keeps its record.
  contentStamp ??= (async () => {
    const contents = await Promise.all([join(packageRoot, 'package.json'), ...lockfiles()].map((path) => readFile(path).catch(() => '-')))
    return hash(process.version, JSON.stringify(process.versions), await codeVersion(), ...contents)
  })()
  return contentStamp
}

let contentStamp: Promise<string> | undefined

/** Where npm keeps what it installed: node_modules/.package-lock.json, rewritten at every install or update, in press's own folder or, installed in a project, that project's. */
function lockfiles(): string[] {
  const found = []
  for (let folder = packageRoot; ; folder = dirname(folder)) {
    found.push(join(folder, 'node_modules', '.package-lock.json'))
    if (dirname(folder) === folder) break
  }
  return found
}
