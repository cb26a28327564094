// Where a build's heavy work is done (making a translation's fragments,
// rendering its files, inlining its email's styles): in this thread while
// there is little of it, since threads take a second to start and a rebuild
// often has one release to make; then in a pool of worker threads, one per
// core, each given the session as data. The result is the same bytes either way.
import {availableParallelism} from 'node:os'
import {Piscina} from 'piscina'
import {workerScript} from './worker-script.js'
import {smallNewsroom} from './thread-count.js'
import {threadsStarted, threadsStopped} from '../lib/heap.js'
import {renderTranslation, templateFailure, type RenderContext, type RenderedTranslation, type TemplateFailure, type TranslationJob} from '../publish/render-translation.js'
import {inlineEmailBody} from '../publish/emit-email.js'
import {rememberStyles, styleMemory} from '../publish/style-memory.js'
import {attempt} from '../lib/attempt.js'
import type {FragmentJob, FragmentMaker, Fragments} from './fragments.js'
import {error, storedMessages} from '../source/diagnostics.js'
import {decodeSource} from '../source/source.js'
import {writeClaimed, type WrittenFiles} from './rendered-files.js'
import type {Session, SessionData} from './session.js'
import type {RenderedAll} from './worker.js'

/** Pieces of work done in this thread before the threads are started. */
const madeHereAtMost = 6

/**
 * Emails made in this thread before they start the threads (about 0.1 s of
 * work): a new release in many languages stays here, a change every email
 * shows goes to the threads.
 */
const emailsHereAtMost = 24

/**
 * The heap a thread may fill, in MB: 384, or PRESS_THREAD_MEMORY on a machine
 * with less to spare. A release that needs more fails with a placed error
 * instead of taking press down; the largest a release may be (256 KB) needs
 * less than a third of 384.
 */
function threadHeapMb(environment: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(environment.PRESS_THREAD_MEMORY)
  return Number.isInteger(asked) && asked >= 32 && asked <= 16384 ? asked : 384
}

/**
 * The space a thread's newest objects take, in MB: half of what Node gives a
 * thread on a machine of 8 GB or more (Node sizes it by the memory it sees). A
 * thread parsing or rendering keeps little beyond the release at hand, and
 * the default let each thread's heap reach about 90 MB for about 30 MB held.
 * At 1,000 releases a cold build's peak went from 378 to 405 MB down to 347
 * to 369 MB (at 4,000, from 508 to 529 down to 491), for 3 to 5 % more CPU
 * time in the threads' collector (their pauses, from --trace-gc); a quarter
 * of the default cost a tenth more.
 */
const youngGenerationMb = 24

/** Sources this large (bytes) are made in a thread even when there are few. */
const largeSource = 64 * 1024

/**
 * Translations rendered by a thread in one message: waking a thread costs
 * more than rendering a page (a rebuild after a template change sends
 * thousands), so the jobs made at once travel together.
 */
const renderedTogether = 8

/**
 * The newsroom's translations from which a build that parses little (a page
 * template or a UI string changed) starts threads to render them: rendering
 * from kept fragments is light beside parsing, and the threads' own heaps,
 * compiled code and messages cost more CPU than they save until there are
 * many. Measured on 2 cores after a template change: 3,000 translations
 * rendered in the main thread took 2.5 s against 2.8 s with threads (and
 * 90 MB less), 12,000 took 8.0 s against 7.0 s. More cores gain sooner, so
 * the count does not grow with them. Emails are another matter: about 3 ms
 * of work each (and 1 for the text they carry) to a page's 1.4, so they
 * start the threads as making does (a change to a string every English
 * email and page shows, at 1,000 releases: 9.8 s in the main thread, 7.3 s
 * with threads).
 */
const renderedHereBelow = 5_000


/**
 * The threads of a build of `translations`: one per core unless told how
 * many, none in a small newsroom. Rendering starts them when told their
 * number, in a preview (whose server answers from the main thread), in a
 * large newsroom and to make emails; otherwise only making fragments does.
 */
export function buildWorkers(session: Session, options: {readonly translations: number; readonly workers?: number; readonly noThreads?: boolean; readonly preview?: boolean}): Workers {
  const threads = options.workers ?? (options.translations < smallNewsroom ? 0 : availableParallelism())
  const renderInThreads = options.workers !== undefined || options.preview === true || options.translations >= renderedHereBelow
  return new Workers(session, threads, {guardLarge: options.noThreads !== true, renderInThreads})
}

type Rendered = (RenderedTranslation & WrittenFiles) | TemplateFailure

/** A render job waiting to go to a thread, with how to settle it. */
interface Waiting {
  readonly job: TranslationJob
  readonly done: (rendered: Rendered) => void
  readonly failed: (problem: unknown) => void
}

/** The rule of the error a translation too large to make gets. */
export const tooLargeRule = 'release-too-large'

export class Workers {
  private pool: Piscina | undefined
  /** The stages, loaded when a source is first made here: a rebuild after a template change parses nothing. */
  private maker: Promise<FragmentMaker> | undefined
  /** Pieces of work done in this thread, for want of threads worth starting. */
  private madeHere = 0
  /** Render jobs waiting to go to a thread together. */
  private waiting: Waiting[] = []
  /** Emails rendered in this thread, for want of threads worth starting. */
  private emailsHere = 0

  private readonly guardLarge: boolean
  private readonly renderInThreads: boolean

  constructor(
    private readonly session: Session,
    /** Threads to start once there is enough work; 0 for none. */
    private readonly threads: number,
    options: {
      /** Whether a large source starts a thread of its own when `threads` is 0: false only when told to use none (press build --threads 0). */
      readonly guardLarge?: boolean
      /** Whether rendering starts the threads, as making fragments does; otherwise files are rendered in threads only once making has started them. */
      readonly renderInThreads?: boolean
    } = {}
  ) {
    this.guardLarge = options.guardLarge ?? true
    this.renderInThreads = options.renderInThreads ?? true
  }

  /** A translation's fragments, made from its source. */
  async make(job: FragmentJob): Promise<Fragments> {
    // A large source goes to a thread even alone: there, running out of memory is an error, not a crash.
    const pool = this.start(job.bytes.byteLength > largeSource)
    if (pool) {
      try {
        return (await pool.run(job)) as Fragments
      } catch (problem) {
        if ((problem as {code?: string}).code === 'ERR_WORKER_OUT_OF_MEMORY') return tooLarge(job)
        throw problem
      }
    }
    const {locales, data} = this.session
    this.maker ??= import('./fragments.js').then(({createFragmentMaker}) => createFragmentMaker({settings: data.settings, locales, width: data.width, ...(data.emailFrames ? {emailFrames: data.emailFrames} : {})}))
    return (await this.maker)(job)
  }

  /** A translation's files, rendered here with `here` or in a thread. */
  async render(job: TranslationJob, here: RenderContext): Promise<RenderedTranslation & WrittenFiles> {
    // An email is heavy to make (its MIME parts encoded, its size checked): many start the threads, as making does.
    const pool = this.renderInThreads ? this.start() : (this.pool ?? (job.only.email && this.threads > 0 && ++this.emailsHere > emailsHereAtMost ? this.startPool() : undefined))
    if (!pool) return writeClaimed(await renderTranslation(here, job), job.into)
    const rendered = await new Promise<Rendered>((done, failed) => {
      // A large translation goes alone: a thread holds what it renders (the files it did not write) until the message's last is done.
      if (bodySize(job) > largeSource) {
        this.sendNow(pool, [{job, done, failed}])
        return
      }
      this.waiting.push({job, done, failed})
      if (this.waiting.length >= renderedTogether) this.sendNow(pool, this.waiting.splice(0))
      else if (this.waiting.length === 1) setImmediate(() => this.sendSpread(pool))
    })
    if ('templateFailure' in rendered) throw Object.assign(new Error(rendered.templateFailure), {name: templateFailure})
    return rendered
  }

  /** Sends the few render jobs waiting, shared among the threads: a rebuild of a few releases keeps both cores. */
  private sendSpread(pool: Piscina): void {
    const jobs = this.waiting.splice(0)
    const each = Math.ceil(jobs.length / Math.max(1, this.threads))
    for (let from = 0; from < jobs.length; from += each) this.sendNow(pool, jobs.slice(from, from + each))
  }

  /** Sends render jobs to a thread, as one message. */
  private sendNow(pool: Piscina, jobs: readonly Waiting[]): void {
    pool.run(
      jobs.map(({job}) => job),
      {name: 'renderAll'}
    ).then(
      ({results, learned}: RenderedAll) => {
        jobs.forEach(({done, failed}, index) => {
          const result = results[index]
          if (result === undefined) failed(new Error('A worker thread answered for fewer translations than it was sent'))
          else if ('problem' in result) failed(result.problem)
          else done(result.rendered)
        })
        // What the thread was taught only spares later builds juice: never a reason to fail this one.
        if (learned) attempt(() => rememberStyles(learned))
      },
      (problem: unknown) => {
        for (const {failed} of jobs) failed(problem)
      }
    )
  }

  /** An email body with the styles of its language's frame inlined. */
  async inline(frame: string, body: string): Promise<string> {
    const pool = this.start()
    return pool ? ((await pool.run({frame, body}, {name: 'inline'})) as string) : inlineEmailBody(frame, body)
  }

  /** Stops the threads: what is asked after is made by threads started again. */
  async close(): Promise<void> {
    const pool = this.pool
    this.pool = undefined
    if (!pool) return
    try {
      await pool.destroy()
    } finally {
      threadsStopped()
    }
  }

  private start(large = false): Piscina | undefined {
    if (this.pool) return this.pool
    if (this.threads === 0 && !(large && this.guardLarge)) return undefined
    if (!large && this.madeHere < madeHereAtMost) {
      this.madeHere++
      return undefined
    }
    return this.startPool()
  }

  /** Starts the threads, as many as asked for (one when none are: a large source guarded). */
  private startPool(): Piscina | undefined {
    const script = workerScript('worker.js')
    if (!script) return undefined
    const threads = Math.max(1, this.threads)
    // The threads start from what juice has taught this one, and say what it teaches them (publish/style-memory.ts).
    const {data} = this.session
    const workerData: SessionData = data.emailFrames ? {...data, emailStyles: styleMemory(Object.values(data.emailFrames))} : data
    this.pool = new Piscina({filename: script, minThreads: threads, maxThreads: threads, resourceLimits: {maxOldGenerationSizeMb: threadHeapMb(), maxYoungGenerationSizeMb: youngGenerationMb}, workerData})
    threadsStarted()
    return this.pool
  }
}

/** The characters of a render job's bodies, which a thread holds while it renders. */
function bodySize({release}: TranslationJob): number {
  return release.page.length + (release.absolute?.length ?? 0) + (release.inlined?.length ?? 0) + release.textBody.lines.reduce((sum, line) => sum + line.length, 0)
}

/** The fragments of a translation its thread ran out of memory making: an error at its first line, and nothing to publish. */
function tooLarge(job: FragmentJob): Fragments {
  const file = decodeSource(new Uint8Array(), job.path, job.shownAs)
  const size = `${(job.bytes.byteLength / 1024).toFixed(0)} KB`
  error(file, `This translation (${size}) needs more memory than press gives one release (${threadHeapMb()} MB) and was not made: split it into shorter releases, or shorten its longest tables and lists`, {line: 1, column: 1}, tooLargeRule)
  return {messages: storedMessages(file), read: true}
}
