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

/** The fonts of `locales`; with `ship`, their web fonts too. */
export async function siteFonts(locales: Iterable<Locale>, ship: boolean): Promise<SiteFonts> {
  const all = [...locales]
  const files = new Map<string, string>()
  const faces: string[] = []
  const missing: string[] = []
  const resolve = createRequire(join(packageRoot, 'package.json')).resolve
  for (const name of ship ? new Set(all.flatMap((locale) => locale.webFonts)) : []) {
    let folder
    try {
      folder = dirname(resolve(`${name}/package.json`))
    } catch {
      missing.push(name)
      continue
    }
    const css = await readFile(join(folder, 'index.css'), 'utf8')
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
