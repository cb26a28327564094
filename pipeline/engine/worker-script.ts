// Where a worker thread's compiled script is: beside this module when press
// runs compiled, else the compiled copy in dist/ (running from the TypeScript
// sources, as the tests do, whose setup builds it).
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {packageRoot} from '../source/package-root.js'

/** The compiled script `name` (such as `worker.js`) of this folder, or undefined when there is none. */
export function workerScript(name: string): string | undefined {
  const beside = fileURLToPath(new URL(`./${name}`, import.meta.url))
  const compiled = join(packageRoot, 'dist', 'pipeline', 'engine', name)
  return [beside, compiled].find((path) => existsSync(path))
}
