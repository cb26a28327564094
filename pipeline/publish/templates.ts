// The nunjucks environment that wraps rendered fragments in the house style.
// A newsroom's own `templates/` folder overrides the built-in templates file by
// file. Templates are trusted; everything they print is escaped unless marked safe.
import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {readFile, readdir} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {VFile} from 'vfile'
import {error} from '../source/diagnostics.js'
import nunjucks from 'nunjucks'
import {keepPostalCodes, labelled} from './emit-text.js'
import {packageRoot} from '../source/package-root.js'

export const builtinTemplates = join(packageRoot, 'templates')

function templateFolders(root: string): string[] {
  const own = join(root, 'templates')
  return existsSync(own) && own !== builtinTemplates ? [own, builtinTemplates] : [builtinTemplates]
}

/** The newsroom's own copy of a template file, or the built-in one. */
export function templateFile(root: string, name: string): string {
  const folders = templateFolders(root)
  return folders.map((folder) => join(folder, name)).find((path) => existsSync(path)) ?? join(builtinTemplates, name)
}

/** A hash of every template file the newsroom's outputs may use, its own and the built-in ones. */
export async function templatesFingerprint(root: string): Promise<string> {
  const digest = createHash('sha256')
  for (const folder of templateFolders(root)) {
    const names = (await readdir(folder, {recursive: true, withFileTypes: true})).filter((entry) => entry.isFile()).map((entry) => relative(folder, join(entry.parentPath, entry.name))).sort()
    for (const name of names) digest.update(`${folder}\0${name}\0`).update(await readFile(join(folder, name))).update('\0')
  }
  return digest.digest('hex')
}

/** Creates the environment; once per build. */
export function createTemplates(root: string): nunjucks.Environment {
  const folders = templateFolders(root)
  const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader(folders, {noCache: false}), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true
  })
  // A phone number is never broken across lines.
  environment.addFilter('nowrap', (text: unknown) => String(text ?? '').replace(/ /g, '\u00a0'))
  // A postal code (K1A 0X9, SW1A 2AA) is never broken across lines.
  environment.addFilter('postal', (text: unknown) => keepPostalCodes(String(text ?? '')))
  // The dialable form of a phone number, for `tel:` links.
  environment.addFilter('dial', (text: unknown) => String(text ?? '').replace(/[^+0-9]/g, ''))
  // A label before its value: a space, unless the label ends in a full-width colon.
  environment.addFilter('label', (text: unknown) => labelled(String(text ?? ''), ''))
  return environment
}

/**
 * A template that nunjucks could not render, as a placed problem in the
 * template's file; undefined for any other failure. Templates are the
 * newsroom's own code, so a mistake in one is theirs to fix, not a fault.
 */
export function templateProblem(problem: unknown, cwd: string): VFile | undefined {
  if (!(problem instanceof Error) || problem.name !== 'Template render error') return undefined
  const found = /^\((.+?)\)(?: \[Line (\d+), Column (\d+)\])?\n\s*(?:Error: )?([^]*)$/.exec(problem.message)
  const path = found?.[1] ?? 'templates'
  const file = new VFile({path: relative(cwd, path) || path, cwd: '/'})
  const place = found?.[2] ? {line: Number(found[2]), column: Number(found[3])} : undefined
  error(file, `The template could not be rendered: ${(found?.[4] ?? problem.message).trim()}. Correct the template and build again`, place, 'template-error')
  return file
}
