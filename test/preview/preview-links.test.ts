// press serve answers only with files really in its preview: a link planted
// while it runs (in the preview's place, in place of its site, or inside it)
// leads nowhere, however the file it names is typed. The build refuses such
// links when it next runs; until then the server must not follow them.
import {execFileSync, spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdir, open, rename, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {previewPages} from '../../pipeline/preview/dashboard.js'
import {previewFolder} from '../../pipeline/preview/preview-build.js'
import {startPreviewServer, type PreviewServer} from '../../pipeline/preview/preview-server.js'
import {temporaryFolder} from '../helpers.js'

let server: PreviewServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A newsroom whose preview has one build (a page and a style sheet), and a folder elsewhere with files nobody should see through it. */
async function newsroom(): Promise<{root: string; elsewhere: string}> {
  const root = await temporaryFolder()
  const built = join(root, '.communique-preview', '.site.builds', 'one')
  await mkdir(join(built, 'en', 'visit'), {recursive: true})
  await mkdir(join(built, 'assets'), {recursive: true})
  await writeFile(join(built, 'en', 'visit', 'index.html'), '<!doctype html><title>Visit</title><body><p>The visit.</p></body>')
  await writeFile(join(built, 'assets', 'site.css'), 'body { color: black }')
  await symlink(join('.site.builds', 'one'), previewFolder(root))
  const elsewhere = await temporaryFolder()
  await mkdir(join(elsewhere, 'site', 'assets'), {recursive: true})
  await writeFile(join(elsewhere, 'secret.txt'), 'SECRET-MARKER')
  await writeFile(join(elsewhere, 'site', 'secret.txt'), 'SECRET-MARKER')
  await writeFile(join(elsewhere, 'site', 'assets', 'site.css'), 'SECRET-MARKER')
  await writeFile(join(elsewhere, 'site', 'index.html'), '<!doctype html><title>x</title><body>SECRET-MARKER</body>')
  return {root, elsewhere}
}

async function serve(root: string): Promise<(path: string) => Promise<{status: number; body: string}>> {
  server = await startPreviewServer({folder: previewFolder(root), port: 0, pages: previewPages(), state: () => ({number: 1, building: false})})
  const url = server.url
  return async (path) => {
    const answer = await fetch(new URL(path, url))
    return {status: answer.status, body: await answer.text()}
  }
}

describe('press serve’s files', () => {
  it('should serve the preview’s own files, and nothing through a link planted inside it', async () => {
    const {root, elsewhere} = await newsroom()
    const get = await serve(root)
    expect(await get('/assets/site.css')).toEqual({status: 200, body: 'body { color: black }'})
    expect((await get('/en/visit/')).body).toContain('The visit.')

    await symlink(join(elsewhere, 'secret.txt'), join(previewFolder(root), 'assets', 'leak.txt'))
    await symlink(join(elsewhere, 'site'), join(previewFolder(root), 'en', 'other'))
    for (const path of ['/assets/leak.txt', '/en/other/secret.txt', '/en/other/', '/en/other/index.html']) {
      const answer = await get(path)
      expect(answer.status, path).toBe(404)
      expect(answer.body, path).not.toContain('SECRET-MARKER')
    }
  })

  it('should serve nothing once the builds’ folder is a link, even to a folder inside the preview', async () => {
    const {root} = await newsroom()
    const get = await serve(root)
    const own = join(root, '.communique-preview')
    await rename(join(own, '.site.builds'), join(own, 'elsewhere'))
    await symlink('elsewhere', join(own, '.site.builds'))
    for (const path of ['/assets/site.css', '/en/visit/']) expect((await get(path)).status, path).toBe(404)
  })

  it('should read back no email larger than press makes', async () => {
    const {root} = await newsroom()
    const get = await serve(root)
    const email = await open(join(previewFolder(root), 'en', 'visit', 'release.eml'), 'w')
    await email.write('Subject: Visit\r\n\r\nEND', 9 * 1024 * 1024)
    await email.close()
    expect((await get('/_press/email/en/visit/')).status).toBe(404)
  })

  it('should serve nothing but the build its site leads to, even from the preview’s own folders', async () => {
    const {root} = await newsroom()
    const get = await serve(root)
    await rename(previewFolder(root), join(root, 'moved-away'))
    await symlink('.site.builds', previewFolder(root))
    for (const path of ['/one/assets/site.css', '/one/en/visit/']) expect((await get(path)).status, path).toBe(404)
  })

  it('should serve nothing once a link takes the place of the preview or of its site', async () => {
    for (const planted of ['.communique-preview', join('.communique-preview', 'site')]) {
      const {root, elsewhere} = await newsroom()
      const get = await serve(root)
      expect((await get('/assets/site.css')).status).toBe(200)
      await rename(join(root, planted), join(root, 'moved-away'))
      await symlink(planted === '.communique-preview' ? elsewhere : join(elsewhere, 'site'), join(root, planted))
      for (const path of ['/secret.txt', '/assets/site.css', '/index.html', '/']) {
        const answer = await get(path)
        expect(answer.body, `${planted} ${path}`).not.toContain('SECRET-MARKER')
      }
      expect((await get('/secret.txt')).status, planted).toBe(404)
      await server?.close()
      server = undefined
    }
  })

  it('should serve a file larger than it reads at once whole, and a pipe planted inside it as not there, at once', async () => {
    const {root} = await newsroom()
    const get = await serve(root)
    // Larger than the 32 MB read at once (sparse, so quick to make), with its last bytes known.
    const large = await open(join(previewFolder(root), 'assets', 'large.pdf'), 'w')
    await large.write('END-OF-FILE', 33 * 1024 * 1024)
    await large.close()
    const answer = await fetch(new URL('/assets/large.pdf', server!.url))
    const bytes = Buffer.from(await answer.arrayBuffer())
    expect(answer.status).toBe(200)
    expect(bytes.length).toBe(33 * 1024 * 1024 + 'END-OF-FILE'.length)
    expect(bytes.subarray(-11).toString()).toBe('END-OF-FILE')
    // Streamed from the handle checked: a HEAD reads none of it.
    const head = await fetch(new URL('/assets/large.pdf', server!.url), {method: 'HEAD'})
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(33 * 1024 * 1024 + 11))

    // The email view reads a release's message by its name: a pipe in its place, with nothing writing to it, never holds the server.
    // Were it waited on, this writer would free the server after three seconds, leaving its mark first: the answer comes before.
    const pipe = join(previewFolder(root), 'en', 'visit', 'release.eml')
    const mark = join(root, 'writer-woke')
    execFileSync('mkfifo', [pipe])
    const writer = spawn('sh', ['-c', 'sleep 3; : > "$1"; printf x > "$0"', pipe, mark], {stdio: 'ignore'})
    try {
      expect((await get('/_press/email/en/visit/')).status).toBe(404)
      expect(existsSync(mark)).toBe(false)
    } finally {
      writer.kill()
    }
    expect((await get('/assets/site.css')).body).toBe('body { color: black }')
  })
})
