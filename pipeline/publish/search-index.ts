// Pagefind, the search indexer: its program (installed by its npm package,
// never downloaded) found as the package finds it, checked to answer, and run
// as a service for as long as builds need it, each index's pages added in
// order (indexed-page.ts says what of a page is indexed). Every call to the
// service is bounded in time: the service never answers a request its
// program died on.
import {spawn} from 'node:child_process'
import {accessSync, constants} from 'node:fs'
import {createRequire} from 'node:module'
import {notIndexed} from './indexed-page.js'

/** Pagefind's files the search page does not use: its own ready-made interfaces and its playground. */
const unused = /^(pagefind-(ui|modular-ui|component-ui|highlight)\.|playground\/)/

/** The program Pagefind's package runs, found as it finds it: an environment variable naming it, else the package for this system. */
function enginePath(): {path?: string; name: string} {
  for (const variable of ['PAGEFIND_EXTENDED_BINARY_PATH', 'PAGEFIND_BINARY_PATH']) if (process.env[variable]) return {path: process.env[variable], name: variable}
  const platform = process.platform === 'win32' ? 'windows' : process.platform
  const name = `@pagefind/${platform}-${process.arch}/bin/pagefind_extended${platform === 'windows' ? '.exe' : ''}`
  try {
    return {path: createRequire(import.meta.url).resolve(name), name}
  } catch {
    return {name}
  }
}

/** Why Pagefind cannot run here (its program for this system is not installed), or undefined when it can: a look, without running it. */
export function searchEngineProblem(): string | undefined {
  const {path, name} = enginePath()
  try {
    accessSync(path ?? name, constants.X_OK)
    return undefined
  } catch {
    return `Pagefind's program ${name} is not installed or cannot be run`
  }
}

/** Runs Pagefind's program once, asking its version: a program that does not answer so would never answer the service either. Throws when it does not answer within seconds. */
export async function engineVersion(): Promise<string> {
  const {path, name} = enginePath()
  const stdout = await new Promise<string>((resolve) => {
    let output = ''
    // In a process group of its own, so that a program that hangs is stopped with whatever it started.
    const child = spawn(path ?? name, ['--version'], {stdio: ['ignore', 'pipe', 'ignore'], detached: true})
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // Gone already.
      }
      resolve('')
    }, 20_000)
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(0, 200)))
    child.on('error', () => resolve(''))
    // On its exit, not on its streams' end: a child it left could hold them open.
    child.on('exit', () => {
      clearTimeout(timer)
      setTimeout(() => resolve(output), 50)
    })
  })
  if (!/^pagefind \d/i.test(stdout)) throw new Error(`Pagefind's program ${name} does not run on this machine`)
  return stdout.trim()
}

/** `work`, or a failure once Pagefind has not answered for `seconds`: its service never answers a request its program died on. */
async function answered<T>(work: Promise<T>, seconds = 120): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const silence = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Pagefind did not answer in ${seconds} s`)), seconds * 1000)))
  try {
    return await Promise.race([work, silence])
  } finally {
    clearTimeout(timer)
  }
}

/** Builds running on the Pagefind service: the last to finish stops it, so that none stops it under another. */
let users = 0
/** Pagefind's module, once loaded: its service starts with the first index and stops when no build uses it. */
let service: typeof import('pagefind') | undefined

async function letGo(): Promise<void> {
  if (--users === 0 && service) await service.close().catch(() => {})
}

/** Keeps Pagefind's service running until the returned function is called (once): a build making its indexes one after another starts it once. */
export function holdSearchService(): () => Promise<void> {
  users++
  let held = true
  return async () => {
    if (!held) return
    held = false
    await letGo()
  }
}

/** An index being made in Pagefind's service: pages added in the order that makes it (addInOrder), then its files. */
export interface IndexInProgress {
  add(url: string, content: string): Promise<void>
  /** Pagefind's files of the index, each named by the page's own language; without its ready-made interfaces. */
  files(): Promise<Array<[string, Uint8Array]>>
  /** Lets the index go (and the service, when no build uses it): once, whatever happened. */
  drop(): Promise<void>
}

/** An index opened before a build knows it needs one: taken by its first, or let go. */
export interface IndexAhead {
  /** The index, to the first who asks; undefined after. */
  take(): Promise<IndexInProgress> | undefined
  /** Lets it go when nobody took it. */
  drop(): Promise<void>
}

/**
 * Opens an index while the build reads its releases, so that Pagefind's
 * service is up when the first index starts: started as the build publishes,
 * each step of starting it waited for a turn of a busy event loop (half a
 * second at 1,000 releases, on a rebuild's path to its end).
 */
export function openIndexAhead(): IndexAhead {
  let ready: Promise<IndexInProgress> | undefined = openIndex()
  ready.catch(() => {})
  return {
    take() {
      const index = ready
      ready = undefined
      return index
    },
    async drop() {
      const index = ready
      ready = undefined
      await (await index?.catch(() => undefined))?.drop()
    }
  }
}

/** Starts an index; the service starts with the first. */
export async function openIndex(): Promise<IndexInProgress> {
  const pagefind = (service ??= await import('pagefind'))
  users++
  let open = true
  const drop = async (index?: {deleteIndex: () => Promise<unknown>}) => {
    if (!open) return
    open = false
    if (index) await answered(index.deleteIndex(), 10).catch(() => {})
    await letGo()
  }
  const {index, errors} = await answered(pagefind.createIndex({writePlayground: false, excludeSelectors: notIndexed.map((name) => `.${name}`)}), 20).catch(async (problem: unknown) => {
    await drop()
    throw problem
  })
  if (!index) {
    await drop()
    throw new Error(`Pagefind did not start: ${errors.join('; ') || 'no reason given'}`)
  }
  return {
    async add(url, content) {
      const added = await answered(index.addHTMLFile({url, content}), 30)
      if (added.errors.length > 0) throw new Error(`Pagefind could not index ${url}: ${added.errors.join('; ')}`)
    },
    async files() {
      const {files, errors: problems} = await answered(index.getFiles())
      if (problems.length > 0) throw new Error(`Pagefind could not write its index: ${problems.join('; ')}`)
      return files.filter((file) => !unused.test(file.path)).map((file) => [file.path, file.content] as [string, Uint8Array])
    },
    drop: () => drop(index)
  }
}

/** Pagefind's files for `pages` (each its address, and how to read the HTML to index), added in their order. */
export async function indexPages(pages: ReadonlyArray<{url: string; read: () => Promise<string>}>): Promise<Array<[string, Uint8Array]>> {
  const index = await openIndex()
  try {
    await addInOrder(index, pages)
    return await index.files()
  } finally {
    await index.drop()
  }
}

/**
 * Pages sent to Pagefind's service before the first of them is answered: it
 * takes its requests one after another, in the order they were sent, so a
 * few sent ahead keep it busy while this thread is busy with the rest of the
 * build, rather than each waiting for this thread's next turn.
 */
const sentAhead = 64

/** Adds `pages` to `index` in their order, up to sentAhead of them unanswered; the first failure stops it, and is thrown once every page sent is answered. */
export async function addInOrder(index: IndexInProgress, pages: Iterable<{url: string; read: () => Promise<string>}>): Promise<void> {
  const sent: Array<Promise<void>> = []
  let failed = false
  let unread: {problem: unknown} | undefined
  try {
    for (const {url, read} of pages) {
      if (sent.length >= sentAhead) await sent[sent.length - sentAhead]!.catch(() => {})
      if (failed) break
      const html = await read()
      // Sent as the call is made, so in the pages' order.
      const added = index.add(url, html)
      added.catch(() => (failed = true))
      sent.push(added)
    }
  } catch (problem) {
    // A page that cannot be read: said once the pages sent before it are answered.
    unread = {problem}
  }
  // Nothing is left unanswered: the index may be dropped once this returns or throws. The first page that failed is the one said.
  const failure = (await Promise.allSettled(sent)).find((answer): answer is PromiseRejectedResult => answer.status === 'rejected')
  if (failure) throw failure.reason
  if (unread) throw unread.problem
}
