// The sample newsroom as a reader sees it, in Debian's chromium through
// playwright-core, served over HTTP from 127.0.0.1 as a web server would:
// each language's page is set in its own web fonts, and the screenshots the
// README shows (a release in each language, and its email) are taken here:
// into the git-ignored test/screenshots/latest/ on every run, and into
// test/screenshots/ itself, which the README shows, only when asked with
// PRESS_REFRESH_SCREENSHOTS=1, so that a change of look is committed on purpose.
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {extname, join, normalize} from 'node:path'
import {chromium, type Browser} from 'playwright-core'
import sharp from 'sharp'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {press, projectRoot} from '../helpers.js'

const types: Record<string, string> = {'.html': 'text/html; charset=utf-8', '.css': 'text/css', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon'}
const release = '2026-04-18-spring-culture-festival'
const shots = process.env['PRESS_REFRESH_SCREENSHOTS'] ? join(projectRoot, 'test', 'screenshots') : join(projectRoot, 'test', 'screenshots', 'latest')
let browser: Browser
let server: Server
let base: string
let folder: string
let out: string

beforeAll(async () => {
  // Not a temporary folder of one test: every test reads it.
  folder = await mkdtemp(join(tmpdir(), 'communique-screenshots-'))
  out = join(folder, 'site')
  expect((await press(['build', '--out', out, '--now', '2026-11-24T12:00:00Z'])).code).toBe(0)
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)).replace(/^(\.\.[/\\])+/, '')
    const file = join(out, path.endsWith('/') ? `${path}index.html` : path)
    readFile(file).then(
      (bytes) => response.writeHead(200, {'content-type': types[extname(file)] ?? 'application/octet-stream'}).end(bytes),
      () => response.writeHead(404).end()
    )
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  browser = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']})
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await new Promise((done) => server?.close(done))
  await rm(folder, {recursive: true, force: true})
})

/** The web fonts the page has loaded, by family. */
function loadedFonts(): Promise<string[]> {
  const document = (globalThis as unknown as {document: {fonts: {ready: Promise<unknown>} & Iterable<{family: string; status: string}>}}).document
  return document.fonts.ready.then(() => [...new Set([...document.fonts].filter(({status}) => status === 'loaded').map(({family}) => family.replaceAll('"', '')))])
}

/** Whether a screenshot shows something: a blank or single-colour image has no spread. */
async function spread(image: Buffer): Promise<number> {
  const {channels} = await sharp(image).stats()
  return Math.max(...channels.map(({stdev}) => stdev))
}

describe('the sample release as readers see it', () => {
  for (const [lang, font] of [['en', 'Noto Sans Variable'], ['fr', 'Noto Sans Variable'], ['zh', 'Noto Sans SC Variable'], ['ar', 'Noto Naskh Arabic Variable']] as const) {
    it(`should set the ${lang} page in its own web font, and take its screenshot`, {timeout: 60_000}, async () => {
      const page = await browser.newPage({viewport: {width: 960, height: 1200}, deviceScaleFactor: 1})
      await page.goto(`${base}${lang}/${release}/`)
      expect(await page.evaluate(loadedFonts)).toContain(font)
      expect(await page.evaluate(() => (globalThis as unknown as {document: {documentElement: {dir: string; lang: string}}}).document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr')
      const image = await page.screenshot({type: 'jpeg', quality: 78, path: join(shots, `release-${lang}.jpg`)})
      expect(await spread(image)).toBeGreaterThan(20)
      expect(image.length).toBeLessThan(1024 * 1024)
      await page.close()
    })
  }

  it('should show the email as a mail client would, and take its screenshot', {timeout: 60_000}, async () => {
    const page = await browser.newPage({viewport: {width: 700, height: 1200}, deviceScaleFactor: 1})
    // Its images are at the site's public address, answered here from the build.
    await page.route('https://embassy.example.org/news/**', (route) => route.fulfill({path: join(out, new URL(route.request().url()).pathname.replace(/^\/news\//, ''))}))
    await page.goto(`${base}en/${release}/email.html`)
    expect(await page.locator('img').first().evaluate((image) => (image as unknown as {naturalWidth: number}).naturalWidth)).toBeGreaterThan(0)
    // The email carries its styles inline: it looks the same without the site's style sheet.
    expect(await page.evaluate(() => (globalThis as unknown as {document: {styleSheets: {length: number}}}).document.styleSheets.length)).toBeLessThanOrEqual(1)
    const image = await page.screenshot({type: 'jpeg', quality: 78, path: join(shots, 'email-en.jpg')})
    expect(await spread(image)).toBeGreaterThan(20)
    await page.close()
  })
})
