// `press init`: a newsroom of one's own, whose identity is never the
// sample's without a warning on every build and check.
import {mkdir, readdir, readFile, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {press, readTree, temporaryFolder} from '../helpers.js'

describe('press init', () => {
  it('should make a newsroom that builds, with the identity blank, and warn until it is filled in', async () => {
    const root = await temporaryFolder()
    const made = await press(['init', 'newsroom', '--lang', 'en,fr'], root)
    expect(made.code).toBe(0)
    expect(made.stdout).toBe(
      'Made 7 files and folders:\n  newsroom/releases/\n  newsroom/newsroom.yaml\n  newsroom/.gitignore\n  newsroom/locales/en/locale.json\n  newsroom/locales/en/translation.json\n  newsroom/locales/fr/locale.json\n  newsroom/locales/fr/translation.json\n' +
        'Next: fill in the embassy’s name, address, telephone, email, web site and the paragraph “About the Embassy” under `embassy` in each locales/<lang>/translation.json, and the site’s address in newsroom.yaml; then press new <slug>.\n'
    )
    const newsroom = join(root, 'newsroom')
    expect(await readFile(join(newsroom, 'newsroom.yaml'), 'utf8')).toMatch(/^languages: \[en, fr\]$/m)
    // The preview holds drafts and embargoed releases: never committed by accident.
    expect((await readFile(join(newsroom, '.gitignore'), 'utf8')).split('\n')).toEqual(expect.arrayContaining(['/output', '/.communique-cache/', '/.communique-preview/']))
    const strings = JSON.parse(await readFile(join(newsroom, 'locales/fr/translation.json'), 'utf8'))
    expect(strings.embassy.name).toBe("[fill in: the embassy's name]")
    expect(strings.nav.home).toBe('Accueil')

    const checked = await press(['check'], newsroom)
    expect(checked.code).toBe(0)
    expect(checked.stderr).toMatch(/locales\/fr\/translation\.json\n2:1\s+warning\s+The embassy's name, address, phone, email, website, description \(“About the Embassy”\) in Français are still the sample's or blank: fill them in under `embassy` in this file/)

    strings.embassy = {name: 'Ambassade de Borduria', address: '1 rue de la Paix, 75002 Paris', phone: '+33 1 23 45 67 89', email: 'presse@borduria.example', website: 'https://borduria.example/fr/', about: 'L’ambassade de Borduria à Paris représente la Borduria en France.'}
    await writeFile(join(newsroom, 'locales/fr/translation.json'), JSON.stringify(strings))
    const built = await press(['build'], newsroom)
    expect(built.code).toBe(0)
    expect(built.stderr).not.toContain('locales/fr/translation.json')
    expect(built.stderr).toContain('locales/en/translation.json')
  })

  it('should make only what is missing and change no file that exists', async () => {
    const root = await temporaryFolder()
    expect((await press(['init', '--lang', 'en'], root)).code).toBe(0)
    await writeFile(join(root, 'newsroom.yaml'), 'site:\n  url: https://press.example.org/\nlanguages: [en, fr]\n')
    const before = await readTree(root)
    const again = await press(['init', '--lang', 'en,fr'], root)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Made 2 files and folders:\n  locales/fr/locale.json\n  locales/fr/translation.json\nLeft as they were:\n  releases/\n  newsroom.yaml\n  .gitignore\n  locales/en/locale.json\n  locales/en/translation.json\n')
    const after = await readTree(root)
    for (const [path, text] of before) expect(after.get(path), path).toBe(text)
    expect((await press(['init', '--lang', 'en,../fr'], root)).code).toBe(2)
    // A language press does not ship gets a locale to translate, and the settings, left as they are, are named to change.
    const added = await press(['init', '--lang', 'pt-BR'], root)
    expect(added.code).toBe(0)
    expect(added.stdout).toContain('Made 2 files and folders:\n  locales/pt-BR/locale.json\n  locales/pt-BR/translation.json\n')
    expect(added.stdout).toContain('Add pt-BR to `languages` in newsroom.yaml to publish in it.\n')
    expect(JSON.parse(await readFile(join(root, 'locales/pt-BR/locale.json'), 'utf8'))).toMatchObject({name: 'Português (Brasil)', intl: 'pt-BR', ogLocale: 'pt_BR'})
    // A regional variant of a shipped language starts from it, ready to use; a code given twice, in any case, is made once.
    const variant = await press(['init', '--lang', 'es-MX,es-mx', 'mexico'], root)
    expect(variant.code).toBe(0)
    expect(variant.stdout).not.toContain('[translate]')
    expect(JSON.parse(await readFile(join(root, 'mexico/locales/es-MX/locale.json'), 'utf8'))).toMatchObject({name: 'Español de México', intl: 'es-MX', ogLocale: 'es_MX', typography: {quotes: {primary: ['«', '»']}}})
    expect(JSON.parse(await readFile(join(root, 'mexico/locales/es-MX/translation.json'), 'utf8')).nav.home).toBe('Inicio')
    expect(await readFile(join(root, 'mexico/newsroom.yaml'), 'utf8')).toMatch(/^languages: \[es-MX\]$/m)
    expect((await press(['init', '--lang', 'und', 'other'], root)).code).toBe(2)
    // Without --lang, the languages of the newsroom's own settings: nothing more to make.
    expect((await press(['init'], root)).stdout).toMatch(/^Nothing to make: the newsroom has every file already\./)
  })

  it('should write nothing through a folder of the newsroom that links outside it', async () => {
    const root = await temporaryFolder()
    const elsewhere = join(root, 'elsewhere')
    await mkdir(elsewhere)
    await mkdir(join(root, 'newsroom'))
    await symlink(elsewhere, join(root, 'newsroom', 'locales'))
    const made = await press(['init', 'newsroom', '--lang', 'en,pt'], root)
    expect(made.code).toBe(2)
    expect(made.stderr).toMatch(/^press init: newsroom\/locales\/en\/locale\.json would be written outside the newsroom, through a link: .*elsewhere\/en\/locale\.json/)
    expect(await readdir(elsewhere)).toEqual([])
  })

  it('should warn a newsroom that uses the built-in locales that its identity is the sample’s', async () => {
    const root = await temporaryFolder()
    await writeFile(join(root, 'newsroom.yaml'), 'site:\n  url: https://press.example.org/\nlanguages: [en]\n')
    await press(['new', 'visit', '--date', '2026-03-14'], root)
    const built = await press(['build'], root)
    expect(built.code).toBe(0)
    expect(built.stderr).toMatch(/locales\/en\/translation\.json\n\s+warning\s+The embassy's name, address, phone, email, website, description \(“About the Embassy”\) in English are still the sample's or blank: fill them in in this file, which press init makes/)
  })
})
