// Which version of the default language's text a translation was made from.
// The version is a short hash of what that text's title, summary and body
// say, not of their bytes: quote marks, dashes, spaces and line breaks are
// folded first, so that press format (or any retyping of punctuation) leaves
// the version as it was. Each translation records the one it was made from
// (`translated-from`), written by press new and press translated, and press
// check flags a translation whose source has changed since. A record made
// before the folding (the hash of the bytes) is still recognised.
import {createHash} from 'node:crypto'
import {isMap, parseDocument} from 'yaml'
import {yamlOptions} from './safe-yaml.js'

/** The front matter block and the body of a release file, as written. */
const frontMatterBlock = /^\ufeff?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/

/** The version of a release file's text, or undefined when its front matter cannot be read. */
export function textVersion(source: string): string | undefined {
  return textVersions(source)?.version
}

/**
 * The version of a release file's text, and the one press recorded before it
 * folded typography (the hash of the bytes). `read` gives the front matter's
 * title and summary when they were read already (the validate stage reads
 * them with the same parser), so that a build reads each file's YAML once.
 */
export function textVersions(source: string, read?: {readonly title?: unknown; readonly summary?: unknown}): {version: string; former: string} | undefined {
  const found = frontMatterBlock.exec(source)
  if (!found) return undefined
  const fields = read ?? frontMatterOf(found[1]!)
  if (!fields) return undefined
  const body = source.slice(found[0].length).replace(/\r\n?/g, '\n').trim()
  const [title, summary] = [String(fields.title ?? ''), String(fields.summary ?? '')]
  const hashed = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12)
  return {version: hashed(`folded\0${folded(title)}\0${folded(summary)}\0${folded(body)}`), former: hashed(`${title}\0${summary}\0${body}`)}
}

/**
 * Text with what typography changes folded away: every quote mark to one, every
 * dash to a hyphen, full-width and compatibility forms to plain ones, and
 * every run of spaces and line breaks (no-break and thin spaces too) to none
 * around punctuation and one elsewhere. What the words say is what is left.
 */
function folded(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’‚‛′`]/g, "'")
    .replace(/[“”„‟″«»‹›「」『』]/g, '"')
    .replace(/[‐‑‒–—―−]+|-{2,}/g, '-')
    .replace(/。/g, '.')
    .replace(/、/g, ',')
    .replace(/\s+/g, ' ')
    .replace(/ ?([.,;:!?"'()[\]\-…]) ?/g, '$1')
    .trim()
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

/** The source with its front matter's `translated-from` set to `version`: that one line written or replaced, every other byte as it was. */
export function withTranslatedFrom(source: string, version: string): string | undefined {
  const found = frontMatterBlock.exec(source)
  if (!found || !frontMatterOf(found[1]!)) return undefined
  const block = found[1]!
  const start = found[0].indexOf(block)
  const line = /^(["']?)translated-from\1[ \t]*:.*$/m.exec(block)
  const newline = block.includes('\r\n') ? '\r\n' : '\n'
  const edited = line ? `${block.slice(0, line.index)}translated-from: ${version}${block.slice(line.index + line[0].length)}` : `${block}${newline}translated-from: ${version}`
  return `${source.slice(0, start)}${edited}${source.slice(start + block.length)}`
}

function frontMatterOf(yaml: string): Record<string, unknown> | undefined {
  // As the validate stage reads it, so that the version a build makes and the one press check compares are one.
  const doc = parseDocument(yaml, yamlOptions)
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined
  return doc.toJS() as Record<string, unknown>
}
