// An instant (an embargo, a correction) as each language writes it, its zone
// as readers of that language know it.
import {describe, expect, it} from 'vitest'
import {loadLocales} from '../../pipeline/source/locales.js'
import {projectRoot} from '../helpers.js'

const {locales} = await loadLocales(projectRoot, ['en', 'fr', 'zh', 'ar'], 'en', projectRoot)
const embargo = Date.parse('2026-12-10T15:00:00Z')
const written = (lang: string, zone: string) => locales!.get(lang)!.formatInstant(embargo, zone)

describe('formatInstant', () => {
  it('should write the zone as an offset from UTC, after the time, where the language has no name for it', () => {
    // CLDR writes "2026年12月10日 GMT-5 10:00": GMT, a hyphen, and the zone between the date and the time.
    expect(written('zh', 'America/Toronto')).toBe('2026年12月10日 10:00 UTC\u22125')
    expect(written('zh', 'Asia/Shanghai')).toBe('2026年12月10日 23:00 UTC+8')
    expect(written('fr', 'America/Toronto')).toBe('10 décembre 2026 à 10:00 UTC\u22125')
  })

  it('should keep a zone the language names, and UTC itself', () => {
    expect(written('en', 'America/Toronto')).toBe('December 10, 2026 at 10:00 EST')
    expect(written('zh', 'UTC')).toBe('2026年12月10日 15:00 UTC')
  })
})
