// Prints the print pages of a build to PDF in Chromium: one browser for the
// build, started at the first PDF to make, and a few tabs. A page is opened
// at its own address on the site, so that its links lead there; what it asks
// of the site (fonts, crest, photos) is answered from this build, and
// nothing else is fetched. The PDF's metadata (title, author, language,
// dates) is then set from the release, not the clock, so that the same
// release gives the same bytes.
import {readFile} from 'node:fs/promises'
import type {Browser, BrowserContext, Page} from 'playwright-core'
import type {OutputWriter} from '../model/output-writer.js'
import type {Publisher, PrintRequest} from './publish-translation.js'
import {placeOf, type Session} from './session.js'
import {findChromium, noChromium} from '../lib/chromium.js'
import {contentTypeOf} from '../lib/content-types.js'
import {error} from '../source/diagnostics.js'
import type {VFile} from 'vfile'
import {siteFonts, type SiteFonts} from '../publish/fonts.js'

/** What a print page asks of the site, by its path there: the bytes and their type, or undefined. */
type SiteFiles = (path: string) => Promise<{body: Uint8Array | string; type: string} | undefined>

interface PrintJob {
  /** The print page, and the address it is opened at: the page's own on the site. */
  readonly html: string
  readonly url: string
  readonly title: string
  readonly author: string
  readonly lang: string
  /** When readers got it, and when it last changed: the PDF's dates. */
  readonly created: Date
  readonly modified: Date
}

const tabs = 2

class PdfPrinter {
  private context?: Promise<BrowserContext>
  private browser?: Browser
  private readonly free: Page[] = []
  /** Prints waiting for a tab: woken when one is free, or when one could not be opened. */
  private readonly waiting: Array<() => void> = []
  private opened = 0

  constructor(
    private readonly executable: string,
    private readonly siteUrl: string,
    private readonly files: SiteFiles
  ) {}

  /** The PDF of a print page, its metadata set from the release. */
  async print(job: PrintJob): Promise<Uint8Array> {
    const page = await this.tab()
    try {
      const pages = page as Page & {job?: PrintJob}
      pages.job = job
      await page.goto(job.url, {waitUntil: 'load', timeout: 60_000})
      await page.evaluate('document.fonts.ready.then(() => true)')
      const pdf = await page.pdf({preferCSSPageSize: true, printBackground: true, tagged: true, outline: true})
      return await withMetadata(pdf, job)
    } finally {
      this.release(page)
    }
  }

  /** Closes the browser, once it has started if it is starting. */
  async close(): Promise<void> {
    const starting = this.context
    this.context = undefined
    await starting?.catch(() => undefined)
    const browser = this.browser
    this.browser = undefined
    await browser?.close().catch(() => {})
  }

  private async tab(): Promise<Page> {
    for (;;) {
      const free = this.free.pop()
      if (free) return free
      if (this.opened < tabs) break
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    }
    this.opened++
    try {
      const page = await (await this.open()).newPage()
      await page.route('**/*', (route) => this.answer(page as Page & {job?: PrintJob}, route))
      return page
    } catch (problem) {
      // A browser that cannot start, or has gone: this print fails, and the next one waiting tries for itself.
      this.opened--
      this.waiting.shift()?.()
      throw problem
    }
  }

  private release(page: Page): void {
    this.free.push(page)
    this.waiting.shift()?.()
  }

  private open(): Promise<BrowserContext> {
    this.context ??= (async () => {
      const {chromium} = await import('playwright-core')
      this.browser = await chromium.launch({executablePath: this.executable, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']})
      // The print page has no script; nothing it holds may run one.
      return this.browser.newContext({javaScriptEnabled: false, offline: false})
    })()
    return this.context
  }

  /** The page itself, or a file of the site from this build; anything else is refused. */
  private async answer(page: Page & {job?: PrintJob}, route: import('playwright-core').Route): Promise<void> {
    try {
      const url = route.request().url()
      const job = page.job
      if (job && url === job.url) return await route.fulfill({status: 200, contentType: 'text/html; charset=utf-8', body: job.html})
      if (!url.startsWith(this.siteUrl)) return await route.abort('blockedbyclient')
      const file = await this.fileAt(url)
      if (!file) return await route.fulfill({status: 404, body: ''})
      return await route.fulfill({status: 200, contentType: file.type, body: typeof file.body === 'string' ? file.body : Buffer.from(file.body)})
    } catch {
      // An address that cannot be read, or a page already closed: nothing is served.
      await route.abort('failed').catch(() => {})
    }
  }

  /** The file of this build at an address of the site; undefined for one that names none (or escapes the site). */
  private async fileAt(url: string): Promise<Awaited<ReturnType<SiteFiles>>> {
    let path: string
    try {
      path = decodeURIComponent(new URL(url).pathname.slice(new URL(this.siteUrl).pathname.length))
    } catch {
      return undefined
    }
    return path.split('/').includes('..') ? undefined : this.files(path).catch(() => undefined)
  }
}

/** A font file of the site's fonts, read from its package. */
async function fontFile(files: ReadonlyMap<string, string>, name: string): Promise<Uint8Array | undefined> {
  const path = files.get(name)
  return path === undefined ? undefined : readFile(path)
}

/** The PDF with its title, author, language and dates from the release, and press as its creator. */
async function withMetadata(pdf: Uint8Array, job: PrintJob): Promise<Uint8Array> {
  // Loaded with the first PDF: a build without PDFs never needs it.
  const {PDFDocument} = await import('pdf-lib')
  const document = await PDFDocument.load(pdf, {updateMetadata: false})
  document.setTitle(job.title, {showInWindowTitleBar: true})
  document.setAuthor(job.author)
  document.setLanguage(job.lang)
  document.setCreator('Communiqué')
  document.setCreationDate(job.created)
  document.setModificationDate(job.modified)
  return document.save({useObjectStreams: false})
}

/**
 * Whether a build that writes can make the PDFs its newsroom asks for: when
 * the machine has no Chromium, an error at the \`pdf\` line of the settings
 * (only a build that prints needs the browser: press check does not).
 */
export function canPrint(session: Session, files: readonly VFile[]): boolean {
  if (!session.data.paper || findChromium() !== undefined) return true
  // The settings file is the session's first, as for its other messages.
  error(files[0]!, noChromium(), placeOf(files[0]!, 'pdf:'), 'no-chromium')
  return false
}

/**
 * How a build prints its PDFs, when the newsroom makes them: a printer that
 * answers from the build's own files (`staging`) and press's fonts, and its
 * close. Chromium starts at the first PDF to make.
 */
export function pdfPublishing(session: Session, staging: OutputWriter): {print: NonNullable<Publisher['print']>; close: () => Promise<void>} | undefined {
  const executable = findChromium()
  if (!session.data.paper || executable === undefined) return undefined
  const {settings, locales, images} = session
  let printFonts: Promise<SiteFonts> | undefined
  const files: SiteFiles = async (path) => {
    const fonts = await (printFonts ??= siteFonts(locales.values(), settings.webFonts, true))
    if (path === 'assets/fonts.css') return {body: fonts.css, type: contentTypeOf(path)}
    const font = path.startsWith('assets/fonts/') ? await fontFile(fonts.files, path.slice('assets/fonts/'.length)) : undefined
    const body = font ?? images.files.get(path) ?? (await staging.readBytes?.(path))
    return body === undefined ? undefined : {body, type: contentTypeOf(path)}
  }
  const printer = new PdfPrinter(executable, settings.siteUrl, files)
  const print = async ({html, folder, lang, frontMatter, publishedAt}: PrintRequest) => {
    const locale = locales.get(lang)!
    const modified = frontMatter.updatedTime === undefined ? publishedAt : new Date(frontMatter.updatedTime)
    return printer.print({html, url: new URL(folder, settings.siteUrl).href, title: frontMatter.title, author: locale.t('embassy.name'), lang: locale.intl, created: publishedAt, modified})
  }
  return {print, close: () => printer.close()}
}
