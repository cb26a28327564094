// The nunjucks environment that wraps rendered fragments in the house style.
// A newsroom's own `templates/` folder overrides the built-in templates file by
// file. Templates are trusted; everything they print is escaped unless marked safe.
import {createHash} from 'node:crypto'
import {relative} from 'node:path'
import {VFile} from 'vfile'
import {error} from '../source/diagnostics.js'
import nunjucks from 'nunjucks'
import {keepPostalCodes, labelled} from './emit-text.js'
import {emailFontFamily} from './fonts.js'
import {UnreadableTemplate, type TemplateSet} from './template-files.js'

/** What each kind of output is rendered from: the page of a release and its email. */
export interface TemplateFingerprints {
  /** The release page's template and every template it extends, includes or imports. */
  readonly page: string
  /** The same for the release email. */
  readonly email: string
  /** The same for the release's PDF. */
  readonly pdf: string
  /** The same for the sitemap. */
  readonly sitemap: string
}

/** A template naming another: extends, include, import or from, with the name as a literal or not. */
const reference = /\{%-?\s*(?:extends|include|import|from)\s+(?:(["'])([^"']+)\1)?/g

/**
 * Hashes of the templates each kind of output uses, the newsroom's own
 * overriding the built-in ones: a change to the page's templates leaves the
 * emails as they were. A template naming another by anything but a literal
 * name could use any: then every template counts.
 */
export function templateFingerprints(set: TemplateSet): TemplateFingerprints {
  // Whose file it is, not where: the same newsroom gives the same keys on another machine.
  const files = new Map([...set.files].map(([name, file]) => [name, {folder: file.own ? 'own' : 'built-in', text: file.text ?? 'unreadable'}]))
  const closure = (entry: string) => {
    const seen = new Set<string>()
    const next = [entry]
    while (next.length > 0) {
      const name = next.pop()!
      if (seen.has(name)) continue
      seen.add(name)
      for (const match of files.get(name)?.text.matchAll(reference) ?? []) {
        if (match[2] === undefined) return new Set(files.keys())
        next.push(match[2])
      }
    }
    return seen
  }
  const fingerprint = (entry: string) => {
    const digest = createHash('sha256')
    for (const name of [...closure(entry)].sort()) {
      const file = files.get(name)
      digest.update(`${name}\0${file ? `${file.folder}\0${file.text}` : 'missing'}\0`)
    }
    return digest.digest('hex')
  }
  return {page: fingerprint('release.njk'), email: fingerprint('email/release.njk'), pdf: fingerprint('pdf/release.njk'), sitemap: fingerprint('sitemap.xml.njk')}
}

/** Gives nunjucks each template as the build read it. */
class TemplateLoader implements nunjucks.ILoader {
  readonly async = false
  constructor(private readonly set: TemplateSet) {}

  getSource(name: string): nunjucks.LoaderSource {
    const file = this.set.files.get(name)
    if (file?.problem !== undefined) throw new UnreadableTemplate(file.path, file.problem)
    // Not found: nunjucks says so, naming the template.
    if (file?.text === undefined) return null as unknown as nunjucks.LoaderSource
    return {src: file.text, path: file.path, noCache: false}
  }
}

/** Creates the environment; once per build. */
export function createTemplates(set: TemplateSet): nunjucks.Environment {
  const environment = new nunjucks.Environment(new TemplateLoader(set), {
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
  // A language's fonts as an email's font-family, quoted for a style sheet.
  environment.addFilter('emailFonts', (fonts: unknown) => new nunjucks.runtime.SafeString(emailFontFamily(Array.isArray(fonts) ? fonts : [])))
  return environment
}

/**
 * A template that nunjucks could not render, as a placed problem in the
 * template's file; undefined for any other failure. Templates are the
 * newsroom's own code, so a mistake in one is theirs to fix, not a fault.
 */
export function templateProblem(problem: unknown, cwd: string): VFile | undefined {
  if (problem instanceof UnreadableTemplate) {
    const file = new VFile({path: relative(cwd, problem.path), cwd: '/'})
    error(file, problem.message, undefined, 'unreadable-template')
    return file
  }
  if (!(problem instanceof Error) || problem.name !== 'Template render error') return undefined
  const found = /^\((.+?)\)(?: \[Line (\d+), Column (\d+)\])?\n\s*(?:Error: )?([^]*)$/.exec(problem.message)
  const path = found?.[1] ?? 'templates'
  const file = new VFile({path: relative(cwd, path) || path, cwd: '/'})
  const place = found?.[2] ? {line: Number(found[2]), column: Number(found[3])} : undefined
  error(file, `The template could not be rendered: ${(found?.[4] ?? problem.message).trim()}. Correct the template and build again`, place, 'template-error')
  return file
}
