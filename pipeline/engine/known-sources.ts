// What builds know of the sources they read, from one to the next: how each
// file was seen on disk, the hash of its bytes, and the summary made of it,
// by key (build-record.ts keeps it). A source still as the last build saw it
// is neither read nor hashed again; a source with the same bytes as one it
// read, wherever it is, takes its summary without a trip to the cache. An
// image a release shows, still as the last build saw it, is known by the hash
// of its bytes without reading them (a photo is megabytes).
import type {Stats} from 'node:fs'
import {join, relative} from 'node:path'
import {isContentDigest, stillAsSeen, type Seen} from '../lib/read-log.js'
import {lstatOrNothing, realFolder, realOfFile} from '../lib/real-paths.js'
import type {Fragments} from './fragments.js'

export interface KnownSources {
  readonly sources: Readonly<Record<string, {readonly seen: Seen; readonly hash: string; readonly digest?: string}>>
  readonly summaries: Readonly<Record<string, Fragments>>
  /** The images releases showed, as seen, with the hash of their bytes. */
  readonly media?: Readonly<Record<string, {readonly seen: Seen; readonly digest: string}>>
}

export class SourceBook {
  /**
   * The real path of each folder looked at, for `unlinked`: once per build (a
   * folder made a link during a build is seen by the next, whose record of
   * the folders read says what each was).
   */
  private readonly realFolders = new Map<string, string | undefined>()
  private readonly hashes = new Map<string, string>()
  private readonly summaries = new Map<string, Fragments>()
  /** The images this build looked at, known or read. */
  private readonly media = new Set<string>()

  constructor(
    /** The newsroom, from which no link may stand before a release (lib/newsroom-file.ts). */
    private readonly root: string,
    /** What the last build knew. */
    private readonly known?: KnownSources
  ) {}

  /**
   * The hash and summary of the source at `path` when it is as the last
   * build saw it, `keyOf` giving the key its hash has in this build;
   * undefined when it may have changed or its summary is not known.
   */
  unchanged(path: string, keyOf: (hash: string) => string): {hash: string; key: string; summary: Fragments} | undefined {
    const source = this.known?.sources[path]
    if (typeof source?.hash !== 'string') return undefined
    const key = keyOf(source.hash)
    const summary = this.summary(key)
    if (!summary) return undefined
    // One lstat serves both questions.
    const own = lstatOrNothing(path)
    const real = this.unlinked(path, own)
    if (real === undefined || !stillAsSeen(path, source.seen, typeof source.digest === 'string' ? source.digest : undefined, own, real)) return undefined
    return {hash: source.hash, key, summary}
  }

  /**
   * The hash of the bytes of the image at `path` when it is as the last build
   * saw it, with no link on its way from the newsroom (as its reader
   * requires); it then goes in the command's log as if read. Undefined when
   * it may have changed: the caller reads it.
   */
  knownImage(path: string): string | undefined {
    this.media.add(path)
    const image: unknown = this.known?.media?.[path]
    if (typeof image !== 'object' || image === null) return undefined
    const {seen, digest} = image as {seen: unknown; digest: unknown}
    if (!isContentDigest(digest) || !Array.isArray(seen)) return undefined
    const own = lstatOrNothing(path)
    // A plain file of one name, as its reader requires in releases: a second name is caught here, not only by its change time.
    if (!own?.isFile() || own.nlink !== 1) return undefined
    const real = this.unlinked(path, own)
    return real !== undefined && stillAsSeen(path, seen as Seen, digest, own, real) ? digest : undefined
  }

  /** The summary the last build made under `key`, if it did. */
  summary(key: string): Fragments | undefined {
    const summary: unknown = this.known?.summaries[key]
    // A record of another shape is none.
    return typeof summary === 'object' && summary !== null && Array.isArray((summary as Fragments).messages) ? (summary as Fragments) : undefined
  }

  /** Notes what this build knows of a source, for the next build. */
  remember(path: string, hash: string, key: string, summary: Fragments): void {
    this.hashes.set(path, hash)
    this.summaries.set(key, summary)
  }

  /** What this build knew of the sources it read, for the next build, with how each was seen and the hash of its bytes (`log`). */
  knowledge(log: {seen: (path: string) => Seen | undefined; digest: (path: string) => string | undefined}): KnownSources {
    const sources = [...this.hashes].flatMap(([path, hash]) => {
      const how = log.seen(path)
      const digest = log.digest(path)
      return how === undefined ? [] : [[path, {seen: how, hash, ...(digest === undefined ? {} : {digest})}] as const]
    })
    // An image read with other bytes twice in the build, or not read at all (refused), is read next time.
    const media = [...this.media].flatMap((path) => {
      const seen = log.seen(path)
      const digest = log.digest(path)
      return Array.isArray(seen) && isContentDigest(digest) ? [[path, {seen, digest}] as const] : []
    })
    return {sources: Object.fromEntries(sources), summaries: Object.fromEntries(this.summaries), media: Object.fromEntries(media)}
  }

  /** Where `path` (`own`, its lstat) really is, when no link stands between the newsroom and it, as its reader requires of a release. */
  private unlinked(path: string, own: Stats | undefined): string | undefined {
    const root = realFolder(this.root, this.realFolders)
    if (own === undefined || root === undefined) return undefined
    const real = join(root, relative(this.root, path))
    return realOfFile(path, own, this.realFolders) === real ? real : undefined
  }
}
