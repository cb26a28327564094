// Where the build gets each translation's fragments: from the cache when an
// entry for exactly these inputs exists, otherwise made by a pool of worker
// threads (one per core, each given the session as data) or, for a small
// newsroom, in this thread; their bodies are held until the build publishes
// them (held-bodies.ts). The result is the same bytes whichever way it came.
import {existsSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Piscina} from 'piscina'
import {packageRoot} from '../source/package-root.js'
import {renderTranslation, templateFailure, type RenderContext, type RenderedTranslation, type TemplateFailure, type TranslationJob} from '../publish/render-translation.js'
import {hash, type FragmentCache} from './cache.js'
import {createFragmentMaker, type Bodies, type FragmentJob, type FragmentMaker, type Fragments, type ReleaseFragments} from './fragments.js'
import {codeVersion} from './code-version.js'
import type {Session, SessionData} from './session.js'
import {HeldBodies} from './held-bodies.js'
import {releaseBytes} from '../source/source.js'
import {inlineEmailBody} from '../publish/emit-email.js'

/** A translation's source changed while the build ran, so what was decided from it no longer holds. */
export class SourceChanged extends Error {
  override name = 'SourceChanged'
  constructor(readonly shownAs: string) {
    super('This file changed while press was reading the newsroom, so what was decided from it no longer holds: run the command again')
  }
}

/** Below this many translations, starting threads costs more than it saves. */
const smallNewsroom = 64

/**
 * A translation's fragments as the build holds them: its bodies are read
 * from the cache only when a file must be made again, which a rebuild
 * seldom needs; they are nine tenths of an entry.
 */
export interface LoadedFragments {
  readonly messages: Fragments['messages']
  readonly read: boolean
  readonly release?: ReleaseFragments & {readonly bodies: () => Promise<Bodies>}
}

export interface FragmentSourceOptions {
  /** The build's session, which the threads receive as data. */
  readonly session: Session
  readonly cache?: FragmentCache
  /** Worker threads: 0 makes everything in this thread; default one per core for a newsroom that is not small. */
  readonly workers?: number
  /** How many translations the build will ask for, to choose between threads and none. */
  readonly translations: number
}

export class FragmentSource {
  private maker: FragmentMaker | undefined
  private pool: Piscina | undefined
  private readonly base: string
  /** Per language, everything site-wide its fragments depend on: the base and its resources; hashed once. */
  private readonly languageText = new Map<string, string>()
  /** Per language, a hash of its email frame, which only the email body's inlined styles depend on. */
  private readonly frames = new Map<string, string>()
  /** Translations made from their source by this build, not taken from the cache. */
  made = 0
  /** Bodies made and not yet published. */
  private readonly held: HeldBodies

  private constructor(
    private readonly options: FragmentSourceOptions,
    /** Threads to start at the first source the cache does not hold. */
    private readonly threads: number,
    code: string
  ) {
    this.held = new HeldBodies(options.cache, bodiesKey)
    const {settings, width, notes, emailFrames} = options.session.data
    this.base = hash(code, settings.siteUrl, settings.languages.join(','), settings.email ? 'email' : 'no email', String(width), notes ? 'notes' : 'no notes')
    for (const [lang, locale] of options.session.locales) {
      this.languageText.set(lang, hash(this.base, lang, locale.fragmentFingerprint))
      const frame = emailFrames?.[lang]
      if (frame !== undefined) this.frames.set(lang, hash(frame))
    }
  }

  static async open(options: FragmentSourceOptions): Promise<FragmentSource> {
    const threads = options.workers ?? (options.translations < smallNewsroom ? 0 : availableParallelism())
    return new FragmentSource(options, threads, await codeVersion())
  }

  /**
   * The key of a translation's fragments, a hash of everything they depend
   * on, which the email frame is not: a change to the house email inlines
   * the bodies again (their own cache entries), never parses a release.
   */
  keysOf(job: FragmentJob): {key: string} {
    return {key: hash(this.languageText.get(job.lang)!, hash(job.bytes, job.id, (job.hidden ?? []).join(',')))}
  }

  /** The cache key of a body inlined in its language's email frame. */
  private inlinedKey(lang: string, key: string): string | undefined {
    const frame = this.frames.get(lang)
    return frame === undefined ? undefined : hash(key, 'inlined', frame)
  }

  /** The fragments of one translation, with their key. */
  async make(job: FragmentJob): Promise<{key: string; fragments: LoadedFragments}> {
    const {key} = this.keysOf(job)
    const cached = await this.options.cache?.get<Fragments>(key)
    if (cached) return {key, fragments: this.bodiesLater(cached, job, key)}
    const {release, ...rest} = await this.makeNew(job, key)
    if (!release) return {key, fragments: rest}
    const {summary, bodies} = split(release)
    await this.held.keep(key, bodies)
    return {key, fragments: this.bodiesLater({...rest, release: summary}, job, key)}
  }

  /**
   * The fragments of a translation made again without the links `hidden`,
   * from its source as it was when it was read under `key`: a source changed
   * since is refused (SourceChanged), never published under the old decision.
   */
  async without(job: Omit<FragmentJob, 'bytes'>, key: string, hidden: string[]): Promise<{key: string; fragments: LoadedFragments}> {
    return this.make({...job, bytes: this.sourceAsRead(job, key), hidden})
  }

  /**
   * Makes a translation's fragments and keeps them in the cache as two
   * entries: its bodies, then the rest under `key`, so that a build reads
   * the bodies only when it needs them.
   */
  private async makeNew(job: FragmentJob, key: string): Promise<Fragments> {
    const pool = this.startPool()
    const fragments = pool ? ((await pool.run(job)) as Fragments) : this.inline(job)
    this.made++
    const cache = this.options.cache
    if (!cache) return fragments
    const {release, ...rest} = fragments
    if (!release) {
      await cache.set(key, fragments)
      return fragments
    }
    const {summary, bodies} = split(release)
    const {inlined, ...own} = bodies
    const inlinedKey = this.inlinedKey(job.lang, key)
    if (inlined !== undefined && inlinedKey) await cache.set(inlinedKey, inlined)
    await cache.set(bodiesKey(key), own)
    await cache.set(key, {...rest, release: summary})
    return fragments
  }

  /** The body with its language's email frame inlined: from the cache, or inlined now (in a worker thread when the build has them) and kept. */
  private async inlinedBody(lang: string, key: string, absolute: string): Promise<string> {
    const inlinedKey = this.inlinedKey(lang, key)!
    const kept = await this.options.cache?.get<string>(inlinedKey)
    if (kept !== undefined) return kept
    const frame = this.options.session.data.emailFrames![lang]!
    const pool = this.startPool()
    const inlined = pool ? ((await pool.run({frame, body: absolute}, {name: 'inline'})) as string) : inlineEmailBody(frame, absolute)
    await this.options.cache?.set(inlinedKey, inlined)
    return inlined
  }

  /**
   * Fragments whose bodies are taken when asked for: from those held, or the
   * cache, or, if their entry has gone, made again from the source as it was
   * read. The source's bytes are not kept meanwhile.
   */
  private bodiesLater(fragments: {messages: Fragments['messages']; read: boolean; release?: ReleaseFragments}, job: FragmentJob, key: string): LoadedFragments {
    const {release, ...rest} = fragments
    if (!release) return rest
    const {bytes: _, ...source} = job
    let bodies: Promise<Bodies> | undefined
    const read = async (): Promise<Bodies> => {
      const kept = (await this.held.take(key)) ?? (await this.remade(source, key))
      if (kept.inlined !== undefined || kept.absolute === undefined || !this.frames.has(source.lang)) return kept
      return {...kept, inlined: await this.inlinedBody(source.lang, key, kept.absolute)}
    }
    return {...rest, release: {...release, bodies: () => (bodies ??= read())}}
  }

  /** A translation's bodies made again, its cache entry gone, from its source as it was read. */
  private async remade(source: Omit<FragmentJob, 'bytes'>, key: string): Promise<Bodies> {
    const made = (await this.makeNew({...source, bytes: this.sourceAsRead(source, key)}, key)).release
    if (!made) throw new SourceChanged(source.shownAs)
    return split(made).bodies
  }

  /** A translation's bytes, read again, when they are still those its fragments were made from under `key`. */
  private sourceAsRead(job: Omit<FragmentJob, 'bytes'>, key: string): Uint8Array {
    const read = releaseBytes(job.path, job.shownAs)
    if ('file' in read || this.keysOf({...job, bytes: read.bytes}).key !== key) throw new SourceChanged(job.shownAs)
    return read.bytes
  }

  /** Renders a translation's files in a worker thread when the build has them, here (with `here`) otherwise. */
  async render(job: TranslationJob, here: RenderContext): Promise<RenderedTranslation> {
    const pool = this.startPool()
    if (!pool) return renderTranslation(here, job)
    const rendered = (await pool.run(job, {name: 'render'})) as RenderedTranslation | TemplateFailure
    if ('templateFailure' in rendered) throw Object.assign(new Error(rendered.templateFailure), {name: templateFailure})
    return rendered
  }

  private startPool(): Piscina | undefined {
    if (this.pool || this.threads === 0) return this.pool
    const script = workerScript()
    if (!script) return undefined
    this.pool = new Piscina({filename: script, minThreads: this.threads, maxThreads: this.threads, workerData: this.options.session.data satisfies SessionData})
    return this.pool
  }

  private inline(job: FragmentJob): Fragments {
    const {locales, data} = this.options.session
    this.maker ??= createFragmentMaker({settings: data.settings, locales, width: data.width, notes: data.notes, ...(data.emailFrames ? {emailFrames: data.emailFrames} : {})})
    return this.maker(job)
  }

  /** Lets go of the bodies made under `key`, which the build will not publish. */
  async forget(key: string): Promise<void> {
    await this.held.drop(key)
  }

  async close(): Promise<void> {
    try {
      await this.held.close()
    } finally {
      await this.pool?.destroy()
    }
  }
}

/** A translation's fragments as what lists and links need, and its bodies. */
function split(release: NonNullable<Fragments['release']>): {summary: ReleaseFragments; bodies: Bodies} {
  const {page, absolute, inlined, textBody, ...summary} = release
  return {summary, bodies: {page, textBody, ...(absolute === undefined ? {} : {absolute}), ...(inlined === undefined ? {} : {inlined})}}
}


function bodiesKey(key: string): string {
  return hash(key, 'bodies')
}

/**
 * The compiled worker. Running from the TypeScript sources (as the tests do),
 * threads run the compiled copy in dist/, which the tests' setup builds.
 */
function workerScript(): string | undefined {
  const beside = fileURLToPath(new URL('./worker.js', import.meta.url))
  const compiled = join(packageRoot, 'dist', 'pipeline', 'engine', 'worker.js')
  return [beside, compiled].find((path) => existsSync(path))
}
