// Decides whether a translation may be published at the build time. An
// embargo holds the whole release: every translation waits for the latest
// embargo any of them gives, so no language can leak it early.
import type {VFile} from 'vfile'
import {warning} from './diagnostics.js'
import type {FrontMatter} from './validate.js'

export type HeldBack = 'draft' | 'embargoed'

/** The embargo of a release: the latest its translations give, as epoch milliseconds. */
export function releaseEmbargo(translations: ReadonlyArray<{frontMatter: FrontMatter; file: VFile}>): number | undefined {
  const times = translations.map(({frontMatter}) => frontMatter.embargoTime)
  const given = times.filter((time): time is number => time !== undefined)
  if (given.length === 0) return undefined
  const latest = Math.max(...given)
  const written = translations[times.indexOf(latest)]!
  translations.forEach(({file, frontMatter}, index) => {
    // A draft (often the skeleton press new started) is held anyway; it is told once it is ready.
    if (times[index] !== latest && frontMatter.status !== 'draft') {
      warning(file, `The translations of this release give different embargoes: all of them are held until the latest, ${written.frontMatter.embargo} (in ${written.file.path}). Give every translation the same \`embargo\``, {line: 1, column: 1}, 'embargo-mismatch')
    }
  })
  return latest
}

export function heldBack(frontMatter: FrontMatter, embargo: number | undefined, now: Date): HeldBack | undefined {
  if (frontMatter.status === 'draft') return 'draft'
  if (embargo !== undefined && embargo > now.getTime()) return 'embargoed'
  return undefined
}
