// Takes one release through the source stages: read, parse, validate and
// normalize each translation. What comes out is ready to render in any format.
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import type {Locale} from './locales.js'
import type {ReleaseSource} from './newsroom.js'
import {createNormalizer, type Normalizer} from '../typography/normalize.js'
import {createParser, parse, type Parser} from './parse.js'
import {readSource} from './source.js'
import {validate, type FrontMatter} from './validate.js'

export interface Translation {
  readonly id: string
  readonly lang: string
  readonly file: VFile
  readonly tree: Root
  readonly frontMatter: FrontMatter
}

/**
 * Returns every translation of `source` that passed validation; the files of
 * all of them, with their messages, go to `files`.
 */
export interface SourceStages {
  readonly parser: Parser
  readonly locales: ReadonlyMap<string, Locale>
  readonly normalizers: ReadonlyMap<string, Normalizer>
  /** Record each normalization as a note, for `press check`. */
  readonly notes: boolean
}

/** Creates the parser and the normalizer of each language; once per build. */
export function createSourceStages(locales: ReadonlyMap<string, Locale>, notes = false): SourceStages {
  return {parser: createParser(), locales, normalizers: new Map([...locales].map(([code, locale]) => [code, createNormalizer(code, locale.typography)])), notes}
}

export async function readRelease(source: ReleaseSource, stages: SourceStages, files: VFile[]): Promise<Translation[]> {
  const translations: Translation[] = []
  for (const {lang, path, shownAs} of source.translations) {
    const file = await readSource(path, shownAs)
    files.push(file)
    if (file.value === undefined) continue
    const parsed = parse(stages.parser, file)
    if (parsed.failed) continue
    const frontMatter = validate(parsed.tree, parsed.frontMatter, file, stages.locales.get(lang)!)
    if (!frontMatter) continue
    const normalized = stages.normalizers.get(lang)!(parsed.tree, frontMatter, file, {notes: stages.notes, inPlace: true})
    translations.push({id: source.id, lang, file, ...normalized})
  }
  return translations
}
