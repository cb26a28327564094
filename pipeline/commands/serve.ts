// `press serve`: a live preview of every output in every language, drafts
// and embargoed releases included and marked, built into the preview folder
// (never output/). It watches the newsroom, rebuilds through the build cache
// on every change, and tells open tabs to reload.
import {spawn} from 'node:child_process'
import {previewPages} from '../preview/dashboard.js'
import {previewBuild, previewFolder, Rebuilds, type PreviewState} from '../preview/preview-build.js'
import {startPreviewServer, type PreviewServer} from '../preview/preview-server.js'
import {watchNewsroom} from '../preview/watch.js'

export interface ServeOptions {
  readonly root: string
  readonly cwd: string
  readonly port: number
  /** Open the dashboard in the system's browser. */
  readonly open?: boolean
  readonly log: (text: string) => void
  /** Resolves when the user asks press serve to stop. */
  readonly stopped: Promise<void>
}

/** Serves until stopped; the server and the watcher are closed, and the build under way finished, before it resolves. */
export async function serve(options: ServeOptions): Promise<void> {
  const {root, cwd, log} = options
  let server: PreviewServer | undefined
  const rebuilds = new Rebuilds(
    () => previewBuild(root, cwd),
    (state) => {
      server?.announce(state)
      told(state, log)
    }
  )
  const pages = previewPages()
  server = await startPreviewServer({folder: previewFolder(root), port: options.port, pages, state: () => rebuilds.state})
  log(`Previewing the newsroom at ${server.url}\nDrafts and embargoed releases are in it, marked; nothing is written to output/. Press Ctrl-C to stop.\n`)
  rebuilds.request()
  const watching = watchNewsroom(root, () => rebuilds.request())
  if (options.open) openInBrowser(server.url, log)
  await options.stopped
  await watching.close()
  await server.close()
  await rebuilds.idle()
  log('Stopped.\n')
}

function told(state: PreviewState, log: (text: string) => void) {
  const {report} = state
  if (state.building || !report) return
  if (report.ok) {
    log(`Built the preview in ${report.took} ms.\n`)
    return
  }
  const errors = report.files.reduce((sum, file) => sum + file.messages.filter((message) => message.fatal === true).length, 0)
  log(`The preview has ${errors} error${errors === 1 ? '' : 's'}: they are shown in the browser and by press check.\n`)
}

function openInBrowser(url: string, log: (text: string) => void) {
  const [command, ...args] = process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '', url] : ['xdg-open', url]
  const child = spawn(command!, args, {detached: true, stdio: 'ignore'})
  child.on('error', () => log(`Could not open a browser: open ${url} yourself.\n`))
  child.unref()
}
