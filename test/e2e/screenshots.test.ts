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
import type {Browser} from 'playwright-core'
import sharp from 'sharp'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {press, projectRoot} from '../helpers.js'
import {launchChromium} from '../browser.js'
import {loadLocales} from '../../pipeline/source/locales.js'
import {bannerText} from '../../pipeline/publish/preview-mark.js'

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
  browser = await launchChromium()
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
  for (const [lang, font] of [['en', 'Noto Sans Variable'], ['fr', 'Noto Sans Variable'], ['zh', 'Noto Sans SC Variable'], ['ar', 'Noto Naskh Arabic Variable'], ['ru', 'Noto Sans Variable'], ['es', 'Noto Sans Variable']] as const) {
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

/** Which way a drawn arrow points: the side whose darkest column is shortest is its tip. */
async function pointing(image: Buffer): Promise<'left' | 'right'> {
  const {data, info} = await sharp(image).greyscale().raw().toBuffer({resolveWithObject: true})
  const extents: number[] = []
  for (let x = 0; x < info.width; x++) {
    const dark = Array.from({length: info.height}, (_, y) => data[y * info.width + x]! < 160)
    if (dark.includes(true)) extents.push(dark.lastIndexOf(true) - dark.indexOf(true))
  }
  return extents[0]! < extents.at(-1)! ? 'left' : 'right'
}

/** Where the first occurrence of `text` in the element matching `selector` is drawn, left to right: [left of its first character, left of its last]. */
function drawnAt([selector, text]: readonly [string, string]): Promise<[number, number]> {
  const document = (globalThis as unknown as {document: any}).document
  const element = document.querySelector(selector)
  const walker = document.createTreeWalker(element, 4)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf(text)
    if (at === -1) continue
    const left = (offset: number) => {
      const range = document.createRange()
      range.setStart(node, offset)
      range.setEnd(node, offset + 1)
      return range.getBoundingClientRect().left
    }
    return Promise.resolve([left(at), left(at + text.length - 1)])
  }
  throw new Error(`${text} is not in ${selector}`)
}

describe('the end of a release', () => {
  it('should set About the Embassy, the media contacts and the notes alike, none louder than the others', {timeout: 60_000}, async () => {
    const page = await browser.newPage({viewport: {width: 960, height: 1200}})
    for (const lang of ['en', 'ar']) {
      await page.goto(`${base}${lang}/${release}/`)
      const size = (selector: string) => page.locator(selector).first().evaluate((element) => (globalThis as unknown as {getComputedStyle: (element: unknown) => {fontSize: string}}).getComputedStyle(element).fontSize)
      expect(await size('.contacts h2'), lang).toBe(await size('.about h2'))
      expect(await size('.contacts li'), lang).toBe(await size('.about p'))
    }
    await page.close()
  })
})

describe('right to left, as an Arabic reader sees it', () => {
  it('should point the breadcrumb’s separators the way each language reads', {timeout: 60_000}, async () => {
    const page = await browser.newPage({viewport: {width: 960, height: 600}, deviceScaleFactor: 4})
    for (const [lang, way] of [['ar', 'left'], ['en', 'right']] as const) {
      await page.goto(`${base}${lang}/${release}/`)
      const separators = page.locator('.breadcrumb .separator')
      expect(await separators.count()).toBe(2)
      for (const index of [0, 1]) expect(await pointing(await separators.nth(index).screenshot()), lang).toBe(way)
    }
    await page.close()
  })

  it('should print a web address of an Arabic page with its slashes where they are', {timeout: 60_000}, async () => {
    const page = await browser.newPage({viewport: {width: 960, height: 1200}})
    await page.goto(`${base}ar/${release}/`)
    await page.emulateMedia({media: 'print'})
    const address = `https://embassy.example.org/news/ar/${release}/`
    expect(await page.locator('.print-only').innerText()).toBe(address)
    // Drawn left to right: "https" first, its final slash last, not moved in front of it.
    const [first, last] = await page.evaluate(drawnAt, ['.print-only', address] as const)
    expect(first).toBeLessThan(last)
    // The addresses printed after links are set on their own, left to right, as well.
    const after = await page.locator('.release-body a[href^="http"]').first().evaluate((link) => {
      const style = (globalThis as unknown as {getComputedStyle: (element: unknown, pseudo: string) => {direction: string; unicodeBidi: string; content: string}}).getComputedStyle(link, '::after')
      return [style.content, style.direction, style.unicodeBidi]
    })
    expect(after).toEqual(['" (https://embassy.example.org/ar/culture/spring-festival)"', 'ltr', 'isolate'])
    await page.close()
  })

  it('should keep the date of an Arabic embargo notice in its order', {timeout: 60_000}, async () => {
    const {locales} = await loadLocales(projectRoot, ['en', 'ar'], 'en', projectRoot)
    const notice = bannerText(locales!.get('ar')!, {status: 'embargoed', until: Date.parse('2026-12-10T15:00:00Z')}, 'America/Toronto')
    const page = await browser.newPage({viewport: {width: 960, height: 300}})
    await page.setContent(`<!DOCTYPE html><html lang="ar" dir="rtl"><body><p id="notice">${notice}</p></body></html>`)
    // 2026-12-10 reads year, month, day from left to right, as written; without its isolation it read 10-12-2026.
    const [year] = await page.evaluate(drawnAt, ['#notice', '2026-12-10'] as const)
    const [day] = await page.evaluate(drawnAt, ['#notice', '10 15:00'] as const)
    expect(year).toBeLessThan(day)
    await page.close()
  })
})
