// The processor of one language: every stage a translation goes through
// before it is rendered, in order, each a unified plugin that reports through
// `file.message` and shares what it finds through `file.data`. This chain is
// the one place where the stages' order is written; adding a stage is adding
// a `.use()`. Made once per language and build (and thread), then frozen.
import type {Root} from 'mdast'
import {unified} from 'unified'
import type {VFile} from 'vfile'
import type {Locale} from '../model/locale.js'
import {collectReferences} from '../source/collect.js'
import {StagesStopped} from '../source/diagnostics.js'
import {releaseParser} from '../source/parse.js'
import type {SiteAddress} from '../source/site-links.js'
import {unpublishable} from '../source/unpublishable.js'
import {unpublishedLinks} from '../source/unpublished-links.js'
import {validateRelease} from '../source/validate.js'
import {attributions} from './attribution.js'
import {normalizeRelease} from './normalize.js'

export interface ProcessorOptions {
  readonly locale: Locale
  /** The site's address and languages, which links to its releases are read against. */
  readonly site: SiteAddress
  /** Record each normalization as a note, for `press check`. */
  readonly notes?: boolean
}

export function createTranslationProcessor({locale, site, notes}: ProcessorOptions) {
  const lang = locale.code
  return unified()
    .use(releaseParser) // Markdown to a tree; the front matter to file.data.yaml
    .use(validateRelease, {locale}) // file.data.frontMatter, checked
    .use(unpublishable) // raw HTML, unsafe links and images out
    .use(normalizeRelease, {lang, typography: locale.typography, notes: notes === true})
    .use(attributions) // a quotation's attribution on its own line
    .use(unpublishedLinks, {...site, lang}) // links to releases not public in this build out
    .use(collectReferences, {...site, lang}) // file.data.links and file.data.media
    .freeze()
}

export type TranslationProcessor = ReturnType<typeof createTranslationProcessor>

/** The processor of each language. */
export function createProcessors(locales: ReadonlyMap<string, Locale>, site: SiteAddress, notes = false): ReadonlyMap<string, TranslationProcessor> {
  return new Map([...locales].map(([code, locale]) => [code, createTranslationProcessor({locale, site, notes})]))
}

/**
 * Runs a translation's file through its processor: the finished tree, with
 * what the stages found in `file.data`; undefined when a stage stopped it,
 * its messages saying why. Give `file.data.id` (and `hidden`) first.
 */
export function runStages(processor: TranslationProcessor, file: VFile): Root | undefined {
  try {
    return processor.runSync(processor.parse(file), file)
  } catch (problem) {
    if (problem instanceof StagesStopped) return undefined
    throw problem
  }
}
