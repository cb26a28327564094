// Runs Markdown through its language's processor as `press build` and
// `press format` do, with a front matter of its own, for the typography tests.
import type {Root} from 'mdast'
import {VFile} from 'vfile'
import {formatSource} from '../pipeline/engine/format-releases.js'
import {loadLocales} from '../pipeline/source/locales.js'
import {meaning} from '../pipeline/typography/normalize.js'
import {createTranslationProcessor, runStages, type TranslationProcessor} from '../pipeline/typography/translation-processor.js'
import {projectRoot} from './helpers.js'

const {locales} = await loadLocales(projectRoot, ['en', 'fr', 'zh', 'ar', 'ru', 'es'], 'en', projectRoot)
const site = {siteUrl: 'https://embassy.example.org/news/', languages: ['en', 'fr', 'zh', 'ar', 'ru', 'es']}
const processors = new Map<string, TranslationProcessor>()

/** The processor of `lang`; `xx` is a language with no typography of its own. */
function processorOf(lang: string, notes = false): TranslationProcessor {
  let processor = processors.get(`${lang} ${notes}`)
  if (!processor) {
    const locale = lang === 'xx' ? {...locales!.get('en')!, code: 'xx', typography: undefined} : locales!.get(lang)!
    processor = createTranslationProcessor({locale, site, notes})
    processors.set(`${lang} ${notes}`, processor)
  }
  return processor
}

/** The front matter the text is given; its body starts on line 6. */
const head = (title = 'Title') => `---\ntitle: ${JSON.stringify(title)}\ndate: 2026-01-01\n---\n\n`

/** The Markdown as `press format` would write it. */
export function typeset(lang: string, markdown: string): string {
  const text = head() + markdown
  return formatSource(processorOf(lang), '2026-01-01-test', text, new VFile(text))!.slice(head().length)
}

/** What Markdown says once through the processor, as `press format` compares it. */
export function meaningOf(lang: string, markdown: string): string {
  const file = new VFile({value: head() + markdown, data: {id: '2026-01-01-test'}})
  const tree = runStages(processorOf(lang), file)!
  return meaning({tree, frontMatter: file.data.frontMatter!})
}

/** The trees before and after normalization, and the normalized title; the file's notes are placed in the text with its front matter. */
export function normalizeTree(lang: string, markdown: string, title = 'Title'): {before: Root; after: Root; title: string; file: VFile} {
  const file = new VFile({value: head(title) + markdown, data: {id: '2026-01-01-test', keepTypeset: true}})
  runStages(processorOf(lang, true), file)
  const {before, after} = file.data.typeset!
  return {before, after, title: file.data.frontMatter!.title, file}
}

/** Shows invisible spaces, so that expectations can be read. */
export const visible = (text: string) => text.replaceAll('\u202f', '⁐').replaceAll('\u00a0', '⍽')
