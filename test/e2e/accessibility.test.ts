// The published site as a reader with a screen reader or a keyboard meets
// it: axe-core, in Debian's chromium through playwright-core, finds nothing
// to fix on every kind of page: a release with a photo, downloads, notes and
// a correction, a withdrawn one, a news list, a topic, the chooser.
import {cp, mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser} from 'playwright-core'
import sharp from 'sharp'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {press, projectRoot, releaseText, temporaryFolder, writeReleases} from '../helpers.js'
import {axeViolations, launchChromium} from '../browser.js'

let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

describe('the published site, read by axe-core in a browser', () => {
  it('should have nothing to fix on any kind of page, in a left-to-right and a right-to-left language', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    await mkdir(join(root, 'media'))
    await cp(join(projectRoot, 'media', 'crest.svg'), join(root, 'media', 'crest.svg'))
    const festival = '2026-03-02-festival'
    const body = '![The main stage at night](photos/stage.jpg)\n\nRead [the programme](programme.pdf).'
    const extra = '\ncategory: culture\nimage:\n  src: photos/stage.jpg\n  alt: Dancers on the main stage\n  caption: The opening night.\n  credit: Jane Doe\nupdated: 2026-03-03T10:00:00-05:00\nchanges:\n  - date: 2026-03-03T10:00:00-05:00\n    note: The venue has changed.\nnotes:\n  - The festival is free.'
    await writeReleases(root, {
      [`${festival}/en.md`]: releaseText(`title: Festival of the regions${extra}\ndate: 2026-03-02\nsummary: Three days of music and dance.`, body),
      [`${festival}/ar.md`]: releaseText(`title: مهرجان الأقاليم${extra.replace('Dancers on the main stage', 'راقصون على المسرح الرئيسي').replace('The opening night.', 'ليلة الافتتاح.').replace('The venue has changed.', 'تغيّر المكان.').replace('The festival is free.', 'الدخول مجاني.')}\ndate: 2026-03-02`, body.replace('The main stage at night', 'المسرح الرئيسي ليلًا').replace('Read [the programme]', 'اقرأ [البرنامج]')),
      '2026-03-05-gala/en.md': releaseText('title: Gala evening\ndate: 2026-03-05\nstatus: withdrawn\nwithdrawn:\n  date: 2026-03-04T09:00:00-05:00\n  reason: The gala has been cancelled.', 'A gala evening.')
    })
    await mkdir(join(root, 'releases', festival, 'photos'))
    await sharp({create: {width: 1200, height: 800, channels: 3, background: '#2a4d69'}}).jpeg().toFile(join(root, 'releases', festival, 'photos', 'stage.jpg'))
    await writeFile(join(root, 'releases', festival, 'programme.pdf'), '%PDF-1.4\n')
    const out = join(root, 'site')
    expect((await press(['build', '--out', out, '--now', '2026-04-01T12:00:00Z'], root)).code).toBe(0)

    const page = await browser.newPage()
    const found: string[] = []
    for (const path of ['index.html', 'en/index.html', 'ar/index.html', 'en/category/culture/index.html', `en/${festival}/index.html`, `ar/${festival}/index.html`, 'en/2026-03-05-gala/index.html']) {
      await page.goto(pathToFileURL(join(out, path)).href)
      found.push(...(await axeViolations(page, path)))
    }
    expect(found).toEqual([])
    // The photo is there, not a broken image.
    await page.goto(pathToFileURL(join(out, `en/${festival}/index.html`)).href)
    expect(await page.locator('.lead-image img').evaluate((image) => (image as unknown as {naturalWidth: number}).naturalWidth)).toBeGreaterThan(0)
  })

  it('should have nothing to fix on the sample’s Russian and Spanish pages', async () => {
    const out = join(await temporaryFolder(), 'site')
    expect((await press(['build', '--out', out, '--now', '2026-11-24T12:00:00Z'])).code).toBe(0)
    const page = await browser.newPage()
    const found: string[] = []
    for (const lang of ['ru', 'es']) {
      for (const path of [`${lang}/index.html`, `${lang}/category/culture/index.html`, `${lang}/2026-04-18-spring-culture-festival/index.html`]) {
        await page.goto(pathToFileURL(join(out, path)).href)
        found.push(...(await axeViolations(page, path)))
      }
    }
    expect(found).toEqual([])
    await page.close()
  })
})
