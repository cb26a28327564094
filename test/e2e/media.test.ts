// Photos and documents kept beside a release: published once for all its
// translations, named by their content, sized, linked from the page, the
// email and the text; every mistake placed; nothing of an embargoed release.
import {cp, mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import sharp from 'sharp'
import {describe, expect, it} from 'vitest'
import {emailHtmlProblems, htmlProblems, press, projectRoot, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const now = '2026-04-01T12:00:00Z'

/** A newsroom with the project's settings (and no crest) and a photo and a PDF beside release `id`. */
async function newsroom(id: string, releases: Record<string, string>, photo = '#3a6') {
  const root = await temporaryFolder()
  await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
  await writeReleases(root, releases)
  await mkdir(join(root, 'releases', id, 'photos'), {recursive: true})
  await sharp({create: {width: 1600, height: 1200, channels: 3, background: photo}}).jpeg().toFile(join(root, 'releases', id, 'photos', 'Stage at night.jpg'))
  await writeFile(join(root, 'releases', id, 'programme.pdf'), '%PDF-1.4\n% the festival programme\n')
  return root
}

const festival = (lang: 'en' | 'fr', extra = '') =>
  releaseText(
    `title: ${lang === 'en' ? 'Festival' : 'Festival'}\ndate: 2026-03-02${extra}`,
    lang === 'en'
      ? '![The main stage at night](photos/Stage%20at%20night.jpg)\n\nRead [the programme](programme.pdf).\n\n![The stage, from the back](<photos/Stage at night.jpg>)'
      : '![La grande scène de nuit](photos/Stage%20at%20night.jpg)\n\nLisez [le programme](programme.pdf).'
  )

describe('files beside a release', () => {
  it('should publish them once for every translation, under names that follow their content, and point every output at them', async () => {
    const root = await newsroom('2026-03-02-festival', {'2026-03-02-festival/en.md': festival('en'), '2026-03-02-festival/fr.md': festival('fr')})
    const out = join(root, 'site')
    expect((await press(['build', '--out', out, '--now', now], root)).code).toBe(0)
    const files = await readTree(out)
    const media = [...files.keys()].filter((path) => path.startsWith('media/'))
    const pdf = media.find((path) => /^media\/2026-03-02-festival\/programme-[0-9a-f]{10}\.pdf$/.test(path))!
    const photo = media.find((path) => /^media\/2026-03-02-festival\/stage-at-night-[0-9a-f]{10}\.jpg$/.test(path))!
    const stem = photo.replace(/\.jpg$/, '')
    // The photo, its smaller copies, and each in WebP: made once for both translations.
    expect(media.sort()).toEqual([pdf, `${stem}-1600.webp`, `${stem}-480.jpg`, `${stem}-480.webp`, `${stem}-960.jpg`, `${stem}-960.webp`, photo].sort())
    expect(await sharp(join(out, `${stem}-480.webp`)).metadata()).toMatchObject({format: 'webp', width: 480, height: 360})

    const page = files.get('en/2026-03-02-festival/index.html')!
    const sizes = 'sizes="(min-width: 50rem) 46rem, 100vw"'
    expect(page).toContain(`<p><picture><source type="image/webp" srcset="../../${stem}-480.webp 480w, ../../${stem}-960.webp 960w, ../../${stem}-1600.webp 1600w" ${sizes}><img src="../../${photo}" alt="The main stage at night" srcset="../../${stem}-480.jpg 480w, ../../${stem}-960.jpg 960w, ../../${photo} 1600w" ${sizes} width="1600" height="1200"></picture></p>`)
    expect(page).toMatch(new RegExp(`<img src="\\.\\./\\.\\./${photo}" alt="The stage, from the back" srcset="[^"]+" ${sizes.replace(/[()]/g, '\\$&')} width="1600" height="1200" loading="lazy">`))
    expect(page).toContain(`<li><a href="../../${pdf}" download>programme.pdf</a> <span class="file-facts">(PDF, 1 KB)</span></li>`)
    expect(files.get('fr/2026-03-02-festival/index.html')).toContain(`<h2 id="downloads-heading">Téléchargements</h2>`)
    expect(await htmlProblems(page, 'page with media')).toEqual([])

    const mail = await simpleParser(Buffer.from(files.get('en/2026-03-02-festival/release.eml')!, 'utf8'))
    expect(mail.html).toContain(`src="https://embassy.example.org/news/${photo}"`)
    // No wider than the email's column, in proportion.
    expect(mail.html).toMatch(/alt="The main stage at night"[^>]* width="552" height="414"/)
    expect(mail.html).toContain(`<a href="https://embassy.example.org/news/${pdf}"`)
    expect(await emailHtmlProblems(files.get('en/2026-03-02-festival/email.html')!, 'email with media')).toEqual([])
    expect(files.get('en/2026-03-02-festival/release.txt')).toContain(`Downloads\nprogramme.pdf (PDF, 1 KB)\n  https://embassy.example.org/news/${pdf}\n`)

    // A new photo under the same name is published under a new one.
    await sharp({create: {width: 1600, height: 1200, channels: 3, background: '#a36'}}).jpeg().toFile(join(root, 'releases/2026-03-02-festival/photos/Stage at night.jpg'))
    expect((await press(['build', '--out', out, '--now', now], root)).code).toBe(0)
    const again = await readTree(out)
    const newPhoto = [...again.keys()].find((path) => /^media\/2026-03-02-festival\/stage-at-night-[0-9a-f]{10}\.jpg$/.test(path))!
    expect(newPhoto).not.toBe(photo)
    expect(again.get('en/2026-03-02-festival/index.html')).toContain(`src="../../${newPhoto}"`)
  })

  it('should show the lead image under the title, as the list’s thumbnail, on the social card, in the email and, in words, in the text', async () => {
    const id = '2026-03-02-festival'
    // Typed with straight apostrophes, set as the text is.
    const image = '\nimage:\n  src: photos/Stage at night.jpg\n  alt: The main stage at night\n  caption: "The opening concert of this year\'s festival."\n  credit: Embassy\'s photographer'
    const root = await newsroom(id, {[`${id}/en.md`]: festival('en', image)})
    const out = join(root, 'site')
    expect((await press(['build', '--out', out, '--now', now], root)).code).toBe(0)
    const files = await readTree(out)
    const photo = [...files.keys()].find((path) => /^media\/2026-03-02-festival\/stage-at-night-[0-9a-f]{10}\.jpg$/.test(path))!
    const page = files.get(`en/${id}/index.html`)!
    expect(page).toMatch(new RegExp(`<h1>Festival</h1>\\n<p class="release-meta">.*</p>\\n<figure class="lead-image">\\n<picture>\\n<source type="image/webp" srcset="[^"]+" sizes="[^"]+">\\n<img src="\\.\\./\\.\\./${photo}" srcset="[^"]+" sizes="[^"]+" alt="The main stage at night" width="1600" height="1200">\\n</picture>\\n<figcaption>The opening concert of this year’s festival\\.<br><span class="credit">Photo: Embassy’s photographer</span></figcaption>`))
    expect(page).toContain(`<meta property="og:image" content="https://embassy.example.org/news/${photo}">`)
    expect(page).toContain('<meta property="og:image:alt" content="The main stage at night">')
    expect(await htmlProblems(page, 'lead image')).toEqual([])
    expect(files.get('en/index.html')).toContain(`<img class="thumbnail" src="../${photo}" alt="" width="1600" height="1200" loading="lazy">`)
    const mail = await simpleParser(Buffer.from(files.get(`en/${id}/release.eml`)!, 'utf8'))
    expect(mail.html).toMatch(new RegExp(`<img src="https://embassy\\.example\\.org/news/${photo}" alt="The main stage at night" width="552" height="414"`))
    // The caption and its credit on lines of their own, not run together.
    expect(mail.html).toContain('The opening concert of this year’s festival.<br>Photo: Embassy’s photographer</span>')
    expect(files.get(`en/${id}/release.txt`)).toContain('March 2, 2026\n\n[Photo: The main stage at night (Embassy’s photographer)]\n')
  })

  it('should publish nothing of an embargoed release’s files until its embargo ends', async () => {
    const id = '2026-03-02-festival'
    const root = await newsroom(id, {[`${id}/en.md`]: festival('en', '\nembargo: 2026-05-01T09:00:00-04:00')})
    const out = join(root, 'site')
    expect((await press(['build', '--out', out, '--now', now], root)).code).toBe(0)
    expect([...(await readTree(out)).keys()].filter((path) => path.includes('festival'))).toEqual([])
    expect((await press(['build', '--out', out, '--now', '2026-05-01T13:00:00Z'], root)).code).toBe(0)
    expect([...(await readTree(out)).keys()].filter((path) => path.startsWith(`media/${id}/`))).toHaveLength(7)
  })

  it('should find a missing photo in an embargoed or draft translation before it is public, in build and check', async () => {
    const id = '2026-03-02-festival'
    const root = await newsroom(id, {
      [`${id}/en.md`]: festival('en', '\nembargo: 2026-05-01T09:00:00-04:00').replace('programme.pdf', 'missing.pdf'),
      [`${id}/fr.md`]: festival('fr', '\nstatus: draft').replace('programme.pdf', 'absent.pdf')
    })
    for (const command of ['build', 'check']) {
      const result = await press([command, '--now', now], root)
      expect(result.code, command).toBe(1)
      expect(result.stderr).toMatch(/en\.md\n\d+:\d+(-\d+:\d+)?\s+error\s+.*missing\.pdf/)
      expect(result.stderr).toMatch(/fr\.md\n(?:.+\n)*?\d+:\d+(-\d+:\d+)?\s+error\s+.*absent\.pdf/)
    }
  })

  it('should place an image without alt text, a missing file, a file outside the release and a kind press does not publish', async () => {
    const id = '2026-03-02-festival'
    const root = await newsroom(id, {[`${id}/en.md`]: releaseText('title: Festival\ndate: 2026-03-02', '![](photos/Stage%20at%20night.jpg)\n\n![A poster](poster.png)\n\n[The settings](../../newsroom.yaml) and [a program](setup.exe).\n\n![](gone.png)')})
    const out = join(root, 'site')
    const result = await press(['build', '--out', out, '--now', now], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/en\.md\n(.*\n)*6:1\s+error\s+The image photos\/Stage%20at%20night\.jpg has no alt text, which is what readers who cannot see it get/)
    expect(result.stderr).toMatch(/8:1\s+error\s+poster\.png is not there: put the file in releases\/2026-03-02-festival\/poster\.png, or correct its name\s+media/)
    expect(result.stderr).toMatch(/10:1\s+error\s+\.\.\/\.\.\/newsroom\.yaml is outside this release's folder: put the file in releases\/2026-03-02-festival\/ and name it from there/)
    expect(result.stderr).toMatch(/10:41\s+error\s+setup\.exe is not a kind of file press publishes: link PDF, Word, Excel, PowerPoint, OpenDocument, ZIP, CSV or text files, or images/)
    // Both of what is wrong with an image: no alt text, and not there.
    expect(result.stderr).toMatch(/12:1\s+error\s+The image gone\.png has no alt text.*\n12:1\s+error\s+gone\.png is not there: put the file in releases\/2026-03-02-festival\/gone\.png, or correct its name\s+media/)
    expect(result.stderr).toContain('press build: failed')
  })
})

describe('an email’s addresses', () => {
  it('should warn, at the site’s address, that an http site sends emails with http images and links', async () => {
    const root = await temporaryFolder()
    await writeFile(join(root, 'newsroom.yaml'), (await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8')).replace('url: https://embassy.example.org/news/', 'url: http://embassy.example.org/news/').replace(/^ {2}logo: .*$/m, ''))
    await writeReleases(root, {'2026-03-02-hours/en.md': releaseText('title: Hours\ndate: 2026-03-02')})
    const result = await press(['check'], root)
    expect(result.stderr).toMatch(/newsroom\.yaml\n(.*\n)*\d+:8(-\d+:\d+)?\s+warning\s+The site is at an http address, so the images and links of every email are too/)
  })
})
