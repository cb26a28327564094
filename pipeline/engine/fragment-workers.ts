// Where a build's heavy work is done (making a translation's fragments,
// rendering its files, inlining its email's styles): in this thread while
// there is little of it, since threads take a second to start and a rebuild
// often has one release to make; then in a pool of worker threads, one per
// core, each given the session as data. The result is the same bytes either way.
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Piscina} from 'piscina'
import {packageRoot} from '../source/package-root.js'
import {renderTranslation, templateFailure, type RenderContext, type RenderedTranslation, type TemplateFailure, type TranslationJob} from '../publish/render-translation.js'
import {inlineEmailBody} from '../publish/emit-email.js'
import {createFragmentMaker, type FragmentJob, type FragmentMaker, type Fragments} from './fragments.js'
import type {Session, SessionData} from './session.js'

/** Pieces of work done in this thread before the threads are started. */
const madeHereAtMost = 6

export class Workers {
  private pool: Piscina | undefined
  private maker: FragmentMaker | undefined
  /** Pieces of work done in this thread, for want of threads worth starting. */
  private madeHere = 0

  constructor(
    private readonly session: Session,
    /** Threads to start once there is enough work; 0 for none. */
    private readonly threads: number
  ) {}

  /** A translation's fragments, made from its source. */
  async make(job: FragmentJob): Promise<Fragments> {
    const pool = this.start()
    if (pool) return (await pool.run(job)) as Fragments
    const {locales, data} = this.session
    this.maker ??= createFragmentMaker({settings: data.settings, locales, width: data.width, notes: data.notes, ...(data.emailFrames ? {emailFrames: data.emailFrames} : {})})
    return this.maker(job)
  }

  /** A translation's files, rendered here with `here` or in a thread. */
  async render(job: TranslationJob, here: RenderContext): Promise<RenderedTranslation> {
    const pool = this.start()
    if (!pool) return renderTranslation(here, job)
    const rendered = (await pool.run(job, {name: 'render'})) as RenderedTranslation | TemplateFailure
    if ('templateFailure' in rendered) throw Object.assign(new Error(rendered.templateFailure), {name: templateFailure})
    return rendered
  }

  /** An email body with the styles of its language's frame inlined. */
  async inline(frame: string, body: string): Promise<string> {
    const pool = this.start()
    return pool ? ((await pool.run({frame, body}, {name: 'inline'})) as string) : inlineEmailBody(frame, body)
  }

  async close(): Promise<void> {
    await this.pool?.destroy()
  }

  private start(): Piscina | undefined {
    if (this.pool || this.threads === 0) return this.pool
    if (this.madeHere < madeHereAtMost) {
      this.madeHere++
      return undefined
    }
    const script = workerScript()
    if (!script) return undefined
    this.pool = new Piscina({filename: script, minThreads: this.threads, maxThreads: this.threads, workerData: this.session.data satisfies SessionData})
    return this.pool
  }
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
