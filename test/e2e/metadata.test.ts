// What pages say of themselves to social networks, chat apps and search
// engines, read back with an HTML parser and JSON.parse as they would read it:
// Open Graph and Twitter cards, schema.org NewsArticle, the crest and icons.
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {Element} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import sharp from 'sharp'
import {visit} from 'unist-util-visit'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {press, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'
import {rm} from 'node:fs/promises'
import {mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'

let out: string
let files: Map<string, string>

beforeAll(async () => {
  out = join(await mkdtemp(join(tmpdir(), 'communique-metadata-')), 'site')
  expect((await press(['build', '--out', out, '--now', '2026-11-24T12:00:00Z'])).code).toBe(0)
  files = await readTree(out)
})
afterAll(async () => {
  await rm(join(out, '..'), {recursive: true, force: true})
})

/** The page's meta tags by property or name (several values where repeated), its links by rel, and its JSON-LD. */
function metadata(html: string) {
  const meta = new Map<string, string[]>()
  const links = new Map<string, Element[]>()
  const data: unknown[] = []
  visit(fromHtml(html), 'element', (node: Element) => {
    const {property, name, content, rel, type} = node.properties
    if (node.tagName === 'meta' && (property || name)) meta.set(String(property ?? name), [...(meta.get(String(property ?? name)) ?? []), String(content)])
    if (node.tagName === 'link') for (const one of [rel].flat()) links.set(String(one), [...(links.get(String(one)) ?? []), node])
    if (node.tagName === 'script' && type === 'application/ld+json') data.push(JSON.parse(node.children.map((child) => ('value' in child ? child.value : '')).join('')))
  })
  return {meta, links, data}
}

async function imageSize(path: string) {
  const {width, height, format} = await sharp(join(out, path)).metadata()
  return {width, height, format}
}

describe('metadata of the sample newsroom’s pages', () => {
  it('should give each release a social card in its language, naming only the languages it is published in', async () => {
    const {meta} = metadata(files.get('en/2026-03-02-consular-hours/index.html')!)
    expect(meta.get('og:type')).toEqual(['article'])
    expect(meta.get('og:title')).toEqual(['Consular section extends its opening hours for the spring travel season'])
    expect(meta.get('og:url')).toEqual(['https://embassy.example.org/news/en/2026-03-02-consular-hours/'])
    expect(meta.get('og:locale')).toEqual(['en_CA'])
    // No Arabic translation of this one.
    expect(meta.get('og:locale:alternate')).toEqual(['fr_CA', 'zh_CN'])
    expect(meta.get('twitter:card')).toEqual(['summary_large_image'])
    const image = meta.get('og:image')![0]!
    expect(image).toMatch(/^https:\/\/embassy\.example\.org\/news\/assets\/card-[0-9a-f]{10}\.png$/)
    const published = image.replace('https://embassy.example.org/news/', '')
    expect(await imageSize(published)).toEqual({width: 1200, height: 630, format: 'png'})
    expect(meta.get('og:image:width')).toEqual(['1200'])
    expect(meta.get('og:image:alt')).toEqual(['Embassy of the Republic of Aurelia'])
  })

  it('should describe each release as a NewsArticle by the embassy, with its dates in the newsroom’s zone and its translations', async () => {
    const french = metadata(files.get('fr/2026-04-18-spring-culture-festival/index.html')!).data[0] as Record<string, any>
    expect(french).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      inLanguage: 'fr',
      datePublished: '2026-04-18T00:00:00-04:00',
      dateModified: '2026-04-18T00:00:00-04:00',
      publisher: {'@type': 'GovernmentOrganization', name: 'Ambassade de la République d’Aurélie'},
      translationOfWork: {'@id': 'https://embassy.example.org/news/en/2026-04-18-spring-culture-festival/'}
    })
    expect(french.headline).toBe(metadata(files.get('fr/2026-04-18-spring-culture-festival/index.html')!).meta.get('og:title')![0])
    expect(french.headline).toMatch(/^Le festival «\u202fPrintemps aurélien\u202f» fait entendre/u)
    expect(await imageSize(french.publisher.logo.url.replace('https://embassy.example.org/news/', ''))).toMatchObject({format: 'png', width: french.publisher.logo.width, height: french.publisher.logo.height})
    const english = metadata(files.get('en/2026-04-18-spring-culture-festival/index.html')!).data[0] as Record<string, any>
    expect(english.workTranslation.map((one: {inLanguage: string}) => one.inLanguage)).toEqual(['fr', 'zh', 'ar', 'ru', 'es'])
  })

  it('should give every page the crest, a tab icon and a home-screen icon, and lists a card of their own', async () => {
    for (const path of ['en/index.html', 'ar/category/culture/index.html', 'zh/2026-05-06-graduate-scholarships/index.html']) {
      const {links, meta} = metadata(files.get(path)!)
      const icon = String(links.get('icon')![0]!.properties.href)
      expect(await imageSize(join(path, '..', icon))).toEqual({width: 32, height: 32, format: 'png'})
      expect(await imageSize(join(path, '..', String(links.get('apple-touch-icon')![0]!.properties.href)))).toEqual({width: 180, height: 180, format: 'png'})
      expect(files.get(path)).toMatch(/<img class="crest" src="(\.\.\/)+assets\/logo-[0-9a-f]{10}\.svg" width="120" height="140" alt="">/)
      expect(meta.get('og:image'), path).toHaveLength(1)
    }
    expect(metadata(files.get('en/index.html')!).meta.get('og:type')).toEqual(['website'])
    const email = files.get('en/2026-03-02-consular-hours/email.html')!
    expect(email).toMatch(/<img class="crest" src="https:\/\/embassy\.example\.org\/news\/assets\/logo-email-[0-9a-f]{10}\.png" width="55" height="64" alt=""/)
  })
})

describe('the crest in a newsroom’s settings', () => {
  it('should warn at its line when the file is not there or is no image, and publish without it', async () => {
    const root = await temporaryFolder()
    await writeFile(join(root, 'newsroom.yaml'), 'site:\n  url: https://press.example.org/\n  logo: media/crest.png\n  favicon: media/icon.png\nlanguages: [en]\n')
    await mkdir(join(root, 'media'))
    await writeFile(join(root, 'media/icon.png'), 'not a picture')
    await writeReleases(root, {'2026-03-02-hours/en.md': releaseText('title: Hours\ndate: 2026-03-02')})
    const result = await press(['build', '--out', join(root, 'site')], root)
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/newsroom\.yaml\n(.*\n)*3:3\s+warning\s+`site\.logo` names media\/crest\.png, which is not there, so pages and emails go without it: put the file in the newsroom, or correct the name\s+site-image/)
    expect(result.stderr).toMatch(/4:3\s+warning\s+`site\.favicon` names media\/icon\.png, which is not an SVG, PNG, JPEG or WebP image as its name says/)
    const page = (await readTree(join(root, 'site'))).get('en/2026-03-02-hours/index.html')!
    expect(page).not.toContain('class="crest"')
    expect(metadata(page).meta.get('twitter:card')).toEqual(['summary'])
  })
})
