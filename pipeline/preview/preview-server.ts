// press serve's HTTP server, on 127.0.0.1 only: the preview folder's files,
// the dashboard and the other pages of dashboard.ts, and a stream of
// server-sent events that tells open tabs to reload when a build finishes.
// Every request first passes request-gate.ts; every file it answers with is
// really in the preview, reached through no link planted since it was built.
// Every HTML page it serves loads a small script that listens to that stream.
import {contentTypeOf, contentTypes} from '../lib/content-types.js'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import {closeSync, constants, fstatSync, lstatSync, openSync, read, readlinkSync, readSync, realpathSync, statSync} from 'node:fs'
import {dirname, join, resolve, sep} from 'node:path'
import {buildsFolder} from '../engine/output-switch.js'
import type {PreviewState} from './preview-build.js'
import {admit} from './request-gate.js'
import type {PreviewPages} from './dashboard.js'

export interface PreviewServerOptions {
  /** The preview folder the builds write. */
  readonly folder: string
  /** 0 for any free port. */
  readonly port: number
  readonly pages: PreviewPages
  readonly state: () => PreviewState
  /** Whether an edited release is published at once (the quick path is open and warm), for /_press/state. */
  readonly quick?: () => boolean
}

export interface PreviewServer {
  /** Where it listens, such as http://127.0.0.1:8040/. */
  readonly url: string
  /** Tells every open tab the new state; those showing an older build reload. */
  announce(state: PreviewState): void
  close(): Promise<void>
}

/** The port press serve listens on unless told otherwise. */
export const defaultPort = 8040

/** The port is taken: by another press serve, or another program. */
export class PortInUse extends Error {
  override name = 'PortInUse'
}

const types = contentTypes

/** Reloads the tab when a build newer than the one it shows has finished, or a release was published again. */
const reloadScript = `const shown = document.currentScript.dataset.build
const events = new EventSource('/_press/events')
events.addEventListener('state', (event) => {
  const state = JSON.parse(event.data)
  if (String(state.number) !== shown) location.reload()
})
`

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const folder = resolve(options.folder)
  const listeners = new Set<ServerResponse>()
  /** The port listened on, known once listening; no request comes before. */
  let port = options.port
  const event = (state: PreviewState) => `event: state\ndata: ${JSON.stringify({number: state.number, building: state.building})}\n\n`

  const server = createServer((request, response) => {
    respond(request, response).catch((problem: Error) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', `press serve could not answer: ${problem.message}\n`)
      else response.destroy()
    })
  })

  async function respond(request: IncomingMessage, response: ServerResponse) {
    let path: string
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
    } catch {
      path = ''
    }
    const verdict = admit(request, port, path, listeners.size)
    if (!verdict.ok) return send(response, verdict.status, 'text/plain; charset=utf-8', verdict.text, verdict.headers)
    if (path === '') return send(response, 400, 'text/plain; charset=utf-8', 'That address is not one press serve makes.\n')
    const state = options.state()
    if (path === '/_press/events') return subscribe(response, state)
    if (path === '/_press/state') return send(response, 200, types['.json']!, `${JSON.stringify({number: state.number, building: state.building, ok: state.report?.ok ?? null, quick: options.quick?.() ?? false})}\n`)
    if (path === '/_press/reload.js') return send(response, 200, 'text/javascript; charset=utf-8', reloadScript)
    if (path === '/' || path === '/index.html') return send(response, 200, types['.html']!, options.pages.dashboard(state))
    const view = /^\/_press\/(view|email)\/([^/]+)\/([^/]+)\/(body)?$/.exec(path)
    if (view) {
      const [, kind, lang, id, body] = view as unknown as [string, 'view' | 'email', string, string, string | undefined]
      if (kind === 'view') return send(response, 200, types['.html']!, options.pages.view(state, lang, id))
      const message = await readInPreview(folder, join(folder, lang, id, 'release.eml'))
      if (!message) return notFound(response, state)
      // Loaded here: only this page reads mail back.
      const {simpleParser} = await import('mailparser')
      const parsed = await simpleParser(message)
      if (body) return send(response, 200, types['.html']!, typeof parsed.html === 'string' ? fromPreview(parsed.html, state.report?.siteUrl) : '', {'content-security-policy': "script-src 'none'"})
      const address = (field: typeof parsed.to) => [field ?? []].flat().map(({text}) => text).join(', ')
      return send(response, 200, types['.html']!, options.pages.email(state, {lang, subject: parsed.subject ?? '', from: address(parsed.from), to: address(parsed.to), date: parsed.date?.toUTCString() ?? ''}))
    }
    const file = resolve(folder, `.${path}`)
    if (file !== folder && !file.startsWith(folder + sep)) return notFound(response, state)
    const found = fileAt(file)
    const content = found && (await readInPreview(folder, found))
    if (!found || !content) return notFound(response, state)
    const type = contentTypeOf(found)
    const html = type === types['.html']
    // A newsroom with errors shows them rather than a page older than its source.
    if (html && state.report && !state.report.ok) return send(response, 500, type, options.pages.problems(state))
    if (!html) return send(response, 200, type, content)
    return send(response, 200, type, withReload(content.toString('utf8'), state.number))
  }

  /** An email as the preview shows it: the images and pages it loads from the public site, from the preview instead, where they are already. */
  function fromPreview(html: string, siteUrl: string | undefined): string {
    if (!siteUrl) return html
    return html.replace(/(\s(?:src|href)=")([^"]*)"/g, (whole, before: string, address: string) => (address.startsWith(siteUrl) ? `${before}/${address.slice(siteUrl.length).replace(/^[/\\]+/, '')}"` : whole))
  }

  function subscribe(response: ServerResponse, state: PreviewState) {
    response.writeHead(200, {'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive'})
    response.write(`retry: 500\n\n${event(state)}`)
    listeners.add(response)
    response.on('close', () => listeners.delete(response))
  }

  function notFound(response: ServerResponse, state: PreviewState) {
    if (state.report && !state.report.ok) return send(response, 500, types['.html']!, options.pages.problems(state))
    return send(response, 404, types['.html']!, options.pages.dashboard(state).replace('<main>', '<main><p role="alert"><strong>Not in the preview:</strong> that page is not there. Pick a release below.</p>'))
  }

  // Keeps the event streams open through proxies and idle timers.
  const heartbeat = setInterval(() => {
    for (const listener of listeners) listener.write(':\n\n')
  }, 20_000)
  heartbeat.unref()

  await new Promise<void>((resolve, reject) => {
    server.once('error', (problem: NodeJS.ErrnoException) => {
      clearInterval(heartbeat)
      reject(problem.code === 'EADDRINUSE' ? new PortInUse(`port ${options.port} on 127.0.0.1 is in use, by another press serve or another program: stop it, or choose another port with --port ${options.port + 1}`) : problem)
    })
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : options.port

  return {
    url: `http://127.0.0.1:${port}/`,
    announce(state) {
      for (const listener of listeners) listener.write(event(state))
    },
    async close() {
      clearInterval(heartbeat)
      for (const listener of listeners) listener.end()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) {
  // Nothing of a preview is for search engines or caches: drafts and embargoed releases are in it.
  response.writeHead(status, {'content-type': type, 'cache-control': 'no-store', 'x-robots-tag': 'noindex', 'x-content-type-options': 'nosniff', ...headers})
  response.end(body)
}

/** The page's HTML with the script that reloads it, just before its body ends. */
function withReload(html: string, build: number): string {
  const script = `<script src="/_press/reload.js" data-build="${build}"></script>`
  const end = html.lastIndexOf('</body>')
  return end === -1 ? html + script : html.slice(0, end) + script + html.slice(end)
}

// The file a request names is found, checked and read at once, not promised: the builds run on this
// thread, and each promised step waited behind their work (a page just published again was served
// 30 to 40 ms after it was asked for, at 4,000 releases); at once, it is answered in the turn it
// is asked in. The preview's files are pages, texts, emails, published images and documents (at
// most 25 MB, a few milliseconds to read).

/** The largest file read at once. */
const readAtOnce = 32 * 1024 * 1024

/** The file a path names: itself, or the index.html of a folder. */
function fileAt(path: string): string | undefined {
  try {
    const found = statSync(path)
    if (found.isFile()) return path
    if (found.isDirectory() && statSync(join(path, 'index.html'), {throwIfNoEntry: false})) return join(path, 'index.html')
  } catch {
    // Not there.
  }
  return undefined
}

/**
 * The bytes of `file` when it is really in the preview's build: the
 * newsroom's preview folder its own (no link in its place), its site leading
 * to a build in the preview's builds, and the file inside that build, opened
 * as it was checked. A link planted in any of these places since the build,
 * which the next build refuses, leads nowhere meanwhile.
 */
async function readInPreview(site: string, file: string): Promise<Buffer | undefined> {
  let fd: number | undefined
  try {
    const own = dirname(site)
    if (!lstatSync(own).isDirectory()) return undefined
    const [builds, build, real] = [buildsFolder(site), site, file].map((path) => realpathSync.native(path)) as [string, string, string]
    if (dirname(builds) !== realpathSync.native(own) || dirname(build) !== builds || !real.startsWith(build + sep)) return undefined
    const checked = statSync(real)
    // Never through a link, and never waiting on a pipe planted there.
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
    const opened = fstatSync(fd)
    if (!opened.isFile() || opened.dev !== checked.dev || opened.ino !== checked.ino || !openedWithin(fd, build)) return undefined
    // Its size as checked, however it grows meanwhile; a larger file (none that press makes) without holding the thread.
    const bytes = Buffer.allocUnsafe(opened.size)
    if (opened.size > readAtOnce) return bytes.subarray(0, await readInto(fd, bytes))
    let done = 0
    while (done < bytes.length) {
      const got = readSync(fd, bytes, done, bytes.length - done, done)
      if (got === 0) break
      done += got
    }
    return bytes.subarray(0, done)
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/**
 * Whether the file open as `fd` is inside `build` where the system says it
 * is (Linux's /proc), so that a folder on its way swapped for a link between
 * the check and the opening is noticed; true where the system cannot say.
 */
function openedWithin(fd: number, build: string): boolean {
  let where: string
  try {
    where = readlinkSync(`/proc/self/fd/${fd}`)
  } catch {
    return true
  }
  return where.startsWith(build + sep)
}

/** Reads up to `bytes.length` bytes of `fd` into `bytes` without holding the thread; resolves to how many it read. */
async function readInto(fd: number, bytes: Buffer): Promise<number> {
  let done = 0
  for (;;) {
    const got = await new Promise<number>((resolve, reject) => read(fd, bytes, done, bytes.length - done, done, (problem, count) => (problem ? reject(problem) : resolve(count))))
    done += got
    if (got === 0 || done >= bytes.length) return done
  }
}
