// What the stages of a translation's processor share on its vfile's `data`:
// what the caller gives (its release id, the links to leave out) and what each
// stage leaves for the next (the front matter, as vfile-matter keeps it, then
// the links and files the text names).
import type {Root, Yaml} from 'mdast'
import type {FrontMatter} from './front-matter.js'
import type {MediaRef, SiteLink} from './fragments.js'

/** The trees `press format` compares, kept by the normalize stage when asked. */
export interface Typeset {
  /** The tree as validated, before normalization. */
  readonly before: Root
  /** The tree as normalized, before any later stage changed it. */
  readonly after: Root
  /** The front matter before normalization. */
  readonly frontMatter: FrontMatter
}

declare module 'vfile' {
  interface DataMap {
    /** Given: the release the translation belongs to. */
    id: string
    /** Given: release translations, as `<lang>/<id>`, whose links are left out because they are not public. */
    hidden: readonly string[]
    /** Given: keep the trees before and after normalization in `typeset`, for `press format`. */
    keepTypeset: boolean
    /** Parse: the front matter as written, taken off the tree. */
    yaml: Yaml
    /** Validate: the front matter's title and summary as written, of which (with the body) the text's version is made. */
    versionFields: {readonly title?: unknown; readonly summary?: unknown}
    /** Validate, then normalize: the front matter, checked and then typeset. */
    frontMatter: FrontMatter
    /** Normalize, when asked: the trees before and after. */
    typeset: Typeset
    /** Collect: links to release translations of this site. */
    links: SiteLink[]
    /** Collect: the files beside the release the text names, the lead image first. */
    media: MediaRef[]
    /** Where the file is on disk, when messages name it otherwise. */
    diskPath: string
    /** The text as read, before `press format` wrote it. */
    written: string
  }
}
