// Runs Markdown through parse and normalize as `press format` does, for the
// typography tests.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Root} from 'mdast'
import {VFile} from 'vfile'
import {createNormalizer, meaning, type Normalizer} from '../pipeline/typography/normalize.js'
import {createParser, parse} from '../pipeline/source/parse.js'
import {applyMeaningfully, formatted, textEdits} from '../pipeline/typography/source-edits.js'
import type {FrontMatter} from '../pipeline/source/validate.js'
import {projectRoot} from './helpers.js'

const parser = createParser()
const normalizers = new Map<string, Normalizer>()
const frontMatter: FrontMatter = {title: 'Title', date: '2026-01-01', category: 'embassy-news', status: 'published', contacts: []}

function normalizerOf(lang: string): Normalizer {
  let normalizer = normalizers.get(lang)
  if (!normalizer) {
    const path = join(projectRoot, 'locales', lang, 'locale.json')
    const typography = lang === 'xx' ? undefined : JSON.parse(readFileSync(path, 'utf8')).typography
    normalizer = createNormalizer(lang, typography)
    normalizers.set(lang, normalizer)
  }
  return normalizer
}

/** The Markdown as `press format` would write it. */
export function typeset(lang: string, markdown: string): string {
  const once = (source: string, file: VFile) => {
    const {tree} = parse(parser, file)
    const normalized = normalizerOf(lang)(tree, frontMatter, file)
    return applyMeaningfully(source, textEdits(source, tree, normalized.tree, file), (text) => meaningOf(lang, text), file)
  }
  return formatted(markdown, once, new VFile(markdown))!
}

/** What Markdown says once parsed and normalized, as `press format` compares it. */
export function meaningOf(lang: string, markdown: string): string {
  const file = new VFile(markdown)
  return meaning(normalizerOf(lang)(parse(parser, file).tree, frontMatter, file))
}

/** The trees before and after normalization, and the normalized title. */
export function normalizeTree(lang: string, markdown: string, title = 'Title'): {before: Root; after: Root; title: string; file: VFile} {
  const file = new VFile(markdown)
  const {tree} = parse(parser, file)
  const normalized = normalizerOf(lang)(tree, {...frontMatter, title}, file, {notes: true})
  return {before: tree, after: normalized.tree, title: normalized.frontMatter.title, file}
}

/** Shows invisible spaces, so that expectations can be read. */
export const visible = (text: string) => text.replaceAll('\u202f', '⁐').replaceAll('\u00a0', '⍽')
