// A list per language and digests on a schedule: what press check says of
// a newsroom's lists, which list each message reaches on a real SMTP server
// on 127.0.0.1, and digests of the last complete day or week, sent once each
// and never empty.
import {readFile, writeFile} from 'node:fs/promises'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {describe, expect, it} from 'vitest'
import {lastComplete} from '../../pipeline/engine/write-bulletin.js'
import {press, releaseText, temporaryFolder, writeReleases} from '../helpers.js'
import {smtpServer, type Received} from '../smtp-server.js'

const settings = (email: string) => `site:\n  url: https://embassy.example.org/news/\nlanguages: [en, fr, zh]\ntimezone: America/Toronto\nemail:\n  from: Press Office <press@embassy.example.org>\n${email}`
const oneList = '  to: Embassy News <news@lists.example.org>\n  listId: Embassy News <news.lists.example.org>\n  unsubscribe: {url: https://embassy.example.org/news/unsubscribe, mail: unsubscribe@lists.example.org}\n'
const french = '  lists:\n    fr:\n      to: Actualités <actualites@lists.example.org>\n      listId: Actualités <actualites.lists.example.org>\n      unsubscribe: {url: https://embassy.example.org/news/fr/desabonnement}\n'

/** A newsroom in English, French and Chinese, with releases in the week of Monday 2 March 2026, one the week after, and one under embargo. */
async function newsroom(email: string): Promise<string> {
  const root = await temporaryFolder()
  await writeFile(join(root, 'newsroom.yaml'), settings(email))
  const release = (title: string, date: string, more = '') => releaseText(`title: ${title}\ndate: ${date}${more}`, `The text of ${title.toLowerCase()}.`)
  await writeReleases(root, {
    '2026-03-02-visa-hours/en.md': release('Visa office hours', '2026-03-02'),
    '2026-03-02-visa-hours/fr.md': release('Horaires du service des visas', '2026-03-02'),
    '2026-03-04-film-week/en.md': release('Film week', '2026-03-04'),
    '2026-03-04-film-week/fr.md': release('Semaine du film', '2026-03-04'),
    '2026-03-04-film-week/zh.md': release('电影周', '2026-03-04'),
    '2026-03-05-state-visit/en.md': release('State visit', '2026-03-05', '\nembargo: 2026-03-20T09:00:00-04:00'),
    '2026-03-10-trade-fair/en.md': release('Trade fair', '2026-03-10')
  })
  return root
}

const languageOf = (message: Received) => /^Content-Language: (\S+)/im.exec(message.data.toString('latin1'))![1]

describe('a list per language', () => {
  it('should send each translation to its language’s list only, and every language to the one list of a newsroom that keeps one', async () => {
    const {port, received} = await smtpServer()
    const split = await newsroom(oneList + french)
    expect((await press(['build', '--now', '2026-03-12T12:00:00Z'], split)).code).toBe(0)
    const sent = await press(['send', '--new', '--first-run', '--smtp', `smtp://127.0.0.1:${port}`], split)
    expect(sent.code).toBe(0)
    expect(received.map((message) => `${languageOf(message)} ${message.to.join(',')}`).sort()).toEqual([
      'en news@lists.example.org',
      'en news@lists.example.org',
      'en news@lists.example.org',
      'fr actualites@lists.example.org',
      'fr actualites@lists.example.org',
      'zh news@lists.example.org'
    ])
    // The French messages carry the French list's headers; the Chinese one, which has no list of its own, the newsroom's.
    for (const message of received) {
      const list = (await simpleParser(message.data)).headers.get('list') as {id: {id: string}; unsubscribe: {url: string}}
      const lang = languageOf(message)
      expect(list.id.id).toBe(lang === 'fr' ? 'actualites.lists.example.org' : 'news.lists.example.org')
      expect(list.unsubscribe.url).toBe(lang === 'fr' ? 'https://embassy.example.org/news/fr/desabonnement' : 'https://embassy.example.org/news/unsubscribe')
    }

    received.length = 0
    const one = await newsroom(oneList)
    expect((await press(['build', '--now', '2026-03-12T12:00:00Z'], one)).code).toBe(0)
    expect((await press(['send', '--new', '--first-run', '--smtp', `smtp://127.0.0.1:${port}`], one)).code).toBe(0)
    expect(received).toHaveLength(6)
    expect(new Set(received.map(({to}) => to.join(',')))).toEqual(new Set(['news@lists.example.org']))
  })

  it('should warn, at its line, of lists the large mailbox providers would refuse, and refuse a list that is no address', async () => {
    const bare = await newsroom('  to: Embassy News <news@lists.example.org>\n')
    const warned = await press(['check'], bare)
    expect(warned.code).toBe(0)
    expect(warned.stderr).toMatch(/newsroom\.yaml\n(?:.*\n)*\s*5:1(?:-\d+:\d+)?\s+warning\s+Messages to every language have no https unsubscribe address, so they carry no one-click unsubscribe: Gmail, Yahoo and Outlook require it of bulk senders/)
    expect(warned.stderr).toMatch(/warning\s+Messages to every language have no List-Id/)

    const frenchOnly = await newsroom('  to: Embassy News <news@lists.example.org>\n  listId: Embassy News <news.lists.example.org>\n  unsubscribe: {url: https://embassy.example.org/news/unsubscribe}\n  lists:\n    fr:\n      to: Actualités <actualites@lists.example.org>\n      unsubscribe: {mail: desabonnement@lists.example.org}\n    de:\n      to: Nachrichten <nachrichten@lists.example.org>\n')
    const some = await press(['check'], frenchOnly)
    expect(some.code).toBe(0)
    expect(some.stderr).toMatch(/11:5(?:-\d+:\d+)?\s+warning\s+Messages to the fr list have no https unsubscribe address/)
    expect(some.stderr).toMatch(/14:5(?:-\d+:\d+)?\s+warning\s+`email\.lists` has a list for `de`, which is not one of the site's languages \(en, fr, zh\), so nothing is sent to it/)
    // The French list is a list of its own: it takes neither the newsroom's List-Id nor its unsubscribe address, and says so.
    expect(some.stderr).toMatch(/11:5(?:-\d+:\d+)?\s+warning\s+Messages to the fr list have no List-Id/)
    expect(some.stderr).not.toMatch(/Messages to (every language|the lists of)/)

    const digestsOnly = await newsroom(`${oneList}  digests:\n    to: Weekly <weekly@lists.example.org>\n`)
    expect((await press(['check'], digestsOnly)).stderr).toMatch(/10:3(?:-\d+:\d+)?\s+warning\s+Digests sent to `email\.digests` have no https unsubscribe address/)

    const broken = await newsroom(`${oneList}  lists:\n    fr:\n      to: actualites, presse@lists.example.org\n`)
    const refused = await press(['check'], broken)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/12:11(?:-\d+:\d+)?\s+error\s+`email\.lists\.fr\.to` must be one email address/)
  })
})

describe('digests', () => {
  it('should send digests to the digests’ own lists when the newsroom has them, so that readers choose each release or a digest', async () => {
    const {port, received} = await smtpServer()
    const digests = '  digests:\n    to: Weekly news <weekly@lists.example.org>\n    listId: Weekly news <weekly.lists.example.org>\n    unsubscribe: {url: https://embassy.example.org/news/weekly/unsubscribe}\n'
    const frenchDigests = '      digests:\n        to: Hebdo <hebdo@lists.example.org>\n        listId: Hebdo <hebdo.lists.example.org>\n        unsubscribe: {url: https://embassy.example.org/news/fr/hebdo}\n'
    const root = await newsroom(oneList + digests + french + frenchDigests)
    const monday = '2026-03-09T13:00:00Z'
    expect((await press(['build', '--now', monday], root)).code).toBe(0)
    expect((await press(['send', '--new', '--mark-sent'], root)).code).toBe(0)
    expect((await press(['bulletin', '--period', 'weekly', '--now', monday], root)).code).toBe(0)
    expect((await press(['send', '--new', '--smtp', `smtp://127.0.0.1:${port}`], root)).code).toBe(0)
    expect(received.map((message) => `${languageOf(message)} ${message.to.join(',')}`)).toEqual(['en weekly@lists.example.org', 'fr hebdo@lists.example.org', 'zh weekly@lists.example.org'])
    const hebdo = await simpleParser(received[1]!.data)
    expect((hebdo.headers.get('list') as {id: {id: string}; unsubscribe: {url: string}}).unsubscribe.url).toBe('https://embassy.example.org/news/fr/hebdo')
    expect(String(hebdo.html)).toContain('href="https://embassy.example.org/news/fr/hebdo"')
    // Each release still goes to its language's list.
    expect(await readFile(join(root, 'output/fr/2026-03-04-film-week/release.eml'), 'latin1')).toMatch(/^To: .*<actualites@lists\.example\.org>/m)
  })

  it('should take the last complete day, and the last complete Monday-to-Sunday week, before today', () => {
    expect(lastComplete('daily', '2026-03-09')).toEqual({since: '2026-03-08', until: '2026-03-08'})
    // Monday: the week that ended yesterday. Sunday: the week before, since this one is not over.
    expect(lastComplete('weekly', '2026-03-09')).toEqual({since: '2026-03-02', until: '2026-03-08'})
    expect(lastComplete('weekly', '2026-03-15')).toEqual({since: '2026-03-02', until: '2026-03-08'})
    expect(lastComplete('weekly', '2026-03-16')).toEqual({since: '2026-03-09', until: '2026-03-15'})
    expect(lastComplete('weekly', '2027-01-01')).toEqual({since: '2026-12-21', until: '2026-12-27'})
  })

  it('should send each language’s weekly digest once to its list, and make nothing of an empty period', async () => {
    const {port, received} = await smtpServer()
    const root = await newsroom(oneList + french)
    const smtp = `smtp://127.0.0.1:${port}`
    // Monday 9 March, 8 a.m. in Toronto: the week of 2 to 8 March is over.
    const monday = '2026-03-09T13:00:00Z'
    expect((await press(['build', '--now', monday], root)).code).toBe(0)
    expect((await press(['send', '--new', '--mark-sent'], root)).code).toBe(0)
    const made = await press(['bulletin', '--period', 'weekly', '--now', monday], root)
    expect(made.code).toBe(0)
    expect(made.stdout).toContain('Wrote 3 weekly digests of releases dated 2026-03-02 to 2026-03-08 (en: 2, fr: 2, zh: 1):')
    const first = await press(['send', '--new', '--smtp', smtp], root)
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('Sent fr/bulletins/weekly-2026-03-08 · Ambassade')
    expect(received.map((message) => `${languageOf(message)} ${message.to.join(',')}`)).toEqual(['en news@lists.example.org', 'fr actualites@lists.example.org', 'zh news@lists.example.org'])
    const english = await simpleParser(received[0]!.data)
    expect(english.messageId).toBe('<digest.weekly.en.2026-03-02.2026-03-08@embassy.example.org>')
    expect(english.text).toContain('Film week')
    expect(english.text).toContain('Visa office hours')
    // Under embargo until the 20th, and of the week after: in no digest.
    expect(english.text).not.toContain('State visit')
    expect(english.text).not.toContain('Trade fair')

    // Made again the same week, and after the next build: the same digest, sent already.
    expect((await press(['bulletin', '--period', 'weekly', '--now', '2026-03-10T13:00:00Z'], root)).code).toBe(0)
    expect((await press(['build', '--now', '2026-03-10T13:00:00Z'], root)).code).toBe(0)
    expect(existsSync(join(root, 'output/fr/bulletins/weekly-2026-03-08.eml'))).toBe(true)
    const again = await press(['send', '--new', '--smtp', smtp], root)
    expect(again.stdout).not.toContain('bulletins/weekly')
    expect(received.filter((message) => message.messageId?.startsWith('<digest.'))).toHaveLength(3)

    // A day's digest says it is of one day.
    const day = await press(['bulletin', '--period', 'daily', '--lang', 'fr', '--now', '2026-03-05T13:00:00Z', '--out', join(root, 'elsewhere')], root)
    expect(day.code).toBe(1)
    expect(day.stderr).toContain('there is no site in')
    expect((await press(['bulletin', '--period', 'daily', '--lang', 'fr', '--now', '2026-03-05T13:00:00Z'], root)).stdout).toContain('Wrote a daily digest of 1 release dated 2026-03-04:')
    expect(await readFile(join(root, 'output/fr/bulletins/daily-2026-03-04.txt'), 'utf8')).toContain('1 communiqué a été publié le 4 mars 2026.')

    // A day with no release: nothing written, nothing sent.
    const empty = await press(['bulletin', '--period', 'daily', '--now', '2026-03-08T13:00:00Z'], root)
    expect(empty.code).toBe(0)
    expect(empty.stdout).toBe('No published releases dated 2026-03-07 in en, fr, zh: no bulletin written in those.\n')
    expect(existsSync(join(root, 'output/en/bulletins/daily-2026-03-07.eml'))).toBe(false)
    const records = JSON.parse(await readFile(join(root, 'output/.bulletins.json'), 'utf8')) as Array<{period?: string; until: string}>
    expect(records.map(({period, until}) => `${period} ${until}`).sort()).toEqual(['daily 2026-03-04', 'weekly 2026-03-08', 'weekly 2026-03-08', 'weekly 2026-03-08'])
    expect((await press(['bulletin', '--period', 'weekly', '--since', '2026-03-01'], root)).code).toBe(2)

    // Records written by hand are held to what press writes: one per digest, a period over, of its length; the next build drops the others.
    const weekly = (records as Array<{period?: string; until: string; lang?: string}>).find(({period, lang}) => period === 'weekly' && lang === 'en')!
    const planted = [...records, weekly, {...weekly, since: '2029-12-31', until: '2030-01-06'}, {...weekly, since: '2026-03-03', until: '2026-03-08'}]
    await writeFile(join(root, 'output/.bulletins.json'), JSON.stringify(planted))
    const rebuilt = await press(['build', '--now', '2026-03-12T13:00:00Z'], root)
    expect(rebuilt.code).toBe(0)
    const kept = JSON.parse(await readFile(join(root, 'output/.bulletins.json'), 'utf8')) as Array<{period?: string; until: string}>
    expect(kept.map(({period, until}) => `${period} ${until}`).sort()).toEqual(['daily 2026-03-04', 'weekly 2026-03-08', 'weekly 2026-03-08', 'weekly 2026-03-08'])
  })
})
