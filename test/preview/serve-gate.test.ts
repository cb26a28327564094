// press serve's one gate, tried as a hostile web page would: a page that
// rebinds its own name to 127.0.0.1 (DNS rebinding) sends its own Host, a
// page of another site opens the event stream, and a flood of streams.
import {request, type IncomingHttpHeaders} from 'node:http'
import {connect} from 'node:net'
import {describe, expect, it} from 'vitest'
import {releaseText, temporaryFolder, writeReleases} from '../helpers.js'
import {startServe} from '../serving.js'

/** One GET to the server at `port`, with the headers given as they are (Host included); the body's first kilobytes. */
function get(port: number, path: string, headers: Record<string, string>): Promise<{status: number; headers: IncomingHttpHeaders; body: string}> {
  return new Promise((resolve, reject) => {
    const sent = request({host: '127.0.0.1', port, path, headers, setHost: false}, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString()
        // An event stream never ends: its first event is enough.
        if (response.headers['content-type']?.startsWith('text/event-stream') && body.includes('\n\n')) response.destroy()
      })
      const done = () => resolve({status: response.statusCode ?? 0, headers: response.headers, body})
      response.on('end', done)
      response.on('close', done)
    })
    sent.on('error', reject)
    sent.end()
  })
}

describe('press serve’s gate', () => {
  it('should answer only loopback Host names at its port, open its event stream only to its own pages, and cap the streams', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {'2026-03-14-secret/en.md': releaseText('title: Secret visit\ndate: 2026-03-14\nembargo: 2099-01-01T09:00:00Z', 'SECRET-MARKER of the visit.')})
    const serving = await startServe(root)
    const port = Number(new URL(serving.url).port)
    const page = `/en/2026-03-14-secret/`

    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`]) {
      const answer = await get(port, page, {host})
      expect(answer.status, host).toBe(200)
      expect(answer.body, host).toContain('SECRET-MARKER')
    }
    for (const host of ['attacker.example', `attacker.example:${port}`, `127.0.0.1.attacker.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `localhost.:${port}`, `0.0.0.0:${port}`, `[::ffff:127.0.0.1]:${port}`, '']) {
      for (const path of [page, '/', '/_press/state', '/_press/events', '/_press/email/en/2026-03-14-secret/body']) {
        const answer = await get(port, path, {host})
        expect(answer.status, `${host} ${path}`).toBe(421)
        expect(answer.body).not.toContain('SECRET')
      }
    }

    // Two Host headers, or a target naming another host, are no request a browser sends.
    const raw = (request: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(request))
        let answer = ''
        socket.on('data', (chunk) => (answer += chunk.toString()))
        socket.on('close', () => resolve(answer))
      })
    expect(await raw(`GET ${page} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: attacker.example\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /)
    expect(await raw(`GET http://attacker.example${page} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /)

    const own = {host: `127.0.0.1:${port}`}
    expect((await get(port, '/_press/events', {...own, origin: 'http://attacker.example'})).status).toBe(403)
    expect((await get(port, '/_press/events', {...own, origin: `http://localhost:${port + 1}`})).status).toBe(403)
    expect((await get(port, '/_press/state', {...own, 'sec-fetch-site': 'cross-site'})).status).toBe(403)
    expect((await get(port, '/_press/events', {...own, origin: 'null'})).status).toBe(403)
    const stream = await get(port, '/_press/events', {...own, origin: `http://127.0.0.1:${port}`})
    expect(stream.status).toBe(200)
    expect(stream.body).toContain('event: state')

    // Streams held open: the 65th is refused until one closes.
    const open: Array<() => void> = []
    const hold = () =>
      new Promise<number>((resolve, reject) => {
        const sent = request({host: '127.0.0.1', port, path: '/_press/events', headers: own}, (response) => {
          open.push(() => response.destroy())
          resolve(response.statusCode ?? 0)
          response.resume()
        })
        sent.on('error', reject)
        sent.end()
      })
    try {
      // The stream read above may not have been let go by the server yet: one slot of the 64 may still be its.
      let accepted = 0
      for (let status = await hold(); status === 200 && accepted < 70; status = await hold()) accepted++
      expect(accepted).toBeGreaterThanOrEqual(63)
      expect(accepted).toBeLessThanOrEqual(64)
      // One closed, a new one is let in once the server has seen it go.
      open.shift()!()
      let again = 0
      for (let tries = 0; again !== 200 && tries < 40; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        again = await hold()
      }
      expect(again).toBe(200)
    } finally {
      for (const close of open) close()
    }
  })
})
