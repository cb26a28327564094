// A rebuild of one edited release, in a process of its own as a press
// officer runs it, inlines the release's email as the builds before taught
// (publish/style-memory.ts): it loads no juice, and writes exactly the bytes
// a build with no cache writes.
import {cp, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {describe, expect, it} from 'vitest'
import {projectRoot, readTree, runPress, temporaryFolder} from '../helpers.js'

const now = '2026-08-01T00:00:00Z'

/** Builds in a process of its own, which says on its error output when it loads juice; whether it did. */
async function buildLoadingJuice(root: string, spy: string, ...more: string[]): Promise<boolean> {
  const result = await runPress(['build', '--root', root, '--now', now, '--quiet', ...more], root, {NODE_OPTIONS: `--require ${spy}`})
  expect(result.code, result.stderr).toBe(0)
  return result.stderr.includes('[juice loaded]')
}

describe('a rebuild of one edited release', () => {
  it.each([
    ['in this thread', []],
    ['after a cold build whose threads inlined every email', ['--threads', '2']]
  ])('should inline its email without loading juice, to the bytes of a build with no cache (%s)', {timeout: 90_000}, async (_, threads) => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'releases'), join(root, 'releases'), {recursive: true})
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    // Every CommonJS module is loaded through Module._load, juice by press's createRequire too.
    const spy = join(await temporaryFolder(), 'spy.cjs')
    await writeFile(spy, "const Module = require('node:module')\nconst load = Module._load\nModule._load = function (request, ...rest) {\n  if (request === 'juice') process.stderr.write('[juice loaded]\\n')\n  return load.call(this, request, ...rest)\n}\n")
    expect(await buildLoadingJuice(root, spy, ...threads)).toBe(true)
    const source = join(root, 'releases', '2026-05-06-graduate-scholarships', 'en.md')
    const text = await readFile(source, 'utf8')
    // A sentence more in the body's first paragraph: a change of text, in tags the builds before have inlined.
    const edited = text.replace('starting in the 2027 academic year.', 'starting in the 2027 academic year. Late applications are not read.')
    expect(edited).not.toBe(text)
    await writeFile(source, edited)
    expect(await buildLoadingJuice(root, spy, ...threads)).toBe(false)
    const email = await simpleParser(await readFile(join(root, 'output', 'en', '2026-05-06-graduate-scholarships', 'release.eml')))
    expect(email.html).toContain('academic year. Late applications are not read.</p>')
    const cold = join(await temporaryFolder(), 'cold')
    expect(await buildLoadingJuice(root, spy, '--out', cold, '--no-cache')).toBe(true)
    expect(await readTree(join(root, 'output'))).toEqual(await readTree(cold))
  })
})
