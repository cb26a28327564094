// The PDF of every published release, read back with poppler-utils as a
// journalist's or an archive's tools read it: on the letterhead, in reading
// order in every script, every font embedded, on the paper asked for, page
// numbers in each language, headings kept with their text, the same bytes
// from the same release, and made again only when its release changes. The
// first page of each language's PDF is kept as an image for the README, like
// the screenshots (test/screenshots/, refreshed with PRESS_REFRESH_SCREENSHOTS=1).
import {execFileSync} from 'node:child_process'
import {cp, mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import sharp from 'sharp'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {press, projectRoot, readTree, releaseText, temporaryFolder} from '../helpers.js'

const now = '2026-12-01T12:00:00Z'
const festival = '2026-04-18-spring-culture-festival'
const long = '2026-11-20-cultural-season'
const shots = process.env['PRESS_REFRESH_SCREENSHOTS'] ? join(projectRoot, 'test', 'screenshots') : join(projectRoot, 'test', 'screenshots', 'latest')

const poppler = (tool: string, ...args: string[]) => execFileSync(tool, args, {encoding: 'utf8'})
/** The text of a PDF (or of one page), with the marks poppler puts around right-to-left runs taken out. */
const textOf = (file: string, page?: number) => poppler('pdftotext', ...(page ? ['-f', String(page), '-l', String(page)] : []), '-enc', 'UTF-8', file, '-').replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
const infoOf = (file: string) => Object.fromEntries(poppler('pdfinfo', '-isodates', file).split('\n').flatMap((line) => (/^([^:]+):\s+(.*)$/.test(line) ? [[RegExp.$1, RegExp.$2]] : []))) as Record<string, string>
const squeezed = (text: string) => text.replace(/\s+/g, '')

/** A release of the cultural season, long enough for three pages, with a heading every few paragraphs. */
function longRelease(): string {
  const paragraph = (section: number, index: number) => `The embassy's cultural season continues with event ${section}.${index}: a concert, a reading or a screening, free and open to the public, with details on the season's page and reservations at the door while seats last.`
  const sections = Array.from({length: 12}, (_, section) => `## Part ${section + 1} of the season\n\n${Array.from({length: 4}, (_, index) => paragraph(section + 1, index + 1)).join('\n\n')}`)
  return releaseText('title: The embassy’s cultural season, month by month\ndate: 2026-11-20\ncategory: culture\ndateline: OTTAWA', sections.join('\n\n'))
}

let root: string
let out: string

// One newsroom for the tests of this file, removed after them.
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'communique-pdf-'))
  await cp(join(projectRoot, 'releases'), join(root, 'releases'), {recursive: true})
  await cp(join(projectRoot, 'media'), join(root, 'media'), {recursive: true})
  await writeFile(join(root, 'newsroom.yaml'), `${await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8')}\npdf: true\n`)
  await mkdir(join(root, 'releases', long, 'photos'), {recursive: true})
  await writeFile(join(root, 'releases', long, 'en.md'), longRelease().replace('category: culture', 'category: culture\nimage:\n  src: photos/hall.jpg\n  alt: The embassy’s hall set for a concert'))
  await sharp({create: {width: 1200, height: 800, channels: 3, background: '#2b5f8a'}}).jpeg().toFile(join(root, 'releases', long, 'photos', 'hall.jpg'))
  out = join(root, 'output')
  const built = await press(['build', '--root', root, '--now', now, '-q'])
  expect(built.stderr).toBe('')
  expect(built.code).toBe(0)
}, 120_000)

afterAll(async () => {
  await rm(root, {recursive: true, force: true})
})

describe('the PDF of a release', () => {
  it('should set each language on the letterhead, in reading order, from the title to the contacts', () => {
    const expected: Record<string, string[]> = {
      en: ['Embassy of the Republic of Aurelia', '1200 Maple Crescent', 'FOR IMMEDIATE RELEASE', '“Aurelian Spring” festival brings music and film to Ottawa', 'OTTAWA, April 18, 2026', '###', 'About the Embassy', 'Media contact', 'culture@embassy.example.org', `https://embassy.example.org/news/en/${festival}/`, 'Page {n} of {n}'],
      fr: ['Ambassade de la République d’Aurélie', 'POUR DIFFUSION IMMÉDIATE', 'OTTAWA, le 18 avril 2026', '– FIN –', 'À propos de l’ambassade', 'culture@embassy.example.org', 'Page {n} sur {n}'],
      zh: ['奥雷利亚共和国驻加拿大大使馆', '即时发布', '“奥雷利亚之春”艺术节将音乐与电影带到渥太华', '2026年4月18日', '（完）', '关于使馆', '媒体联系人', '第 {n} 页，共 {n} 页'],
      ru: ['Посольство Республики Аурелия', 'ДЛЯ НЕМЕДЛЕННОЙ ПУБЛИКАЦИИ', 'Фестиваль «Весна Аурелии» привезёт в\u00a0Оттаву', 'ОТТАВА, 18 апреля 2026\u202fг.', '«Дорога в\u00a0„Серебряную долину“»', '###', 'О посольстве', 'Контакт для прессы', 'Страница {n} из {n}'],
      es: ['Embajada de la República de Aurelia', 'PARA DIFUSIÓN INMEDIATA', 'El festival «Primavera de Aurelia»', 'OTTAWA, 18 de abril de 2026', '«Camino al “Valle de Plata”»', '– FIN –', 'Acerca de la Embajada', 'Contacto de prensa', 'Página {n} de {n}']
    }
    for (const [lang, lines] of Object.entries(expected)) {
      const file = join(out, lang, festival, 'release.pdf')
      // pdftotext gives no-break spaces as spaces.
      const text = textOf(file).replace(/[\u00a0\u202f]/g, ' ')
      // The last page's number ends the text.
      const pages = infoOf(file)['Pages']!
      let at = -1
      for (const line of lines.map((one) => one.replaceAll('{n}', pages).replace(/[\u00a0\u202f]/g, ' '))) {
        const found = text.indexOf(line, at + 1)
        expect(found, `${lang}: “${line}” after what comes before it, in\n${text}`).toBeGreaterThan(at)
        at = found
      }
    }
  })

  it('should never end a Russian line on a short word or start one with a dash, as the no-break spaces ask', () => {
    const lines = textOf(join(out, 'ru', festival, 'release.pdf')).split('\n').map((line) => line.trim()).filter((line) => line !== '')
    expect(lines.length).toBeGreaterThan(20)
    expect(lines.filter((line) => / (в|к|с|у|о|и|а|на|по|за|из|от|до|не)$/iu.test(line))).toEqual([])
    expect(lines.filter((line) => /^— /u.test(line) && !line.startsWith('— Посол'))).toEqual([])
  })

  it('should extract Arabic in the order it is read, from the right, not as drawn', () => {
    // pdftotext puts spaces where Noto Naskh's joined letters overlap: the order of the letters is what is checked.
    const text = squeezed(textOf(join(out, 'ar', festival, 'release.pdf')))
    let at = -1
    for (const line of ['سفارة جمهورية أوريليا لدى كندا', 'للنشر الفوري', 'مهرجان «ربيع أوريليا» يحمل الموسيقى والسينما إلى أوتاوا', 'عن السفارة', 'culture@embassy.example.org']) {
      const found = text.indexOf(squeezed(line), at + 1)
      expect(found, line).toBeGreaterThan(at)
      at = found
    }
    // Chromium draws the page number, in the paper's margin, glyph by glyph as seen: read as a reader reads it, from the right.
    const pages = infoOf(join(out, 'ar', festival, 'release.pdf'))['Pages']!
    const words = [...poppler('pdftotext', '-bbox', '-f', '1', '-l', '1', join(out, 'ar', festival, 'release.pdf'), '-').matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map(([, x, y, word]) => ({x: Number(x), y: Number(y), word: word!}))
    const foot = Math.max(...words.map(({y}) => y))
    const footer = words.filter(({y}) => foot - y < 12).sort((a, b) => b.x - a.x)
    expect(footer.map(({word}) => (/\p{Script=Arabic}/u.test(word) ? [...word].reverse().join('') : word)).join('')).toBe(`الصفحة1من${pages}`)
  })

  it('should embed every font, carry the release’s metadata and be on the paper of the newsroom’s country', () => {
    for (const lang of ['en', 'fr', 'zh', 'ar', 'ru', 'es']) {
      const file = join(out, lang, festival, 'release.pdf')
      const fonts = poppler('pdffonts', file).split('\n').slice(2).filter((line) => line.trim() !== '')
      expect(fonts.length, lang).toBeGreaterThan(0)
      // The columns emb, sub and uni come before the object number and generation.
      for (const font of fonts) expect(font.trim().split(/\s+/).at(-5), `${lang}: ${font}`).toBe('yes')
      const info = infoOf(file)
      // The sample newsroom writes English for Canada (en-CA): Letter, as in the United States.
      expect(info['Page size'], lang).toMatch(/^612 x 792 pts/)
      expect(info['CreationDate'], lang).toBe('2026-04-18T04:00:00Z')
      expect(info['Creator'], lang).toBe('Communiqué')
    }
    expect(infoOf(join(out, 'en', festival, 'release.pdf'))).toMatchObject({Title: '“Aurelian Spring” festival brings music and film to Ottawa', Author: 'Embassy of the Republic of Aurelia'})
    expect(infoOf(join(out, 'ar', festival, 'release.pdf'))['Author']).toBe('سفارة جمهورية أوريليا لدى كندا')
    expect(poppler('pdffonts', join(out, 'ar', festival, 'release.pdf'))).toContain('NotoNaskhArabic')
    // Latin and Arabic in the static cuts of the web fonts, embedded as fonts (not glyph drawings, which copy badly); Chinese's static cut is not shipped.
    for (const lang of ['en', 'fr', 'ar', 'ru', 'es']) expect(poppler('pdffonts', join(out, lang, festival, 'release.pdf')), lang).not.toContain('Type 3')
    expect(poppler('pdffonts', join(out, 'en', festival, 'release.pdf'))).toMatch(/NotoSans-Regular[\s\S]*NotoSans-Bold/)
  })

  it('should keep every heading with its text and count the pages in the page numbers', () => {
    const file = join(out, 'en', long, 'release.pdf')
    const pages = Number(infoOf(file)['Pages'])
    expect(pages).toBeGreaterThanOrEqual(3)
    for (let page = 1; page <= pages; page++) {
      const lines = textOf(file, page)
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('Page '))
      expect(lines.at(-1), `the foot of page ${page}`).not.toMatch(/^Part \d+ of the season$/)
      expect(textOf(file, page)).toContain(`Page ${page} of ${pages}`)
    }
    // The lead photo is printed: the only raster image (the crest is drawn as vectors).
    expect(poppler('pdfimages', '-list', file).split('\n').slice(2).filter((line) => line.trim() !== '').length).toBeGreaterThanOrEqual(1)
  })

  it('should be linked from the page, the email and the feed, and left out of the sitemap', async () => {
    const files = await readTree(out)
    expect(files.get(`en/${festival}/index.html`)).toContain('<p class="pdf-link"><a href="release.pdf" type="application/pdf" download>Download as PDF</a></p>')
    expect(files.get(`fr/${festival}/index.html`)).toContain('>Télécharger en PDF</a>')
    expect(files.get(`en/${festival}/email.html`)).toMatch(new RegExp(`<a href="https://embassy\\.example\\.org/news/en/${festival}/release\\.pdf"[^>]*>Download as PDF</a>`))
    expect(files.get('en/feed.xml')).toContain(`<link rel="alternate" type="application/pdf" href="https://embassy.example.org/news/en/${festival}/release.pdf" title="Download as PDF"/>`)
    expect(files.get('sitemap.xml')).not.toContain('.pdf')
    // Nothing not public has one: the sample's draft is held back with all its files.
    const drafts = [...files.keys()].filter((path) => path.endsWith('release.pdf')).map((path) => path.split('/').slice(0, 2).join('/'))
    expect(drafts.every((folder) => files.has(`${folder}/index.html`))).toBe(true)
    expect(drafts).toHaveLength([...files.keys()].filter((path) => path.endsWith('/release.txt')).length)
  })

  it('should give the same bytes from the same release', async () => {
    const again = join(root, 'again')
    expect((await press(['build', '--root', root, '--out', again, '--now', now, '--no-cache', '-q'])).code).toBe(0)
    for (const lang of ['en', 'fr', 'zh', 'ar', 'ru', 'es']) expect(await readFile(join(again, lang, festival, 'release.pdf'))).toEqual(await readFile(join(out, lang, festival, 'release.pdf')))
    // The first page of each language, for the README.
    await mkdir(shots, {recursive: true})
    for (const lang of ['en', 'fr', 'zh', 'ar', 'ru', 'es']) {
      const page = join(again, `page-${lang}`)
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', join(again, lang, festival, 'release.pdf'), page])
      await sharp(`${page}.png`).jpeg({quality: 80}).toFile(join(shots, `pdf-${lang}.jpg`))
    }
  }, 60_000)

  it('should print again only the translation that changed', async () => {
    const before = await Promise.all(['en', 'fr'].map(async (lang) => (await stat(join(out, lang, festival, 'release.pdf'))).mtimeMs))
    const source = join(root, 'releases', festival, 'en.md')
    await writeFile(source, `${await readFile(source, 'utf8')}\nA late addition to the programme.\n`)
    expect((await press(['build', '--root', root, '--now', now, '-q'])).code).toBe(0)
    expect(textOf(join(out, 'en', festival, 'release.pdf'))).toContain('A late addition to the programme.')
    expect((await stat(join(out, 'fr', festival, 'release.pdf'))).mtimeMs).toBe(before[1])
  }, 60_000)
})

describe('PDFs when the machine cannot print them, and on other paper', () => {
  it('should stop the build on the setting, say how to install Chromium or turn PDFs off, and publish nothing', async () => {
    const bare = await temporaryFolder()
    await writeFile(join(bare, 'newsroom.yaml'), 'site:\n  url: https://embassy.example.org/news/\nlanguages: [en]\npdf:\n  paper: A4\n')
    await mkdir(join(bare, 'releases', '2026-05-01-notice'), {recursive: true})
    await writeFile(join(bare, 'releases', '2026-05-01-notice', 'en.md'), releaseText('title: Notice\ndate: 2026-05-01'))
    const previous = process.env['PRESS_CHROMIUM']
    process.env['PRESS_CHROMIUM'] = join(bare, 'no-such-browser')
    try {
      const built = await press(['build', '--root', bare, '--now', now])
      expect(built.code).toBe(1)
      expect(built.stderr).toMatch(/newsroom\.yaml\n(?:.*\n)?4:1\s+error\s+PDFs are asked for .* no Chromium to print them \(PRESS_CHROMIUM names .*no-such-browser, which is not there\)/)
      expect(built.stderr).toContain('sudo apt-get install chromium')
      expect(built.stderr).toContain('`pdf: false`')
    } finally {
      if (previous === undefined) delete process.env['PRESS_CHROMIUM']
      else process.env['PRESS_CHROMIUM'] = previous
    }
    await expect(stat(join(bare, 'output'))).rejects.toThrow()
    // Only a build that prints needs the browser: press check reads the newsroom as ever.
    process.env['PRESS_CHROMIUM'] = join(bare, 'no-such-browser')
    try {
      const checked = await press(['check', '--root', bare])
      expect(checked.stderr).not.toContain('no-chromium')
      expect(checked.code).toBe(0)
    } finally {
      if (previous === undefined) delete process.env['PRESS_CHROMIUM']
      else process.env['PRESS_CHROMIUM'] = previous
    }
  })

  it('should place an error on the release, and publish nothing, when Chromium cannot print', async () => {
    const broken = await temporaryFolder()
    await writeFile(join(broken, 'newsroom.yaml'), 'site:\n  url: https://embassy.example.org/news/\nlanguages: [en]\npdf: true\n')
    for (const id of ['2026-05-01-notice', '2026-05-02-notice', '2026-05-03-notice']) {
      await mkdir(join(broken, 'releases', id), {recursive: true})
      await writeFile(join(broken, 'releases', id, 'en.md'), releaseText(`title: Notice\ndate: ${id.slice(0, 10)}`))
    }
    const previous = process.env['PRESS_CHROMIUM']
    // A browser that is there but does not start.
    process.env['PRESS_CHROMIUM'] = '/bin/true'
    try {
      const built = await press(['build', '--root', broken, '--now', now, '--threads', '0'])
      expect(built.code).toBe(1)
      expect(built.stderr).toMatch(/releases\/2026-05-01-notice\/en\.md\n1:1\s+error\s+Chromium could not print the PDF of this release/)
      expect(built.stderr.match(/pdf-failed/g)).toHaveLength(3)
    } finally {
      if (previous === undefined) delete process.env['PRESS_CHROMIUM']
      else process.env['PRESS_CHROMIUM'] = previous
    }
    await expect(stat(join(broken, 'output'))).rejects.toThrow()
  }, 30_000)

  it('should set the PDF on A4 when the newsroom asks for it', async () => {
    const a4 = await temporaryFolder()
    await writeFile(join(a4, 'newsroom.yaml'), 'site:\n  url: https://embassy.example.org/news/\nlanguages: [en]\nemail:\n  from: Press <press@embassy.example.org>\n  to: News <news@lists.embassy.example.org>\npdf:\n  paper: A4\n')
    await mkdir(join(a4, 'releases', '2026-05-01-notice'), {recursive: true})
    const body = 'Apply at https://example.org/apply, or read [the rules](https://example.org/rules).[^1]\n\n![The partner’s logo](https://partner.example.org/logo.png)\n\n![A picture whose address is broken](https://embassy.example.org/news/%E0%A4%A.png)\n\n[^1]: Published in May.'
    await writeFile(join(a4, 'releases', '2026-05-01-notice', 'en.md'), releaseText('title: Notice\ndate: 2026-05-01', body))
    expect((await press(['build', '--root', a4, '--now', now, '-q'])).code).toBe(0)
    const file = join(a4, 'output', 'en', '2026-05-01-notice', 'release.pdf')
    expect(infoOf(file)['Page size']).toMatch(/^594\.\d+ x 841\.\d+ pts \(A4\)/)
    // An address shown once, a link followed by its own; a picture from elsewhere, which is not fetched, by its description; no way back from the note.
    const text = textOf(file)
    expect(text).toContain('Apply at https://example.org/apply, or read the rules (https://example.org/rules).1')
    expect(text).toContain('[The partner’s logo]')
    expect(text).toContain('1. Published in May.')
    expect(text).not.toContain('↩')
  }, 30_000)
})
