// Newsrooms of the user's own: settings, locales, templates, many releases.
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {htmlProblems, press, projectRoot, readTree, temporaryFolder} from '../helpers.js'

async function newsroom(releases: Record<string, string>, settings?: string) {
  const root = await temporaryFolder()
  for (const [path, text] of Object.entries(releases)) {
    await mkdir(join(root, 'releases', path, '..'), {recursive: true})
    await writeFile(join(root, 'releases', path), text)
  }
  if (settings !== undefined) await writeFile(join(root, 'newsroom.yaml'), settings)
  return root
}

const release = (title: string, date: string, extra = '') => `---\ntitle: ${title}\ndate: ${date}\n${extra}---\n\nText of ${title}.\n`

describe('a newsroom of its own', () => {
  it('should page a news list by 20, newest first, with links between pages', async () => {
    const releases: Record<string, string> = {}
    for (let day = 1; day <= 45; day++) {
      const date = `2026-01-${String(((day - 1) % 28) + 1).padStart(2, '0')}`
      releases[`${date}-item-${String(day).padStart(2, '0')}/en.md`] = release(`Item ${day}`, date)
    }
    const root = await newsroom(releases, 'site:\n  url: https://press.example.org\nlanguages: [en]\n')
    const result = await press(['build', '--root', root])
    expect(result.code).toBe(0)
    const files = await readTree(join(root, 'output'))
    const titles = (path: string) => [...files.get(path)!.matchAll(/<h2><a href="[^"]+">([^<]+)<\/a><\/h2>/g)].map((match) => match[1])
    expect(titles('en/index.html')).toHaveLength(20)
    expect(titles('en/page/2/index.html')).toHaveLength(20)
    expect(titles('en/page/3/index.html')).toHaveLength(5)
    expect(files.has('en/page/4/index.html')).toBe(false)
    expect(titles('en/index.html').slice(0, 2)).toEqual(['Item 28', 'Item 27'])
    const middle = files.get('en/page/2/index.html')!
    expect(middle).toContain('<a href="../../../en/" rel="prev">Newer releases</a>')
    expect(middle).toContain('<a href="../../../en/page/3/" rel="next">Older releases</a>')
    expect(middle).toContain('<link rel="canonical" href="https://press.example.org/en/page/2/">')
    expect(await htmlProblems(middle, 'page 2')).toEqual([])
    // One language: no switcher to show.
    expect(middle).not.toContain('class="languages"')
  })

  it('should report a broken settings file at its line and build nothing', async () => {
    const root = await newsroom({'2026-01-01-a/en.md': release('A', '2026-01-01')}, 'site:\n  url: not a url\nlanguages: [en, de]\ndefaultLanguage: fr\n')
    const result = await press(['build', '--root', root], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/newsroom\.yaml\n2:8-2:17\s+error\s+`site\.url` is not valid: the full address of the site/)
    const again = await newsroom({'2026-01-01-a/en.md': release('A', '2026-01-01')}, 'site:\n  url: https://a.example.org/\nlanguages: [en, de]\n')
    const missing = await press(['build', '--root', again], again)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('No locale for `de`: create the folder with a locale.json and a translation.json')
  })

  it('should use the newsroom’s own locale strings and templates over the built-in ones', async () => {
    const root = await newsroom({'2026-01-01-a/en.md': release('A', '2026-01-01')}, 'site:\n  url: https://a.example.org/\nlanguages: [en]\n')
    const strings = JSON.parse(await readFile(join(projectRoot, 'locales/en/translation.json'), 'utf8'))
    strings.embassy.name = 'Consulate General of Aurelia'
    await mkdir(join(root, 'locales', 'en'), {recursive: true})
    await writeFile(join(root, 'locales/en/translation.json'), JSON.stringify(strings))
    await writeFile(join(root, 'locales/en/locale.json'), await readFile(join(projectRoot, 'locales/en/locale.json')))
    await mkdir(join(root, 'templates', 'partials'), {recursive: true})
    await writeFile(join(root, 'templates/partials/share.njk'), '<aside class="share"><p>Own share block</p></aside>\n')
    expect((await press(['build', '--root', root])).code).toBe(0)
    const page = await readFile(join(root, 'output/en/2026-01-01-a/index.html'), 'utf8')
    expect(page).toContain('Consulate General of Aurelia')
    expect(page).toContain('<aside class="share"><p>Own share block</p></aside>')
  })

  it('should leave the web fonts out with webFonts: false, and refuse a web font that is not an @fontsource package', async () => {
    const root = await newsroom({'2026-01-01-a/zh.md': release('会谈', '2026-01-01')}, 'site:\n  url: https://a.example.org/\nlanguages: [zh]\nwebFonts: false\n')
    expect((await press(['build', '--root', root])).code).toBe(0)
    const files = await readTree(join(root, 'output'))
    expect(files.get('assets/fonts.css')).not.toContain('@font-face')
    expect(files.get('assets/fonts.css')).toContain(':lang(zh) { font-family: "Noto Sans SC Variable"')
    expect([...files.keys()].filter((path) => path.startsWith('assets/fonts/'))).toEqual([])

    const locale = JSON.parse(await readFile(join(projectRoot, 'locales/zh/locale.json'), 'utf8'))
    await mkdir(join(root, 'locales', 'zh'), {recursive: true})
    await writeFile(join(root, 'locales/zh/locale.json'), JSON.stringify({...locale, webFonts: ['../../etc/passwd']}))
    await writeFile(join(root, 'locales/zh/translation.json'), await readFile(join(projectRoot, 'locales/zh/translation.json')))
    const refused = await press(['build', '--root', root], root)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/locales\/zh\/locale\.json\n.*error\s+locale\.json `"webFonts"` lists npm packages of @fontsource fonts/)
  })

  it('should refuse a category with no label in the locale, at its line', async () => {
    const root = await newsroom({'2026-01-01-a/en.md': release('A', '2026-01-01', 'category: sports\n')})
    const result = await press(['build', '--root', root], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/4:11-4:17\s+error\s+The category `sports` has no label in the English locale: use one of `embassy-news`/)
  })

  it('should refuse a title or contact with a line break, which could reach an email header', async () => {
    const root = await newsroom({'2026-01-01-a/en.md': '---\ntitle: "Hello\\r\\nBcc: victim@example.org"\ndate: 2026-01-01\ncontacts:\n  - name: "A\\nB"\n---\n\nText.\n'})
    const result = await press(['build', '--root', root], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/2:8-2:\d+\s+error\s+`title` is not valid: the title is one line of text/)
    expect(result.stderr).toMatch(/5:11-5:17\s+error\s+`contacts\[1\]\.name` is not valid/)
  })

  it('should build an empty newsroom into a site that says so', async () => {
    const root = await newsroom({})
    await mkdir(join(root, 'releases'), {recursive: true})
    const result = await press(['build', '--root', root])
    expect(result.code).toBe(0)
    expect(await readFile(join(root, 'output/fr/index.html'), 'utf8')).toContain('Aucun communiqué pour le moment.')
  })
})

describe('locales', () => {
  it('should give every language every UI string the default language has', async () => {
    const keys = (value: unknown, prefix = ''): string[] =>
      value && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => keys(inner, `${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}.`)) : [prefix]
    const english = new Set(keys(JSON.parse(await readFile(join(projectRoot, 'locales/en/translation.json'), 'utf8'))))
    for (const lang of ['fr', 'zh', 'ar']) {
      const other = new Set(keys(JSON.parse(await readFile(join(projectRoot, `locales/${lang}/translation.json`), 'utf8'))))
      expect([...english].filter((key) => !other.has(key)), lang).toEqual([])
    }
  })
})
