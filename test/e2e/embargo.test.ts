// Nothing embargoed or draft may reach any file of the output.
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {heldBack, releaseEmbargo} from '../../pipeline/source/embargo.js'
import type {FrontMatter} from '../../pipeline/source/validate.js'
import {fixture, press, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const markers = ['EMBARGO-MARKER', 'DRAFT-MARKER', '2026-03-10-embargoed', '2026-03-11-draft']

describe('embargo and drafts', () => {
  it('should leave every marker of embargoed and draft translations out of the output', async () => {
    const out = join(await temporaryFolder(), 'site')
    const result = await press(['build', '--root', fixture('embargo'), '--out', out, '--now', '2026-03-14T13:59:59Z'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('; held back 4 translations (2 embargoed, 2 drafts);')
    const files = await readTree(out)
    expect(files.size).toBeGreaterThan(5)
    for (const [path, text] of files) {
      for (const marker of markers) {
        expect(text, `${path} contains ${marker}`).not.toContain(marker)
        expect(path).not.toContain(marker)
      }
    }
    // The English translation of a partly drafted release is public, without a link to the draft.
    const ready = files.get('en/2026-03-12-partly-draft/index.html')!
    expect(ready).toContain('Ready in English')
    expect(ready).not.toContain('hreflang="fr"')
    expect(files.has('fr/2026-03-12-partly-draft/index.html')).toBe(false)
  })

  it('should publish an embargoed release in every language once the embargo has passed', async () => {
    const out = join(await temporaryFolder(), 'site')
    // 09:00 at -05:00 is 14:00 UTC.
    const result = await press(['build', '--root', fixture('embargo'), '--out', out, '--now', '2026-03-14T14:00:00Z'])
    expect(result.code).toBe(0)
    const files = await readTree(out)
    expect(files.get('en/2026-03-10-embargoed/index.html')).toContain('EMBARGO-MARKER-BODY')
    expect(files.get('fr/2026-03-10-embargoed/index.html')).toContain('EMBARGO-MARKER-FR-BODY')
    expect(files.get('en/feed.xml')).toContain('<updated>2026-03-14T14:00:00Z</updated>')
    expect(result.stderr).toContain('different embargoes')
  })

  describe('heldBack', () => {
    const base: FrontMatter = {title: 'T', date: '2026-03-10', category: 'embassy-news', status: 'published', contacts: []}
    it('should hold drafts whatever the time', () => {
      expect(heldBack({...base, status: 'draft'}, undefined, new Date('2100-01-01T00:00:00Z'))).toBe('draft')
    })
    it('should hold a release until the very moment of its embargo', () => {
      const embargo = Date.parse('2026-03-14T09:00:00-05:00')
      expect(heldBack(base, embargo, new Date(embargo - 1))).toBe('embargoed')
      expect(heldBack(base, embargo, new Date(embargo))).toBeUndefined()
    })
  })

  describe('releaseEmbargo', () => {
    it('should take the latest embargo of the translations and warn each that differs', () => {
      const early = {frontMatter: {embargo: '2026-03-14T09:00:00+01:00', embargoTime: Date.parse('2026-03-14T08:00:00Z')} as FrontMatter, file: new VFile()}
      const late = {frontMatter: {embargo: '2026-03-14T09:00:00-05:00', embargoTime: Date.parse('2026-03-14T14:00:00Z')} as FrontMatter, file: new VFile()}
      const none = {frontMatter: {} as FrontMatter, file: new VFile()}
      expect(releaseEmbargo([early, late, none])).toBe(Date.parse('2026-03-14T14:00:00Z'))
      expect(early.file.messages.map((message) => message.ruleId)).toEqual(['embargo-mismatch'])
      expect(none.file.messages).toHaveLength(1)
      expect(late.file.messages).toHaveLength(0)
    })
  })
})

describe('links to a release under embargo', () => {
  it('should leave out every spelling of its address, and the address itself where it is the link’s text', async () => {
    const root = await temporaryFolder()
    const site = 'https://embassy.example.org/news/'
    await writeReleases(root, {
      '2026-05-20-merger/en.md': releaseText('title: SECRET-MERGER-TITLE\ndate: 2026-05-20\nembargo: 2026-07-01T09:00:00-04:00'),
      '2026-05-25-trade/en.md': releaseText(
        'title: Trade mission\ndate: 2026-05-25',
        [
          `Details: <${site}en/2026-05-20-merger/>`,
          `Also ${site}en/2026-05-20-merger/`,
          `[a](http://embassy.example.org/news/en/2026-05-20-merger/) [b](${site}/en/2026-05-20-merger/) ![c](${site}en/2026-05-20-merger/) [d](https://embassy.example.org./news/%65n/2026-05-20-%6Derger/) [e](https://u@EMBASSY.example.org/news/EN/2026-05-20-merger/)`,
          `[f][ref] and [the announcement](../2026-05-20-merger/#top "2026-05-20-merger")`,
          `[ref]: ${site}en/2026-05-20-merger/?x=1`
        ].join('\n\n')
      )
    })
    const out = join(root, 'site')
    const result = await press(['build', '--root', root, '--out', out, '--now', '2026-06-01T12:00:00Z'], root)
    expect(result.code).toBe(0)
    expect(result.stderr.match(/warning\s+The link to en\/2026-05-20-merger\/ was left out/g)).toHaveLength(9)
    const files = await readTree(out)
    expect(files.get('en/2026-05-25-trade/release.txt')).toContain('Details:')
    for (const [path, text] of files) {
      expect(text, path).not.toContain('merger')
      expect(text, path).not.toContain('SECRET-MERGER')
    }
  })
})
