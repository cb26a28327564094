// Settings, locales, templates and keys written carelessly or with intent:
// each gets a message at its place and exit 1, never an internal error
// (exit 70), a hang, or a password printed.
import {execFileSync} from 'node:child_process'
import {cp, mkdir, readFile, rm, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parseServer} from '../../pipeline/deliver/mailer.js'
import {press, projectRoot, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const now = '2026-04-01T00:00:00Z'

/** A newsroom of one English release with the sample's settings (in English alone), changed by `edit`. */
async function newsroom(edit: (settings: string) => string = (settings) => settings) {
  const root = await temporaryFolder()
  const settings = (await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8')).replace(/^ {2}logo: .*\n/m, '').replace(/^languages: .*$/m, 'languages: [en]')
  await writeFile(join(root, 'newsroom.yaml'), edit(settings))
  await writeReleases(root, {'2026-03-02-visit/en.md': releaseText('title: Visit\ndate: 2026-03-02\ncategory: culture')})
  return root
}

/** The built-in English locale, copied into the newsroom to be changed. */
async function ownLocale(root: string, file: 'locale.json' | 'translation.json', edit: (value: Record<string, any>) => void) {
  await mkdir(join(root, 'locales', 'en'), {recursive: true})
  for (const name of ['locale.json', 'translation.json']) await cp(join(projectRoot, 'locales', 'en', name), join(root, 'locales', 'en', name))
  const value = JSON.parse(await readFile(join(root, 'locales', 'en', file), 'utf8'))
  edit(value)
  await writeFile(join(root, 'locales', 'en', file), JSON.stringify(value, null, 2))
}

/** Runs each command; each must fail with exit 1 and `reason` at a line of `file`. */
async function refusedBy(root: string, file: string, reason: RegExp, commands = [['build'], ['check']]) {
  for (const command of commands) {
    const result = await press([...command, '--root', root, '--now', now], root)
    expect(result.stderr, command.join(' ')).not.toContain('internal error')
    expect(result.code, `${command.join(' ')}: ${result.stderr}`).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`${file.replace(/[./]/g, '\\$&')}\\n\\s*\\d+:\\d+(-\\d+:\\d+)?\\s+error\\s+${reason.source}`))
  }
}

describe('the site address', () => {
  const cases: Array<[string, RegExp]> = [
    ['https://[::1]:99999/', /`site\.url` is not a web address a browser can read/],
    ['https://press:s3cr3t@embassy.example.org/news/', /`site\.url` holds a user name or password/],
    ['https://embassy.example.org/news/?x=1', /`site\.url` has a query/],
    ['https://embassy.example.org/news/#f', /`site\.url` has a query \(\?…\) or a fragment/]
  ]
  for (const [url, reason] of cases) {
    it(`should refuse ${url} at its line, printing no password`, async () => {
      const root = await newsroom((settings) => settings.replace(/^ {2}url: .*$/m, `  url: ${url}`))
      await refusedBy(root, 'newsroom.yaml', reason)
      expect((await press(['check', '--root', root, '--now', now], root)).stderr).not.toContain('s3cr3t')
    })
  }
})

describe('locales', () => {
  it('should refuse an intl that is no language tag, at its line', async () => {
    const root = await newsroom()
    await ownLocale(root, 'locale.json', (locale) => (locale.intl = 'en_CA!!'))
    await refusedBy(root, 'locales/en/locale.json', /`intl` is "en_CA!!", which is not a language tag/)
  })

  it('should refuse quotes without their secondary marks, and a dash of a whole sentence', async () => {
    const root = await newsroom()
    await ownLocale(root, 'locale.json', (locale) => delete locale.typography.quotes.secondary)
    await refusedBy(root, 'locales/en/locale.json', /`typography\.quotes\.secondary` is missing: write two marks/)
    await ownLocale(root, 'locale.json', (locale) => (locale.typography.dashes.em = 'a whole sentence'))
    await refusedBy(root, 'locales/en/locale.json', /`typography\.dashes\.em` is not valid/)
  })

  it('should refuse a line break in the embassy’s name, in build, check and bulletin alike', async () => {
    const root = await newsroom()
    await ownLocale(root, 'translation.json', (strings) => (strings.embassy.name = 'Embassy of\nAurelia'))
    await refusedBy(root, 'locales/en/translation.json', /`embassy\.name` holds a line break/, [['build'], ['check'], ['bulletin', '--lang', 'en', '--since', '2026-03-01', '--until', '2026-03-31']])
  })

  it('should refuse a category id too long to name a folder, in the locale and in a release', async () => {
    const root = await newsroom()
    const long = 'c'.repeat(300)
    await ownLocale(root, 'translation.json', (strings) => (strings.category[long] = 'Long'))
    await refusedBy(root, 'locales/en/translation.json', /The category id `c{80}` cannot name a page of the site/)
    await ownLocale(root, 'translation.json', () => {})
    await writeReleases(root, {'2026-03-02-visit/en.md': releaseText(`title: Visit\ndate: 2026-03-02\ncategory: ${long}`)})
    await refusedBy(root, 'releases/2026-03-02-visit/en.md', /`category` is not valid/)
  })
})

describe('translation strings that would grow without bound', () => {
  it('should refuse strings nested deeper than press uses, with a message and no fault', async () => {
    const root = await newsroom()
    await ownLocale(root, 'translation.json', () => {})
    const path = join(root, 'locales', 'en', 'translation.json')
    // 3,000 levels, written compactly: deep enough to overflow a recursive walk.
    await writeFile(path, (await readFile(path, 'utf8')).replace(/^\{/, `{"deep": ${'{"a": '.repeat(3000)}"bottom"${'}'.repeat(3000)},`))
    await refusedBy(root, 'locales/en/translation.json', /`deep\.a\.a\.a\.a\.a` nests strings 6 levels deep/)
  })

  it('should print $t(…) in a string as written, never expand it', async () => {
    const root = await newsroom()
    await ownLocale(root, 'translation.json', (strings) => {
      strings.nav.home = '$t(bomb.k0)'
      strings.bomb = Object.fromEntries(Array.from({length: 40}, (_, index) => [`k${index}`, `$t(bomb.k${index + 1})$t(bomb.k${index + 1})`]))
    })
    expect((await press(['build', '--root', root, '--now', now], root)).code).toBe(0)
    expect(await readFile(join(root, 'output', 'en', '2026-03-02-visit', 'index.html'), 'utf8')).toContain('$t(bomb.k0)')
  })

  it('should refuse a NUL in any string, the ones of several lines too, so that no string can nest another', async () => {
    const root = await newsroom()
    await ownLocale(root, 'translation.json', (strings) => (strings.embassy.about = '\u0000embassy.address\u0000\u0000embassy.address\u0000'))
    await refusedBy(root, 'locales/en/translation.json', /`embassy\.about` holds a NUL character/)
  })

  it('should refuse an embassy web site that is no web address, which every footer links to', async () => {
    const root = await newsroom()
    await ownLocale(root, 'translation.json', (strings) => (strings.embassy.website = 'javascript:alert(document.domain)'))
    await refusedBy(root, 'locales/en/translation.json', /`embassy\.website` is not a web address/)
  })
})

describe('templates', () => {
  it('should refuse a template that is a link out of the newsroom, at the template', async () => {
    const root = await newsroom()
    await mkdir(join(root, 'templates'))
    await symlink('/etc/passwd', join(root, 'templates', 'release.njk'))
    const result = await press(['build', '--root', root, '--now', now], root)
    expect(result.stderr).not.toContain('internal error')
    expect(result.stderr).not.toContain('root:x:0')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/templates\/release\.njk\n\s+error\s+The template is, or links to, a file where press may not read it/)
  })

  it('should use a folder of partials linked in from inside the newsroom', async () => {
    const root = await newsroom()
    await mkdir(join(root, 'shared'))
    await writeFile(join(root, 'shared', 'footer.njk'), (await readFile(join(projectRoot, 'templates', 'partials', 'footer.njk'), 'utf8')).replace('</footer>', '<p>OUR-OWN-FOOTER</p></footer>'))
    await mkdir(join(root, 'templates'))
    await symlink('../shared', join(root, 'templates', 'partials'))
    const out = join(root, 'site')
    expect((await press(['build', '--root', root, '--out', out, '--now', now], root)).code).toBe(0)
    expect(await readFile(join(out, 'en', '2026-03-02-visit', 'index.html'), 'utf8')).toContain('<p>OUR-OWN-FOOTER</p></footer>')
  })

  it('should place an error on what in templates/ cannot be a template, and on a templates/ that is no folder', async () => {
    const root = await newsroom()
    await mkdir(join(root, 'templates', 'release.njk'), {recursive: true})
    execFileSync('mkfifo', [join(root, 'templates', 'layout.njk')])
    for (const command of ['build', 'check']) {
      const result = await press([command, '--root', root, '--now', now], root)
      expect(result.code, command).toBe(1)
      expect(result.stderr).toMatch(/templates\/release\.njk\n\s+error\s+This is a folder, not a template file/)
      expect(result.stderr).toMatch(/templates\/layout\.njk\n\s+error\s+This is not a file \(a pipe or a device\)/)
    }
    await rm(join(root, 'templates'), {recursive: true})
    await writeFile(join(root, 'templates'), 'not a folder')
    const result = await press(['check', '--root', root, '--now', now, '--format', 'json'], root)
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).messages).toContainEqual(expect.objectContaining({file: 'templates', severity: 'error', message: expect.stringContaining('`templates` is not a folder')}))
  })
})

describe('the mail server and the signing key', () => {
  it('should never print the password of an --smtp address it cannot read', () => {
    for (const address of ['smtp://press:hunter2@[mail.example.org', 'smtp://press:hun/ter2@mail.example.org:99999', 'smtp//press:hunter2@mail']) {
      expect(() => parseServer(address)).toThrow(/--smtp must be an address/)
      try {
        parseServer(address)
      } catch (problem) {
        expect((problem as Error).message).not.toMatch(/hunter2|hun\/ter2/)
      }
    }
    expect(() => parseServer('smtp://pr%zzess:pass@127.0.0.1:2525')).toThrow(/user name or password holds a % that does not start an escape/)
  })

  it('should refuse a key that is a device, or a link from outside to a key inside the newsroom, without hanging', async () => {
    const dkim = (keyFile: string) => (settings: string) => settings.replace(/^email:\n/m, `email:\n  dkim:\n    domain: embassy.example.org\n    selector: press2026\n    keyFile: ${keyFile}\n`)
    let root = await newsroom(dkim('/dev/zero'))
    expect((await press(['build', '--root', root, '--now', now], root)).code).toBe(0)
    const send = await press(['send', '--new', '--first-run', '--root', root, '--smtp', 'smtp://127.0.0.1:9'], root)
    expect(send).toMatchObject({code: 1, stderr: expect.stringContaining('the file /dev/zero (email.dkim.keyFile) is not a regular file')})
    const elsewhere = await temporaryFolder()
    root = await newsroom()
    await writeFile(join(root, 'dkim.pem'), 'a key that must stay out of the repository')
    await symlink(join(root, 'dkim.pem'), join(elsewhere, 'dkim.pem'))
    await writeFile(join(root, 'newsroom.yaml'), dkim(join(elsewhere, 'dkim.pem'))(await readFile(join(root, 'newsroom.yaml'), 'utf8')))
    await refusedBy(root, 'newsroom.yaml', /The DKIM private key .* is inside the newsroom/)
  })
})
