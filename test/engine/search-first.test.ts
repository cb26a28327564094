// A rebuild publishes first the releases whose search index an edit
// changes (a language's year holding a translation made anew), so that
// Pagefind remakes it while the others are published; the rest keep their order.
import {describe, expect, it} from 'vitest'
import {searchFirst} from '../../pipeline/engine/search-run.js'
import type {ReadRelease} from '../../pipeline/engine/release-run.js'

/** A release as phase one leaves it, with only what the order looks at: its public translations' languages and dates, and those made anew. */
function release(date: string, languages: readonly string[], made: readonly string[] = [], status = 'published'): ReadRelease {
  return {made, decided: {published: languages.map((lang) => ({lang, frontMatter: {date, status}}))}} as unknown as ReadRelease
}

describe('the order a rebuild publishes in', () => {
  it('takes first the releases of the index a translation made anew is in, the others in their order', () => {
    const read = [release('2025-03-01', ['en', 'fr']), release('2025-11-20', ['en']), release('2026-01-15', ['en', 'fr'], ['fr']), release('2026-02-01', ['en']), release('2026-05-05', ['fr'])]
    // The French 2026 index changed: the releases with a French translation of 2026 go first, the English-only one of 2026 does not.
    expect(searchFirst(read)).toEqual([2, 4, 0, 1, 3])
  })

  it('keeps the order when nothing was made anew, or everything was (a cold build)', () => {
    expect(searchFirst([release('2025-03-01', ['en']), release('2026-01-15', ['en'])])).toEqual([0, 1])
    expect(searchFirst([release('2025-03-01', ['en'], ['en']), release('2026-01-15', ['en'], ['en'])])).toEqual([0, 1])
  })

  it('leaves a withdrawn translation, which search does not index, out of the reckoning', () => {
    const read = [release('2025-03-01', ['en']), release('2026-01-15', ['en'], ['en'], 'withdrawn'), release('2026-02-01', ['en'])]
    expect(searchFirst(read)).toEqual([0, 1, 2])
  })
})
