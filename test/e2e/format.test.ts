// press format and press check on whole newsrooms, and typography in the
// built pages.
import {cp, mkdir, readFile, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {simpleParser} from 'mailparser'
import {describe, expect, it} from 'vitest'
import {fixture, press, projectRoot, readTree, temporaryFolder} from '../helpers.js'

const release = 'releases/2026-05-01-keyboard'

async function copyOfTypography() {
  const root = await temporaryFolder()
  await cp(join(fixture('typography'), 'releases'), join(root, 'releases'), {recursive: true})
  return root
}

describe('press format', () => {
  it('should find the sample newsroom already formatted', async () => {
    const result = await press(['format', '--check'])
    expect(result).toEqual({code: 0, stdout: 'All 16 release files are formatted.\n', stderr: ''})
  })

  it('should list the files that would change with --check, change nothing and exit 1', async () => {
    const root = await copyOfTypography()
    const before = await readTree(root)
    const result = await press(['format', '--check'], root)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe(`3 files of 3 would change; run press format to fix:\n  ${release}/en.md\n  ${release}/fr.md\n  ${release}/zh.md\n`)
    expect(await readTree(root)).toEqual(before)
  })

  it('should write the typography into the files and nothing else, then be clean', async () => {
    const root = await copyOfTypography()
    const result = await press(['format'], root)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Formatted 3 files of 3:')
    for (const lang of ['en', 'fr', 'zh']) {
      const expected = await readFile(join(fixture('typography'), 'formatted', '2026-05-01-keyboard', `${lang}.md`), 'utf8')
      expect(await readFile(join(root, release, `${lang}.md`), 'utf8'), lang).toBe(expected)
    }
    expect((await press(['format', '--check'], root)).code).toBe(0)
  })

  it('should set the notes to editors too, each where it is written, keeping how it is quoted', async () => {
    const root = await temporaryFolder()
    const path = join(root, 'releases', '2026-03-02-visit', 'fr.md')
    await mkdir(dirname(path), {recursive: true})
    await writeFile(path, `---\ntitle: Visite\ndate: 2026-03-02\nnotes:\n  - Le "Printemps" -- gratuit !\n  - 'Déjà « prêt » ici'\n  - "Horaires : 9 h à 17 h"\n---\n\nLe texte.\n`)
    expect((await press(['format'], root)).code).toBe(0)
    expect(await readFile(path, 'utf8')).toBe(`---\ntitle: Visite\ndate: 2026-03-02\nnotes:\n  - Le «\u202fPrintemps\u202f» – gratuit\u202f!\n  - 'Déjà «\u202fprêt\u202f» ici'\n  - "Horaires\u00a0: 9 h à 17 h"\n---\n\nLe texte.\n`)
    expect((await press(['format', '--check'], root)).code).toBe(0)
  })

  it('should set a summary folded over several lines, keeping its lines', async () => {
    const root = await temporaryFolder()
    const path = join(root, 'releases', '2026-03-02-visit', 'en.md')
    await mkdir(dirname(path), {recursive: true})
    await writeFile(path, `---\ntitle: Visit\ndate: 2026-03-02\nsummary: >\n  Open "late" on the\n  first Thursdays -- from March... and\n  more.\n---\n\nThe text.\n`)
    expect((await press(['format', '--check'], root)).code).toBe(1)
    expect((await press(['format'], root)).code).toBe(0)
    expect(await readFile(path, 'utf8')).toBe(`---\ntitle: Visit\ndate: 2026-03-02\nsummary: >\n  Open “late” on the\n  first Thursdays – from March… and\n  more.\n---\n\nThe text.\n`)
    expect((await press(['format', '--check'], root)).code).toBe(0)
    // Longer for French quotes, the lines keep their words.
    const french = join(root, 'releases', '2026-03-02-visit', 'fr.md')
    await writeFile(french, `---\ntitle: Visite\ndate: 2026-03-02\nsummary: >\n  Ouvert "tard" le\n  jeudi.\n---\n\nLe texte.\n`)
    expect((await press(['format'], root)).code).toBe(0)
    expect(await readFile(french, 'utf8')).toBe(`---\ntitle: Visite\ndate: 2026-03-02\nsummary: >\n  Ouvert «\u202ftard\u202f» le\n  jeudi.\n---\n\nLe texte.\n`)
  })

  it('should format only the files it is given', async () => {
    const root = await copyOfTypography()
    const result = await press(['format', `${release}/en.md`], root)
    expect(result.stdout).toBe(`Formatted 1 file of 1:\n  ${release}/en.md\n`)
    expect(await readFile(join(root, release, 'fr.md'), 'utf8')).toBe(await readFile(join(fixture('typography'), release, 'fr.md'), 'utf8'))
    const wrong = await press(['format', 'notes.md'], root)
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('This is not a release file of the newsroom')
  })

  it('should turn CRLF line endings to LF and drop a byte order mark', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'releases', '2026-03-02-consular-hours'), join(root, 'releases', '2026-03-02-consular-hours'), {recursive: true})
    const path = join(root, 'releases', '2026-03-02-consular-hours', 'en.md')
    const clean = await readFile(path, 'utf8')
    await writeFile(path, `\ufeff${clean.replaceAll('\n', '\r\n')}`)
    expect((await press(['format', '--check'], root)).code).toBe(1)
    expect((await press(['format'], root)).code).toBe(0)
    expect(await readFile(path, 'utf8')).toBe(clean)
    // A byte order mark alone is a change too.
    await writeFile(path, `\ufeff${clean}`)
    expect((await press(['format', '--check'], root)).code).toBe(1)
  })

  it('should keep escapes and references as typed, and leave a change it cannot write safely with a note', async () => {
    const root = await temporaryFolder()
    const path = join(root, 'releases', '2026-05-01-talks', 'zh.md')
    await mkdir(dirname(path), {recursive: true})
    await writeFile(path, '---\ntitle: 会谈\ndate: 2026-05-01\n---\n\n*会谈*\n*开始*, &quot;议程&quot; \\"草案" "会议"\n')
    const result = await press(['format'], root)
    expect(result.code).toBe(0)
    // The comma and the pair of quotes are set; the escaped quote and the references stay; the two emphases stay apart.
    expect(await readFile(path, 'utf8')).toBe('---\ntitle: 会谈\ndate: 2026-05-01\n---\n\n*会谈*\n*开始*，&quot;议程&quot; \\"草案" “会议”\n')
    expect(result.stderr).toMatch(/zh\.md\n6:5-7:1\s+info\s+This typography cannot be written into the file without changing what the release says.*format-unsafe/)
    expect((await press(['format', '--check'], root)).code).toBe(0)
  })

  it('should report a release it cannot read and exit 1', async () => {
    const root = await copyOfTypography()
    await writeFile(join(root, release, 'en.md'), '---\ntitle: [broken\n---\n')
    const result = await press(['format'], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/en\.md\n2:\d+.*error\s+The front matter is not valid YAML/)
    expect(result.stdout).toContain('Formatted 2 files of 3:')
  })
})

describe('press check', () => {
  it('should list each normalization with its place, and change nothing', async () => {
    const root = await copyOfTypography()
    const before = await readTree(root)
    const result = await press(['check'], root)
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      '\nTranslations:\nrelease              en         fr         zh         ar       ru       es\n2026-05-01-keyboard  published  published  published  missing  missing  missing\npublished            1 of 1     1 of 1     1 of 1     0 of 1   0 of 1   0 of 1\n\nChecked 3 translations: ready to build.\n'
    )
    expect(result.stderr).toMatch(new RegExp(`${release}/fr\\.md\\n[\\s\\S]*?7:65\\s+info\\s+space “;” → narrow no-break space “;” \\(fr typography\\)\\s+space-before-punctuation`))
    expect(result.stderr).toMatch(/info\s+“\.” → “。” \(zh typography\)\s+full-width-punctuation/)
    expect(await readTree(root)).toEqual(before)
  })
})

describe('typography in the built site', () => {
  it('should set French and Chinese as typesetters would, with no space between Chinese characters', async () => {
    // Built from a copy: a build keeps its cache in the newsroom, and the fixture is never written to.
    const root = await temporaryFolder()
    await cp(join(fixture('typography'), 'releases'), join(root, 'releases'), {recursive: true})
    const out = join(root, 'site')
    expect((await press(['build', '--root', root, '--out', out, '--now', '2026-06-01T00:00:00Z'])).code).toBe(0)
    const fr = await readFile(join(out, 'fr/2026-05-01-keyboard/index.html'), 'utf8')
    expect(fr).toContain('<h1>L’ambassade ouvre ses portes\u00a0: «\u202fJournée du patrimoine\u202f»</h1>')
    expect(fr).toContain('Le programme\u00a0: «\u202fvisites guidées\u202f», <em>concert</em> et «\u202fdégustation\u202f».')
    expect(fr).toContain('https://embassy.example.org/fr/visites?jour=samedi</a>\u00a0: c’est gratuit')
    const zh = await readFile(join(out, 'zh/2026-05-01-keyboard/index.html'), 'utf8')
    const paragraphs = [...zh.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, ''))
    expect(paragraphs).toContain('使馆将于9月20日举办开放日活动，时间为10:30至17:00。欢迎各界人士参加！活动包括导览参观和音乐会（免费）。')
    for (const paragraph of paragraphs) expect(paragraph).not.toMatch(/[\p{Script=Han}，。！？：；]\s+[\p{Script=Han}，。！？：；]/u)
    // A bare address ends where the Chinese text begins.
    expect(zh).toContain('<a href="https://embassy.example.org/zh/open-day">https://embassy.example.org/zh/open-day</a>下载。我们的口号是“开放，交流”。')
    expect(zh).toContain('<h1>使馆开放日：欢迎“参观”</h1>')

    // The same characters in the print-ready text and in both parts of the email.
    const frText = await readFile(join(out, 'fr/2026-05-01-keyboard/release.txt'), 'utf8')
    expect(frText).toContain('Le programme\u00a0: «\u202fvisites guidées\u202f», concert et')
    const zhText = await readFile(join(out, 'zh/2026-05-01-keyboard/release.txt'), 'utf8')
    expect(zhText.replaceAll('\n', '')).toContain('时间为10:30至17:00。欢迎各界人士参加！')
    for (const line of zhText.split('\n')) expect(line).not.toMatch(/[\p{Script=Han}，。！？：；]\s+[\p{Script=Han}，。！？：；]/u)
    for (const lang of ['fr', 'zh']) {
      const mail = await simpleParser(await readFile(join(out, `${lang}/2026-05-01-keyboard/release.eml`)))
      expect(mail.text!.startsWith((await readFile(join(out, `${lang}/2026-05-01-keyboard/release.txt`), 'utf8')).trimEnd())).toBe(true)
      expect(mail.subject).toBe(lang === 'fr' ? 'L’ambassade ouvre ses portes\u00a0: «\u202fJournée du patrimoine\u202f»' : '使馆开放日：欢迎“参观”')
      // No straight quote left in the text: any still there stands inside a tag, around an attribute.
      expect(mail.html).not.toMatch(/"(?![^<]*>)/)
    }
    const zhMail = await simpleParser(await readFile(join(out, 'zh/2026-05-01-keyboard/release.eml')))
    expect(zhMail.html).toContain('时间为10:30至17:00。欢迎各界人士参加！活动包括<strong')
  })
})
