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

/** Builds in a process of its own; whether it loaded juice (Node says each CommonJS module it loads with NODE_DEBUG=module). */
async function buildLoadingJuice(root: string, ...more: string[]): Promise<boolean> {
  const result = await runPress(['build', '--root', root, '--now', now, '--quiet', ...more], root, {NODE_DEBUG: 'module'})
  expect(result.code, result.stderr.slice(-2000)).toBe(0)
  return /node_modules\/juice\/index\.js/.test(result.stderr)
}

describe('a rebuild of one edited release', () => {
  it('should inline its email without loading juice, to the bytes of a build with no cache', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'releases'), join(root, 'releases'), {recursive: true})
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    expect(await buildLoadingJuice(root)).toBe(true)
    const source = join(root, 'releases', '2026-05-06-graduate-scholarships', 'en.md')
    const text = await readFile(source, 'utf8')
    // A sentence more in a paragraph: a change of text, in tags the builds before have inlined.
    const edited = text.replace(/^(\w[^\n]*\.)$/m, '$1 Late applications are not read.')
    expect(edited).not.toBe(text)
    await writeFile(source, edited)
    expect(await buildLoadingJuice(root)).toBe(false)
    const email = await simpleParser(await readFile(join(root, 'output', 'en', '2026-05-06-graduate-scholarships', 'release.eml')))
    expect(email.html).toContain('Late applications are not read.')
    const cold = join(await temporaryFolder(), 'cold')
    expect(await buildLoadingJuice(root, '--out', cold, '--no-cache')).toBe(true)
    expect(await readTree(join(root, 'output'))).toEqual(await readTree(cold))
  })
})
