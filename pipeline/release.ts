// Takes one release through the source stages: read, parse, validate and
// normalize each translation. What comes out is ready to render in any format.
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import type {Locale} from './locales.js'
import type {ReleaseSource} from './newsroom.js'
import {normalize} from './normalize.js'
import {parse, type Parser} from './parse.js'
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
export async function readRelease(source: ReleaseSource, parser: Parser, locales: ReadonlyMap<string, Locale>, files: VFile[]): Promise<Translation[]> {
  const translations: Translation[] = []
  for (const {lang, path, shownAs} of source.translations) {
    const file = await readSource(path, shownAs)
    files.push(file)
    if (file.value === undefined) continue
    const parsed = parse(parser, file)
    const frontMatter = validate(parsed.tree, parsed.frontMatter, file, locales.get(lang)!)
    if (!frontMatter) continue
    const normalized = normalize(parsed.tree, frontMatter, lang, file)
    translations.push({id: source.id, lang, file, ...normalized})
  }
  return translations
}
