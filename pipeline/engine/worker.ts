// A worker thread of the build: makes its stages once from the session the
// main thread hands it as data (engine/session.ts), never reading the disk,
// then turns each source it is sent into fragments (fragments.ts), inlines
// the email bodies of cached ones whose frame changed, and renders the
// files of each translation the main thread publishes, writing them where
// the main thread claimed them in the build folder (rendered-files.ts).
import {workerData} from 'node:worker_threads'
import {makeLocales} from '../source/locales.js'
import type {Locale} from '../model/locale.js'
import type {FragmentJob, FragmentMaker} from './fragments.js'
import {SiteMap} from '../publish/pages.js'
import {renderTranslation, templateFailure, type RenderContext, type RenderedTranslation, type TemplateFailure, type TranslationJob} from '../publish/render-translation.js'
import {createTemplates} from '../publish/templates.js'
import {emailContextOf, inlineEmailBody} from '../publish/emit-email.js'
import type {SessionData} from './session.js'
import {writeClaimed, type WrittenFiles} from './rendered-files.js'
import {shapesInlined} from '../publish/inline-shape.js'
import {rememberStyles, styleMemory, type StyleMemory} from '../publish/style-memory.js'
import {contextCounts} from '../publish/context-styles.js'

const session = workerData as SessionData
rememberStyles(session.emailStyles)
const frames = Object.values(session.emailFrames ?? {})
/** The email shapes this thread has said it inlined (or was told of), so that each is said once; and how many bodies juice had inlined when it last said its contexts. */
const shapesSaid = new Set(shapesInlined().map(([shape]) => shape))
let juicedSaid = contextCounts.juiced
let locales: Promise<ReadonlyMap<string, Locale>> | undefined
/** The stages, loaded with the first source: a thread that only renders (after a template change) starts without them. */
let maker: Promise<FragmentMaker> | undefined
let renderContext: RenderContext | undefined

export default async function make(job: FragmentJob) {
  maker ??= (async () => {
    const {settings, width, emailFrames} = session
    const {createFragmentMaker} = await import('./fragments.js')
    return createFragmentMaker({settings, locales: await (locales ??= makeLocales(session.locales, settings.defaultLanguage)), width, ...(emailFrames ? {emailFrames} : {})})
  })()
  return (await maker)(job)
}

/** A release's email body with its frame's styles inlined, when a cached translation's frame has changed. */
export function inline({frame, body}: {frame: string; body: string}): string {
  return inlineEmailBody(frame, body)
}

/** A thread's answer to translations sent together. */
export interface RenderedAll {
  readonly results: ReadonlyArray<{rendered: (RenderedTranslation & WrittenFiles) | TemplateFailure} | {problem: unknown}>
  /** What juice taught the thread that it had not said yet: its frames' contexts, and the email shapes new to it (publish/style-memory.ts). */
  readonly learned?: StyleMemory
}

/**
 * Renders the files of the translations sent together, one after the other
 * (each writes those claimed for it, and holds the rest until sent), each
 * one's result or what it threw; with what juice taught this thread since
 * it last said, for the main thread to keep for the next build.
 */
export async function renderAll(jobs: readonly TranslationJob[]): Promise<RenderedAll> {
  const results: Array<RenderedAll['results'][number]> = []
  for (const job of jobs) results.push(await render(job).then((rendered) => ({rendered}), (problem: unknown) => ({problem})))
  const shapes = shapesInlined().filter(([shape]) => !shapesSaid.has(shape))
  for (const [shape] of shapes) shapesSaid.add(shape)
  const taught = contextCounts.juiced !== juicedSaid
  juicedSaid = contextCounts.juiced
  if (!taught && shapes.length === 0) return {results}
  return {results, learned: {frames: taught ? styleMemory(frames).frames : [], shapes}}
}

/** Renders a translation's files; a template's mistake comes back as data, for the main thread to place. */
async function render(job: TranslationJob): Promise<(RenderedTranslation & WrittenFiles) | TemplateFailure> {
  if (!renderContext) {
    const {settings, look, width, paper} = session
    const templates = createTemplates(session.templates)
    const site = new SiteMap(settings, await (locales ??= makeLocales(session.locales, settings.defaultLanguage)), look)
    renderContext = {site, templates, width, ...(settings.email ? {email: emailContextOf(templates, settings, look)!} : {}), ...(paper ? {paper} : {})}
  }
  try {
    return writeClaimed(await renderTranslation(renderContext, job), job.into)
  } catch (problem) {
    if (problem instanceof Error && problem.name === templateFailure) return {templateFailure: problem.message}
    throw problem
  }
}
