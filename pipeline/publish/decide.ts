// What a build publishes of one release, decided from its valid
// translations: which are public at the build time (in a preview, all of
// them, each marked with why readers cannot see it yet), in which languages,
// and which pages say that the default language's text has changed since
// they were translated.
import {heldBack, type HeldBack} from '../source/embargo.js'
import type {FrontMatter} from '../source/validate.js'
import type {PreviewMark} from './preview-mark.js'
import {extended} from '../lib/extended.js'

export interface Decided<T> {
  /** The translations to publish, with what their files say of them. */
  readonly published: ReadonlyArray<T & {mark?: PreviewMark; updatedIn?: string}>
  /** Their languages. */
  readonly languages: readonly string[]
  /** Why each translation held back is. */
  readonly held: readonly HeldBack[]
}

export interface Rules {
  readonly now: Date
  /** A preview publishes everything, marked. */
  readonly preview: boolean
  /** Whether a stale translation's page says so (settings `staleNote`). */
  readonly staleNote: boolean
  readonly defaultLanguage: string
}

type Translation = {readonly lang: string; readonly frontMatter: FrontMatter; readonly version?: string; readonly formerVersion?: string}

export function decideRelease<T extends Translation>(translations: readonly T[], embargo: number | undefined, rules: Rules): Decided<T> {
  const held: HeldBack[] = []
  const chosen = translations.flatMap((translation): Array<T & {mark?: PreviewMark}> => {
    const reason = heldBack(translation.frontMatter, embargo, rules.now)
    if (reason && rules.preview) return [extended(translation, {mark: reason === 'draft' ? {status: reason} : {status: reason, until: embargo!}})]
    if (reason) held.push(reason)
    return reason === undefined ? [translation] : []
  })
  const languages = chosen.map(({lang}) => lang)
  const newer = rules.staleNote ? newerSource(translations, rules.defaultLanguage, languages) : () => undefined
  const published = chosen.map((translation) => {
    const updatedIn = newer(translation)
    return updatedIn === undefined ? translation : extended(translation, {updatedIn})
  })
  return {published, languages, held}
}

/**
 * The language whose newer text a translation was not made from, when its
 * page should say so: the default language's translation is published and
 * its text is no longer the version the translation records.
 */
function newerSource(translations: readonly Translation[], defaultLanguage: string, published: readonly string[]) {
  const source = translations.find(({lang}) => lang === defaultLanguage)
  if (!source?.version || !published.includes(defaultLanguage)) return () => undefined
  const current = new Set([source.version, ...(source.formerVersion ? [source.formerVersion] : [])])
  return ({lang, frontMatter}: Translation) => (lang !== defaultLanguage && frontMatter.translatedFrom !== undefined && !current.has(frontMatter.translatedFrom) ? defaultLanguage : undefined)
}

/** What else a translation's pages say of it, for its output keys. */
export function pageState(translation: {mark?: PreviewMark; updatedIn?: string}): string {
  return `${translation.mark?.status ?? ''}|${translation.updatedIn ?? ''}`
}
