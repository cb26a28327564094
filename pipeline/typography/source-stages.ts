// The source stages of each language, made once per command: the parser and
// the language's normalizer, which `press format` runs a release through.
import type {Locale} from '../source/locales.js'
import {createParser, type Parser} from '../source/parse.js'
import {createNormalizer, type Normalizer} from './normalize.js'

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
