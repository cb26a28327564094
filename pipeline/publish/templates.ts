// The nunjucks environment that wraps rendered fragments in the house style.
// A newsroom's own `templates/` folder overrides the built-in templates file by
// file. Templates are trusted; everything they print is escaped unless marked safe.
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import nunjucks from 'nunjucks'
import {labelled} from './emit-text.js'
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
  // The dialable form of a phone number, for `tel:` links.
  environment.addFilter('dial', (text: unknown) => String(text ?? '').replace(/[^+0-9]/g, ''))
  // A label before its value: a space, unless the label ends in a full-width colon.
  environment.addFilter('label', (text: unknown) => labelled(String(text ?? ''), ''))
  return environment
}
