// Where a build puts its files: the contract between the stages that emit
// files and the engine that writes them (or, in press check, keeps none).
import type {WriteMode} from '../lib/whole-file.js'

export interface OutputWriter {
  write(path: string, content: string | Uint8Array): Promise<void>
  /** Takes files of `folder` ('' for the top) from the previous output, when `keys` (by path) say they were made from the same inputs; false when it cannot. */
  reuse(previous: string, folder: string, names: readonly string[], keys: ReadonlyMap<string, string>): Promise<boolean>
  /** A file this build has written, as text; undefined when it wrote none there (or keeps nothing). */
  read?(path: string): Promise<string | undefined>
  /** The same, as bytes. */
  readBytes?(path: string): Promise<Uint8Array | undefined>
  /**
   * Reserves files for the thread that renders them to write, refusing what
   * `write` refuses: each one's place and how to write it there, its folder
   * made. A writer that keeps nothing has no such thing.
   */
  claim?(paths: readonly string[]): Promise<ClaimedFile[]>
  /** Gives back a file claimed and not written after all (a release whose email could not be made): as if never claimed. */
  unclaim?(file: ClaimedFile): void
}

/** A file of a build folder claimed for a thread to write: its path as asked, where it is, and how to write it (lib/whole-file.ts). */
export interface ClaimedFile {
  readonly path: string
  readonly target: string
  readonly mode: WriteMode
}

/** The kinds of file a translation has, each made again only when its own inputs change: its page, its text, its email, its PDF. */
export type OutputGroup = 'page' | 'text' | 'email' | 'pdf'
