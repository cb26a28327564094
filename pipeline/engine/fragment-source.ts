// Where the build gets each translation's fragments: from what the last
// build knew when its source is as it saw it, from the cache when an entry
// for exactly these inputs exists, otherwise made (fragment-workers.ts);
// their bodies are held until the build publishes them (held-bodies.ts).
// The result is the same bytes whichever way it came.
import type {RenderContext, RenderedTranslation, TranslationJob} from '../publish/render-translation.js'
import {hash, type FragmentCache} from './cache.js'
import type {Bodies, FragmentJob, Fragments, ReleaseFragments} from './fragments.js'
import {splitBodies, type StoredMessage} from '../model/fragments.js'
import {KeptNotes, notesKey} from './kept-notes.js'
import {codeVersion} from './code-version.js'
import type {Session} from './session.js'
import {bodiesKey, HeldBodies, pageKey} from './held-bodies.js'
import {releaseBytes} from '../source/source.js'
import {SourceBook, type KnownSources} from './known-sources.js'
import {buildWorkers, tooLargeRule, type Workers} from './fragment-workers.js'
import {SourceChanged} from './source-changed.js'
import type {WrittenFiles} from './rendered-files.js'
import {extended} from '../lib/extended.js'

/**
 * A translation's fragments as the build holds them: its bodies are read
 * from the cache only when a file must be made again, which a rebuild
 * seldom needs; they are nine tenths of an entry.
 */
export interface LoadedFragments {
  readonly messages: Fragments['messages']
  /** How many notes it has, which `notesOf` gives. */
  readonly notes?: number
  readonly read: boolean
  /**
   * Its bodies; the email's, with its styles inlined (a cache entry of its
   * own), only when `email` is asked for; with `pageOnly`, the page's alone
   * (its own entry, a third of them), the others empty: a template change
   * makes pages alone.
   */
  readonly release?: ReleaseFragments & {readonly bodies: (need?: {readonly email?: boolean; readonly pageOnly?: boolean}) => Promise<Bodies>}
}

export interface FragmentSourceOptions {
  /** The build's session, which the threads receive as data. */
  readonly session: Session
  readonly cache?: FragmentCache
  /** Worker threads: 0 makes everything in this thread (but a large source, unless `noThreads`); default one per core for a newsroom that is not small. */
  readonly workers?: number
  /** No thread at all, not even for a large source (press build --threads 0). */
  readonly noThreads?: boolean
  /** How many translations the build will ask for, to choose between threads and none. */
  readonly translations: number
  /** What the last build knew of the sources (build-record.ts). */
  readonly known?: KnownSources
  /** A preview's build, in press serve. */
  readonly preview?: boolean
}

export class FragmentSource {
  private readonly workers: Workers
  private readonly base: string
  /** Per language, everything site-wide its fragments depend on: the base and its resources; hashed once. */
  private readonly languageText = new Map<string, string>()
  /** Per language, a hash of its email frame, which only the email body's inlined styles depend on. */
  private readonly frames = new Map<string, string>()
  /** Translations made from their source by this build, not taken from the cache. */
  made = 0
  /** Bodies made and not yet published. */
  private readonly held: HeldBodies
  /** What the last build knew of the sources, and what this one learns. */
  readonly book: SourceBook
  /** The key of every translation this build took or made, with its language. */
  private readonly keys = new Map<string, string>()
  private readonly notes: KeptNotes

  private constructor(
    private readonly options: FragmentSourceOptions,
    code: string
  ) {
    this.workers = buildWorkers(options.session, options)
    this.book = new SourceBook(options.session.root, options.known)
    this.held = new HeldBodies(options.cache)
    this.notes = new KeptNotes(options.cache, options.session.data.notes)
    const {settings, width, emailFrames} = options.session.data
    this.base = hash(code, settings.siteUrl, settings.languages.join(','), settings.email ? 'email' : 'no email', String(width))
    for (const [lang, locale] of options.session.locales) {
      this.languageText.set(lang, hash(this.base, lang, locale.fragmentFingerprint))
      const frame = emailFrames?.[lang]
      if (frame !== undefined) this.frames.set(lang, hash(frame))
    }
  }

  static async open(options: FragmentSourceOptions): Promise<FragmentSource> {
    return new FragmentSource(options, await codeVersion())
  }

  /**
   * The key of a translation's fragments, a hash of everything they depend
   * on, which the email frame is not: a change to the house email inlines
   * the bodies again (their own cache entries), never parses a release.
   */
  keysOf(job: FragmentJob): {key: string; contentHash: string} {
    const contentHash = hash(job.bytes, job.id, (job.hidden ?? []).join(','))
    return {key: this.keyOf(job.lang, contentHash), contentHash}
  }

  private keyOf(lang: string, contentHash: string): string {
    return hash(this.languageText.get(lang)!, contentHash)
  }

  /**
   * The fragments of a translation whose source is as the last build saw it,
   * from what that build knew, without reading or hashing it; undefined when
   * it may have changed or its summary is not known.
   */
  fromRecord(job: Omit<FragmentJob, 'bytes' | 'hidden'>): {key: string; fragments: LoadedFragments} | undefined {
    const known = this.book.unchanged(job.path, (hash) => this.keyOf(job.lang, hash))
    if (!known) return undefined
    this.book.remember(job.path, known.hash, known.key, known.summary)
    this.keys.set(known.key, job.lang)
    return {key: known.key, fragments: this.bodiesLater(known.summary, job, known.key)}
  }

  /** The cache key of a body inlined in its language's email frame. */
  private inlinedKey(lang: string, key: string): string | undefined {
    const frame = this.frames.get(lang)
    return frame === undefined ? undefined : hash(key, 'inlined', frame)
  }

  /** The fragments of one translation, with their key, and whether they were made from it now (`made`: an edit), not found in the cache. */
  async make(job: FragmentJob): Promise<{key: string; fragments: LoadedFragments; made?: true}> {
    const {key, contentHash} = this.keysOf(job)
    this.keys.set(key, job.lang)
    // The same bytes as a source the last build read, wherever it was: its summary is known.
    const cached = this.book.summary(key) ?? (await this.options.cache?.get<Fragments>(key))
    if (cached) {
      if (!job.hidden) this.book.remember(job.path, contentHash, key, cached)
      return {key, fragments: this.bodiesLater(cached, job, key)}
    }
    const {release, ...rest} = await this.makeNew(job, key)
    if (!release) return {key, fragments: rest, made: true}
    const {summary, bodies} = splitBodies(release)
    await this.held.keep(key, bodies)
    const fragments = extended(rest, {release: summary})
    if (!job.hidden) this.book.remember(job.path, contentHash, key, fragments as Fragments)
    return {key, fragments: this.bodiesLater(fragments, job, key), made: true}
  }

  /**
   * The fragments of a translation made again without the links `hidden`,
   * from its source as it was when it was read under `key`: a source changed
   * since is refused (SourceChanged), never published under the old decision.
   */
  async without(job: Omit<FragmentJob, 'bytes'>, key: string, hidden: string[]): Promise<{key: string; fragments: LoadedFragments}> {
    return this.make({...job, bytes: this.sourceAsRead(job, key), hidden})
  }

  /** Makes a translation's fragments and keeps them in the cache: its notes (kept-notes.ts), its bodies, then the rest under `key`, so that a build reads the bodies only when it needs them. */
  private async makeNew(job: FragmentJob, key: string): Promise<Fragments> {
    const fragments = await this.notes.keep(key, await this.workers.make(job))
    this.made++
    const cache = this.options.cache
    // What a thread could not make is tried again next time, perhaps with more memory.
    if (!cache || fragments.messages.some(({ruleId}) => ruleId === tooLargeRule)) return fragments
    const {release, ...rest} = fragments
    if (!release) {
      await cache.set(key, fragments)
      return fragments
    }
    const {summary, bodies} = splitBodies(release)
    const {inlined, ...own} = bodies
    const inlinedKey = this.inlinedKey(job.lang, key)
    if (inlined !== undefined && inlinedKey) await cache.set(inlinedKey, inlined)
    await this.held.store(key, own)
    await cache.set(key, {...rest, release: summary})
    return fragments
  }

  /** The body with its language's email frame inlined: from the cache, or inlined now (in a worker thread when the build has them) and kept. */
  private async inlinedBody(lang: string, key: string, absolute: string): Promise<string> {
    const inlinedKey = this.inlinedKey(lang, key)!
    const kept = await this.options.cache?.get<string>(inlinedKey)
    if (kept !== undefined) return kept
    const inlined = await this.workers.inline(this.options.session.data.emailFrames![lang]!, absolute)
    await this.options.cache?.set(inlinedKey, inlined)
    return inlined
  }

  /**
   * Fragments whose bodies are taken when asked for: from those held, or the
   * cache, or, if their entry has gone, made again from the source as it was
   * read. The source's bytes are not kept meanwhile, nor the bodies once
   * taken: a build holds every release's summary until it ends, and its
   * bodies only while they are published.
   */
  private bodiesLater(fragments: {messages: Fragments['messages']; read: boolean; notes?: number; release?: ReleaseFragments}, job: Omit<FragmentJob, 'bytes'> & {bytes?: Uint8Array}, key: string): LoadedFragments {
    const {release, ...rest} = fragments
    if (!release) return rest
    const {bytes: _, ...source} = job
    // Shared by the calls made while they are being taken, then let go: a later call takes them again from the cache.
    let kept: Promise<Bodies> | undefined
    let withEmail: Promise<Bodies> | undefined
    const own = () => (kept ??= (async () => (await this.held.take(key)) ?? (await this.remade(source, key)))().finally(() => (kept = undefined)))
    const pageOnly = async (): Promise<Bodies> => {
      const page = await this.held.page(key)
      return page === undefined ? own() : {page, textBody: {lines: [], references: []}}
    }
    const email = async (): Promise<Bodies> => {
      const bodies = await own()
      if (bodies.inlined !== undefined || bodies.absolute === undefined || !this.frames.has(source.lang)) return bodies
      return {...bodies, inlined: await this.inlinedBody(source.lang, key, bodies.absolute)}
    }
    return extended(rest, {release: extended(release, {bodies: (need?: {readonly email?: boolean; readonly pageOnly?: boolean}) => (need?.pageOnly ? pageOnly() : need?.email === false ? own() : (withEmail ??= email().finally(() => (withEmail = undefined))))})})
  }

  /** The `count` notes of the translation made under `key`: kept apart, or made again from its source as it was read. */
  notesOf(job: Omit<FragmentJob, 'bytes'>, key: string, count: number): Promise<readonly StoredMessage[]> {
    return this.notes.of(key, count, () => {
      this.made++
      return this.workers.make({...job, bytes: this.sourceAsRead(job, key)})
    })
  }

  /** A translation's bodies made again, its cache entry gone, from its source as it was read. */
  private async remade(source: Omit<FragmentJob, 'bytes'>, key: string): Promise<Bodies> {
    const made = (await this.makeNew({...source, bytes: this.sourceAsRead(source, key)}, key)).release
    if (!made) throw new SourceChanged(source.shownAs)
    return splitBodies(made).bodies
  }

  /** A translation's bytes, read again, when they are still those its fragments were made from under `key`. */
  private sourceAsRead(job: Omit<FragmentJob, 'bytes'>, key: string): Uint8Array {
    const read = releaseBytes(job.path, job.shownAs)
    if ('file' in read || this.keysOf({...job, bytes: read.bytes}).key !== key) throw new SourceChanged(job.shownAs)
    return read.bytes
  }

  /** Renders a translation's files in a worker thread when the build has them, here (with `here`) otherwise. */
  render(job: TranslationJob, here: RenderContext): Promise<RenderedTranslation & WrittenFiles> {
    return this.workers.render(job, here)
  }

  /** The cache entries (summary, bodies, notes, inlined body) of every translation this build took or made, which pruning leaves: a template change needs them all. */
  liveKeys(): Set<string> {
    return new Set([...this.keys].flatMap(([key, lang]) => [key, pageKey(key), bodiesKey(key), notesKey(key), this.inlinedKey(lang, key) ?? key]))
  }

  /** Lets go of the bodies made under `key`, which the build will not publish. */
  async forget(key: string): Promise<void> {
    await this.held.drop(key)
  }

  /** Lets go of the threads and of the bodies held, once every translation is published; again at the end, when it does nothing. */
  async close(): Promise<void> {
    try {
      await this.held.close()
    } finally {
      await this.workers.close()
    }
  }
}

