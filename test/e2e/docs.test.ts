// The documentation as a newcomer meets it: a README short enough to read
// first, every link between it and docs/ leading somewhere, and its quick
// start's release, every optional field filled in, checking cleanly.
import {readdirSync} from 'node:fs'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {dirname, join, resolve} from 'node:path'
import sharp from 'sharp'
import {describe, expect, it} from 'vitest'
import {press, projectRoot, temporaryFolder} from '../helpers.js'

const documents = ['README.md', ...readdirSync(join(projectRoot, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]

/** A document's text without its code, where a link is an example, not a link. */
const prose = (text: string) => text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '')

/** The anchors of a document's headings, as GitHub makes them. */
function anchors(text: string): Set<string> {
  const headings = [...text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1]!)
  return new Set(headings.map((heading) => heading.toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N}\p{M}\- _]/gu, '').replace(/ /g, '-')))
}

describe('the documentation', () => {
  it('should open with a README a newcomer reads in one sitting', async () => {
    const readme = await readFile(join(projectRoot, 'README.md'), 'utf8')
    expect(readme.split(/\s+/).filter((word) => word !== '').length).toBeLessThan(1850)
    for (const heading of ['## Install', '## Your first release in ten minutes', '## Working on press']) expect(readme).toContain(`\n${heading}\n`)
    // The two set-up commands, as CI runs them.
    expect(readme).toContain('```sh\nnpm install && npm run build\n```')
    expect(readme).toContain('```sh\nnpm test\n```')
  })

  it('should lead every link between the documents to a file that is there, and to a heading it has', async () => {
    const broken: string[] = []
    let checked = 0
    for (const document of documents) {
      const text = await readFile(join(projectRoot, document), 'utf8')
      for (const [, target] of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue
        checked++
        const [path, anchor] = target!.split('#') as [string, string | undefined]
        const file = path === '' ? join(projectRoot, document) : resolve(dirname(join(projectRoot, document)), path)
        const there = await readFile(file, path.endsWith('.md') || path === '' ? 'utf8' : undefined).catch(() => undefined)
        if (there === undefined) broken.push(`${document}: ${target} (no such file)`)
        else if (anchor !== undefined && !anchors(String(there)).has(anchor)) broken.push(`${document}: ${target} (no such heading)`)
      }
    }
    expect(broken).toEqual([])
    expect(checked).toBeGreaterThan(10)
  })

  it('should give a quick start whose release, every optional field filled in, checks and builds cleanly', async () => {
    const readme = await readFile(join(projectRoot, 'README.md'), 'utf8')
    const release = /```markdown\n([\s\S]*?)```/.exec(readme)![1]!.replace(/^ {3}/gm, '')
    const root = join(await temporaryFolder(), 'my-newsroom')
    expect((await press(['init', root, '--lang', 'en,fr'])).code).toBe(0)
    const folder = join(root, 'releases', '2026-03-02-consular-hours')
    await mkdir(join(folder, 'photos'), {recursive: true})
    await sharp({create: {width: 1200, height: 800, channels: 3, background: '#345'}}).jpeg().toFile(join(folder, 'photos', 'counter.jpg'))
    await writeFile(join(folder, 'en.md'), release)
    const checked = await press(['check', '--now', '2026-03-20T12:00:00Z'], root)
    expect(checked.stderr).not.toMatch(/\berror\b/)
    // The one thing the quick start asks to replace and a newcomer might not: press says so.
    expect(checked.stderr).toMatch(/`site\.url` is still https:\/\/www\.example\.org\/news\/, which press init wrote/)
    expect(checked.code).toBe(0)
    expect((await press(['build', '--now', '2026-03-20T12:00:00Z'], root)).code).toBe(0)
  })
})
