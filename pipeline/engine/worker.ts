// A worker thread of the build: opens the newsroom's settings and languages
// once, then turns each source it is sent into fragments (fragments.ts); it
// also inlines and composes the emails the main thread renders.
import {workerData} from 'node:worker_threads'
import {loadLocales} from '../source/locales.js'
import {loadSettings} from '../source/settings.js'
import {createFragmentMaker, type FragmentJob, type FragmentMaker} from './fragments.js'

export interface WorkerSetup {
  readonly root: string
  readonly cwd: string
  readonly width: number
  readonly notes: boolean
  readonly emailFrames?: Readonly<Record<string, string>>
}

const setup = workerData as WorkerSetup
let maker: FragmentMaker | undefined

async function open(): Promise<FragmentMaker> {
  const {settings} = await loadSettings(setup.root, setup.cwd)
  const loaded = settings && (await loadLocales(setup.root, settings.languages, settings.defaultLanguage, setup.cwd))
  // The main thread opened the same files and stopped on any problem before starting workers.
  if (!settings || !loaded?.locales) throw new Error('The worker could not open the newsroom that the build opened')
  return createFragmentMaker({settings, locales: loaded.locales, width: setup.width, notes: setup.notes, ...(setup.emailFrames ? {emailFrames: setup.emailFrames} : {})})
}

/** Inlines and composes a release's email rendered by the main thread. */
export {finishEmail} from '../publish/emit-email.js'

export default async function make(job: FragmentJob) {
  maker ??= await open()
  return maker(job)
}
