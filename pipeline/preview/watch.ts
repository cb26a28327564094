// Watches what a newsroom's output is made from: its releases, templates,
// locales and settings. Changes that come close together (an editor saving
// a file in several steps, a git checkout) are told as one.
import {join} from 'node:path'
import {watch} from 'chokidar'

/**
 * How long to wait for more changes before telling them, in milliseconds:
 * enough for an editor that saves by writing a new file and renaming it over
 * the old one, whose removal and creation come within a few milliseconds.
 */
const settle = 20

export interface Watching {
  /** Resolves once the watcher has read the folders and will hear every change. */
  readonly ready: Promise<void>
  close(): Promise<void>
}

export function watchNewsroom(root: string, changed: (paths: string[]) => void): Watching {
  const watcher = watch(
    ['releases', 'templates', 'locales', 'newsroom.yaml'].map((name) => join(root, name)),
    // atomic: false: the settling below joins a removal and a re-creation, without chokidar's own 100 ms wait for them.
    // disableGlobbing: a newsroom folder may be named with [ ] or *, which are its name, not a pattern.
    {ignoreInitial: true, atomic: false, disableGlobbing: true, ignored: (path: string) => /(^|[/\\])(\.communique-|\.git[/\\]|node_modules)/.test(path)}
  )
  let pending: string[] = []
  let timer: NodeJS.Timeout | undefined
  const tell = (path: string) => {
    pending.push(path)
    clearTimeout(timer)
    timer = setTimeout(() => {
      const paths = pending
      pending = []
      changed(paths)
    }, settle)
  }
  watcher.on('all', (_event, path) => tell(path))
  // What the watcher cannot follow (a link that loops, a folder it may not read) is a change for the full build to
  // report, placed; unheard, it ended press serve.
  watcher.on('error', (problem) => tell((problem as NodeJS.ErrnoException).path ?? root))
  return {
    ready: new Promise((resolve) => watcher.once('ready', () => resolve())),
    async close() {
      clearTimeout(timer)
      await watcher.close()
    }
  }
}
