// press bulletin: one message per language gathering its releases in a range.
import {existsSync} from 'node:fs'
import {lstat, mkdir, readFile, readdir, symlink} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {describe, expect, it} from 'vitest'
import {emailHtmlProblems, fixture, press, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

/** Builds the site a bulletin links to. */
async function built(out: string, ...options: string[]) {
  expect((await press(['build', '--out', out, ...options])).code).toBe(0)
}

describe('press bulletin', () => {
  it('should gather the published releases of the range, newest first, with a plural subject', async () => {
    const out = join(await temporaryFolder(), 'site')
    await built(out)
    const result = await press(['bulletin', '--lang', 'en', '--since', '2026-04-01', '--until', '2026-06-30', '--out', out, '--now', '2026-11-24T12:00:00Z'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Wrote a bulletin of 3 releases dated 2026-04-01 to 2026-06-30:')
    const mail = await simpleParser(await readFile(join(out, 'en/bulletins/2026-06-30.eml')))
    expect(mail.subject).toBe('Embassy of the Republic of Aurelia: 3 new releases')
    expect(mail.messageId).toBe('<bulletin.en.2026-04-01.2026-06-30@embassy.example.org>')
    const text = await readFile(join(out, 'en/bulletins/2026-06-30.txt'), 'utf8')
    // The message's text is the bulletin's, then why the reader gets it and where to unsubscribe, as at the HTML's foot.
    expect(mail.text).toBe(`${text.trimEnd()}\n\nYou receive this message because you subscribed to news from the Embassy\nof the Republic of Aurelia.\nUnsubscribe\nhttps://embassy.example.org/news/unsubscribe\n`)
    expect(text).toContain('3 releases were published between April 1, 2026 and June 30, 2026.')
    const order = ['Minister of Trade', 'Applications open', 'Aurelian Spring'].map((title) => text.indexOf(title))
    expect(order.every((place) => place > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(text).not.toContain('Consular section')
    expect(text).toContain('https://embassy.example.org/news/en/2026-05-06-graduate-scholarships/')
    const html = await readFile(join(out, 'en/bulletins/2026-06-30.html'), 'utf8')
    expect(mail.html).toBe(html)
    expect(html).toContain('<a href="https://embassy.example.org/news/en/2026-06-10-trade-delegation-visit/"')
    expect(await emailHtmlProblems(html, 'bulletin')).toEqual([])
  })

  it('should gather one topic with --category, its subject and header naming it, and refuse a category there is not', async () => {
    const out = join(await temporaryFolder(), 'site')
    await built(out)
    const result = await press(['bulletin', '--lang', 'fr', '--category', 'culture', '--since', '2026-01-01', '--until', '2026-06-30', '--out', out, '--now', '2026-11-24T12:00:00Z'])
    expect(result.code).toBe(0)
    const mail = await simpleParser(await readFile(join(out, 'fr/bulletins/2026-06-30-culture.eml')))
    expect(mail.subject).toBe('Ambassade de la République d’Aurélie (Culture)\u00a0: 1 nouveau communiqué')
    expect(mail.text).toMatch(/^Ambassade de la République d’Aurélie\r?\nCulture\r?\n/)
    expect(mail.text).toContain('Printemps aurélien')
    expect(mail.text).not.toContain('bourses')
    // Written again by the next build, still of its topic only.
    await built(out)
    expect((await simpleParser(await readFile(join(out, 'fr/bulletins/2026-06-30-culture.eml')))).subject).toBe(mail.subject)
    const unknown = await press(['bulletin', '--lang', 'fr', '--category', 'sport', '--out', out])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toBe('press bulletin: `sport` is not a category of the newsroom: choose among embassy-news, consular-affairs, culture, education\n')
  })

  it('should write a bulletin in every language at once when no --lang is given, each in its own language', async () => {
    const out = join(await temporaryFolder(), 'site')
    await built(out)
    const result = await press(['bulletin', '--since', '2026-01-01', '--until', '2026-06-30', '--out', out, '--now', '2026-11-24T12:00:00Z'])
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')[0]).toBe('Wrote 6 bulletins of releases dated 2026-01-01 to 2026-06-30 (en: 4, fr: 4, zh: 4, ar: 1, ru: 1, es: 1):')
    const subjects = await Promise.all(['en', 'fr', 'zh', 'ar', 'ru', 'es'].map(async (lang) => {
      const mail = await simpleParser(await readFile(join(out, lang, 'bulletins/2026-06-30.eml')))
      expect(mail.headers.get('content-language'), lang).toBe(lang)
      return mail.subject
    }))
    expect(subjects).toEqual(['Embassy of the Republic of Aurelia: 4 new releases', 'Ambassade de la République d’Aurélie\u00a0: 4 nouveaux communiqués', '奥雷利亚共和国驻加拿大大使馆：4篇新新闻稿', 'سفارة جمهورية أوريليا لدى كندا: بيان جديد', 'Посольство Республики Аурелия: 1 новый пресс-релиз', 'Embajada de la República de Aurelia: 1 comunicado nuevo'])
    // Every one of them is written again by the next build.
    await built(out)
    for (const lang of ['en', 'fr', 'zh', 'ar', 'ru', 'es']) expect(existsSync(join(out, lang, 'bulletins/2026-06-30.eml')), lang).toBe(true)
    // A range with releases in some languages only writes those, and says which had none.
    const some = await press(['bulletin', '--lang', 'en,ar', '--since', '2026-06-01', '--until', '2026-06-30', '--out', out, '--now', '2026-11-24T12:00:00Z'])
    expect(some.stdout).toMatch(/^No published ar releases dated 2026-06-01 to 2026-06-30: no bulletin written\.\nWrote a bulletin of \d+ releases? dated 2026-06-01 to 2026-06-30:\n {2}\S+en\/bulletins\/2026-06-30\.txt\n/)
  })

  it('should use the singular and each language’s plural forms', async () => {
    const out = join(await temporaryFolder(), 'site')
    await built(out)
    await press(['bulletin', '--lang', 'en', '--since', '2026-03-01', '--until', '2026-03-31', '--out', out])
    expect((await simpleParser(await readFile(join(out, 'en/bulletins/2026-03-31.eml')))).subject).toBe('Embassy of the Republic of Aurelia: 1 new release')
    await press(['bulletin', '--lang', 'ar', '--since', '2026-01-01', '--until', '2026-11-30', '--out', out, '--now', '2026-11-30T00:00:00Z'])
    const arabic = await simpleParser(await readFile(join(out, 'ar/bulletins/2026-11-30.eml')))
    expect(arabic.subject).toBe('سفارة جمهورية أوريليا لدى كندا: بيان جديد')
    expect(arabic.html).toContain('<html lang="ar" dir="rtl" data-script="Arab" data-emphasis="weight">')
  })

  it('should leave out embargoed and draft releases', async () => {
    const out = join(await temporaryFolder(), 'site')
    await built(out, '--root', fixture('embargo'), '--now', '2026-03-14T13:59:59Z')
    const result = await press(['bulletin', '--lang', 'en', '--root', fixture('embargo'), '--since', '2026-03-01', '--until', '2026-03-31', '--out', out, '--now', '2026-03-14T13:59:59Z'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Wrote a bulletin of 2 releases')
    for (const [path, text] of await readTree(out)) {
      expect(text, path).not.toMatch(/EMBARGO-MARKER|DRAFT-MARKER|2026-03-10-embargoed|2026-03-11-draft/)
    }
  })

  it('should say so and write nothing for a range with no releases', async () => {
    const out = join(await temporaryFolder(), 'site')
    const result = await press(['bulletin', '--lang', 'zh', '--since', '2027-01-01', '--until', '2027-01-31', '--out', out])
    expect(result).toEqual({code: 0, stdout: 'No published zh releases dated 2027-01-01 to 2027-01-31: no bulletin written.\n', stderr: ''})
    await expect(readTree(out)).rejects.toThrow()
  })

  it('should survive the next build of the site', async () => {
    const out = join(await temporaryFolder(), 'site')
    await press(['build', '--out', out])
    await press(['bulletin', '--lang', 'fr', '--since', '2026-03-01', '--until', '2026-06-30', '--out', out])
    expect((await press(['build', '--out', out])).code).toBe(0)
    const files = await readTree(out)
    expect(files.has('fr/bulletins/2026-06-30.eml')).toBe(true)
    // French writes the first of the month as an ordinal.
    expect(files.get('fr/bulletins/2026-06-30.txt')).toContain('4 communiqués ont été publiés entre le 1er mars 2026 et le 30 juin 2026.')
  })

  it('should refuse a language the site does not have, and dates that are not dates', async () => {
    const wrongLanguage = await press(['bulletin', '--lang', 'de', '--out', join(await temporaryFolder(), 'site')])
    expect(wrongLanguage.code).toBe(2)
    expect(wrongLanguage.stderr).toBe("press bulletin: `de` is not one of the site's languages: choose among en, fr, zh, ar, ru, es\n")
    const reversed = await press(['bulletin', '--lang', 'en', '--since', '2026-03-10', '--until', '2026-03-01'])
    expect(reversed.code).toBe(2)
    expect(reversed.stderr).toBe('press bulletin: --since 2026-03-10 is after --until 2026-03-01: give the earlier date first\n')
    const wrongDate = await press(['bulletin', '--lang', 'en', '--since', '2026-02-30'])
    expect(wrongDate.code).toBe(2)
    expect(wrongDate.stderr).toContain('2026-02-30 is not a date: 2026-02 has no day 30')
  })
})

describe('bulletins across builds', () => {
  const bulletin = (root: string, out: string) => press(['bulletin', '--root', root, '--out', out, '--lang', 'en', '--since', '2026-03-01', '--until', '2026-03-31', '--now', '2026-04-01T00:00:00Z'])
  const rebuild = async (root: string, out: string) => expect((await press(['build', '--root', root, '--out', out, '--now', '2026-04-01T00:00:00Z'])).code).toBe(0)

  it('should list only what is public now: a release made a draft leaves it, and an empty bulletin goes', async () => {
    const root = await temporaryFolder()
    const out = join(root, 'output')
    await writeReleases(root, {
      '2026-03-02-first/en.md': releaseText('title: First release\ndate: 2026-03-02'),
      '2026-03-03-second/en.md': releaseText('title: Second release\ndate: 2026-03-03')
    })
    await rebuild(root, out)
    expect((await bulletin(root, out)).code).toBe(0)
    expect(await readFile(join(out, 'en/bulletins/2026-03-31.txt'), 'utf8')).toMatch(/First release[^]*Second release|Second release[^]*First release/)

    await writeReleases(root, {'2026-03-02-first/en.md': releaseText('title: First release\ndate: 2026-03-02\nstatus: draft')})
    await rebuild(root, out)
    const text = await readFile(join(out, 'en/bulletins/2026-03-31.txt'), 'utf8')
    expect(text).toContain('Second release')
    expect(text).not.toContain('First release')
    expect((await simpleParser(await readFile(join(out, 'en/bulletins/2026-03-31.eml')))).subject).toBe('Embassy of the Republic of Aurelia: 1 new release')

    await writeReleases(root, {'2026-03-03-second/en.md': releaseText('title: Second release\ndate: 2026-03-03\nembargo: 2026-05-01T09:00:00-04:00')})
    await rebuild(root, out)
    const files = await readTree(out)
    expect([...files.keys()].filter((path) => path.includes('bulletins'))).toEqual([])
    for (const [path, content] of files) expect(content, path).not.toMatch(/First release|Second release/)
  })

  it('should keep a bulletin’s Date across builds, so that the same input gives the same bytes', async () => {
    const root = await temporaryFolder()
    const out = join(root, 'output')
    await writeReleases(root, {'2026-03-02-first/en.md': releaseText('title: First release\ndate: 2026-03-02')})
    await rebuild(root, out)
    await bulletin(root, out)
    const written = await readFile(join(out, 'en/bulletins/2026-03-31.eml'))
    expect((await press(['build', '--root', root, '--out', out, '--now', '2026-06-01T00:00:00Z'])).code).toBe(0)
    expect(await readFile(join(out, 'en/bulletins/2026-03-31.eml'))).toEqual(written)
  })

  it('should find the problems a build finds, in every language, and write nothing', async () => {
    const root = await temporaryFolder()
    const out = join(root, 'output')
    await writeReleases(root, {'2026-03-02-first/en.md': releaseText('title: First release\ndate: 2026-03-02')})
    await rebuild(root, out)
    const before = await readTree(out)
    await writeReleases(root, {'2026-03-03-broken/fr.md': releaseText('title: Cassé\ndate: 2026-02-30')})
    const result = await bulletin(root, out)
    const checked = await press(['check', '--root', root, '--now', '2026-04-01T00:00:00Z'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/2026-03-03-broken\/fr\.md\n\s*3:7-3:17\s+error\s+`date` is not valid/)
    expect(checked.stderr).toContain(result.stderr.slice(0, result.stderr.indexOf('press bulletin:')))
    expect(await readTree(out)).toEqual(before)
  })

  it('should say that a bulletin needs a site to link to', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {'2026-03-02-first/en.md': releaseText('title: First release\ndate: 2026-03-02')})
    const result = await bulletin(root, join(root, 'output'))
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('there is no site in')
    expect(result.stderr).toContain('run press build first')
  })

  it('should refuse a release whose id is a folder the site uses for itself', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {'bulletins/en.md': releaseText('title: Not a release id\ndate: 2026-03-02')})
    const result = await press(['build', '--root', root, '--now', '2026-04-01T00:00:00Z'], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/releases\/bulletins\n\s*error\s+`bulletins` is a name the site uses for its own pages/)
  })

  it('should never follow a link planted inside the output', async () => {
    const root = await temporaryFolder()
    const out = join(root, 'output')
    const elsewhere = join(root, 'elsewhere')
    await mkdir(elsewhere)
    await writeReleases(root, {'2026-03-02-first/en.md': releaseText('title: First release\ndate: 2026-03-02')})
    await rebuild(root, out)
    await symlink(elsewhere, join(out, 'en', 'bulletins'))
    expect((await bulletin(root, out)).code).toBe(0)
    expect(await readdir(elsewhere)).toEqual([])
    expect((await lstat(join(out, 'en', 'bulletins'))).isDirectory()).toBe(true)
    expect(existsSync(join(out, 'en/bulletins/2026-03-31.eml'))).toBe(true)
  })
})
