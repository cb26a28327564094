// A rebuild takes the files of unchanged translations from the previous build
// instead of rendering them again; whatever changed between the two, it must
// write exactly the bytes a cold build of the same input writes.
import {existsSync} from 'node:fs'
import {cp, lstat, mkdir, open, readFile, readdir, realpath, rm, symlink, writeFile} from 'node:fs/promises'
import {join, relative} from 'node:path'
import nunjucks from 'nunjucks'
import {describe, expect, it, vi} from 'vitest'
import {execFileSync} from 'node:child_process'
import {build} from '../../pipeline/engine/build.js'
import type {VFile} from 'vfile'
import {reportText} from '../../pipeline/commands/report.js'
import {press, projectRoot, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const beforeEmbargo = '2026-03-05T13:59:59Z'
const afterEmbargo = '2026-03-05T14:00:00Z'

const releases = {
  '2026-03-02-public/en.md': releaseText('title: Public\ndate: 2026-03-02', 'See [the visit](../2026-03-05-secret/) and [the fair](../2026-03-03-fair/).'),
  '2026-03-02-public/fr.md': releaseText('title: Public\ndate: 2026-03-02', 'Voir [la visite](../2026-03-05-secret/).'),
  '2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03', 'The fair opens on Monday.'),
  '2026-03-03-fair/fr.md': releaseText('title: Salon du livre\ndate: 2026-03-03', 'Le salon ouvre lundi.'),
  '2026-03-05-secret/en.md': releaseText('title: Secret visit\ndate: 2026-03-05\nembargo: 2026-03-05T09:00:00-05:00'),
  '2026-03-05-secret/fr.md': releaseText('title: Visite secrète\ndate: 2026-03-05\nembargo: 2026-03-05T09:00:00-05:00')
}

/** The names of the entries of fragments in the newsroom's cache: not the pages' texts kept for the feeds, nor the builds' records. */
async function cacheEntries(root: string): Promise<string[]> {
  const folder = join(root, '.communique-cache')
  const names = []
  for (const name of await readdir(folder, {recursive: true})) {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}\.json$/.test(name)) continue
    if (!/^[0-9a-f]{64}\n(\{\}|\{"body":)/.test(await readFile(join(folder, name), 'utf8'))) names.push(name)
  }
  return names.sort()
}

/**
 * Rebuilds `root` into its own output, then builds it cold into a fresh
 * folder, and expects the same files and messages; resolves to the files
 * and the paths the rebuild rendered rather than took from a previous build.
 */
async function rebuildMatchesCold(root: string, now: string) {
  const live = existsSync(join(root, 'output')) ? await realpath(join(root, 'output')) : undefined
  const before = live && (await readTree(live))
  const incremental = await build({root, out: join(root, 'output'), now: new Date(now), cwd: root, workers: 0})
  expect(incremental.ok, report(incremental.files)).toBe(true)
  const cold = join(await temporaryFolder(), 'cold')
  const fresh = await build({root, out: cold, now: new Date(now), cwd: root, cache: false, workers: 0})
  expect(fresh.ok).toBe(true)
  expect(report(incremental.files)).toBe(report(fresh.files))
  const written = await readTree(join(root, 'output'))
  expect([...written.keys()]).toEqual([...(await readTree(cold)).keys()])
  expect(written).toEqual(await readTree(cold))
  // No folder left behind either: an empty folder of a release held back again would still show its name.
  expect(await foldersOf(join(root, 'output'))).toEqual(await foldersOf(cold))
  // Built in the build before last, changing only what differs, never writing through a file shared with the site it replaced,
  // which is kept beside it as it was, and alone.
  if (live) expect(await readTree(live)).toEqual(before)
  expect((await readdir(join(root, '.output.builds'))).length).toBeLessThanOrEqual(2)
  return Object.assign(written, {rendered: new Set(incremental.rendered)})
}

const report = (files: VFile[]) => reportText(files)

async function foldersOf(folder: string): Promise<string[]> {
  const real = await realpath(folder)
  return (await readdir(real, {recursive: true, withFileTypes: true})).filter((entry) => entry.isDirectory()).map((entry) => relative(real, join(entry.parentPath, entry.name))).sort()
}

describe('a rebuild into the previous output', () => {
  it('should parse and render nothing again after the newsroom, its cache and its output move to another folder, as on a CI runner', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, releases)
    // A newsroom of its own settings, naming its own crest, whose address changes with the folder.
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    await cp(join(projectRoot, 'media'), join(root, 'media'), {recursive: true})
    expect((await build({root, out: join(root, 'output'), now: new Date(afterEmbargo), cwd: root, workers: 0})).ok).toBe(true)
    const moved = join(await temporaryFolder(), 'elsewhere')
    execFileSync('cp', ['-a', root, moved])
    const again = await build({root: moved, out: join(moved, 'output'), now: new Date(afterEmbargo), cwd: moved, workers: 0})
    expect(again.ok).toBe(true)
    expect(again.parsed).toBe(0)
    // Taken from the previous build, not rendered again.
    expect(again.rendered).toEqual([])
  })

  it('should inline the email bodies again, and parse no release, when only the house email changes', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, releases)
    const options = {root, out: join(root, 'output'), now: new Date(afterEmbargo), cwd: root, workers: 0}
    expect((await build(options)).parsed).toBe(6)
    const layout = (await readFile(join(projectRoot, 'templates', 'email', 'layout.njk'), 'utf8')).replace('</style>', 'p { letter-spacing: 0.01em; }\n</style>')
    expect(layout).toContain('letter-spacing')
    await mkdir(join(root, 'templates', 'email'), {recursive: true})
    await writeFile(join(root, 'templates', 'email', 'layout.njk'), layout)
    const again = await build(options)
    expect(again.ok).toBe(true)
    expect(again.parsed).toBe(0)
    expect(await readFile(join(root, 'output', 'en', '2026-03-03-fair', 'email.html'), 'utf8')).toMatch(/<p style="[^"]*letter-spacing: 0\.01em[^"]*">The fair opens on Monday\.<\/p>/)
    // The same in worker threads, which inline what the cache holds for another frame.
    await writeFile(join(root, 'templates', 'email', 'layout.njk'), layout.replace('0.01em', '0.02em'))
    const threaded = await build({...options, workers: 2})
    expect(threaded.parsed).toBe(0)
    expect(await readFile(join(root, 'output', 'en', '2026-03-03-fair', 'email.html'), 'utf8')).toMatch(/<p style="[^"]*letter-spacing: 0\.02em[^"]*">The fair opens on Monday\.<\/p>/)
    await rebuildMatchesCold(root, afterEmbargo)
  })

  it('should write what a cold build writes, through embargoes lifting, edits, drafts, templates and UI strings', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, releases)

    let site = await rebuildMatchesCold(root, beforeEmbargo)
    expect(site.get('en/2026-03-02-public/index.html')).not.toContain('2026-03-05-secret')

    // The embargo lifts: the secret release appears, and the page linking to it links.
    site = await rebuildMatchesCold(root, afterEmbargo)
    expect(site.get('en/2026-03-02-public/index.html')).toContain('<a href="../2026-03-05-secret/">the visit</a>')
    // A page whose inputs did not change is the previous build's file, not rendered again.
    expect(site.rendered).not.toContain('en/2026-03-03-fair/index.html')
    expect(site.rendered).toContain('en/2026-03-02-public/index.html')

    await writeReleases(root, {'2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03', 'The fair opens on Tuesday.')})
    site = await rebuildMatchesCold(root, afterEmbargo)
    expect(site.get('en/2026-03-03-fair/index.html')).toContain('The fair opens on Tuesday.')
    expect(site.get('en/2026-03-03-fair/release.txt')).toContain('The fair opens on Tuesday.')

    // A draft leaves the site, and the links to it leave the pages that were not edited.
    await writeReleases(root, {'2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03\nstatus: draft', 'The fair opens on Tuesday.')})
    site = await rebuildMatchesCold(root, afterEmbargo)
    expect(site.has('en/2026-03-03-fair/index.html')).toBe(false)
    expect(site.get('en/2026-03-02-public/index.html')).not.toContain('2026-03-03-fair')
    // …and the French translation, left alone, now has no English version to switch to.
    expect(site.get('fr/2026-03-03-fair/index.html')).not.toContain('hreflang="en"')

    await mkdir(join(root, 'templates'))
    await writeFile(join(root, 'templates', 'release.njk'), (await readFile(join(projectRoot, 'templates', 'release.njk'), 'utf8')).replace('<article class="release">', '<article class="release changed">'))
    site = await rebuildMatchesCold(root, afterEmbargo)
    expect(site.get('fr/2026-03-03-fair/index.html')).toContain('<article class="release changed">')
    // The page's template made the pages again; the texts, which no template makes, are the previous build's.
    expect(site.rendered).toContain('fr/2026-03-03-fair/index.html')
    expect(site.rendered).not.toContain('fr/2026-03-03-fair/release.txt')

    await cp(join(projectRoot, 'locales'), join(root, 'locales'), {recursive: true})
    const strings = join(root, 'locales', 'fr', 'translation.json')
    await writeFile(strings, (await readFile(strings, 'utf8')).replace('"Accueil"', '"Page d’accueil"'))
    const cached = await cacheEntries(root)
    site = await rebuildMatchesCold(root, afterEmbargo)
    expect(site.get('fr/2026-03-03-fair/index.html')).toContain('Page d’accueil')
    expect(site.get('fr/2026-03-03-fair/index.html')).toContain('>Page d’accueil</a>')
    // A French string leaves the English files as they were.
    expect(site.rendered).toContain('fr/2026-03-03-fair/index.html')
    expect(site.rendered).not.toContain('en/2026-03-05-secret/index.html')
    // A string no release body uses changes pages, not what the releases were parsed into.
    expect(await cacheEntries(root)).toEqual(cached)

    // A string every English page shows where search does not look (the About paragraph): the search index is a cold build's.
    const english = join(root, 'locales', 'en', 'translation.json')
    await writeFile(english, (await readFile(english, 'utf8')).replace('"about": "The Embassy', '"about": "Since 1990, the Embassy'))
    site = await rebuildMatchesCold(root, afterEmbargo)
    expect(site.get('en/2026-03-02-public/index.html')).toContain('Since 1990, the Embassy')
    expect([...site.keys()].filter((path) => path.startsWith('pagefind/en/')).length).toBeGreaterThan(0)

    // Back before the embargo: the secret release and every link to it are gone again.
    site = await rebuildMatchesCold(root, beforeEmbargo)
    for (const [path, text] of site) expect(text, path).not.toContain('2026-03-05-secret')
  })

  it('should warn of an email too large for mail clients on every build, though a rebuild keeps it as it was', async () => {
    const root = await temporaryFolder()
    const report = Array.from({length: 500}, (_, index) => `Paragraph ${index + 1} of the annual report on consular services, with the figures for each region.`).join('\n\n')
    await writeReleases(root, {
      '2026-03-02-report/en.md': releaseText('title: Annual report\ndate: 2026-03-02', report),
      '2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03', 'The fair opens on Monday.')
    })
    const tooLarge = /2026-03-02-report\/en\.md\n(?:.*\n)*?.*warning\s+The email of this release is \d+ KB; mail clients such as Gmail cut messages over 100 KB/
    const first = await rebuildMatchesCold(root, afterEmbargo)
    expect(first.get('en/2026-03-02-report/release.eml')!.length).toBeGreaterThan(100 * 1024)
    // Another release edited: the report's email is kept, not made again, and still warned of, as a cold build warns (rebuildMatchesCold compares).
    for (const opens of ['Tuesday', 'Wednesday']) {
      await writeReleases(root, {'2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03', `The fair opens on ${opens}.`)})
      const incremental = await build({root, out: join(root, 'output'), now: new Date(afterEmbargo), cwd: root, workers: 0})
      expect(incremental.rendered).not.toContain('en/2026-03-02-report/release.eml')
      expect(reportText(incremental.files)).toMatch(tooLarge)
    }
    await rebuildMatchesCold(root, afterEmbargo)
  })

  it('should write what a cold build writes when an edit has the releases of its search index published first', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {
      '2025-11-20-forum/en.md': releaseText('title: Trade forum\ndate: 2025-11-20', 'The forum met in Lyon.'),
      '2025-12-01-concert/en.md': releaseText('title: Winter concert\ndate: 2025-12-01\ncategory: culture', 'The choir sang.'),
      '2026-01-15-grants/en.md': releaseText('title: Study grants\ndate: 2026-01-15', 'Applications are open.'),
      '2026-01-15-grants/fr.md': releaseText('title: Bourses d’études\ndate: 2026-01-15', 'Les candidatures sont ouvertes.')
    })
    await rebuildMatchesCold(root, afterEmbargo)
    // The 2026 release, last of the newsroom, is published first this time, its index being the one the edit changes:
    // the lists, the feeds and the list of emails still name the releases in their own order.
    await writeReleases(root, {'2026-01-15-grants/en.md': releaseText('title: Study grants\ndate: 2026-01-15', 'Applications are open until March.')})
    const site = await rebuildMatchesCold(root, afterEmbargo)
    expect(site.rendered).toContain('en/2026-01-15-grants/index.html')
    expect(site.rendered).not.toContain('en/2025-11-20-forum/index.html')
    const emails = JSON.parse(site.get('.communique-emails.json')!) as {messages: Array<{release: string}>}
    expect(emails.messages.map(({release}) => release)).toEqual(['2025-11-20-forum', '2025-12-01-concert', '2026-01-15-grants', '2026-01-15-grants'])
  })
})

describe('a rebuild that finds a link planted in the output', () => {
  it('should make the release again rather than take files from where the link points', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, releases)
    expect((await press(['build', '--root', root, '--now', afterEmbargo], root)).code).toBe(0)
    const folder = join(await realpath(join(root, 'output')), 'en', '2026-03-03-fair')
    const elsewhere = join(await temporaryFolder(), 'planted')
    await mkdir(elsewhere)
    for (const name of await readdir(folder)) await writeFile(join(elsewhere, name), 'planted\n')
    await rm(folder, {recursive: true})
    await symlink(elsewhere, folder)
    // Another release edited, so that a build is made (a build with nothing changed leaves the output alone).
    await writeReleases(root, {'2026-03-02-public/fr.md': releaseText('title: Public\ndate: 2026-03-02', 'Voir [la visite](../2026-03-05-secret/) jeudi.')})

    const rebuilt = await press(['build', '--root', root, '--now', afterEmbargo], root)
    expect(rebuilt.code, rebuilt.stderr).toBe(0)
    const page = join(root, 'output', 'en', '2026-03-03-fair', 'index.html')
    expect((await lstat(join(root, 'output', 'en', '2026-03-03-fair'))).isSymbolicLink()).toBe(false)
    expect(await readFile(page, 'utf8')).toContain('The fair opens on Monday.')
    expect(await readFile(join(elsewhere, 'index.html'), 'utf8')).toBe('planted\n')
  })
})

describe('a rebuild that finds a link planted in the build it recycles', () => {
  it('should remove the link and the folder that held only it, as a cold build has neither', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, releases)
    await rebuildMatchesCold(root, afterEmbargo)
    const first = await realpath(join(root, 'output'))
    await mkdir(join(root, 'templates'), {recursive: true})
    const template = await readFile(join(projectRoot, 'templates', 'release.njk'), 'utf8')
    await writeFile(join(root, 'templates', 'release.njk'), `${template}{# one #}\n`)
    await rebuildMatchesCold(root, afterEmbargo)
    // The first build's folder is now the build before last, which the next build recycles.
    await mkdir(join(first, 'planted'))
    await symlink('/etc/passwd', join(first, 'planted', 'passwd'))
    await writeFile(join(root, 'templates', 'release.njk'), `${template}{# two #}\n`)
    // Its files and folders are a cold build's.
    await rebuildMatchesCold(root, afterEmbargo)
    expect(await readdir(await realpath(join(root, 'output')))).not.toContain('planted')
  })
})

describe('a rebuild after a template changes', () => {
  it('should make again only the files that template makes: pages for the page’s, emails for the email’s', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'releases'), join(root, 'releases'), {recursive: true})
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    const now = '2026-11-24T12:00:00Z'
    const folder = 'fr/2026-05-06-graduate-scholarships'
    await rebuildMatchesCold(root, now)

    await mkdir(join(root, 'templates', 'email'), {recursive: true})
    await writeFile(join(root, 'templates', 'release.njk'), (await readFile(join(projectRoot, 'templates', 'release.njk'), 'utf8')).replace('<article class="release">', '<article class="release changed">'))
    const second = (await rebuildMatchesCold(root, now)).rendered
    expect(second).toContain(`${folder}/index.html`)
    for (const name of ['release.txt', 'email.html', 'release.eml']) expect(second).not.toContain(`${folder}/${name}`)

    await writeFile(join(root, 'templates', 'email', 'layout.njk'), (await readFile(join(projectRoot, 'templates', 'email', 'layout.njk'), 'utf8')).replace('.footer p { margin: 0 0 8px; }', '.footer p { margin: 0 0 10px; }'))
    const site = await rebuildMatchesCold(root, now)
    expect(site.get(`${folder}/email.html`)).toContain('margin: 0 0 10px')
    expect(site.rendered).toContain(`${folder}/email.html`)
    expect(site.rendered).toContain(`${folder}/release.eml`)
    for (const name of ['index.html', 'release.txt']) expect(site.rendered).not.toContain(`${folder}/${name}`)
  })

  /** A copy of the sample newsroom with press's locales as its own. */
  async function sampleWithLocales(): Promise<string> {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'releases'), join(root, 'releases'), {recursive: true})
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    await cp(join(projectRoot, 'locales'), join(root, 'locales'), {recursive: true})
    return root
  }

  /** The sample newsroom with its own locales, built once; `change` rewrites the French strings, `made` says whether a rebuild made a file of the French release. */
  async function builtWithStrings() {
    const root = await sampleWithLocales()
    const now = '2026-11-24T12:00:00Z'
    const folder = 'fr/2026-05-06-graduate-scholarships'
    const strings = join(root, 'locales', 'fr', 'translation.json')
    const change = async (from: string, to: string) => writeFile(strings, (await readFile(strings, 'utf8')).replace(from, to))
    const made = (site: Awaited<ReturnType<typeof rebuildMatchesCold>>, name: string) => site.rendered.has(`${folder}/${name}`)
    await rebuildMatchesCold(root, now)
    return {root, now, folder, change, made}
  }

  it('should make again only the files that show a UI string changed, in its language', async () => {
    const {root, now, folder, change, made} = await builtWithStrings()

    // The breadcrumb's first step: French pages only.
    await change('"Accueil"', '"Page d’accueil"')
    const home = await rebuildMatchesCold(root, now)
    expect(home.get(`${folder}/index.html`)).toContain('Page d’accueil')
    expect(['index.html', 'release.txt', 'email.html', 'release.eml'].map((name) => made(home, name))).toEqual([true, false, false, false])
    expect([...home.rendered].filter((path) => !path.startsWith('fr/'))).toEqual([])

    // Why a reader gets the email: French emails only.
    await change('parce que vous êtes abonné', 'car vous êtes abonné')
    const why = await rebuildMatchesCold(root, now)
    expect(why.get(`${folder}/release.eml`)).toContain('car vous')
    expect(['index.html', 'release.txt', 'email.html', 'release.eml'].map((name) => made(why, name))).toEqual([false, false, true, true])

    // The embassy's name, in every French file, the email's text part too.
    await change('"Ambassade de la République d’Aurélie"', '"Ambassade de la République d’Aurélie en France"')
    const name = await rebuildMatchesCold(root, now)
    expect(['index.html', 'release.txt', 'email.html', 'release.eml'].map((one) => made(name, one))).toEqual([true, true, true, true])
    expect(name.get(`${folder}/release.txt`)).toContain('Aurélie en France')
  })

  it('should make again, for a string of the default language, only the files of the languages that show it', async () => {
    const {root, now, folder, change, made} = await builtWithStrings()

    // A string of the default language that every other language translates: its files only.
    const english = join(root, 'locales', 'en', 'translation.json')
    const changeEnglish = async (from: string, to: string) => writeFile(english, (await readFile(english, 'utf8')).replace(from, to))
    await changeEnglish('"home": "Home"', '"home": "Front page"')
    const own = await rebuildMatchesCold(root, now)
    expect([...own.rendered].filter((path) => path.endsWith('/index.html')).length).toBeGreaterThan(0)
    expect([...own.rendered].filter((path) => !path.startsWith('en/'))).toEqual([])

    // One the French do not translate shows in the default language's words, and changes with them.
    await change('"home": "Accueil",', '')
    expect((await rebuildMatchesCold(root, now)).get(`${folder}/index.html`)).toContain('Front page')
    await changeEnglish('"home": "Front page"', '"home": "Welcome"')
    const fallback = await rebuildMatchesCold(root, now)
    expect(fallback.get(`${folder}/index.html`)).toContain('Welcome')
    expect(made(fallback, 'index.html')).toBe(true)
    expect([...fallback.rendered].filter((path) => !path.startsWith('en/') && !path.startsWith('fr/'))).toEqual([])
  })

  /** A copy of the sample newsroom whose layout adds `call` after the breadcrumb's first step; its French page's path. */
  async function withLayoutCall(call: string): Promise<{root: string; page: string}> {
    const root = await sampleWithLocales()
    await mkdir(join(root, 'templates'), {recursive: true})
    const layout = await readFile(join(projectRoot, 'templates', 'layout.njk'), 'utf8')
    await writeFile(join(root, 'templates', 'layout.njk'), layout.replace("{{ t('nav.home') }}", `{{ t('nav.home') }} ${call}`))
    return {root, page: 'fr/2026-05-06-graduate-scholarships/index.html'}
  }
  const now = '2026-11-24T12:00:00Z'

  it('should make again the files that ask for a string in a language by name, as i18next resolves it', async () => {
    // A language the newsroom does not have as such (i18next reads en-CA as en), in the form with a default value.
    const {root, page} = await withLayoutCall("({{ t('nav.home', 'Home', {lng: 'en-CA'}) }})")
    expect((await rebuildMatchesCold(root, now)).get(page)).toContain('Accueil (Home)')
    const english = join(root, 'locales', 'en', 'translation.json')
    await writeFile(english, (await readFile(english, 'utf8')).replace('"home": "Home"', '"home": "Front page"'))
    const home = await rebuildMatchesCold(root, now)
    expect(home.get(page)).toContain('Accueil (Front page)')
    expect(home.rendered).toContain(page)
  })

  it('should make again the files that ask for a string under a prefix', async () => {
    // A string only emails show otherwise.
    const {root, page} = await withLayoutCall("[{{ t('unsubscribe', {keyPrefix: 'email'}) }}]")
    expect((await rebuildMatchesCold(root, now)).get(page)).toContain('Accueil [Se désabonner]')
    const french = join(root, 'locales', 'fr', 'translation.json')
    await writeFile(french, (await readFile(french, 'utf8')).replace('"Se désabonner"', '"Ne plus recevoir"'))
    expect((await rebuildMatchesCold(root, now)).get(page)).toContain('[Ne plus recevoir]')
  })
})

describe('a rebuild whose files come out the same', () => {
  it('should keep, not write again, a file the recycled build holds with the very bytes made', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, releases)
    const page = 'en/2026-03-03-fair/index.html'
    await rebuildMatchesCold(root, afterEmbargo)
    const first = await lstat(join(await realpath(join(root, 'output')), page))
    // A comment in the page's template: every page is made again, and comes out as it was.
    await mkdir(join(root, 'templates'), {recursive: true})
    const template = await readFile(join(projectRoot, 'templates', 'release.njk'), 'utf8')
    await writeFile(join(root, 'templates', 'release.njk'), `${template}{# one #}\n`)
    expect((await rebuildMatchesCold(root, afterEmbargo)).rendered).toContain(page)
    await writeFile(join(root, 'templates', 'release.njk'), `${template}{# two #}\n`)
    const third = await rebuildMatchesCold(root, afterEmbargo)
    expect(third.rendered).toContain(page)
    // Made in the first build's folder, recycled: the same file, untouched.
    const kept = await lstat(join(await realpath(join(root, 'output')), page))
    expect([kept.ino, kept.mtimeMs]).toEqual([first.ino, first.mtimeMs])
  })

  it('should write over in place a file the recycled build alone holds, and replace one it shares with the live site', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, releases)
    const page = 'en/2026-03-03-fair/index.html'
    const email = 'en/2026-03-03-fair/email.html'
    await rebuildMatchesCold(root, afterEmbargo)
    const firstFolder = await realpath(join(root, 'output'))
    await mkdir(join(root, 'templates', 'email'), {recursive: true})
    const template = await readFile(join(projectRoot, 'templates', 'release.njk'), 'utf8')
    const changed = (mark: string) => template.replace('<article class="release">', `<article class="release ${mark}">`)
    // The pages change; the emails are the first build's, linked: shared by both folders.
    await writeFile(join(root, 'templates', 'release.njk'), changed('one'))
    await rebuildMatchesCold(root, afterEmbargo)
    // Open before the next build, which recycles the first folder: what is written there in place shows through this handle.
    const held = await open(join(firstFolder, page), 'r')
    try {
      await writeFile(join(root, 'templates', 'release.njk'), changed('two'))
      await writeFile(join(root, 'templates', 'email', 'layout.njk'), (await readFile(join(projectRoot, 'templates', 'email', 'layout.njk'), 'utf8')).replace('.footer p { margin: 0 0 8px; }', '.footer p { margin: 0 0 10px; }'))
      // The email, shared with the live site, is replaced (rebuildMatchesCold checks the live site is left as it was).
      const third = await rebuildMatchesCold(root, afterEmbargo)
      expect(third.get(email)).toContain('margin: 0 0 10px')
      // The first build's page, now the live one, written over: the same file.
      expect(third.get(page)).toContain('<article class="release two">')
      expect(await held.readFile('utf8')).toBe(third.get(page))
    } finally {
      await held.close()
    }
  })
})

describe('a rebuild taking a translation’s files from the previous output', () => {
  it('should leave untouched those the recycled build holds from the same inputs, and link only the others', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, releases)
    const folder = 'en/2026-03-03-fair'
    await rebuildMatchesCold(root, afterEmbargo)
    // The pages change; the texts are the first build's, linked into the second.
    await mkdir(join(root, 'templates'), {recursive: true})
    await writeFile(join(root, 'templates', 'release.njk'), `${await readFile(join(projectRoot, 'templates', 'release.njk'), 'utf8')}<!-- changed -->\n`)
    expect((await rebuildMatchesCold(root, afterEmbargo)).rendered).toContain(`${folder}/index.html`)
    const second = await realpath(join(root, 'output'))
    const text = await lstat(join(second, folder, 'release.txt'))
    const page = await lstat(join(second, folder, 'index.html'))
    // Another release edited: the third build recycles the first's folder, which holds this text from the same inputs, and an older page.
    await writeFile(join(root, 'releases', '2026-03-02-public', 'en.md'), `${await readFile(join(root, 'releases', '2026-03-02-public', 'en.md'), 'utf8')}\nOne more sentence.\n`)
    const third = await rebuildMatchesCold(root, afterEmbargo)
    expect(third.rendered).not.toContain(`${folder}/index.html`)
    const live = await realpath(join(root, 'output'))
    expect(live).not.toBe(second)
    // The page is the second build's, linked; the text was not touched at all (unlinked and linked again, its change time would be new).
    expect((await lstat(join(live, folder, 'index.html'))).ino).toBe(page.ino)
    const kept = await lstat(join(live, folder, 'release.txt'))
    expect([kept.ino, kept.ctimeMs]).toEqual([text.ino, text.ctimeMs])
  })
})

describe('the sitemap in a rebuild', () => {
  it('should be rendered again only when the addresses or dates it lists, or its template, change', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, releases)
    const render = vi.spyOn(nunjucks.Environment.prototype, 'render')
    // Each rebuild is followed by a cold build, which renders it once.
    const sitemaps = async () => {
      render.mockClear()
      await rebuildMatchesCold(root, afterEmbargo)
      return render.mock.calls.filter(([name]) => name === 'sitemap.xml.njk').length - 1
    }
    try {
      expect(await sitemaps()).toBe(1)
      const fair = join(root, 'releases', '2026-03-03-fair', 'en.md')
      // Taken from the live site, then kept where the recycled build holds it from the same addresses.
      for (const sentence of ['One more sentence.', 'And another.']) {
        await writeFile(fair, `${await readFile(fair, 'utf8')}\n${sentence}\n`)
        expect(await sitemaps()).toBe(0)
      }
      await writeFile(fair, (await readFile(fair, 'utf8')).replace('date: 2026-03-03', 'date: 2026-03-04'))
      expect(await sitemaps()).toBe(1)
      await writeFile(join(root, 'newsroom.yaml'), (await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8')).replace(/^ {2}url: .*$/m, '  url: https://press.example.org/'))
      expect(await sitemaps()).toBe(1)
      await mkdir(join(root, 'templates'), {recursive: true})
      await writeFile(join(root, 'templates', 'sitemap.xml.njk'), `${await readFile(join(projectRoot, 'templates', 'sitemap.xml.njk'), 'utf8')}<!-- changed -->\n`)
      expect(await sitemaps()).toBe(1)
    } finally {
      render.mockRestore()
    }
  })
})

describe('a dry run after a build (press check, press schedule)', () => {
  it('should read what the cache holds, write nothing in it, and for press schedule stop once it has decided', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, releases)
    expect((await build({root, out: join(root, 'output'), now: new Date(beforeEmbargo), cwd: root, workers: 0})).ok).toBe(true)
    const cached = await cacheEntries(root)
    const checked = await build({root, out: '', now: new Date(beforeEmbargo), cwd: root, dryRun: true, workers: 0})
    expect(checked.ok).toBe(true)
    expect(checked.parsed).toBe(0)
    // As a rebuild of the output would, it takes each file the output has from the same inputs, making none again.
    expect(checked.rendered).toEqual([])
    const scheduled = await build({root, out: '', now: new Date(beforeEmbargo), cwd: root, dryRun: true, decideOnly: true, workers: 0})
    expect(scheduled.parsed).toBe(0)
    expect(scheduled.rendered).toEqual([])
    expect(scheduled.statuses.filter(({status}) => status === 'embargoed').map(({id, lang}) => `${lang}/${id}`)).toEqual(['en/2026-03-05-secret', 'fr/2026-03-05-secret'])
    // A release edited since is parsed and rendered, into nothing, and kept nowhere.
    await writeReleases(root, {'2026-03-03-fair/en.md': releaseText('title: Book fair\ndate: 2026-03-03', 'The fair opens on Tuesday.')})
    const edited = await build({root, out: '', now: new Date(beforeEmbargo), cwd: root, dryRun: true, workers: 0})
    expect(edited.parsed).toBe(1)
    expect(edited.rendered).toContain('en/2026-03-03-fair/index.html')
    expect(await cacheEntries(root)).toEqual(cached)
  })
})
