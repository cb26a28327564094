// A language press does not ship, added from its folder alone: press init
// makes the folder from the default language's, the newsroom translates JSON
// and writes its typography as data, and every output comes out in it,
// right to left where the locale says so. No code is touched.
import {execFileSync} from 'node:child_process'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {describe, expect, it} from 'vitest'
import {press, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

type Strings = {[key: string]: string | Strings}

/** The identity a newsroom fills in, the same in every language for the test. */
const identity = {name: 'Embaixada da República da Aurélia', address: 'Rua das Flores 12, 1200-195 Lisboa', phone: '+351 21 555 0142', email: 'imprensa@embassy.example.org', website: 'https://embassy.example.org/', about: 'A Embaixada representa a Aurélia em Portugal.'}

/** A newsroom made by press init with `languages`, its identity filled in and its address set. */
async function newsroomWith(languages: string): Promise<{root: string; init: {code: number; stdout: string; stderr: string}}> {
  const root = await temporaryFolder()
  const init = await press(['init', '--lang', languages], root)
  const settings = join(root, 'newsroom.yaml')
  const email = 'email:\n  from: Press Office <press@embassy.example.org>\n  to: News <news@lists.embassy.example.org>\n'
  await writeFile(settings, `${(await readFile(settings, 'utf8')).replace(/^ {2}url: .*$/m, '  url: https://embassy.example.org/news/')}\n${email}`)
  for (const lang of languages.split(',')) await edit(root, lang, (strings) => void Object.assign(strings.embassy as Strings, identity))
  return {root, init}
}

async function edit(root: string, lang: string, change: (strings: Strings) => void): Promise<void> {
  const path = join(root, 'locales', lang, 'translation.json')
  const strings = JSON.parse(await readFile(path, 'utf8')) as Strings
  change(strings)
  await writeFile(path, `${JSON.stringify(strings, null, 2)}\n`)
}

const id = '2026-05-04-book-fair'

describe('a language press does not ship', () => {
  it('should refuse a language tag written otherwise than as tags are, which i18next would read as another', async () => {
    const {root} = await newsroomWith('en,pt-BR')
    const settings = join(root, 'newsroom.yaml')
    await writeFile(settings, (await readFile(settings, 'utf8')).replace('languages: [en, pt-BR]', 'languages: [en, pt-br]'))
    const checked = await press(['check'], root)
    expect(checked.code).toBe(1)
    expect(checked.stderr).toMatch(/newsroom\.yaml\n\d+:\d+(-\d+:\d+)?\s+error\s+`languages` lists `pt-br`, a language tag written `pt-BR`: write `pt-BR` here/)
  })

  it('should start from press init, list what is left to translate, and build every output from data alone', {timeout: 60_000}, async () => {
    const {root, init} = await newsroomWith('en,pt')
    expect(init.code).toBe(0)
    expect(init.stdout).toContain('locales/pt/ holds every string marked “[translate]”')
    const locale = JSON.parse(await readFile(join(root, 'locales/pt/locale.json'), 'utf8'))
    expect(locale).toMatchObject({name: 'Português', dir: 'ltr', intl: 'pt', ogLocale: 'pt_BR', typography: {}, fonts: expect.arrayContaining(['Noto Sans Variable'])})
    const strings = JSON.parse(await readFile(join(root, 'locales/pt/translation.json'), 'utf8'))
    expect(strings.nav.home).toBe('[translate] Home')
    // Portuguese counts one, many (millions) and other: its plural forms, not English's.
    expect(Object.keys(strings.bulletin).filter((key) => key.startsWith('subject_'))).toEqual(['subject_one', 'subject_many', 'subject_other'])

    // The newsroom translates some strings and sets Portuguese quotes, as data.
    await edit(root, 'pt', (own) => {
      Object.assign(own.nav as Strings, {home: 'Início', skip: 'Saltar para o conteúdo'})
      Object.assign(own.release as Strings, {releaseLine: 'PARA DIVULGAÇÃO IMEDIATA', endMark: '– FIM –'})
    })
    locale.typography = {quotes: {primary: ['«', '»'], secondary: ['“', '”'], apostrophe: '’'}}
    await writeFile(join(root, 'locales/pt/locale.json'), JSON.stringify(locale, null, 2))
    await writeFile(join(root, 'newsroom.yaml'), `${await readFile(join(root, 'newsroom.yaml'), 'utf8')}\npdf: true\n`)
    await writeReleases(root, {
      [`${id}/en.md`]: releaseText('title: The embassy at the Lisbon Book Fair\ndate: 2026-05-04\ndateline: LISBON', 'Aurelian writers read from "The River" at the fair.'),
      [`${id}/pt.md`]: releaseText('title: A embaixada na Feira do Livro de Lisboa\ndate: 2026-05-04\ndateline: LISBOA', 'Escritores aurelianos leem "O Rio" na feira.')
    })

    const checked = await press(['check'], root)
    expect(checked.code).toBe(0)
    expect(checked.stderr).toMatch(/locales\/pt\/translation\.json\n(?:.*\n)*?\d+:\d+\s+warning\s+`nav\.breadcrumb` is not translated yet: write it in Português in place of the text marked “\[translate\]”\s+untranslated-string/)
    expect(checked.stderr).not.toMatch(/`nav\.home` is not translated/)
    expect(checked.stderr).toMatch(/\d+ strings are still marked “\[translate\]”, and readers of Português see them so/)

    const built = await press(['build', '--now', '2026-05-05T12:00:00Z'], root)
    expect(built.code, built.stderr).toBe(0)
    const out = join(root, 'output', 'pt', id)
    const page = await readFile(join(out, 'index.html'), 'utf8')
    expect(page).toContain('<html lang="pt" dir="ltr" data-script="Latn" data-emphasis="italic">')
    expect(page).toContain('Escritores aurelianos leem «O Rio» na feira.')
    expect(page).toContain('>Início</a>')
    const text = await readFile(join(out, 'release.txt'), 'utf8')
    expect(text).toContain('PARA DIVULGAÇÃO IMEDIATA\n\nA embaixada na Feira do Livro de Lisboa\n')
    expect(text).toContain('LISBOA, 4 de maio de 2026')
    expect(text).toContain('– FIM –')
    const mail = await simpleParser(await readFile(join(out, 'release.eml')))
    expect(mail.subject).toBe('A embaixada na Feira do Livro de Lisboa')
    expect(mail.headers.get('content-language')).toBe('pt')
    expect(mail.text).toContain('Escritores aurelianos leem «O Rio» na feira.')
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', join(out, 'release.pdf'), '-'], {encoding: 'utf8'})).toContain('A embaixada na Feira do Livro de Lisboa')
  })

  it('should set a second right-to-left language right to left, from its locale’s direction', async () => {
    const {root} = await newsroomWith('en,he')
    const locale = JSON.parse(await readFile(join(root, 'locales/he/locale.json'), 'utf8'))
    expect(locale).toMatchObject({name: 'עברית', dir: 'rtl', intl: 'he', ogLocale: 'he_IL', fonts: ['system-ui', 'sans-serif'], webFonts: []})
    await edit(root, 'he', (own) => {
      Object.assign(own.nav as Strings, {home: 'דף הבית'})
      Object.assign(own.category as Strings, {'embassy-news': 'חדשות השגרירות'})
    })
    await writeReleases(root, {
      [`${id}/en.md`]: releaseText('title: The embassy at the book fair\ndate: 2026-05-04', 'Writers read (in two languages) at the fair.'),
      [`${id}/he.md`]: releaseText('title: השגרירות ביריד הספרים\ndate: 2026-05-04', 'סופרים קוראים (בשתי שפות) *ביריד*.\n\n- שירה\n- פרוזה')
    })
    const built = await press(['build', '--now', '2026-05-05T12:00:00Z'], root)
    expect(built.code, built.stderr).toBe(0)
    const out = join(root, 'output', 'he', id)
    const page = await readFile(join(out, 'index.html'), 'utf8')
    // Its script and how it emphasizes come from Unicode's data: Hebrew has no italics, so emphasis is set in weight.
    expect(page).toContain('<html lang="he" dir="rtl" data-script="Hebr" data-emphasis="weight">')
    // The breadcrumb points the way the page reads: from the right.
    expect(page).toMatch(/>דף הבית<\/a><span class="separator" aria-hidden="true" dir="ltr">&lt;<\/span>/)
    expect(page).toContain('<p>סופרים קוראים (בשתי שפות) <em>ביריד</em>.</p>')
    const mail = await simpleParser(await readFile(join(out, 'release.eml')))
    expect(mail.headers.get('content-language')).toBe('he')
    expect(mail.html).toMatch(/<html lang="he" dir="rtl"/)
    expect(mail.html).toMatch(/<em[^>]*style="[^"]*font-weight: bold/)
    // Mail clients know sides better than directions: a list is indented from the right.
    expect(mail.html).toMatch(/<ul[^>]*style="[^"]*padding-right: 24px/)
    expect(mail.text).toContain('סופרים קוראים (בשתי שפות)')
    const text = await readFile(join(out, 'release.txt'), 'utf8')
    expect(text).toContain(`השגרירות ביריד הספרים\n${'='.repeat(21)}\n`)
    expect(text).toContain('סופרים קוראים (בשתי שפות)')
  })
})
