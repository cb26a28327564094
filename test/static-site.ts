// Serves a built site over HTTP on 127.0.0.1, as a web server would (search
// loads its index as modules and fetches, which browsers refuse from
// file:// pages). The server never keeps the test process alive; the test
// closes it when done.
import {createServer} from 'node:http'
import {readFile} from 'node:fs/promises'
import {resolve, sep} from 'node:path'
import {contentTypeOf} from '../pipeline/lib/content-types.js'

/** Serves the folder `site` at `folder` (a site is often published below a server's root): its address, such as http://127.0.0.1:41234/news/, and how to stop serving it. */
export async function serveSite(site: string, folder = '/'): Promise<{url: string; close: () => Promise<void>}> {
  const root = resolve(site)
  const server = createServer((request, response) => {
    const address = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
    if (!address.startsWith(folder)) return void response.writeHead(404).end()
    const path = `/${address.slice(folder.length)}`
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`)
    if (!file.startsWith(root + sep)) return void response.writeHead(404).end()
    readFile(file).then(
      (body) => response.writeHead(200, {'content-type': contentTypeOf(file)}).end(body),
      () => response.writeHead(404).end()
    )
  })
  server.unref()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const bound = server.address()
  return {url: `http://127.0.0.1:${typeof bound === 'object' && bound ? bound.port : 0}${folder}`, close: () => new Promise<void>((done) => server.close(() => done()))}
}
