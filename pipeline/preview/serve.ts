// `press serve`: a live preview of every output in every language, drafts
// and embargoed releases included and marked, built into the preview folder
// (never output/). It watches the newsroom, rebuilds through the build cache
// on every change, and tells open tabs to reload.
import {spawn} from 'node:child_process'
import {relative, resolve, sep} from 'node:path'
import type {VFile} from 'vfile'
import {QuickPreview} from './quick-preview.js'
import {previewPages} from './dashboard.js'
import {previewBuild, previewFolder, previewFolderIsOwn, Rebuilds, type PreviewState} from './preview-build.js'
import {startPreviewServer, type PreviewServer} from './preview-server.js'
import {watchNewsroom} from './watch.js'

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

/** How long the full build waits after a release is published again, in milliseconds. */
const fullBuildAfter = 40

/** Serves until stopped; the server and the watcher are closed, and the build under way finished, before it resolves. */
export async function serve(options: ServeOptions): Promise<void> {
  const {root, cwd, log} = options
  let server: PreviewServer | undefined
  // The quick path's session: opened and warmed once the first preview is built, opened again after a change to anything but releases.
  let quick: Promise<QuickPreview | undefined> | undefined
  let warm = false
  let warming = Promise.resolve()
  // Release edits are published at once by the quick path, then the full build follows; any other change waits for the full build.
  let republishing = Promise.resolve()
  const openQuick = () => {
    warm = false
    const opening = QuickPreview.open(root, cwd).catch(() => undefined)
    quick = opening
    // Warmed after the edit under way, if any: an edit waits for the session, never for its warming. A release that cannot be made is found by the builds.
    warming = Promise.all([opening, republishing.catch(() => undefined)]).then(async ([session]) => {
      await session?.warm().catch(() => undefined)
      if (quick === opening) warm = session !== undefined
    })
    return opening
  }
  const rebuilds = new Rebuilds(
    (distrust) => previewBuild(root, cwd, distrust),
    (state) => {
      server?.announce(state)
      told(state, log)
      if (state.number === 1 && !state.building && !quick) void openQuick()
    }
  )
  const pages = previewPages()
  server = await startPreviewServer({folder: previewFolder(root), port: options.port, pages, state: () => rebuilds.state, quick: () => warm})
  log(`Previewing the newsroom at ${server.url}\nDrafts and embargoed releases are in it, marked; nothing is written to output/. Press Ctrl-C to stop.\n`)
  rebuilds.request()
  // The full build after a release published again, asked for once the tabs reloading have been answered (one at a time).
  let following: NodeJS.Timeout | undefined
  const buildFully = () => {
    clearTimeout(following)
    following = undefined
    rebuilds.request()
  }
  const watching = watchNewsroom(root, (paths) => {
    const ids = releasesOf(root, paths)
    if (!ids || !rebuilds.state.report || !previewFolderIsOwn(root)) {
      const stale = quick
      quick = undefined
      warm = false
      void stale?.then((session) => session?.close())
      buildFully()
      return
    }
    rebuilds.expect()
    republishing = republishing.then(async () => {
      const started = performance.now()
      const session = await (quick ?? openQuick())
      if (session) {
        const took = () => Math.round(performance.now() - started)
        const early = {paths: new Set(paths.map((path) => resolve(path))), told: (files: readonly VFile[]) => rebuilds.republished(files, ids, took())}
        const result = await session.republish(ids, previewFolder(root), early).catch(() => undefined)
        // The folders written here are made again by the full build that follows, not taken as they are.
        if (result) rebuilds.republished(result.files, ids, took(), result.folders)
      }
      // Every open tab asks for the page just published at once: it is answered before the full build's first steps take the thread.
      following ??= setTimeout(buildFully, fullBuildAfter)
    })
  })
  if (options.open) openInBrowser(server.url, log)
  await options.stopped
  await watching.close()
  await server.close()
  await republishing
  // A full build asked for still runs: the folders the quick path wrote are made again as the builds make them.
  if (following) buildFully()
  await warming
  await (await quick)?.close()
  await rebuilds.idle()
  log('Stopped.\n')
}

/** The ids of the releases `paths` are in, or undefined when any path is not a release file. */
function releasesOf(root: string, paths: readonly string[]): string[] | undefined {
  const ids = new Set<string>()
  for (const path of paths) {
    const [folder, id, file, ...rest] = relative(root, path).split(sep)
    if (folder !== 'releases' || !id || !file?.endsWith('.md') || rest.length > 0) return undefined
    ids.add(id)
  }
  return [...ids]
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
