// What the source stages make of one translation, as plain data that crosses
// threads and sits in the cache: its messages, what lists and links need of
// it, and its rendered bodies, which every output wraps.
import type {Point, Position} from 'unist'
import type {FrontMatter} from './front-matter.js'

export interface FragmentJob {
  readonly id: string
  readonly lang: string
  /** The file on disk, and as messages name it. */
  readonly path: string
  readonly shownAs: string
  readonly bytes: Uint8Array
  /** Release translations, as `<lang>/<id>`, whose links are left out because they are not public. */
  readonly hidden?: readonly string[]
}

/** A message as plain data, to cross threads and sit in the cache. */
export interface StoredMessage {
  readonly reason: string
  readonly ruleId: string | undefined
  /** true: an error; false: a warning; undefined: a note. */
  readonly fatal: boolean | undefined
  readonly place: Position | Point | undefined
}

/** A translation's link to another release translation of the site. */
export interface SiteLink {
  readonly lang: string
  readonly id: string
  /** Where the link is in its release's source. */
  readonly place?: Point
}

export interface Fragments {
  readonly messages: readonly StoredMessage[]
  /** How many notes (each typographic change) the stages made: kept apart from the rest, and read only by what shows them (engine/fragment-source.ts). */
  readonly notes?: number
  /** Whether the file could be read as text at all. */
  readonly read: boolean
  /** Absent when the translation cannot be published; its messages say why. */
  readonly release?: ReleaseFragments & Bodies
}

/** What lists, feeds, links and the choice of what to publish need of a translation. */
export interface ReleaseFragments {
  readonly frontMatter: FrontMatter
  /** The summary, or the start of the text. */
  readonly excerpt: string
  /** Links to release translations of this site, whether they exist or not. */
  readonly links: readonly SiteLink[]
  /** The version of its text (translation-version.ts): what translations made from it record. */
  readonly version?: string
  /** The version as press recorded it before it folded typography (the hash of the bytes), still recognised in a translation's record. */
  readonly formerVersion?: string
  /** The files beside the release it names: images shown, files linked. */
  readonly media?: readonly MediaRef[]
}

/** A translation's rendered bodies, which only the files made again need. */
export interface Bodies {
  /** The sanitized body, for the page. */
  readonly page: string
  /** The same with absolute addresses, for the email; absent without email settings. */
  readonly absolute?: string
  /** That body with the styles of its language's email frame inlined, when the build has the frame. */
  readonly inlined?: string
  /** The print-ready body; the publish stage sets the locale's header and footer around it. */
  readonly textBody: TextRendering
}

/** A file a translation names relatively: an image shown, or a file linked. */
export interface MediaRef {
  readonly url: string
  readonly kind: 'image' | 'file'
  readonly alt?: string
  readonly place?: Point
}

/** A translation's print-ready body: its wrapped lines and the addresses of its numbered links. */
export interface TextRendering {
  readonly lines: readonly string[]
  /** Addresses of the numbered links, in the order of their numbers. */
  readonly references: readonly string[]
}

/** How wide the print-ready text is set, in display columns, unless a command is told otherwise. */
export const defaultWidth = 72

/** A translation's fragments as what lists and links need, and its bodies. */
/** A translation's messages apart from its notes, which only press check and build --verbose show. */
export function apartFromNotes(messages: readonly StoredMessage[]): {messages: StoredMessage[]; notes: StoredMessage[]} {
  return {messages: messages.filter(({fatal}) => fatal !== undefined), notes: messages.filter(({fatal}) => fatal === undefined)}
}

export function splitBodies(release: NonNullable<Fragments['release']>): {summary: ReleaseFragments; bodies: Bodies} {
  const {page, absolute, inlined, textBody, ...summary} = release
  return {summary, bodies: {page, textBody, ...(absolute === undefined ? {} : {absolute}), ...(inlined === undefined ? {} : {inlined})}}
}
