// `press check` as a press office reads it before a release goes out: every
// problem a build would find, which translation of which release is public,
// and which UI strings a language lacks; and the same as JSON for programs.
import {cp, mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {textVersions} from '../../pipeline/source/translation-version.js'
import {describe, expect, it} from 'vitest'
import {press, projectRoot, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

async function newsroom() {
  const root = await temporaryFolder()
  await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
  await writeReleases(root, {
    '2026-03-02-hours/en.md': releaseText('title: Consular hours\ndate: 2026-03-02'),
    '2026-03-02-hours/fr.md': releaseText('title: Heures consulaires\ndate: 2026-03-02'),
    '2026-03-02-hours/zh.md': releaseText('title: 领事办公时间\ndate: 2026-03-02\nstatus: draft'),
    '2026-03-05-visit/en.md': releaseText('title: State visit\ndate: 2026-03-05\nembargo: 2026-03-05T09:00:00-05:00'),
    '2026-03-05-visit/fr.md': releaseText('title: Visite d’État\ndate: 2026-03-05\nembargo: 2026-03-05T09:00:00-05:00')
  })
  return root
}

describe('press check', () => {
  it('should show which translation of each release is published, held back or missing, with each embargo as written', async () => {
    const root = await newsroom()
    const before = await readTree(root)
    const result = await press(['check', '--now', '2026-03-04T12:00:00Z'], root)
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      [
        '',
        'Translations:',
        'release           en         fr         zh       ar       ru       es',
        '2026-03-02-hours  published  published  draft    missing  missing  missing',
        '2026-03-05-visit  embargoed  embargoed  missing  missing  missing  missing',
        'published         1 of 2     1 of 2     0 of 2   0 of 2   0 of 2   0 of 2',
        'Schedule: what publishes when its embargo ends',
        '  2026-03-05T09:00:00-05:00  2026-03-05-visit (en, fr)',
        '',
        'Checked 5 translations: ready to build.',
        ''
      ].join('\n')
    )
    expect(await readTree(root)).toEqual(before)
  })

  it('should name each UI string a language lacks or has in excess, in its file', async () => {
    const root = await newsroom()
    await mkdir(join(root, 'locales', 'fr'), {recursive: true})
    const strings = JSON.parse(await readFile(join(projectRoot, 'locales/fr/translation.json'), 'utf8'))
    delete strings.nav.home
    strings.nav.accueil = 'Accueil'
    await writeFile(join(root, 'locales/fr/translation.json'), JSON.stringify(strings, null, 2))
    await cp(join(projectRoot, 'locales/fr/locale.json'), join(root, 'locales/fr/locale.json'))
    const result = await press(['check', '--now', '2026-03-04T12:00:00Z'], root)
    expect(result.stderr).toMatch(/locales\/fr\/translation\.json\n[\s\S]*warning\s+`nav\.home` is missing: readers of Français see the English text instead\. Translate it\s+missing-string/)
    expect(result.stderr).toMatch(/warning\s+`nav\.accueil` is not among the English strings, so nothing shows it: check its spelling or remove it\s+extra-string/)
    // Plural forms differ between languages and are no mistake.
    expect(result.stderr).not.toMatch(/bulletin\.subject/)
  })

  it('should give programs one JSON document with every message and the translation matrix', async () => {
    const root = await newsroom()
    await writeReleases(root, {'2026-03-02-hours/zh.md': '---\ntitle: [broken\n---\n'})
    const result = await press(['check', '--now', '2026-03-04T12:00:00Z', '--format', 'json'], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    const report = JSON.parse(result.stdout)
    expect(report.ok).toBe(false)
    expect(report.languages).toEqual(['en', 'fr', 'zh', 'ar', 'ru', 'es'])
    expect(report.messages).toContainEqual(expect.objectContaining({file: 'releases/2026-03-02-hours/zh.md', line: 2, severity: 'error', rule: expect.stringMatching(/^yaml-/)}))
    expect(report.translations).toContainEqual({id: '2026-03-05-visit', languages: {en: {status: 'embargoed', until: '2026-03-05T09:00:00-05:00'}, fr: {status: 'embargoed', until: '2026-03-05T09:00:00-05:00'}, zh: {status: 'missing'}, ar: {status: 'missing'}, ru: {status: 'missing'}, es: {status: 'missing'}}})
    expect(report.schedule).toEqual([{id: '2026-03-05-visit', until: '2026-03-05T09:00:00-05:00', languages: ['en', 'fr']}])
    expect(report.translations).toContainEqual({id: '2026-03-02-hours', languages: {en: {status: 'published'}, fr: {status: 'published'}, zh: {status: 'invalid'}, ar: {status: 'missing'}, ru: {status: 'missing'}, es: {status: 'missing'}}})
    expect((await press(['check', '--format', 'xml'], root)).code).toBe(2)
  })
})

describe('links between releases', () => {
  it('should place each link to a release that is missing, a draft or embargoed, and give the schedule with each embargo as written', async () => {
    const root = await newsroom()
    await writeReleases(root, {
      '2026-03-06-links/en.md': releaseText(
        'title: Links\ndate: 2026-03-06',
        'See [the visit](https://embassy.example.org/news/en/2026-03-05-visit/),\n[the hours in Chinese](../../zh/2026-03-02-hours/) and\n[a release that is not there](https://embassy.example.org/news/en/2026-02-30-nothing/).'
      ),
      // A translation giving an earlier embargo than the release's: the release's, as written, is the schedule's.
      '2026-03-05-visit/fr.md': releaseText('title: Visite d’État\ndate: 2026-03-05\nembargo: 2026-03-05T08:00:00-05:00')
    })
    const result = await press(['check', '--now', '2026-03-04T12:00:00Z'], root)
    expect(result.stderr).toMatch(/releases\/2026-03-06-links\/en\.md\n(.*\n)*6:5-6:71\s+warning\s+The link to en\/2026-03-05-visit\/ was left out: that release is not published in this build/)
    expect(result.stderr).toMatch(/7:1-7:51\s+warning\s+The link to zh\/2026-03-02-hours\/ was left out/)
    expect(result.stderr).toMatch(/8:1\s+warning\s+The link to en\/2026-02-30-nothing\/ leads nowhere: there is no release 2026-02-30-nothing in releases\/\. Check the address\s+missing-link-target/)
    expect(result.stdout).toContain('Schedule: what publishes when its embargo ends\n  2026-03-05T09:00:00-05:00  2026-03-05-visit (en, fr)\n')
  })
})

describe('stale translations', () => {
  it('should flag a translation made from an older text of the default language, until press translated marks it', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    expect((await press(['new', 'visit', '--date', '2026-03-14', '--lang', 'en,fr,zh'], root)).code).toBe(0)
    const english = join(root, 'releases/2026-03-14-visit/en.md')
    const french = join(root, 'releases/2026-03-14-visit/fr.md')
    expect(await readFile(french, 'utf8')).toMatch(/^translated-from: [0-9a-f]{12}$/m)
    expect((await press(['check'], root)).stderr).not.toContain('stale-translation')

    await writeFile(english, (await readFile(english, 'utf8')).replace(/The opening paragraph.*/, 'The Minister visits Ottawa on Monday.'))
    const stale = await press(['check'], root)
    expect(stale.stderr).toMatch(/releases\/2026-03-14-visit\/fr\.md\n5:1\s+warning\s+The English text of this release has changed since this translation was made from it: bring the translation up to date, then run press translated 2026-03-14-visit fr\s+stale-translation/)
    expect(stale.stderr).toContain('releases/2026-03-14-visit/zh.md')

    const before = await readFile(french, 'utf8')
    const marked = await press(['translated', '2026-03-14-visit', 'fr'], root)
    expect(marked).toEqual({code: 0, stdout: 'Marked up to date with the current text:\n  releases/2026-03-14-visit/fr.md\n', stderr: ''})
    // Only the line that says so changed.
    const after = await readFile(french, 'utf8')
    expect(after.split('\n').filter((line, index) => line !== before.split('\n')[index])).toEqual([expect.stringMatching(/^translated-from: [0-9a-f]{12}$/)])
    const again = await press(['check'], root)
    expect(again.stderr).not.toContain('releases/2026-03-14-visit/fr.md')
    expect(again.stderr).toContain('releases/2026-03-14-visit/zh.md')
    expect((await press(['translated', '2026-03-14-visit', 'en'], root)).code).toBe(2)
    expect((await press(['translated', '2026-03-15-nothing', 'fr'], root)).code).toBe(1)
  })
})

describe('what a translation is made from', () => {
  it('should follow what the default text says, not its bytes: press format leaves its translations current, and a long line stays one line', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    expect((await press(['new', 'visit', '--date', '2026-03-14', '--lang', 'en,fr'], root)).code).toBe(0)
    const english = join(root, 'releases/2026-03-14-visit/en.md')
    const french = join(root, 'releases/2026-03-14-visit/fr.md')
    const summary = 'The Minister of Trade visits Ottawa and Toronto on Monday and Tuesday, with thirty companies in clean energy and software.'
    await writeFile(english, `---\ntitle: "The Minister's visit"\ndate: 2026-03-14\nsummary: ${summary}\n---\n\nThe Minister -- who arrives on Monday -- will say "welcome" in both languages.\n`)
    const resume = 'Le ministre du Commerce se rend à Ottawa et à Toronto lundi et mardi, avec trente entreprises de l’énergie propre et du logiciel.'
    await writeFile(french, (await readFile(french, 'utf8')).replace(/^title: .*$/m, `title: La visite du ministre\nsummary: ${resume}`))
    const before = await readFile(french, 'utf8')
    expect((await press(['translated', '2026-03-14-visit', 'fr'], root)).code).toBe(0)
    // Only the line that records the version changed; the long summary is still one line.
    const after = await readFile(french, 'utf8')
    expect(after.split('\n')).toHaveLength(before.split('\n').length)
    expect(after.split('\n').filter((line, index) => line !== before.split('\n')[index])).toEqual([expect.stringMatching(/^translated-from: [0-9a-f]{12}$/)])
    expect(after).toContain(`\nsummary: ${resume}\n`)

    // press format sets the English quotes and dashes: what it says is the same, so the French is still current.
    expect((await press(['format', 'releases/2026-03-14-visit/en.md'], root)).code).toBe(0)
    expect(await readFile(english, 'utf8')).toContain('The Minister – who arrives on Monday – will say “welcome”')
    expect((await press(['check'], root)).stderr).not.toContain('stale-translation')
    // A change of words is a change.
    await writeFile(english, (await readFile(english, 'utf8')).replace('on Monday', 'on Tuesday'))
    expect((await press(['check'], root)).stderr).toContain('stale-translation')
  })

  it('should still recognise a version recorded before typography was folded, the hash of the text as written', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    expect((await press(['new', 'visit', '--date', '2026-03-14', '--lang', 'en,fr'], root)).code).toBe(0)
    const english = await readFile(join(root, 'releases/2026-03-14-visit/en.md'), 'utf8')
    const french = join(root, 'releases/2026-03-14-visit/fr.md')
    await writeFile(french, (await readFile(french, 'utf8')).replace(/^translated-from: .*$/m, `translated-from: ${textVersions(english)!.former}`))
    expect((await press(['check'], root)).stderr).not.toContain('stale-translation')
    const out = join(root, 'site')
    for (const path of [join(root, 'releases/2026-03-14-visit/en.md'), french]) await writeFile(path, (await readFile(path, 'utf8')).replace('status: draft', 'status: published'))
    expect((await press(['build', '--out', out], root)).code).toBe(0)
    expect((await readTree(out)).get('fr/2026-03-14-visit/index.html')).not.toContain('updated-note')
  })
})

describe('the page of a stale translation', () => {
  it('should say in its language that the default language’s text is newer, link to it, and stop once marked translated', async () => {
    const root = await temporaryFolder()
    await writeFile(join(root, 'newsroom.yaml'), 'site:\n  url: https://press.example.org/\nlanguages: [en, fr, zh]\n')
    await press(['new', 'visit', '--date', '2026-03-14'], root)
    for (const lang of ['en', 'fr', 'zh']) {
      const path = join(root, `releases/2026-03-14-visit/${lang}.md`)
      await writeFile(path, (await readFile(path, 'utf8')).replace('status: draft', 'status: published'))
    }
    const english = join(root, 'releases/2026-03-14-visit/en.md')
    const out = join(root, 'site')
    const page = async (lang: string) => (await readTree(out)).get(`${lang}/2026-03-14-visit/index.html`)!
    expect((await press(['build', '--out', out], root)).code).toBe(0)
    expect(await page('fr')).not.toContain('updated-note')

    await writeFile(english, (await readFile(english, 'utf8')).replace(/The opening paragraph.*/, 'The Minister visits Ottawa on Monday.'))
    expect((await press(['build', '--out', out], root)).code).toBe(0)
    expect(await page('fr')).toContain('<p class="updated-note" role="note"><a href="../../en/2026-03-14-visit/" hreflang="en">La version en anglais de ce communiqué a été mise à jour depuis cette traduction.</a></p>')
    expect(await page('zh')).toContain('>本新闻稿的英语版本在此译文完成后已有更新。</a>')
    expect(await page('en')).not.toContain('updated-note')

    await press(['translated', '2026-03-14-visit', 'fr'], root)
    expect((await press(['build', '--out', out], root)).code).toBe(0)
    expect(await page('fr')).not.toContain('updated-note')
    expect(await page('zh')).toContain('updated-note')

    await writeFile(join(root, 'newsroom.yaml'), 'site:\n  url: https://press.example.org/\nlanguages: [en, fr, zh]\nstaleNote: false\n')
    expect((await press(['build', '--out', out], root)).code).toBe(0)
    expect(await page('zh')).not.toContain('updated-note')
  })
})

describe('consistency between translations', () => {
  it('should find no inconsistency in the sample newsroom, whose translations agree, and no string missing or left to translate in any of its six languages', async () => {
    const result = await press(['check', '--now', '2026-11-24T12:00:00Z'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^release +en +fr +zh +ar +ru +es$/m)
    expect(result.stderr).not.toContain('inconsistent-translation')
    expect(result.stderr).not.toMatch(/missing-string|extra-string|untranslated-string/)
  })

  it('should place each number, time, address or telephone number a translation lacks, naming the translations without it', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {
      '2026-03-02-hours/en.md': releaseText('title: Hours for 1,500 visas\ndate: 2026-03-02', 'Open 9:00 to 13:00 at https://embassy.example.org/en/consular/ or +1 613 555 0142, for 3.5 days; write to visa@embassy.example.org.'),
      '2026-03-02-hours/fr.md': releaseText('title: Horaires pour 1\u202f500 visas\ndate: 2026-03-02', 'Ouvert de 9 h à 14 h sur https://embassy.example.org/fr/consulaire/ ou au +1 613 555 0142, pendant 3,5 jours\u00a0; écrire à visa@embassy.example.org.'),
      '2026-03-02-hours/zh.md': releaseText('title: 1500份签证的办理时间\ndate: 2026-03-02', '9:00至13:00开放，网址 https://embassy.example.org/zh/consular/ ，电话 +1 613 555 0124，为期3.5天；来信请寄 visa@embassy.example.org。')
    })
    const result = await press(['check', '--now', '2026-03-04T12:00:00Z'], root)
    const found = result.stderr.match(/^.*inconsistent-translation.*$/gm)?.map((line) => line.replace(/\s+/g, ' ').trim())
    expect(found).toEqual([
      '6:14 warning `13:00` is in this translation but not in Français (releases/2026-03-02-hours/fr.md): check that the translations agree inconsistent-translation',
      '6:67 warning `+1 613 555 0142` is in this translation but not in 中文 (releases/2026-03-02-hours/zh.md): check that the translations agree inconsistent-translation',
      '6:17 warning `14 h` is in this translation but not in English (releases/2026-03-02-hours/en.md), 中文 (releases/2026-03-02-hours/zh.md): check that the translations agree inconsistent-translation',
      '6:62 warning `+1 613 555 0124` is in this translation but not in English (releases/2026-03-02-hours/en.md), Français (releases/2026-03-02-hours/fr.md): check that the translations agree inconsistent-translation'
    ])
  })

  it('should give each file its messages once, in the order they come in it, as text and as JSON', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {
      '2026-03-02-hours/en.md': releaseText('title: Hours\ndate: 2026-03-02', 'Open 9:00 to 13:00.'),
      '2026-03-02-hours/fr.md': releaseText('title: Horaires\ndate: 2026-03-02', 'Ouvert... de 9 h à 14 h "le lundi".')
    })
    const text = await press(['check', '--now', '2026-03-04T12:00:00Z'], root)
    const block = text.stderr.split('\n\n').filter((part) => part.startsWith('releases/2026-03-02-hours/fr.md\n'))
    expect(block).toHaveLength(1)
    const places = (lines: string[]) => lines.map((line) => line.replace(/\s+/g, ' ').trim().split(' ').slice(0, 2).join(' '))
    const textPlaces = places(block[0]!.split('\n').slice(1))
    expect(textPlaces).toEqual(['6:7 info', '6:20 warning', '6:25 info', '6:25 info', '6:34 info', '6:34 info'])
    const json = JSON.parse((await press(['check', '--now', '2026-03-04T12:00:00Z', '--format', 'json'], root)).stdout) as {messages: Array<{file: string; line: number; column: number; severity: string}>}
    expect(json.messages.filter(({file}) => file === 'releases/2026-03-02-hours/fr.md').map(({line, column, severity}) => `${line}:${column} ${severity}`)).toEqual(textPlaces)
  })

  it('should take a summary folded over several lines, and place its notes on the lines where they were typed', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {
      '2026-03-02-hours/en.md': releaseText('title: Hours\ndate: 2026-03-02\nsummary: >\n  Open "late"\n  on Thursdays -- from March.', 'Open 9:00 to 13:00.'),
      // Spaces past the indentation its indicator gives are text; an escaped line break in quotes is nothing.
      '2026-03-03-indented/en.md': releaseText('title: Indented\ndate: 2026-03-03\nsummary: >1-\n    Open "late" -- x', 'Text.'),
      '2026-03-04-escaped/en.md': releaseText('title: Escaped\ndate: 2026-03-04\nsummary: "Open \\\n  late \\"x\\" -- y"', 'Text.')
    })
    const result = await press(['check', '--now', '2026-03-05T12:00:00Z', '--format', 'json'], root)
    expect(result.code).toBe(0)
    const messages = (JSON.parse(result.stdout) as {messages: Array<{file: string; line: number; column: number; rule: string}>}).messages
    const notes = (id: string) => messages.filter(({file}) => file === `releases/${id}/en.md`).map(({line, column, rule}) => `${line}:${column} ${rule}`)
    expect(notes('2026-03-02-hours')).toEqual(['5:8 quotes', '5:13 quotes', '6:16 dashes'])
    expect(notes('2026-03-03-indented')).toEqual(['5:2 leading-spaces', '5:3 spaces', '5:10 quotes', '5:15 quotes', '5:17 dashes'])
    expect(notes('2026-03-04-escaped')).toEqual(['5:8 quotes', '5:11 quotes', '5:14 dashes'])
  })

  it('should say how to fold a summary when a folded one is not one paragraph', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {'2026-03-02-hours/en.md': releaseText('title: Hours\ndate: 2026-03-02\nsummary: >\n  Open late\n\n  on Thursdays.', 'Text.')})
    const result = await press(['check', '--now', '2026-03-04T12:00:00Z'], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/4:10-\d+:\d+\s+error\s+`summary` is not valid: the summary is one paragraph of text, at most 1000 characters \(folded over several lines, `summary: >`, its lines indented alike with no blank line between them\)/)
  })

  it('should read the facts of a summary folded over several lines, as of one on a line', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {
      '2026-03-02-hours/en.md': releaseText('title: Hours\ndate: 2026-03-02\nsummary: >\n  Open until 19:00\n  on Thursdays.', 'Open on Thursdays.'),
      '2026-03-02-hours/fr.md': releaseText('title: Horaires\ndate: 2026-03-02\nsummary: >\n  Ouvert jusqu’à 20:00\n  le jeudi.', 'Ouvert le jeudi.')
    })
    const found = (await press(['check', '--now', '2026-03-04T12:00:00Z'], root)).stderr.match(/^.*inconsistent-translation.*$/gm)?.map((line) => line.replace(/\s+/g, ' ').trim().split(' ').slice(0, 3).join(' '))
    expect(found).toEqual(['5:14 warning `19:00`', '5:18 warning `20:00`'])
  })

  it('should stop repeating warnings marked reviewed, until what they say changes', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {
      '2026-03-02-hours/en.md': releaseText('title: Hours\ndate: 2026-03-02', 'Open 9:00 to 13:00.'),
      '2026-03-02-hours/fr.md': releaseText('title: Horaires\ndate: 2026-03-02', 'Ouvert de 9 h à 14 h.')
    })
    const check = (...options: string[]) => press(['check', '--now', '2026-03-04T12:00:00Z', ...options], root)
    expect((await check()).stderr.match(/inconsistent-translation/g)).toHaveLength(2)
    const marked = await check('--mark-reviewed')
    expect(marked.stdout).toMatch(/^Marked \d+ warnings as reviewed in reviewed-warnings\.json: press check shows them again only if what they say changes/)
    expect(marked.stderr).not.toContain('inconsistent-translation')
    expect(JSON.parse(await readFile(join(root, 'reviewed-warnings.json'), 'utf8')).reviewed).toContainEqual({file: 'releases/2026-03-02-hours/fr.md', rule: 'inconsistent-translation', message: expect.stringContaining('`14 h` is in this translation but not in English')})
    const quiet = await check()
    expect(quiet.code).toBe(0)
    expect(quiet.stderr).not.toContain('inconsistent-translation')
    expect(quiet.stderr).toMatch(/\d+ warnings marked reviewed are not shown \(reviewed-warnings\.json\); press check --all shows them\.\n/)
    expect((await check('--all')).stderr.match(/inconsistent-translation/g)).toHaveLength(2)
    // A record that cannot be written is said, not a fault of press.
    const elsewhere = await temporaryFolder()
    await writeReleases(elsewhere, {'2026-03-02-hours/en.md': releaseText('title: Hours\ndate: 2026-03-02', 'Open 9:00.'), '2026-03-02-hours/fr.md': releaseText('title: Horaires\ndate: 2026-03-02', 'Ouvert à 10 h.')})
    await mkdir(join(elsewhere, 'reviewed-warnings.json'))
    const unwritable = await press(['check', '--now', '2026-03-04T12:00:00Z', '--mark-reviewed'], elsewhere)
    expect(unwritable.code).toBe(1)
    expect(unwritable.stderr).toContain('press check: reviewed-warnings.json could not be written (EISDIR): check that you may write in the newsroom folder; nothing was marked')
    expect((await press(['check', '--format', 'json', '--mark-reviewed'], root)).code).toBe(2)
    // The French closes at 15 h now: a new warning, shown.
    await writeReleases(root, {'2026-03-02-hours/fr.md': releaseText('title: Horaires\ndate: 2026-03-02', 'Ouvert de 9 h à 15 h.')})
    expect((await check()).stderr).toMatch(/`15 h` is in this translation but not in English/)
  })

  it('should leave drafts out of the comparison, and take each translation’s link to its own language’s page as the same page', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {
      '2026-03-02-fair/en.md': releaseText('title: Trade fair\ndate: 2026-03-02', 'Register at https://en.fair.example.org/register?lang=en or https://www.example.gc.ca/en-ca/trade/fair.html by 1 April.'),
      '2026-03-02-fair/fr.md': releaseText('title: Salon commercial\ndate: 2026-03-02', 'Inscription sur https://fr.fair.example.org/inscription?lang=fr ou https://www.example.gc.ca/fr-ca/commerce/salon.html avant le 1er avril.'),
      // The skeleton press new started, not written yet.
      '2026-03-02-fair/zh.md': releaseText('title: 新闻稿标题（请替换）\ndate: 2026-03-02\nstatus: draft', '开头一段。')
    })
    const result = await press(['check', '--now', '2026-03-04T12:00:00Z'], root)
    expect(result.stderr).not.toContain('inconsistent-translation')
    // Once the translation is ready, and lacks the addresses, it is compared.
    await writeReleases(root, {'2026-03-02-fair/zh.md': releaseText('title: 贸易博览会\ndate: 2026-03-02', '4月1日前报名。')})
    expect((await press(['check', '--now', '2026-03-04T12:00:00Z'], root)).stderr).toMatch(/`https:\/\/en\.fair\.example\.org\/register\?lang=en` is in this translation but not in 中文/)
  })
})
