// A page's absolute address, joined as text when URL resolution would give
// the same, and resolved by URL otherwise: the same address either way.
import {describe, expect, it} from 'vitest'
import {SiteMap} from '../../pipeline/publish/pages.js'
import type {Settings} from '../../pipeline/source/settings.js'

const siteWith = (siteUrl: string) => new SiteMap({siteUrl, languages: ['en'], defaultLanguage: 'en'} as unknown as Settings, new Map())

describe('SiteMap.url', () => {
  it('should give every folder the address URL resolution gives it, whatever the site address and the folder', () => {
    const sites = ['https://example.org/', 'https://Example.ORG:443/press/', 'https://example.org/a%20b/', 'https://example.org/news/?lang=1', 'https://example.org/news/#top', 'http://[::1]:8080/', 'https://example.org/file']
    const folders = ['', 'en/', 'en/2026-03-14-visit/', 'fr/category/culture/', 'zh/page/2/', './en/', '../en/', 'en/../fr/', '/en/', 'en//x/', 'en/a b/', 'en/%41/', 'en/é/', 'en/.hidden/', 'en/x', '?q', '#a', 'en\\x/', 'https://other.example/', '//other.example/']
    for (const site of sites) {
      const map = siteWith(site)
      for (const folder of folders) expect(map.url(folder), `${folder} under ${site}`).toBe(new URL(folder, site).href)
    }
  })

  it('should join random folders of the characters release ids use as URL resolution does', () => {
    const map = siteWith('https://embassy.example/press/')
    const alphabet = 'abz09-_.~/%:?#é '
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length
    for (let round = 0; round < 3000; round++) {
      const folder = Array.from({length: 1 + (round % 12)}, () => alphabet[next()]).join('')
      expect(map.url(folder), folder).toBe(new URL(folder, 'https://embassy.example/press/').href)
    }
  })
})
