// A release's front matter as the validate stage gives it to every later
// stage: what the press officer wrote, checked, with its places.
import type {Point, Position} from 'unist'

interface Contact {
  readonly name: string
  readonly email?: string
  readonly phone?: string
}

export interface FrontMatter {
  readonly title: string
  /** Calendar date of the release, `YYYY-MM-DD`. */
  readonly date: string
  readonly summary?: string
  readonly category: string
  /** `withdrawn`: kept online at its address with a notice, out of every list. */
  readonly status: 'published' | 'draft' | 'withdrawn'
  /** ISO 8601 date-time with offset before which the release is secret, as written. */
  readonly embargo?: string
  /** The embargo as epoch milliseconds, rounded up. */
  readonly embargoTime?: number
  readonly dateline?: string
  /** When the release was last corrected, as written and as epoch milliseconds. */
  readonly updated?: string
  readonly updatedTime?: number
  /** Its corrections, each dated, oldest first as written. */
  readonly changes?: readonly Change[]
  /** Why and when it was withdrawn, with `status: withdrawn`. */
  readonly withdrawn?: Withdrawal
  /** In a translation, the version of the default language's text it was made from. */
  readonly translatedFrom?: string
  readonly contacts: readonly Contact[]
  /** The lead image: shown under the title, in lists, on social cards and in the email. */
  readonly image?: LeadImage
  /** Notes to editors, each a paragraph of one line, printed after the end mark. */
  readonly notes?: readonly string[]
  /** Where the title and summary are written, for messages about them. */
  readonly places?: Readonly<{title?: Position; summary?: Position}>
}

interface LeadImage {
  /** A file beside the release, named relatively. */
  readonly src: string
  readonly alt: string
  readonly caption?: string
  readonly credit?: string
  /** Where `src` is written. */
  readonly place?: Point
}

interface Change {
  /** As written, and as epoch milliseconds. */
  readonly date: string
  readonly time: number
  readonly note: string
}

interface Withdrawal {
  readonly date: string
  readonly time: number
  readonly reason: string
}
