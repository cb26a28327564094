// Shared test tools: temporary folders, builds of fixtures, reading outputs
// back, and the HTML validator configured as the project's own.
import {execFile} from 'node:child_process'
import {createHash} from 'node:crypto'
import {cpSync, mkdtempSync} from 'node:fs'
import {mkdir, mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises'
import {promisify} from 'node:util'
import {tmpdir} from 'node:os'
import {basename, dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Element} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {HtmlValidate} from 'html-validate'
import {visit} from 'unist-util-visit'
import {afterAll, afterEach} from 'vitest'
import {run} from '../pipeline/commands/cli.js'

export const projectRoot = fileURLToPath(new URL('..', import.meta.url))

/** What a fixture is copied without: what a build may have left in it in a working copy. */
const leftByBuilds = new Set(['.communique-cache', 'output', '.output.builds', '.communique-preview'])
const fixtureCopies = new Map<string, string>()

/**
 * The fixture `name`, as a copy of its own for this test file: a build keeps
 * its cache in the newsroom it builds, and the project's files are never
 * written to. The same copy for every test of the file, removed after them.
 */
export function fixture(name: string): string {
  let copy = fixtureCopies.get(name)
  if (copy === undefined) {
    copy = join(mkdtempSync(join(tmpdir(), 'communique-fixture-')), name)
    cpSync(join(projectRoot, 'test', 'fixtures', name), copy, {recursive: true, filter: (source) => !leftByBuilds.has(basename(source))})
    fixtureCopies.set(name, copy)
  }
  return copy
}

afterAll(async () => {
  await Promise.all([...fixtureCopies.values()].map((copy) => rm(dirname(copy), {recursive: true, force: true})))
  fixtureCopies.clear()
})

const made: string[] = []
afterEach(async () => {
  await Promise.all(made.splice(0).map((folder) => rm(folder, {recursive: true, force: true})))
})

/** A temporary folder removed after the test. */
export async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'communique-test-'))
  made.push(folder)
  return folder
}

/** Runs `press` as the CLI would, capturing what it prints. */
export async function press(argv: string[], cwd = projectRoot) {
  let stdout = ''
  let stderr = ''
  const code = await run(argv, {stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd})
  return {code, stdout, stderr}
}

export const pressBin = join(projectRoot, 'dist', 'pipeline', 'press.js')

/** Runs the compiled `press` in a process of its own, as a user would, with `environment` added to this one's. */
export async function runPress(args: string[], cwd = projectRoot, environment: Record<string, string> = {}) {
  try {
    const {stdout, stderr} = await promisify(execFile)(process.execPath, [pressBin, ...args], {cwd, env: {...process.env, NO_COLOR: '1', ...environment}})
    return {code: 0, stdout, stderr}
  } catch (problem) {
    const failed = problem as {code: number; stdout: string; stderr: string}
    return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr}
  }
}

/** Writes release files: a map of `<id>/<lang>.md` to their text, below `root/releases`. */
export async function writeReleases(root: string, releases: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(releases)) {
    await mkdir(dirname(join(root, 'releases', path)), {recursive: true})
    await writeFile(join(root, 'releases', path), text)
  }
}

/** A release's text from its front matter lines and body. */
export function releaseText(frontMatter: string, body = 'The text of the release.'): string {
  return `---\n${frontMatter.trim()}\n---\n\n${body}\n`
}

/** Every file below `folder`, by path relative to it, with its text. */
export async function readTree(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await readdir(folder, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    // Font, image and search index files (compressed) stand for themselves by a hash: equal when their bytes are, and no text to search.
    files.set(relative(folder, path), /\.(woff2|png|jpe?g|webp|pf_meta|pf_index|pf_fragment|pf_filter|pagefind)$/.test(path) ? `binary sha256:${createHash('sha256').update(await readFile(path)).digest('hex')}` : await readFile(path, 'utf8'))
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)))
}

const config = JSON.parse(await readFile(join(projectRoot, '.htmlvalidate.json'), 'utf8'))
const htmlValidator = new HtmlValidate(config)

/** The validator's errors for a page, as readable lines; empty when valid. */
export async function htmlProblems(html: string, name: string): Promise<string[]> {
  const report = await htmlValidator.validateString(html, name)
  return report.results.flatMap((result) => result.messages.map((message) => `${name}:${message.line}:${message.column} ${message.ruleId} ${message.message}`))
}

/**
 * Email HTML is held to the rules mail clients let it honour: styles must be
 * inline, tables carry presentational attributes, and Outlook for Windows is
 * given its fixed-width table in conditional comments.
 */
const emailValidator = new HtmlValidate({...config, rules: {...config.rules, 'no-inline-style': 'off', 'no-deprecated-attr': 'off', 'no-conditional-comment': 'off'}})

export async function emailHtmlProblems(html: string, name: string): Promise<string[]> {
  const report = await emailValidator.validateString(html, name)
  return report.results.flatMap((result) => result.messages.map((message) => `${name}:${message.line}:${message.column} ${message.ruleId} ${message.message}`))
}

/**
 * The elements and attributes of a page or email that could run script or
 * load what a release smuggled in: with `images`, any image but the site's
 * own crest too. Structured data (`application/ld+json`) is allowed when it
 * is one JSON value, which browsers never run.
 */
export function dangerous(html: string, options: {images?: boolean} = {}): string[] {
  const found: string[] = []
  visit(fromHtml(html), 'element', (node: Element) => {
    const crest = node.tagName === 'img' && /^(https:\/\/[^"]+\/|(\.\.\/)*)assets\/logo(-email)?-[0-9a-f]{10}\.(svg|png)$/.test(String(node.properties.src))
    const data = node.tagName === 'script' && node.properties.type === 'application/ld+json' && isJson(node.children.map((child) => ('value' in child ? child.value : '')).join(''))
    // The site's own search script, on its search pages only: a file of the site, empty of content.
    const search = node.tagName === 'script' && node.properties.type === 'module' && /^(\.\.\/)+assets\/search\.js$/.test(String(node.properties.src)) && node.children.length === 0
    const risky = ['script', 'iframe', 'object', 'embed', 'style', ...(options.images ? ['img'] : [])]
    if (!crest && !data && !search && risky.includes(node.tagName)) found.push(`<${node.tagName}>`)
    for (const [name, value] of Object.entries(node.properties)) {
      if (/^on/i.test(name)) found.push(`${node.tagName} ${name}`)
      if (/^(href|src)$/.test(name) && /^\s*(javascript|data|vbscript):/i.test(String(value))) found.push(`${node.tagName} ${name}=${String(value)}`)
    }
  })
  return found
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
