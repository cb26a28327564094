// The processor of one language: its stages in order, what each leaves in
// file.data, and a stop that keeps every placed message.
import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {loadLocales} from '../../pipeline/source/locales.js'
import {createTranslationProcessor, runStages} from '../../pipeline/typography/translation-processor.js'
import {textVersions} from '../../pipeline/source/translation-version.js'
import {projectRoot} from '../helpers.js'

const {locales} = await loadLocales(projectRoot, ['en', 'fr'], 'en', projectRoot)
const site = {siteUrl: 'https://embassy.example.org/news/', languages: ['en', 'fr']}
const fr = createTranslationProcessor({locale: locales!.get('fr')!, site})

function run(text: string, data: Record<string, unknown> = {}) {
  const file = new VFile({path: 'releases/2026-03-01-visit/fr.md', value: text, data: {id: '2026-03-01-visit', ...data}})
  return {tree: runStages(fr, file), file}
}

const release = [
  '---',
  'title: "Visite: le programme"',
  'date: 2026-03-01',
  'image: {src: photos/arrivee.jpg, alt: L’arrivée}',
  '---',
  '',
  'Le "programme" est [publié](../2026-02-20-programme/) avec [la carte](carte.pdf) et [l’annonce](https://embassy.example.org/news/en/2026-03-05-secret/).',
  '',
  '<script>alert(1)</script>',
  '',
  '> Une citation.',
  '> -- L’ambassadrice',
  ''
].join('\n')

describe('the processor of a language', () => {
  it('should leave the front matter, checked and typeset, in file.data', () => {
    const {tree, file} = run(release)
    expect(tree).toBeDefined()
    expect(file.data.frontMatter?.title).toBe('Visite\u00a0: le programme')
    expect(file.data.frontMatter?.date).toBe('2026-03-01')
  })

  it('should leave the title and summary as written, which give the text the version a reading of its YAML alone gives', async () => {
    const sources = [
      release,
      '---\r\ntitle: Visite officielle\r\nsummary: >-\r\n  Le programme\r\n  complet.\r\ndate: 2026-03-01\r\n---\r\n\nLe texte.\n',
      "\ufeff---\ntitle: '2026'\nsummary: \"Une « visite » — \\u00e9t\u00e9\"\ndate: 2026-03-01\n---   \nLe texte.",
      '---\ntitle: "Visite \\u00e0 Lyon: \\"le programme\\""  # un commentaire\ndate: 2026-03-01\n---\n',
      // A YAML 1.1 line, under which another reading would take \`on\` for true and the summary for a date.
      '---\n%YAML 1.1\n--- # le programme\ntitle: on\nsummary: 2026-03-01\ndate: 2026-03-01\n---\n\nLe texte.\n'
    ]
    // And the sample newsroom's French releases.
    const folder = join(projectRoot, 'releases')
    for (const path of (await readdir(folder, {recursive: true})).filter((path) => path.endsWith('fr.md'))) sources.push(await readFile(join(folder, path), 'utf8'))
    for (const text of sources) {
      const {tree, file} = run(text)
      expect(tree).toBeDefined()
      expect(file.data.versionFields).toBeDefined()
      expect(textVersions(text, file.data.versionFields)).toEqual(textVersions(text))
    }
  })

  it('should take raw HTML out before the text is set, and set the text as the language is', () => {
    const {tree, file} = run(release)
    expect(JSON.stringify(tree)).not.toContain('alert')
    expect(file.messages.map(({ruleId}) => ruleId)).toContain('raw-html')
    expect(JSON.stringify(tree)).toContain('«\u202fprogramme\u202f»')
  })

  it('should set a quotation’s attribution on a paragraph of its own', () => {
    const {tree} = run(release)
    const quote = tree!.children.find((node) => node.type === 'blockquote')!
    expect(quote.type === 'blockquote' && quote.children.map((node) => node.type === 'paragraph' && node.data?.attribution === true)).toEqual([false, true])
  })

  it('should collect the links to the site’s releases and the files beside the release, the lead image first', () => {
    const {file} = run(release)
    // A file beside the release is, by its address, in the release's own folder.
    expect(file.data.links?.map(({lang, id}) => `${lang}/${id}`)).toEqual(['fr/2026-02-20-programme', 'fr/2026-03-01-visit', 'en/2026-03-05-secret'])
    expect(file.data.media?.map(({url, kind}) => `${kind} ${url}`)).toEqual(['image photos/arrivee.jpg', 'file carte.pdf'])
  })

  it('should leave out the links the build hides, keeping their text, with a placed warning', () => {
    const {tree, file} = run(release, {hidden: ['en/2026-03-05-secret']})
    expect(JSON.stringify(tree)).not.toContain('2026-03-05-secret')
    expect(JSON.stringify(tree)).toContain('l’annonce')
    const warning = file.messages.find(({ruleId}) => ruleId === 'unpublished-link')
    expect(`${warning?.line}:${warning?.column}`).toBe('7:85')
    expect(file.data.links?.map(({id}) => id)).toEqual(['2026-02-20-programme', '2026-03-01-visit'])
  })

  it('should stop at the stage that finds errors, with every error placed and nothing after it run', () => {
    const {tree, file} = run('---\ntitle: ""\ndate: 2026-13-01\n---\n\nTexte "cité".\n')
    expect(tree).toBeUndefined()
    expect(file.messages.filter(({fatal}) => fatal).map(({line, ruleId}) => `${line} ${ruleId}`)).toEqual(['2 invalid-field', '3 invalid-field', '2 empty-field'])
    expect(file.data.frontMatter).toBeUndefined()
    expect(file.data.links).toBeUndefined()
    expect(file.data.media).toBeUndefined()
  })

  it('should stop before parsing a text the parser would take minutes over', () => {
    const {tree, file} = run(`---\ntitle: T\ndate: 2026-03-01\n---\n\n${'*a* '.repeat(400)}\n`)
    expect(tree).toBeUndefined()
    expect(file.messages[0]?.ruleId).toBe('too-many-marks')
  })
})
