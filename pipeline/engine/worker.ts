// A worker thread of the build: opens the newsroom's settings and languages
// once, then turns each source it is sent into fragments (fragments.ts), and
// renders the files of each translation the main thread publishes.
import {workerData} from 'node:worker_threads'
import {loadLocales, type Locale} from '../source/locales.js'
import {loadSettings, type Settings} from '../source/settings.js'
import {createFragmentMaker, type FragmentJob, type FragmentMaker} from './fragments.js'
import {SiteMap} from '../publish/pages.js'
import {renderTranslation, templateFailure, type RenderContext, type RenderedTranslation, type TemplateFailure, type TranslationJob} from '../publish/render-translation.js'
import {createTemplates} from '../publish/templates.js'
import type {SiteLook} from '../publish/site-images.js'
import {emailContextOf} from '../publish/emit-email.js'

export interface WorkerSetup {
  readonly root: string
  readonly cwd: string
  readonly width: number
  readonly notes: boolean
  readonly emailFrames?: Readonly<Record<string, string>>
  readonly look?: SiteLook
}

const setup = workerData as WorkerSetup
let opened: Promise<{settings: Settings; locales: ReadonlyMap<string, Locale>}> | undefined
let maker: FragmentMaker | undefined
let renderContext: RenderContext | undefined

function open() {
  opened ??= (async () => {
    const {settings} = await loadSettings(setup.root, setup.cwd)
    const loaded = settings && (await loadLocales(setup.root, settings.languages, settings.defaultLanguage, setup.cwd))
    // The main thread opened the same files and stopped on any problem before starting workers.
    if (!settings || !loaded?.locales) throw new Error('The worker could not open the newsroom that the build opened')
    return {settings, locales: loaded.locales}
  })()
  return opened
}

export default async function make(job: FragmentJob) {
  if (!maker) {
    const {settings, locales} = await open()
    maker = createFragmentMaker({settings, locales, width: setup.width, notes: setup.notes, ...(setup.emailFrames ? {emailFrames: setup.emailFrames} : {})})
  }
  return maker(job)
}

/** Renders a translation's files; a template's mistake comes back as data, for the main thread to place. */
export async function render(job: TranslationJob): Promise<RenderedTranslation | TemplateFailure> {
  if (!renderContext) {
    const {settings, locales} = await open()
    const templates = createTemplates(setup.root)
    renderContext = {site: new SiteMap(settings, locales, setup.look), templates, width: setup.width, ...(settings.email ? {email: emailContextOf(templates, settings, setup.look ?? {})!} : {})}
  }
  try {
    return await renderTranslation(renderContext, job)
  } catch (problem) {
    if (problem instanceof Error && problem.name === templateFailure) return {templateFailure: problem.message}
    throw problem
  }
}
