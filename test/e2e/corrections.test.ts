// Corrections and withdrawals, as a press office issues them: a corrected
// release says so, dated, in every output and is a new email; a withdrawn one
// keeps its page with the reason and leaves every list.
import {cp, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {describe, expect, it} from 'vitest'
import {emailHtmlProblems, htmlProblems, press, projectRoot, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const now = '2026-04-01T12:00:00Z'

async function newsroom(releases: Record<string, string>) {
  const root = await temporaryFolder()
  await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
  await writeReleases(root, releases)
  return root
}

const corrected = releaseText(
  'title: Consular hours\ndate: 2026-03-02\nupdated: 2026-03-15T10:00:00-04:00\nchanges:\n  - date: 2026-03-15T10:00:00-04:00\n    note: The Saturday opening starts in April, not March.',
  'The consular section opens on Saturdays.'
)
const withdrawn = releaseText('title: Gala evening\ndate: 2026-03-05\nstatus: withdrawn\nwithdrawn:\n  date: 2026-03-20T09:30:00-04:00\n  reason: The gala has been cancelled.', 'A gala evening for the national day.')

describe('a corrected release', () => {
  it('should say when it was updated and what changed, on the page, in the text, the feed, the sitemap and a new email', async () => {
    const root = await newsroom({
      '2026-03-02-hours/en.md': corrected,
      '2026-03-02-hours/fr.md': releaseText('title: Heures consulaires\ndate: 2026-03-02\nupdated: 2026-03-15T10:00:00-04:00\nchanges:\n  - date: 2026-03-15T10:00:00-04:00\n    note: L’ouverture du samedi commence en avril.', 'La section consulaire ouvre le samedi.')
    })
    const out = join(root, 'site')
    expect((await press(['build', '--out', out, '--now', now], root)).code).toBe(0)
    const files = await readTree(out)
    const page = files.get('en/2026-03-02-hours/index.html')!
    expect(page).toContain('<time datetime="2026-03-02">March 2, 2026</time><span class="updated"><time datetime="2026-03-15T14:00:00.000Z">Updated March 15, 2026 at 10:00 EDT</time></span>')
    expect(page).toMatch(/<h2 id="changes-heading">Changes to this release<\/h2>\s*<ul>\s*<li><time datetime="2026-03-15T14:00:00.000Z">March 15, 2026 at 10:00 EDT<\/time>, The Saturday opening starts in April, not March\.<\/li>/)
    expect(files.get('fr/2026-03-02-hours/index.html')).toContain('Mis à jour le 15 mars 2026 à 10:00 UTC−4')
    expect(await htmlProblems(page, 'corrected')).toEqual([])

    const text = files.get('en/2026-03-02-hours/release.txt')!
    expect(text).toContain('March 2, 2026\nUpdated March 15, 2026 at 10:00 EDT\n')
    expect(text).toMatch(/###\n\nAbout the Embassy\n[^]*\n\nChanges to this release\nMarch 15, 2026 at 10:00 EDT, The Saturday opening starts in April, not\nMarch\.\n\n--\n/)

    const feed = files.get('en/feed.xml')!
    expect(feed).toContain('<published>2026-03-02T05:00:00Z</published>\n<updated>2026-03-15T14:00:00Z</updated>')
    expect(files.get('sitemap.xml')).toContain('<loc>https://embassy.example.org/news/en/2026-03-02-hours/</loc>\n<lastmod>2026-03-15T14:00:00Z</lastmod>')

    const mail = await simpleParser(Buffer.from(files.get('en/2026-03-02-hours/release.eml')!, 'utf8'))
    expect(mail.subject).toBe('Correction: Consular hours')
    expect(mail.messageId).toBe(`<2026-03-02-hours.en.${Date.parse('2026-03-15T14:00:00Z')}@embassy.example.org>`)
    expect(mail.text).toContain('Updated March 15, 2026 at 10:00 EDT')
    expect(mail.html).toContain('The Saturday opening starts in April, not March.')
    expect(await emailHtmlProblems(files.get('en/2026-03-02-hours/email.html')!, 'corrected email')).toEqual([])
    expect((await simpleParser(Buffer.from(files.get('fr/2026-03-02-hours/release.eml')!, 'utf8'))).subject).toBe('Rectificatif\u00a0: Heures consulaires')
  })
})

describe('a withdrawn release', () => {
  it('should keep its page with the notice and the reason, noindex, and leave lists, feeds and the sitemap', async () => {
    const root = await newsroom({'2026-03-05-gala/en.md': withdrawn, '2026-03-06-visit/en.md': releaseText('title: State visit\ndate: 2026-03-06\ncategory: culture')})
    const out = join(root, 'site')
    expect((await press(['build', '--out', out, '--now', now], root)).code).toBe(0)
    const files = await readTree(out)
    const page = files.get('en/2026-03-05-gala/index.html')!
    expect(page).toContain('<meta name="robots" content="noindex">')
    expect(page).toMatch(/<section class="withdrawn-notice" role="note" aria-labelledby="withdrawn-heading">\s*<h2 id="withdrawn-heading">This release was withdrawn on March 20, 2026 at 09:30 EDT\.<\/h2>\s*<p>The gala has been cancelled\.<\/p>/)
    expect(await htmlProblems(page, 'withdrawn')).toEqual([])
    expect(files.get('en/2026-03-05-gala/release.txt')).toContain('*** This release was withdrawn on March 20, 2026 at 09:30 EDT. ***\nThe gala has been cancelled.\n')
    for (const path of ['en/index.html', 'en/feed.xml', 'sitemap.xml']) {
      expect(files.get(path), path).not.toContain('2026-03-05-gala')
      expect(files.get(path), path).toContain('2026-03-06-visit')
    }
    expect(files.get('en/2026-03-06-visit/index.html')).not.toContain('name="robots"')
    const checked = JSON.parse((await press(['check', '--now', now, '--format', 'json'], root)).stdout)
    expect(checked.translations).toContainEqual(expect.objectContaining({id: '2026-03-05-gala', languages: expect.objectContaining({en: {status: 'withdrawn'}})}))
  })

  it('should place a withdrawal without its reason, a reason without the status, and a correction date that is not one', async () => {
    const root = await newsroom({
      '2026-03-05-gala/en.md': releaseText('title: Gala evening\ndate: 2026-03-05\nstatus: withdrawn'),
      '2026-03-06-visit/en.md': releaseText('title: State visit\ndate: 2026-03-06\nwithdrawn:\n  date: 2026-03-20T09:30:00-04:00\n  reason: Cancelled.'),
      '2026-03-07-hours/en.md': releaseText('title: Hours\ndate: 2026-03-07\nupdated: 2026-02-30T10:00:00-04:00')
    })
    const result = await press(['check', '--now', now], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/2026-03-05-gala\/en\.md\n4:9-4:18\s+error\s+A withdrawn release says when and why: add `withdrawn:` with `date:` \(date, time and offset\) and `reason:` \(one line\) below it/)
    expect(result.stderr).toMatch(/2026-03-06-visit\/en\.md\n5:3-6:21\s+error\s+`withdrawn` is given but the release is not withdrawn: set `status: withdrawn`, or remove `withdrawn`/)
    expect(result.stderr).toMatch(/2026-03-07-hours\/en\.md\n4:10-4:35\s+error\s+`updated` is not valid: .*2026-02 has no day 30/)
    expect(await readFile(join(root, 'releases/2026-03-05-gala/en.md'), 'utf8')).toContain('status: withdrawn')
  })
})
