// Compiles the `press` command once, so that tests which run it as a user
// would run the current source.
import {execFileSync} from 'node:child_process'
import {createRequire} from 'node:module'

export default function setup() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {stdio: 'inherit'})
}
