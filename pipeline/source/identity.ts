// The embassy's identity (name, address, telephone, email, web site) is the
// newsroom's own, not the sample's: a newsroom still using the built-in
// sample's, or the blanks `press init` leaves, is warned on every build and
// check, with what to fill in and where.
import {existsNoted} from '../lib/read-log.js'
import {join, relative} from 'node:path'
import {VFile} from 'vfile'
import {readNewsroomText} from '../lib/newsroom-file.js'
import {warning} from './diagnostics.js'
import type {Locale} from '../model/locale.js'
import {packageRoot} from './package-root.js'

export const identityFields = ['name', 'address', 'phone', 'email', 'website', 'about'] as const

/** How messages name each field: `about` is the paragraph that ends each release, "About the Embassy". */
const labels: Record<(typeof identityFields)[number], string> = {name: 'name', address: 'address', phone: 'phone', email: 'email', website: 'website', about: 'description (“About the Embassy”)'}

/** What `press init` writes in each identity field for the newsroom to replace. */
export const blank = (field: (typeof identityFields)[number]) => `[fill in: the embassy's ${labels[field]}]`

export async function identityWarnings(root: string, locales: ReadonlyMap<string, Locale>, cwd: string): Promise<VFile[]> {
  // The sample newsroom is the sample.
  if (root === packageRoot) return []
  const files: VFile[] = []
  for (const [code, locale] of locales) {
    const own = join(root, 'locales', code, 'translation.json')
    const sample = await sampleIdentity(code)
    const unfilled = identityFields.filter((field) => {
      const value = locale.t(`embassy.${field}`)
      return value === sample?.[field] || value.startsWith('[fill in')
    })
    if (unfilled.length === 0) continue
    const exists = existsNoted(own)
    const file = new VFile({path: relative(cwd, own), cwd: '/'})
    const where = exists ? 'under `embassy` in this file' : 'in this file, which press init makes'
    const line = exists ? lineOf(own, root, '"embassy"') : 0
    warning(file, `The embassy's ${unfilled.map((field) => labels[field]).join(', ')} in ${locale.name} ${unfilled.length === 1 ? 'is' : 'are'} still the sample's or blank: fill ${unfilled.length === 1 ? 'it' : 'them'} in ${where}, or releases go out under another embassy's name`, line > 0 ? {line, column: 1} : undefined, 'sample-identity')
    files.push(file)
  }
  return files
}

async function sampleIdentity(code: string): Promise<Record<string, string> | undefined> {
  try {
    const strings = JSON.parse(readNewsroomText(join(packageRoot, 'locales', code, 'translation.json'), {within: packageRoot, maxBytes: 1024 * 1024})) as {embassy?: Record<string, string>}
    return strings.embassy
  } catch {
    return undefined
  }
}

/** The line of `path` that holds `text`, counted from 1; 0 when there is none or the file cannot be read (loading it said why). */
function lineOf(path: string, root: string, text: string): number {
  try {
    return readNewsroomText(path, {within: root, maxBytes: 1024 * 1024}).split('\n').findIndex((line) => line.includes(text)) + 1
  } catch {
    return 0
  }
}
