// press serve's HTTP server, on 127.0.0.1 only: the preview folder's files,
// the dashboard and the other pages of dashboard.ts, and a stream of
// server-sent events that tells open tabs to reload when a build finishes.
// Every request first passes request-gate.ts; every file it answers with
// passes preview-files.ts: really in the preview, reached through no symbolic
// link planted since it was built.
// Every HTML page it serves loads a small script that listens to that stream.
import {contentTypeOf, contentTypes} from '../lib/content-types.js'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import {join, resolve, sep} from 'node:path'
import type {PreviewState} from './preview-build.js'
import {admit} from './request-gate.js'
import {fileAt, previewFile, type PreviewFile} from './preview-files.js'
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
      const message = previewFile(folder, join(folder, lang, id, 'release.eml'), largestEmail)
      if (!message || !('bytes' in message)) return notFound(response, state)
      // Loaded here: only this page reads mail back.
      const {simpleParser} = await import('mailparser')
      const parsed = await simpleParser(message.bytes)
      if (body) return send(response, 200, types['.html']!, typeof parsed.html === 'string' ? fromPreview(parsed.html, state.report?.siteUrl) : '', {'content-security-policy': "script-src 'none'"})
      const address = (field: typeof parsed.to) => [field ?? []].flat().map(({text}) => text).join(', ')
      return send(response, 200, types['.html']!, options.pages.email(state, {lang, subject: parsed.subject ?? '', from: address(parsed.from), to: address(parsed.to), date: parsed.date?.toUTCString() ?? ''}))
    }
    const file = resolve(folder, `.${path}`)
    if (file !== folder && !file.startsWith(folder + sep)) return notFound(response, state)
    const found = fileAt(file)
    const content = found && previewFile(folder, found)
    if (!found || !content) return notFound(response, state)
    const type = contentTypeOf(found)
    const html = type === types['.html']
    // A newsroom with errors shows them rather than a page older than its source.
    if (html && state.report && !state.report.ok) {
      if ('stream' in content) content.stream.destroy()
      return send(response, 500, type, options.pages.problems(state))
    }
    if ('stream' in content) return stream(request, response, type, content)
    if (!html) return send(response, 200, type, content.bytes)
    return send(response, 200, type, withReload(content.bytes.toString('utf8'), state.number))
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

/** The largest email the email view reads back: press's are well under a megabyte. */
const largestEmail = 8 * 1024 * 1024

// Nothing of a preview is for search engines or caches: drafts and embargoed releases are in it.
const everyAnswer = {'cache-control': 'no-store', 'x-robots-tag': 'noindex', 'x-content-type-options': 'nosniff'}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) {
  response.writeHead(status, {'content-type': type, ...everyAnswer, ...headers})
  response.end(body)
}

/** A large file as it is read, never whole in memory; only its headers for HEAD. */
function stream(request: IncomingMessage, response: ServerResponse, type: string, file: Extract<PreviewFile, {stream: unknown}>) {
  response.writeHead(200, {'content-type': type, 'content-length': String(file.size), ...everyAnswer})
  if (request.method === 'HEAD') {
    file.stream.destroy()
    response.end()
    return
  }
  file.stream.on('error', () => response.destroy())
  response.on('close', () => file.stream.destroy())
  file.stream.pipe(response)
}

/** The page's HTML with the script that reloads it, just before its body ends. */
function withReload(html: string, build: number): string {
  const script = `<script src="/_press/reload.js" data-build="${build}"></script>`
  const end = html.lastIndexOf('</body>')
  return end === -1 ? html + script : html.slice(0, end) + script + html.slice(end)
}
