// The six languages press ships: every one says every string the default
// language says, writes its dates through Intl, and counts with the plural
// forms its grammar has.
import {describe, expect, it} from 'vitest'
import {loadLocales, makeLocales} from '../../pipeline/source/locales.js'
import {projectRoot} from '../helpers.js'

const languages = ['en', 'fr', 'zh', 'ar', 'ru', 'es']
const {files, locales} = await loadLocales(projectRoot, languages, 'en', projectRoot)

describe('the shipped languages', () => {
  it('should load without a message, each with every string English has and none English lacks', () => {
    expect(files.flatMap((file) => file.messages.map(String))).toEqual([])
    const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '')
    const english = new Set(locales!.get('en')!.keys.map(base))
    for (const lang of languages) expect(new Set(locales!.get(lang)!.keys.map(base)), lang).toEqual(english)
  })

  it('should write dates as each language does', () => {
    expect(languages.map((lang) => locales!.get(lang)!.formatDate('2026-03-03'))).toEqual(['March 3, 2026', '3 mars 2026', '2026年3月3日', '3 مارس 2026', '3 марта 2026\u202fг.', '3 de marzo de 2026'])
    // Another day, then the first again: each date as it is, however often asked.
    expect(['2026-03-01', '2026-03-03'].map((date) => locales!.get('fr')!.formatDate(date))).toEqual(['1er mars 2026', '3 mars 2026'])
  })

  it('should count in Russian with its three forms, in 1, 2, 5, 21, 22, 25 and 111', () => {
    const ru = locales!.get('ru')!
    const subject = (count: number) => ru.t('bulletin.subject', {count, embassy: 'Посольство'})
    expect([1, 2, 5, 21, 22, 25, 111].map(subject)).toEqual([
      'Посольство: 1 новый пресс-релиз',
      'Посольство: 2 новых пресс-релиза',
      'Посольство: 5 новых пресс-релизов',
      'Посольство: 21 новый пресс-релиз',
      'Посольство: 22 новых пресс-релиза',
      'Посольство: 25 новых пресс-релизов',
      'Посольство: 111 новых пресс-релизов'
    ])
    expect(ru.t('release.contacts', {count: 3})).toBe('Контакты для прессы')
    expect(ru.t('release.contacts', {count: 1})).toBe('Контакт для прессы')
  })

  it('should count in Spanish, whose millions take their own form', () => {
    const es = locales!.get('es')!
    expect([1, 2, 1_000_000].map((count) => es.t('bulletin.intro', {count, since: 'a', until: 'b'}))).toEqual([
      'Entre el a y el b se publicó 1 comunicado.',
      'Entre el a y el b se publicaron 2 comunicados.',
      'Entre el a y el b se publicaron 1000000 comunicados.'
    ])
  })

  it('should name each language in itself, for the switcher and the chooser', () => {
    expect(languages.map((lang) => locales!.get(lang)!.name)).toEqual(['English', 'Français', '中文', 'العربية', 'Русский', 'Español'])
  })
})

describe('what a string is made of, for the files that show it', () => {
  const meta = (name: string) => ({name, dir: 'ltr' as const})
  const made = (fr: Record<string, unknown>, frCa: Record<string, unknown>) =>
    makeLocales(
      new Map([
        ['en', {meta: meta('English'), strings: {nav: {home: 'Home'}, release: {contacts_one: 'Contact', contacts_other: 'Contacts'}}}],
        ['fr', {meta: meta('Français'), strings: fr}],
        ['fr-CA', {meta: meta('Français (Canada)'), strings: frCa}]
      ]),
      'en'
    )

  it('should change with a string written flat, a plural form, or the base language a regional one falls back to', async () => {
    const before = await made({'nav.home': 'Accueil', release: {contacts_one: 'Contact'}}, {})
    expect(before.get('fr')!.t('nav.home')).toBe('Accueil')
    expect(before.get('fr-CA')!.t('nav.home')).toBe('Accueil')
    const flat = await made({'nav.home': 'Page d’accueil', release: {contacts_one: 'Contact'}}, {})
    expect(flat.get('fr')!.stringsOf('nav.home')).not.toBe(before.get('fr')!.stringsOf('nav.home'))
    // Asked for with its namespace, as a newsroom's template may.
    expect(flat.get('fr')!.t('translation:nav.home')).toBe('Page d’accueil')
    expect(flat.get('fr')!.stringsOf('translation:nav.home')).not.toBe(before.get('fr')!.stringsOf('translation:nav.home'))
    // fr-CA has no string of its own: it shows French, and changes with it.
    expect(flat.get('fr-CA')!.stringsOf('nav.home')).not.toBe(before.get('fr-CA')!.stringsOf('nav.home'))
    const plural = await made({'nav.home': 'Accueil', release: {contacts_one: 'Personne à joindre'}}, {})
    expect(plural.get('fr')!.stringsOf('release.contacts')).not.toBe(before.get('fr')!.stringsOf('release.contacts'))
    expect(plural.get('fr')!.stringsOf('nav.home')).toBe(before.get('fr')!.stringsOf('nav.home'))
  })
})
