// `press serve`, as a press officer uses it, in a real browser (Debian's
// chromium through playwright-core): the dashboard, a release's page with its
// banner, edits that show without a reload, errors shown in place of the page,
// all three outputs side by side, and axe-core finding nothing to fix.
import {existsSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import {createServer} from 'node:net'
import {join} from 'node:path'
import {execFileSync} from 'node:child_process'
import type {Browser, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {releaseText, runPress, temporaryFolder, writeReleases} from '../helpers.js'
import {axeViolations, launchChromium} from '../browser.js'
import {startServe, until, type Serving} from '../serving.js'

const settings = `site:
  url: https://press.example.org/news/
languages: [en, fr]
timezone: America/Toronto
webFonts: false
email:
  from: Press Office <press@press.example.org>
  to: Embassy News <news@press.example.org>
`

const draft = {
  'en.md': releaseText('title: Consular hours extended\ndate: 2026-03-14\nstatus: draft', 'The consular section opens on Saturdays from April.'),
  'fr.md': releaseText('title: Horaires consulaires élargis\ndate: 2026-03-14\nstatus: draft', 'La section consulaire ouvre le samedi à partir d’avril.')
}

/** Waits until press serve has no build under way and `page` shows its newest. */
async function settledOn(page: Page, serving: Serving) {
  let state = {number: -1, building: true}
  await until(() => !state.building, 30_000, async () => {
    state = (await (await fetch(new URL('_press/state', serving.url))).json()) as typeof state
  })
  await page.waitForFunction((number) => (globalThis as unknown as {document: {querySelector(selector: string): {dataset: {build?: string}} | null}}).document.querySelector('script[data-build]')?.dataset.build === String(number), state.number, {timeout: 30_000})
}

describe('press serve', () => {
  let browser: Browser
  let root: string
  let serving: Serving

  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('should show every release marked, update the open page as its source changes, and show errors in its place', async () => {
    root = await temporaryFolder()
    await writeFile(join(root, 'newsroom.yaml'), settings)
    await writeReleases(root, {
      ...Object.fromEntries(Object.entries(draft).map(([name, text]) => [`2026-03-14-consular-hours/${name}`, text])),
      '2026-03-20-trade-mission/en.md': releaseText('title: Trade mission to the capital\ndate: 2026-03-20\nembargo: 2099-03-20T09:00:00-04:00', 'Twelve companies join the mission.'),
      '2026-03-20-trade-mission/fr.md': releaseText('title: Mission commerciale dans la capitale\ndate: 2026-03-20\nembargo: 2099-03-20T09:00:00-04:00', 'Douze entreprises participent à la mission.'),
      '2026-03-01-cultural-week/en.md': releaseText('title: Cultural week opens\ndate: 2026-03-01', 'Films, music and food from the regions.')
    })
    serving = await startServe(root)
    const page = await browser.newPage()

    // The dashboard: each release and language with its status, and no accessibility faults.
    await page.goto(serving.url)
    const rows = await page.locator('tbody tr').allInnerTexts()
    expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      '2026-03-01-cultural-week published all three · page · text · email missing',
      '2026-03-14-consular-hours draft all three · page · text · email draft all three · page · text · email',
      '2026-03-20-trade-mission embargoed until 2099-03-20T09:00:00-04:00 all three · page · text · email embargoed until 2099-03-20T09:00:00-04:00 all three · page · text · email'
    ])
    expect(await axeViolations(page, 'preview', {help: true})).toEqual([])

    // The embargoed release's page in French: the banner in French, and not for search engines.
    await page.getByRole('link', {name: 'Web page of 2026-03-20-trade-mission in Français'}).click()
    await expect.poll(() => page.locator('.press-preview-banner').innerText()).toBe('SOUS EMBARGO JUSQU’AU 20 mars 2099 à 09:00 UTC−4 (2099-03-20 13:00 UTC)')
    expect(await page.locator('meta[name=robots]').getAttribute('content')).toBe('noindex')
    expect(await axeViolations(page, 'preview', {help: true})).toEqual([])

    // The draft's page, then its source edited: the open tab shows the new title by itself.
    await page.goto(new URL('en/2026-03-14-consular-hours/', serving.url).href)
    expect(await page.locator('.press-preview-banner').innerText()).toBe('DRAFT: not published')
    expect(await page.locator('h1').innerText()).toBe('Consular hours extended')
    const source = join(root, 'releases/2026-03-14-consular-hours/en.md')
    await writeFile(source, draft['en.md'].replace('Consular hours extended', 'Consular hours extended to Saturdays'))
    await expect.poll(() => page.locator('h1').innerText(), {timeout: 20_000}).toBe('Consular hours extended to Saturdays')
    // The page first, by itself; the news list with the full build that follows.
    await settledOn(page, serving)
    expect(await (await fetch(new URL('en/', serving.url))).text()).toContain('Consular hours extended to Saturdays')

    // A mistake: the tab shows where it is instead of the page; fixed, the page comes back.
    await writeFile(source, draft['en.md'].replace('date: 2026-03-14', 'date: 2026-02-30'))
    await expect.poll(() => page.locator('main').innerText(), {timeout: 20_000}).toContain('releases/2026-03-14-consular-hours/en.md:3:7 error')
    await settledOn(page, serving)
    expect(await page.locator('main').innerText()).toContain('releases/2026-03-14-consular-hours/en.md:3:7 error')
    expect(await axeViolations(page, 'preview', {help: true})).toEqual([])
    await writeFile(source, draft['en.md'])
    await expect.poll(() => page.locator('h1').innerText(), {timeout: 20_000}).toBe('Consular hours extended')
    await settledOn(page, serving)

    // All three outputs side by side, the email as read back from its .eml.
    await page.goto(new URL('_press/view/fr/2026-03-14-consular-hours/', serving.url).href)
    const text = page.frameLocator('iframe[title^="Print-ready text"]')
    await expect.poll(() => text.locator('body').innerText()).toMatch(/^\*\*\* BROUILLON\u00a0: non publié \*\*\*\n\n/)
    const email = page.frameLocator('iframe[title^="Email"]')
    await expect.poll(() => email.locator('dl').innerText()).toContain('BROUILLON\u00a0: non publié — Horaires consulaires élargis')
    await expect.poll(() => email.frameLocator('iframe').locator('.press-preview-banner').innerText()).toBe('BROUILLON\u00a0: non publié')
    // The email loads nothing from the public site, where a release not yet public is not: its links and images point into the preview.
    const body = await (await fetch(new URL('_press/email/fr/2026-03-14-consular-hours/body', serving.url))).text()
    expect(body).not.toMatch(/(src|href)="https:\/\/press\.example\.org\/news\//)
    expect(body).toContain('href="/fr/2026-03-14-consular-hours/"')
    expect(await page.frameLocator('iframe[title^="Web page"]').locator('h1').innerText()).toBe('Horaires consulaires élargis')
    expect(await axeViolations(page, 'preview', {help: true})).toEqual([])

    // Nothing was written where the site is published from.
    expect(existsSync(join(root, 'output'))).toBe(false)

    // Ctrl-C: it stops by itself, cleanly.
    serving.process.kill('SIGINT')
    expect(await serving.exited).toBe(0)
    expect(serving.output).toContain('Stopped.')
  })

  it('should show each release’s PDF beside its other outputs, marked like them', async () => {
    root = await temporaryFolder()
    await writeFile(join(root, 'newsroom.yaml'), `${settings}pdf: true\n`)
    await writeReleases(root, {'2026-03-14-consular-hours/en.md': draft['en.md']})
    serving = await startServe(root)
    const dashboard = await (await fetch(serving.url)).text()
    expect(dashboard).toContain('<a href="/en/2026-03-14-consular-hours/release.pdf" aria-label="PDF of 2026-03-14-consular-hours in English">PDF</a>')
    expect(await (await fetch(new URL('_press/view/en/2026-03-14-consular-hours/', serving.url))).text()).toContain('<iframe src="/en/2026-03-14-consular-hours/release.pdf" title="PDF of 2026-03-14-consular-hours in English"></iframe>')
    const pdf = await fetch(new URL('en/2026-03-14-consular-hours/release.pdf', serving.url))
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const file = join(root, 'draft.pdf')
    await writeFile(file, Buffer.from(await pdf.arrayBuffer()))
    // A draft's PDF says so where the public one has its release line.
    const text = execFileSync('pdftotext', [file, '-'], {encoding: 'utf8'})
    expect(text).toContain('DRAFT: not published')
    expect(text).not.toContain('FOR IMMEDIATE RELEASE')
  }, 60_000)

  it('should refuse a port in use with a plain message', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as {port: number}).port
    try {
      const root = await temporaryFolder()
      await writeFile(join(root, 'newsroom.yaml'), settings)
      const result = await runPress(['serve', '--root', root, '--port', String(port)])
      expect(result.code).toBe(1)
      expect(result.stderr).toBe(`press serve: port ${port} on 127.0.0.1 is in use, by another press serve or another program: stop it, or choose another port with --port ${port + 1}\n`)
    } finally {
      taken.close()
    }
  })
})
