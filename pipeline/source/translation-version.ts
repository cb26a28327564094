// Which version of the default language's text a translation was made from.
// The version is a short hash of that text's title, summary and body; each
// translation records the one it was made from (`translated-from`), written
// by press new and press translated, and press check flags a translation
// whose source has changed since.
import {createHash} from 'node:crypto'
import {isMap, parseDocument} from 'yaml'

/** The front matter block and the body of a release file, as written. */
const frontMatterBlock = /^\ufeff?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/

/** The version of a release file's text, or undefined when its front matter cannot be read. */
export function textVersion(source: string): string | undefined {
  const found = frontMatterBlock.exec(source)
  if (!found) return undefined
  const fields = frontMatterOf(found[1]!)
  if (!fields) return undefined
  const body = source.slice(found[0].length).replace(/\r\n?/g, '\n').trim()
  return createHash('sha256').update(`${String(fields.title ?? '')}\0${String(fields.summary ?? '')}\0${body}`).digest('hex').slice(0, 12)
}

/** The version a translation says it was made from, with the line it says it on. */
export function translatedFrom(source: string): {version: string; line: number} | undefined {
  const found = frontMatterBlock.exec(source)
  const fields = found && frontMatterOf(found[1]!)
  const version = fields?.['translated-from']
  if (typeof version !== 'string') return undefined
  const line = found![1]!.split('\n').findIndex((text) => text.startsWith('translated-from:')) + 2
  return {version, line}
}

/** The source with its front matter's `translated-from` set to `version`, the rest as written. */
export function withTranslatedFrom(source: string, version: string): string | undefined {
  const found = frontMatterBlock.exec(source)
  if (!found) return undefined
  const doc = parseDocument(found[1]!)
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined
  doc.set('translated-from', version)
  return `---\n${String(doc).trimEnd()}\n---\n${source.slice(found[0].length)}`
}

function frontMatterOf(yaml: string): Record<string, unknown> | undefined {
  const doc = parseDocument(yaml)
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined
  return doc.toJS() as Record<string, unknown>
}
