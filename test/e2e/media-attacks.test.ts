// Files beside a release as an attacker or a careless export would leave
// them: links out of the release, photos carrying the photographer's
// position, images sideways, damaged or enormous, and files that are not
// what their names say. Each is refused at its reference or made safe.
import {cp, mkdir, readFile, rm, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {crc32, deflateSync} from 'node:zlib'
import sharp from 'sharp'
import {describe, expect, it} from 'vitest'
import {press, projectRoot, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const now = '2026-04-01T12:00:00Z'
const id = '2026-03-02-visit'

/** A newsroom whose one release shows `body`, with `files` written beside it first. */
async function newsroom(body: string, files: Record<string, Buffer | string> = {}, frontMatter = '') {
  const root = await temporaryFolder()
  await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
  await writeReleases(root, {[`${id}/en.md`]: releaseText(`title: Visit\ndate: 2026-03-02${frontMatter}`, body)})
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(root, 'releases', id, name, '..'), {recursive: true})
    await writeFile(join(root, 'releases', id, name), content)
  }
  return root
}

/** Builds and checks the newsroom, which must fail in both with `reason` placed at line `line` of the release. */
async function refused(root: string, line: number, reason: RegExp) {
  for (const command of ['build', 'check']) {
    const result = await press([command, '--root', root, '--now', now], root)
    expect(result.code, result.stderr).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`releases/${id}/en\\.md\\n\\s*${line}:\\d+(-\\d+:\\d+)?\\s+error\\s+.*${reason.source}`))
  }
}

/** A PNG whose header says `width` × `height` and whose data holds `rows` rows of grey. */
function png(width: number, height: number, rows: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8)
  const data = deflateSync(Buffer.alloc(rows * (width + 1), 0x80).fill(0, 0, 1))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', data), chunk('IEND', Buffer.alloc(0))])
}

describe('links in a release folder', () => {
  it('should leave out a release whose folder is a link, saying so at its folder, and publish the others', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {'2026-03-02-visit/en.md': releaseText('title: Visit\ndate: 2026-03-02', 'The minister visits.'), '2026-03-03-fair/en.md': releaseText('title: Fair\ndate: 2026-03-03', 'The fair opens.')})
    const elsewhere = join(await temporaryFolder(), 'fair')
    await cp(join(root, 'releases', '2026-03-03-fair'), elsewhere, {recursive: true})
    await rm(join(root, 'releases', '2026-03-03-fair'), {recursive: true})
    await symlink(elsewhere, join(root, 'releases', '2026-03-03-fair'))
    const result = await press(['build', '--root', root, '--now', '2026-03-10T00:00:00Z'], root)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/releases\/2026-03-03-fair\n\s+warning\s+This release folder is a symbolic link, and is not published/)
    const site = await readTree(join(root, 'output'))
    expect(site.get('en/2026-03-02-visit/index.html')).toContain('The minister visits.')
    expect([...site.keys()].some((path) => path.includes('2026-03-03-fair'))).toBe(false)
  })


  it('should refuse a linked file that points out of the newsroom, at its reference, publishing nothing of it', async () => {
    const root = await newsroom('See [the notes](notes.txt).')
    await symlink('/etc/passwd', join(root, 'releases', id, 'notes.txt'))
    await refused(root, 6, /notes\.txt is a symbolic link/)
    expect(await readTree(join(root, 'output')).catch(() => new Map())).toEqual(new Map())
  })

  it('should refuse a lead image linked to another release’s embargoed photo, and a photo in a linked folder', async () => {
    const root = await newsroom('![A hall](photos/hall.jpg)', {}, '\nimage:\n  src: lead.jpg\n  alt: The residence')
    await writeReleases(root, {'2026-03-20-secret/en.md': releaseText('title: Secret\ndate: 2026-03-20\nembargo: 2026-03-20T09:00:00Z')})
    await sharp({create: {width: 40, height: 30, channels: 3, background: '#a33'}}).jpeg().toFile(join(root, 'releases', '2026-03-20-secret', 'lead.jpg'))
    await mkdir(join(root, 'releases', '2026-03-20-secret', 'photos'))
    await sharp({create: {width: 40, height: 30, channels: 3, background: '#3a3'}}).jpeg().toFile(join(root, 'releases', '2026-03-20-secret', 'photos', 'hall.jpg'))
    await symlink(join(root, 'releases', '2026-03-20-secret', 'lead.jpg'), join(root, 'releases', id, 'lead.jpg'))
    await symlink('../2026-03-20-secret/photos', join(root, 'releases', id, 'photos'))
    const result = await press(['build', '--root', root, '--now', now], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/\d+:\d+(-\d+:\d+)?\s+error\s+lead\.jpg is a symbolic link/)
    expect(result.stderr).toMatch(/9:\d+(-\d+:\d+)?\s+error\s+photos\/hall\.jpg is a symbolic link/)
  })
})

describe('photos', () => {
  it('should publish a photo without its EXIF, GPS position or camera, turned upright, with its upright size on the page', async () => {
    // 600 × 400 as stored, to be shown turned a quarter: 400 × 600.
    const photo = await sharp({create: {width: 600, height: 400, channels: 3, background: '#468'}})
      .jpeg()
      .withMetadata({orientation: 6})
      .withExifMerge({IFD0: {Make: 'AcmeCam', Model: 'Pocket 9'}, IFD3: {GPSLatitudeRef: 'N', GPSLatitude: '45/1 25/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '75/1 41/1 0/1'}})
      .toBuffer()
    expect((await sharp(photo).metadata()).orientation).toBe(6)
    const root = await newsroom('![The ambassador at the residence](portrait.jpg)', {'portrait.jpg': photo})
    const out = join(root, 'site')
    const result = await press(['build', '--out', out, '--now', now], root)
    expect(result.code, result.stderr).toBe(0)
    const files = await readTree(out)
    const published = [...files.keys()].filter((path) => path.startsWith(`media/${id}/`))
    expect(published.length).toBeGreaterThan(1)
    for (const path of published) {
      const bytes = await readFile(join(out, path))
      const facts = await sharp(bytes).metadata()
      expect(facts.exif, path).toBeUndefined()
      expect(facts.orientation ?? 1, path).toBe(1)
      expect(bytes.includes('AcmeCam'), path).toBe(false)
      expect(facts.width! < facts.height!, `${path} is upright`).toBe(true)
    }
    const page = files.get(`en/${id}/index.html`)!
    expect(page).toMatch(/alt="The ambassador at the residence"[^>]* width="400" height="600"/)
  })

  const broken: Array<[string, string, () => Promise<Buffer> | Buffer, RegExp]> = [
    ['a JPEG cut short', 'cut.jpg', async () => (await sharp({create: {width: 300, height: 300, channels: 3, background: '#000', noise: {type: 'gaussian', mean: 128, sigma: 60}}}).jpeg().toBuffer()).subarray(0, 3000), /cut\.jpg is damaged or cut short/],
    ['a PNG cut short', 'cut.png', async () => (await sharp({create: {width: 300, height: 300, channels: 3, background: '#000', noise: {type: 'gaussian', mean: 128, sigma: 60}}}).png().toBuffer()).subarray(0, 5000), /cut\.png is damaged or cut short/],
    ['a PNG with too little image data', 'short.png', () => png(400, 400, 10), /short\.png is damaged or cut short/],
    ['a PNG whose header promises 8,000² pixels', 'large.png', () => png(8000, 8000, 1), /large\.png is 8000 × 8000 pixels, more than the 50 megapixels/],
    ['a PNG of 16,000² pixels', 'huge.png', () => png(16000, 16000, 1), /huge\.png is 16000 × 16000 pixels/],
    ['a TIFF named .jpg', 'scan.jpg', () => sharp({create: {width: 20, height: 20, channels: 3, background: '#888'}}).tiff().toBuffer(), /scan\.jpg is a TIFF file, not the JPEG image its name says/],
    ['an SVG holding a script, named .png', 'crest.png', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), /crest\.png is an SVG file, not the PNG image its name says/],
    ['bytes that are no image', 'noise.webp', () => Buffer.from('GIF89a but not really an image at all'), /noise\.webp is not a WebP image, or is damaged/]
  ]
  for (const [what, name, make, reason] of broken) {
    it(`should refuse ${what} at its reference, in build and check alike`, async () => {
      const root = await newsroom(`Text.\n\n![A view](${name})`, {[name]: await make()})
      await refused(root, 8, reason)
    })
  }
})

describe('names', () => {
  it('should point the page and the email at a photo whose name has accents, written as it is', async () => {
    const photo = await sharp({create: {width: 40, height: 30, channels: 3, background: '#468'}}).jpeg().toBuffer()
    const root = await newsroom('![The summer garden](été.jpg)', {'été.jpg': photo})
    expect((await press(['build', '--root', root, '--now', now], root)).code).toBe(0)
    const files = await readTree(join(root, 'output'))
    const published = [...files.keys()].find((path) => /^media\/.*\/ete-[0-9a-f]{10}\.jpg$/.test(path))!
    expect(published).toBeDefined()
    expect(files.get(`en/${id}/index.html`)).toContain(`<img src="../../${published}" alt="The summer garden"`)
    expect(files.get(`en/${id}/email.html`)).toContain(`src="https://embassy.example.org/news/${published}"`)
  })
})

describe('formats and names that once clashed', () => {
  it('should publish a WebP wider than its smaller copies, and one photo named .jpg and .jpeg as one file', async () => {
    const webp = await sharp({create: {width: 800, height: 600, channels: 3, background: '#246'}}).webp().toBuffer()
    const jpeg = await sharp({create: {width: 800, height: 600, channels: 3, background: '#642'}}).jpeg().toBuffer()
    const root = await newsroom('![A square](square.webp)\n\n![One](a.jpg) ![Two](a.jpeg)', {'square.webp': webp, 'a.jpg': jpeg, 'a.jpeg': jpeg})
    const result = await press(['build', '--root', root, '--now', now], root)
    expect(result.code, result.stderr).toBe(0)
    const media = [...(await readTree(join(root, 'output'))).keys()].filter((path) => path.startsWith('media/')).map((path) => path.replace(/-[0-9a-f]{10}/, '-HASH'))
    expect(media.sort()).toEqual([`media/${id}/a-HASH-480.jpg`, `media/${id}/a-HASH-480.webp`, `media/${id}/a-HASH-800.webp`, `media/${id}/a-HASH.jpg`, `media/${id}/square-HASH-480.webp`, `media/${id}/square-HASH.webp`].sort())
  })
})

describe('hard links and the crest', () => {
  it('should refuse a hard link in a release folder, which could be any file of the machine', async () => {
    const {link} = await import('node:fs/promises')
    const elsewhere = join(await temporaryFolder(), 'secret.txt')
    await writeFile(elsewhere, 'SECRET-FROM-ELSEWHERE')
    const root = await newsroom('See [the notes](notes.txt).')
    await link(elsewhere, join(root, 'releases', id, 'notes.txt'))
    await refused(root, 6, /notes\.txt is a hard link/)
  })

  it('should not take the crest from inside releases/, where an embargoed release’s photo may be', async () => {
    const root = await newsroom('Text.')
    await writeReleases(root, {'2026-03-20-secret/en.md': releaseText('title: Secret\ndate: 2026-03-20\nembargo: 2026-03-20T09:00:00Z')})
    await sharp({create: {width: 40, height: 40, channels: 3, background: '#a33'}}).png().toFile(join(root, 'releases', '2026-03-20-secret', 'photo.png'))
    await writeFile(join(root, 'newsroom.yaml'), (await readFile(join(root, 'newsroom.yaml'), 'utf8')).replace(/^ {2}logo: .*$/m, '  logo: releases/2026-03-20-secret/photo.png'))
    const result = await press(['build', '--root', root, '--now', now], root)
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('inside releases/, whose files are published only with their release')
    expect([...(await readTree(join(root, 'output'))).keys()].filter((path) => /^assets\/(logo|card|icon)/.test(path))).toEqual([])
  })
})

describe('other files', () => {
  const cases: Array<[string, string, Buffer, RegExp]> = [
    ['a “PDF” that is a web page', 'programme.pdf', Buffer.from('<html><script>alert(1)</script></html>'), /programme\.pdf is not a PDF file as its name says/],
    ['a “Word” file that is a plain ZIP', 'letter.docx', Buffer.from('PK\u0003\u0004 nothing of a document', 'latin1'), /letter\.docx is not a Word file as its name says/],
    ['a “text” file that is binary', 'notes.txt', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), /notes\.txt is not a Text file as its name says/]
  ]
  for (const [what, name, bytes, reason] of cases) {
    it(`should refuse ${what}`, async () => {
      await refused(await newsroom(`Read [the file](${name}).`, {[name]: bytes}), 6, reason)
    })
  }

  it('should publish a real PDF as it is', async () => {
    const pdf = '%PDF-1.4\n% the visit programme\n'
    const root = await newsroom('Read [the programme](programme.pdf).', {'programme.pdf': pdf})
    expect((await press(['build', '--root', root, '--now', now], root)).code).toBe(0)
    const files = await readTree(join(root, 'output'))
    const path = [...files.keys()].find((name) => name.endsWith('.pdf'))!
    expect(files.get(path)).toBe(pdf)
  })
})

describe('the crest', () => {
  it('should go without a crest that is a drawing holding a script, or a link out of the newsroom, saying why at its setting', async () => {
    const root = await newsroom('Text.')
    await mkdir(join(root, 'media'))
    await writeFile(join(root, 'media', 'crest.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4" onload="fetch(\'/\')"/></svg>')
    let result = await press(['build', '--root', root, '--now', now], root)
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/newsroom\.yaml\n\s*\d+:\d+\s+warning\s+`site\.logo` names media\/crest\.svg, a drawing that holds a script/)
    expect([...(await readTree(join(root, 'output'))).keys()].filter((path) => path.startsWith('assets/logo'))).toEqual([])
    const elsewhere = await temporaryFolder()
    await writeFile(join(elsewhere, 'crest.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    await symlink(join(elsewhere, 'crest.svg'), join(root, 'media', 'linked.svg'))
    await writeFile(join(root, 'newsroom.yaml'), (await readFile(join(root, 'newsroom.yaml'), 'utf8')).replace('media/crest.svg', 'media/linked.svg'))
    result = await press(['build', '--root', root, '--now', now], root)
    expect(result.stderr).toMatch(/`site\.logo` names media\/linked\.svg, which is, or links to, a file where press may not read it/)
  })
})

describe('one photo in many releases', () => {
  it('should publish the same photo beside several releases built at once, each whole', async () => {
    const photo = await sharp({create: {width: 1000, height: 700, channels: 3, background: '#357'}}).jpeg().toBuffer()
    const root = await newsroom('![The chancery](chancery.jpg)', {'chancery.jpg': photo})
    for (let index = 1; index <= 6; index++) {
      const other = `2026-03-0${index + 2}-visit-${index}`
      await writeReleases(root, {[`${other}/en.md`]: releaseText(`title: Visit ${index}\ndate: 2026-03-0${index + 2}`, '![The chancery](chancery.jpg)')})
      await writeFile(join(root, 'releases', other, 'chancery.jpg'), photo)
    }
    const result = await press(['build', '--root', root, '--now', now], root)
    expect(result.code, result.stderr).toBe(0)
    const copies = [...(await readTree(join(root, 'output'))).entries()].filter(([path]) => /chancery-[0-9a-f]{10}\.jpg$/.test(path))
    expect(copies).toHaveLength(7)
    expect(new Set(copies.map(([, text]) => text)).size).toBe(1)
  })
})
