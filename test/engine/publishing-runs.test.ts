// A rebuild publishes first the releases with a translation made anew
// (edited), followed by the others of the search indexes those change (a
// language's year), so that Pagefind is fed those as they come and remakes
// them while the rest are published; then the rest, in the releases' order.
import {describe, expect, it} from 'vitest'
import {publishingRuns} from '../../pipeline/engine/search-run.js'
import type {ReadRelease} from '../../pipeline/engine/release-run.js'

/** A release as phase one leaves it, with only what the runs look at: its id, its public translations' languages and dates, and those made anew. */
function release(id: string, languages: readonly string[], made: readonly string[] = [], status = 'published'): ReadRelease {
  return {source: {id}, made, decided: {published: languages.map((lang) => ({lang, frontMatter: {date: id.slice(0, 10), status}}))}} as unknown as ReadRelease
}

const ids = (runs: Array<readonly ReadRelease[]>) => runs.map((run) => run.map(({source}) => source.id))

describe('the runs a rebuild publishes in', () => {
  it('takes the edited release, then the others of the index it changes, then the rest, each in order', () => {
    const read = [release('2025-03-01-forum', ['en', 'fr']), release('2025-11-20-concert', ['en']), release('2026-01-15-grants', ['en', 'fr'], ['fr']), release('2026-02-01-visa', ['en']), release('2026-05-05-fair', ['fr'])]
    // The French 2026 index changed: the other release with a French translation of 2026 comes next; the English-only one of 2026 does not.
    expect(ids(publishingRuns(read))).toEqual([['2026-01-15-grants', '2026-05-05-fair'], ['2025-03-01-forum', '2025-11-20-concert', '2026-02-01-visa']])
  })

  it('is one run in the releases’ order when nothing was made anew, or everything was (a cold build)', () => {
    expect(ids(publishingRuns([release('2025-03-01-forum', ['en']), release('2026-01-15-grants', ['en'])]))).toEqual([['2025-03-01-forum', '2026-01-15-grants']])
    expect(ids(publishingRuns([release('2025-03-01-forum', ['en'], ['en']), release('2026-01-15-grants', ['en'], ['en'])]))).toEqual([['2025-03-01-forum', '2026-01-15-grants']])
  })

  it('brings no index forward for a withdrawn translation, which search does not index', () => {
    const read = [release('2025-03-01-forum', ['en']), release('2026-01-15-grants', ['en'], ['en'], 'withdrawn'), release('2026-02-01-visa', ['en'])]
    expect(ids(publishingRuns(read))).toEqual([['2026-01-15-grants'], ['2025-03-01-forum', '2026-02-01-visa']])
  })
})
