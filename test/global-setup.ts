// Compiles the `press` command once, so that tests which run it as a user
// would run the current source; and, once every test has run, fails the run
// if one wrote into the project's fixtures (a build keeps its cache and
// output in the newsroom it builds: tests build copies, see fixture()).
import {execFileSync} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const fixtures = fileURLToPath(new URL('fixtures', import.meta.url))
/** What press writes into a newsroom it builds or previews. */
const written = ['.communique-cache', 'output', '.output.builds', '.communique-preview']

function writtenIntoFixtures(): string[] {
  const folders = readdirSync(fixtures, {withFileTypes: true}).filter((entry) => entry.isDirectory())
  return folders.flatMap(({name}) => readdirSync(join(fixtures, name)).filter((entry) => written.includes(entry)).map((entry) => join('test', 'fixtures', name, entry)))
}

export default function setup() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {stdio: 'inherit'})
  const before = new Set(writtenIntoFixtures())
  return () => {
    const found = writtenIntoFixtures().filter((path) => !before.has(path))
    if (found.length === 0) return
    // Said and counted as a failure: vitest reports an error thrown here, but exits 0 for it.
    process.stderr.write(`\nA test wrote into the project's fixtures (${found.join(', ')}): build a copy of the fixture (fixture() in test/helpers.ts gives one)\n`)
    process.exitCode = 1
  }
}
