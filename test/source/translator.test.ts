// A language's t() answers what i18next answers, for every string press
// ships and any values put in it, however hostile: it only spares i18next
// the work of asking again.
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makeLocales, stringsInstance, type LocaleSources} from '../../pipeline/source/locales.js'
import {flatStrings} from '../../pipeline/source/string-use.js'
import {projectRoot} from '../helpers.js'

const languages = ['en', 'fr', 'zh', 'ar', 'ru', 'es']

async function shipped(): Promise<LocaleSources> {
  const sources = new Map()
  for (const lang of languages) {
    const read = async (name: string) => JSON.parse(await readFile(join(projectRoot, 'locales', lang, name), 'utf8'))
    sources.set(lang, {meta: await read('locale.json'), strings: await read('translation.json')})
  }
  return sources
}

/** Values as a release's title or address may hold them: replacement patterns, placeholders, markup, the marks the translator uses itself. */
const hostile = ['$&$1$$', ' padded ', '{{title}}', '<b>&amp;</b>', '', 'é 文 عربي', '\uE0000\uE001', '\uE000', 2, 0, 2.5]

describe('a language’s translator', () => {
  it('should give what i18next gives for every shipped string with values in it, whatever the values', async () => {
    const sources = await shipped()
    const locales = await makeLocales(sources, 'en')
    const reference = await stringsInstance(sources, 'en')
    let compared = 0
    for (const lang of languages) {
      const t = locales.get(lang)!.t as unknown as (key: string, options?: object) => string
      const expected = reference.getFixedT(lang) as unknown as (key: string, options?: object) => string
      for (const [key, value] of flatStrings(sources.get(lang)!.strings as Record<string, unknown>)) {
        const names = [...String(value).matchAll(/\{\{-?\s*(\w+)/g)].map((match) => match[1]!)
        if (names.length === 0) continue
        const base = key.replace(/_(zero|one|two|few|many|other)$/, '')
        hostile.forEach((one, index) => {
          // Each value in turn, the others ordinary; and an unused value beside them.
          const options = Object.fromEntries(names.map((name, at) => [name, at === index % names.length ? one : `value ${at}`]))
          const extra = {...options, unused: one}
          expect(t(base, options), `${lang} ${base} ${JSON.stringify(options)}`).toBe(expected(base, options))
          expect(t(base, extra)).toBe(expected(base, extra))
          compared++
        })
      }
    }
    expect(compared).toBeGreaterThan(300)
  })

  it('should leave to i18next the strings it cannot fill itself: a value formatted, a count, a value missing', async () => {
    const meta = {name: 'English', dir: 'ltr' as const}
    const strings = {formatted: 'In all {{total, number}}', counted_one: '{{count}} release', counted_other: '{{count}} releases', marked: 'Mark \uE0000\uE001 {{title}}', both: '{{title}} at {{url}}'}
    const sources: LocaleSources = new Map([['en', {meta, strings}]])
    const t = (await makeLocales(sources, 'en')).get('en')!.t as unknown as (key: string, options?: object) => string
    const i18n = (await stringsInstance(sources, 'en')).getFixedT('en') as unknown as (key: string, options?: object) => string
    expect(t('counted', {count: 1})).toBe('1 release')
    expect(t('counted', {count: 5})).toBe('5 releases')
    expect(t('marked', {title: 'Visit'})).toBe('Mark \uE0000\uE001 Visit')
    expect(t('both', {title: 'Visit'})).toBe(i18n('both', {title: 'Visit'}))
    expect(t('formatted', {total: 1234.5})).toBe('In all 1,234.5')
    // The same call twice: the second as the first.
    expect(t('both', {title: 'A', url: 'B'})).toBe('A at B')
    expect(t('both', {title: 'C', url: 'D'})).toBe('C at D')
    // A key that holds the separator of the shapes' own keys is not taken for another key with other values.
    expect(t('both\u0000title', {url: 'E'})).toBe(i18n('both\u0000title', {url: 'E'}))
  })
})
