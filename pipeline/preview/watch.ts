// Watches what a newsroom's output is made from: its releases, templates,
// locales and settings. Changes that come close together (an editor saving
// a file in several steps, a git checkout) are told as one.
import {join} from 'node:path'
import {watch} from 'chokidar'

/** How long to wait for more changes before telling them, in milliseconds. */
const settle = 30

export interface Watching {
  /** Resolves once the watcher has read the folders and will hear every change. */
  readonly ready: Promise<void>
  close(): Promise<void>
}

export function watchNewsroom(root: string, changed: (paths: string[]) => void): Watching {
  const watcher = watch(
    ['releases', 'templates', 'locales', 'newsroom.yaml'].map((name) => join(root, name)),
    {ignoreInitial: true, ignored: (path) => /(^|[/\\])(\.communique-|\.git[/\\]|node_modules)/.test(path)}
  )
  let pending: string[] = []
  let timer: NodeJS.Timeout | undefined
  watcher.on('all', (_event, path) => {
    pending.push(path)
    clearTimeout(timer)
    timer = setTimeout(() => {
      const paths = pending
      pending = []
      changed(paths)
    }, settle)
  })
  return {
    ready: new Promise((resolve) => watcher.once('ready', () => resolve())),
    async close() {
      clearTimeout(timer)
      await watcher.close()
    }
  }
}
