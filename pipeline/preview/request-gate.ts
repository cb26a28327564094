// The one check every request to press serve passes before it is answered.
// The preview holds drafts and embargoed releases, so it answers only a
// browser on this machine that asked for it by a loopback name: another Host
// (a web page that rebound its own name to 127.0.0.1) is refused, the event
// stream only opens to the preview's own pages, and open streams are capped.
import type {IncomingMessage} from 'node:http'

/** The most event streams open at once: a press officer's tabs, with room to spare. */
const maxEventStreams = 64

export type Verdict = {readonly ok: true} | {readonly ok: false; readonly status: number; readonly text: string; readonly headers?: Record<string, string>}

/** The Host names the preview answers to at `port`, in lower case. */
function loopbackHosts(port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]']
  return new Set([...names.map((name) => `${name}:${port}`), ...(port === 80 ? names : [])])
}

/** Whether the request may be answered; `streams` is how many event streams are open now. */
export function admit(request: IncomingMessage, port: number, path: string, streams: number): Verdict {
  const hosts = loopbackHosts(port)
  const host = (request.headers.host ?? '').toLowerCase()
  // One Host, and a target that is a path: an absolute-form target (GET http://other/) names another host.
  const named = request.rawHeaders.filter((_, index) => index % 2 === 0 && request.rawHeaders[index]!.toLowerCase() === 'host').length
  if (named !== 1 || !(request.url ?? '').startsWith('/')) return {ok: false, status: 400, text: 'press serve answers one Host, asked for a path\n'}
  if (!hosts.has(host)) return {ok: false, status: 421, text: `press serve answers only at http://127.0.0.1:${port}/ (or localhost): open the preview at that address.\n`}
  if (request.method !== 'GET' && request.method !== 'HEAD') return {ok: false, status: 405, text: 'press serve only shows pages: use GET\n', headers: {allow: 'GET, HEAD'}}
  // What another site's page could use to follow the preview live (the pages themselves it cannot read, as their Host
  // is checked above and browsers keep other sites from reading answers) opens only to the preview's own pages.
  if (path === '/_press/events' || path === '/_press/state') {
    const origin = request.headers.origin
    if (request.headers['sec-fetch-site'] === 'cross-site' || (origin !== undefined && !hosts.has(origin.toLowerCase().replace(/^http:\/\//, '')))) return {ok: false, status: 403, text: 'press serve does not answer other sites\n'}
  }
  if (path === '/_press/events' && streams >= maxEventStreams) return {ok: false, status: 503, text: `press serve already keeps ${maxEventStreams} pages up to date: close some tabs of the preview\n`, headers: {'retry-after': '10'}}
  return {ok: true}
}
