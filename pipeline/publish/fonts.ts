// The site's fonts: each language's font families, from its locale.json, and
// the @fontsource web fonts it names, shipped with the site. The fonts' own
// @font-face rules are kept (split by unicode-range, font-display: swap), so a
// reader's browser downloads only the slices of a font a page uses; only the
// woff2 files those rules name are copied.
import {readFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import type {Locale} from '../model/locale.js'
import {packageRoot} from '../source/package-root.js'

export interface SiteFonts {
  /** The style sheet, `assets/fonts.css`. */
  readonly css: string
  /** Each font file to ship under `assets/fonts/`, by name, from its path. */
  readonly files: ReadonlyMap<string, string>
  /** Packages a language names that are not installed. */
  readonly missing: readonly string[]
}

const fontFile = /url\(\.\/files\/([\w-]+\.woff2)\)/g

/**
 * The fonts of `locales`; with `ship`, their web fonts too. For `print`, a
 * variable web font is taken in its static cut, regular and bold (and their
 * italics where the font has them), where press
 * has it: Chromium draws a variable font into a PDF glyph by glyph (Type 3),
 * and Arabic copied out of such a PDF falls apart.
 */
export async function siteFonts(locales: Iterable<Locale>, ship: boolean, print = false): Promise<SiteFonts> {
  const all = [...locales]
  const files = new Map<string, string>()
  const faces: string[] = []
  const missing: string[] = []
  const resolve = createRequire(join(packageRoot, 'package.json')).resolve
  for (const name of ship ? new Set(all.flatMap((locale) => locale.webFonts)) : []) {
    const cut = print ? staticCut(name, resolve) : undefined
    let folder
    try {
      folder = cut ?? dirname(resolve(`${name}/package.json`))
    } catch {
      missing.push(name)
      continue
    }
    const css = cut ? (await Promise.all(['400.css', '700.css', '400-italic.css', '700-italic.css'].map((sheet) => readFile(join(cut, sheet), 'utf8').catch(() => '')))).join('\n') : await readFile(join(folder, 'index.css'), 'utf8')
    faces.push(
      css.replace(fontFile, (_, file: string) => {
        files.set(file, join(folder, 'files', file))
        return `url(fonts/${file})`
      })
    )
  }
  const families = all.map((locale) => `:lang(${locale.code}) { font-family: ${locale.fonts.map(family).join(', ')}; }`)
  return {css: [...faces, '/* Each language in its own fonts, from its locale.json. */', ...families, ''].join('\n'), files, missing}
}

/** The folder of the static twin of a variable @fontsource package, when it is installed. */
function staticCut(name: string, resolve: NodeJS.RequireResolve): string | undefined {
  if (!name.startsWith('@fontsource-variable/')) return undefined
  try {
    return dirname(resolve(`@fontsource/${name.slice('@fontsource-variable/'.length)}/package.json`))
  } catch {
    return undefined
  }
}

/**
 * A language's fonts as an email's `font-family`: the families a reader's
 * system may have (mail clients load no web fonts, so the Variable ones the
 * site ships are left out), Arial and Helvetica, then the generic family.
 * Chinese is then drawn by a Chinese font, its quotes full width, and never
 * by Arial. Names that are not plain words are left out of the style sheet.
 */
export function emailFontFamily(fonts: readonly unknown[]): string {
  const names = fonts.filter((name): name is string => typeof name === 'string' && /^[\p{L}\p{N} _-]{1,60}$/u.test(name))
  const installed = names.filter((name) => !name.endsWith(' Variable') && name !== 'system-ui' && name !== 'sans-serif' && name !== 'serif')
  return [...installed, 'Arial', 'Helvetica', names.includes('serif') && !names.includes('sans-serif') ? 'serif' : 'sans-serif'].map(family).join(', ')
}

/** A family name as CSS writes it: generic families bare, others quoted. */
function family(name: string): string {
  return /^(serif|sans-serif|monospace|cursive|fantasy|system-ui|ui-\w+)$/.test(name) ? name : `"${name}"`
}
