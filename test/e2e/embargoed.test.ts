// press embargoed: advance copies for journalists, in every language of an
// embargoed release, marked with the embargo where no one can miss it, and
// never in the site.
import {existsSync} from 'node:fs'
import {cp, mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import sharp from 'sharp'
import {describe, expect, it} from 'vitest'
import {fixture, htmlProblems, press, projectRoot, readTree, temporaryFolder} from '../helpers.js'
import {smtpServer} from '../smtp-server.js'

const before = '2026-03-14T13:00:00Z'

async function newsroom(list = true) {
  const root = await temporaryFolder()
  await cp(join(fixture('embargo'), 'releases'), join(root, 'releases'), {recursive: true})
  const settings = (await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8')).replace(/^ {2}logo: .*$/m, '')
  // The sample's settings name the journalists' list.
  expect(settings).toContain('  embargoList: Accredited press <embargo@lists.embassy.example.org>\n')
  await writeFile(join(root, 'newsroom.yaml'), list ? settings : settings.replace(/^ {2}embargoList: .*\n/m, ''))
  return root
}

describe('press embargoed', () => {
  it('should write each language’s email to the journalists and its page, opening with the embargo, outside the site', async () => {
    const root = await newsroom()
    const made = await press(['embargoed', '2026-03-10-embargoed', '--now', before], root)
    expect(made.code).toBe(0)
    expect(made.stdout).toContain('  embargoed/2026-03-10-embargoed/fr.eml\n')
    const folder = join(root, 'embargoed', '2026-03-10-embargoed')
    const advanceIds = new Map<string, string>()
    for (const [lang, notice] of [['en', 'EMBARGOED UNTIL March 14, 2026 at 10:00 EDT (2026-03-14 14:00 UTC)'], ['fr', 'SOUS EMBARGO JUSQU’AU 14 mars 2026 à 10:00 UTC−4 (2026-03-14 14:00 UTC)']] as const) {
      const mail = await simpleParser(await readFile(join(folder, `${lang}.eml`)))
      expect(mail.subject!.startsWith(`${notice} — `), lang).toBe(true)
      expect(mail.to).toMatchObject({text: '"Accredited press" <embargo@lists.embassy.example.org>'})
      expect(mail.text!.startsWith(`*** ${notice} ***\n`), lang).toBe(true)
      expect(mail.html).toMatch(new RegExp(`<body[^>]*><aside class="press-preview-banner"[^>]*><p[^>]*>${notice.replace(/[()]/g, '\\$&')}</p>`))
      // Where a public release says it is for immediate release, the copy says it is not: in the email's text and HTML and on the page.
      const immediate = lang === 'en' ? 'FOR IMMEDIATE RELEASE' : 'POUR DIFFUSION IMMÉDIATE'
      expect(mail.text, lang).not.toContain(immediate)
      expect(mail.text!.split('\n').filter((line) => line === notice), lang).toHaveLength(1)
      expect(mail.html, lang).not.toContain(immediate)
      expect(mail.html, lang).toMatch(new RegExp(`<p class="release-line"[^>]*>${notice.replace(/[()]/g, '\\$&')}</p>`))
      advanceIds.set(lang, mail.messageId!)
      const page = await readFile(join(folder, `${lang}.html`), 'utf8')
      expect(page, lang).not.toContain(immediate)
      expect(page, lang).toContain(`<p class="release-line">${notice}</p>`)
      expect(page).toContain('<meta name="robots" content="noindex, nofollow">')
      expect(page).toContain(`<p>${notice}</p></aside>`)
      // Nothing that leads to what is not public yet, or back to the site's lists.
      expect(page).not.toMatch(/hreflang|feed\.xml|rel="canonical"|class="languages"/)
      expect(page).toContain('href="https://embassy.example.org/news/assets/style.css"')
      expect(await htmlProblems(page, `${lang}.html`)).toEqual([])
    }
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8'))
    expect(manifest).toMatchObject({release: '2026-03-10-embargoed', embargo: '2026-03-14T09:00:00-05:00', to: 'Accredited press <embargo@lists.embassy.example.org>'})
    expect(manifest.files.map((file: {file: string}) => file.file)).toEqual(['en.html', 'en.eml', 'fr.html', 'fr.eml'])

    // The advance copy goes to the journalists' list it is addressed to, though it is dated later than now; a draft's preview never goes.
    const {port, received} = await smtpServer()
    const sent = await press(['send', join(folder, 'en.eml'), '--smtp', `smtp://127.0.0.1:${port}`, '--retry', '0'], root)
    expect(sent.stderr).toBe('')
    expect(received.map(({to}) => to)).toEqual([['embargo@lists.embassy.example.org']])
    const draft = join(root, 'draft.eml')
    await writeFile(draft, (await readFile(join(folder, 'en.eml'), 'latin1')).replace(/<embargoed--\d+\./, '<draft--'), 'latin1')
    const refused = await press(['send', draft, '--smtp', `smtp://127.0.0.1:${port}`, '--retry', '0'], root)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('was not sent: it is the preview of a draft, which is never sent')
    expect(received).toHaveLength(1)
    // Nor does an advance copy go to the newsroom's list, by mistake or on purpose.
    const wrongList = await press(['send', join(folder, 'en.eml'), '--to', 'news@lists.embassy.example.org', '--smtp', `smtp://127.0.0.1:${port}`, '--retry', '0'], root)
    expect(wrongList.code).toBe(1)
    expect(wrongList.stderr).toContain("it is an advance copy of a release under embargo, for journalists, and would go to the newsroom's list (news@lists.embassy.example.org)")
    expect(received).toHaveLength(1)

    // The site built at the same time holds nothing of it.
    const out = join(root, 'output')
    expect((await press(['build', '--now', before], root)).code).toBe(0)
    for (const [path, text] of await readTree(out)) {
      expect(path).not.toContain('2026-03-10-embargoed')
      expect(text, path).not.toContain('EMBARGO-MARKER')
    }
    // Once the embargo has passed, the public email is a message of its own, which a journalist's mail system will not drop
    // as one it has seen, and it is for immediate release.
    expect((await press(['build', '--now', '2026-03-14T15:00:00Z'], root)).code).toBe(0)
    for (const [lang, advanceId] of advanceIds) {
      const mail = await simpleParser(await readFile(join(out, lang, '2026-03-10-embargoed', 'release.eml')))
      expect(mail.messageId, lang).toMatch(/^<2026-03-10-embargoed\.\w+@/)
      expect(advanceId, lang).toMatch(/^<embargoed--\d+\.2026-03-10-embargoed\.\w+@/)
      expect(mail.text, lang).toMatch(/^(FOR IMMEDIATE RELEASE|POUR DIFFUSION IMMÉDIATE)$/m)
    }
  })

  it('should print the unguessable address of each page in the protected place, made with a secret kept out of the repository', async () => {
    const root = await newsroom()
    await writeFile(join(root, 'newsroom.yaml'), `${await readFile(join(root, 'newsroom.yaml'), 'utf8')}\nadvance:\n  url: https://embassy.example.org/advance\n  secret: PRESS_TEST_ADVANCE_SECRET\n`)
    const ask = (id = '2026-03-10-embargoed', ...more: string[]) => press(['embargoed', id, '--preview-url', '--now', before, '--lang', 'en,fr', ...more], root)
    delete process.env.PRESS_TEST_ADVANCE_SECRET
    const missing = await ask()
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('the environment variable PRESS_TEST_ADVANCE_SECRET is not set: set it to a long random secret')
    try {
      process.env.PRESS_TEST_ADVANCE_SECRET = 'a long random secret of the newsroom'
      const first = await ask()
      expect(first.code).toBe(0)
      expect(first.stdout).toMatch(/^https:\/\/embassy\.example\.org\/advance\/([0-9a-f]{32})\/en\.html\nhttps:\/\/embassy\.example\.org\/advance\/\1\/fr\.html\n$/)
      expect((await ask()).stdout).toBe(first.stdout)
      // Only for the embargoed translations of an embargoed release, in the newsroom's languages.
      expect(await ask('2026-03-10-embargoed', '--lang', 'en,de')).toMatchObject({code: 1, stdout: '', stderr: "press embargoed: de is not among the newsroom's languages (en, fr, zh, ar, ru, es)\n"})
      for (const id of ['2026-03-01-public', '2026-03-11-draft']) expect(await ask(id)).toMatchObject({code: 1, stdout: '', stderr: expect.stringContaining(`${id} has no translation under embargo at 2026-03-14T13:00:00.000Z`)})
      expect((await press(['embargoed', '2026-03-10-embargoed', '--preview-url', '--now', '2026-03-14T15:00:00Z'], root)).stdout).toBe('')
      process.env.PRESS_TEST_ADVANCE_SECRET = 'another long random secret'
      expect((await ask()).stdout).not.toBe(first.stdout)
    } finally {
      delete process.env.PRESS_TEST_ADVANCE_SECRET
    }
    expect(existsSync(join(root, 'embargoed'))).toBe(false)
  })

  it('should refuse a release that is not embargoed or whose embargo has passed, the output folder, and a newsroom without a journalists’ list', async () => {
    const root = await newsroom()
    const open = await press(['embargoed', '2026-03-01-public', '--now', before], root)
    expect(open.code).toBe(1)
    expect(open.stderr).toContain('press embargoed: 2026-03-01-public is not under embargo at 2026-03-14T13:00:00.000Z: it has no embargo, its embargo has passed, or it is a draft')
    expect((await press(['embargoed', '2026-03-10-embargoed', '--now', '2026-03-14T14:00:00Z'], root)).code).toBe(1)
    const inside = await press(['embargoed', '2026-03-10-embargoed', '--now', before, '--out', 'output/advance'], root)
    expect(inside.code).toBe(2)
    expect(inside.stderr).toBe("press embargoed: output/advance is inside the newsroom's output folder, where its site is published: choose a folder outside it for advance copies\n")
    expect((await press(['embargoed', '2026-03-99-nothing', '--now', before], root)).code).toBe(2)
    const unlisted = await press(['embargoed', '2026-03-10-embargoed', '--now', before], await newsroom(false))
    expect(unlisted.code).toBe(1)
    expect(unlisted.stderr).toContain('add `embargoList` under `email`')
  })

  it('should leave out of the copies every link to what readers cannot see yet, keeping those to public releases and within the release', async () => {
    const root = await newsroom()
    const site = 'https://embassy.example.org/news/'
    const text = await readFile(join(root, 'releases', '2026-03-10-embargoed', 'en.md'), 'utf8')
    await writeFile(
      join(root, 'releases', '2026-03-10-embargoed', 'en.md'),
      `${text}\nSee [the draft](${site}en/2026-03-11-draft/), [the public notice](${site}en/2026-03-01-public/) and [the French text](${site}fr/2026-03-10-embargoed/).\n`
    )
    const made = await press(['embargoed', '2026-03-10-embargoed', '--now', before], root)
    expect(made.code).toBe(0)
    const folder = join(root, 'embargoed', '2026-03-10-embargoed')
    const page = await readFile(join(folder, 'en.html'), 'utf8')
    const mail = await simpleParser(await readFile(join(folder, 'en.eml')))
    for (const [name, output] of [['page', page], ['html', String(mail.html)], ['text', mail.text!]]) {
      expect(output, name).not.toContain('2026-03-11-draft')
      expect(output, name).toContain('the draft')
      expect(output, name).toContain(`${site}en/2026-03-01-public/`)
      expect(output, name).toContain(`${site}fr/2026-03-10-embargoed/`)
    }
    expect(made.stderr).toMatch(/en\.md\n10:5-10:71\s+warning\s+The link to en\/2026-03-11-draft\/ was left out/)
  })

  it('should carry the photos of the release, not public yet, and the crest inside the email, and beside the page', async () => {
    const root = await newsroom()
    // The sample's settings with its crest, and a lead photo for the embargoed release.
    await writeFile(join(root, 'newsroom.yaml'), await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8'))
    await cp(join(projectRoot, 'media'), join(root, 'media'), {recursive: true})
    const release = join(root, 'releases', '2026-03-10-embargoed')
    await mkdir(join(release, 'photos'))
    await sharp({create: {width: 1200, height: 800, channels: 3, background: '#2a6'}}).jpeg().toFile(join(release, 'photos', 'signing.jpg'))
    const text = await readFile(join(release, 'en.md'), 'utf8')
    await writeFile(join(release, 'en.md'), text.replace('embargo:', 'image:\n  src: photos/signing.jpg\n  alt: The ministers at the signing\nembargo:'))
    const made = await press(['embargoed', '2026-03-10-embargoed', '--lang', 'en', '--now', before], root)
    expect(made.code).toBe(0)
    const folder = join(root, 'embargoed', '2026-03-10-embargoed')
    const mail = await simpleParser(await readFile(join(folder, 'en.eml')))
    // Every image the email shows is in it: a mail client offline, or one that blocks remote images, shows them.
    const shown = [...String(mail.html).matchAll(/<img[^>]* src="([^"]+)"/g)].map((match) => match[1]!)
    expect(shown.length).toBeGreaterThanOrEqual(2)
    for (const address of shown) expect(address).toMatch(/^data:image\/(jpeg|png|svg\+xml|webp);base64,/)
    expect(mail.attachments.map(({contentType}) => contentType).sort()).toEqual(expect.arrayContaining(['image/jpeg']))
    expect(mail.attachments.every(({contentDisposition, related}) => contentDisposition === 'inline' && related)).toBe(true)
    // The page finds the photo beside it, and the manifest names it.
    const page = await readFile(join(folder, 'en.html'), 'utf8')
    const photo = /<img src="(media\/[^"]+\.jpg)"/.exec(page)![1]!
    expect(existsSync(join(folder, photo))).toBe(true)
    expect(page.match(/.{80}https:\/\/embassy\.example\.org\/news\/media\/2026-03-10-embargoed\/.{20}/g)).toBeNull()
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8'))
    expect(manifest.files.map(({file}: {file: string}) => file)).toContain(photo)
    // Made again, press knows the folder as its own and replaces it.
    expect((await press(['embargoed', '2026-03-10-embargoed', '--lang', 'en', '--now', before], root)).code).toBe(0)
  })
})
