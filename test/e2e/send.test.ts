// press send against a real SMTP server listening on 127.0.0.1: what
// arrives must parse back to the message that was built.
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {simpleParser} from 'mailparser'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {press} from '../helpers.js'
import {closeServers, smtpServer} from '../smtp-server.js'

let site: string
const message = () => join(site, 'fr/2026-04-18-spring-culture-festival/release.eml')

// Built once for the whole file, so not in a folder removed after each test.
beforeAll(async () => {
  site = join(await mkdtemp(join(tmpdir(), 'communique-send-')), 'site')
  expect((await press(['build', '--out', site, '--now', '2026-11-24T12:00:00Z'])).code).toBe(0)
})
afterAll(async () => {
  await rm(join(site, '..'), {recursive: true, force: true})
})

describe('press send', () => {
  it('should deliver the message so that it parses back to the same subject, text and HTML', async () => {
    const {port, received} = await smtpServer()
    const result = await press(['send', message(), '--smtp', `smtp://127.0.0.1:${port}`])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`Sent <2026-04-18-spring-culture-festival.fr@embassy.example.org> through 127.0.0.1:${port} to actualites@lists.embassy.example.org\n`)
    expect(received).toHaveLength(1)
    expect(received[0]!.from).toBe('press@embassy.example.org')
    expect(received[0]!.to).toEqual(['actualites@lists.embassy.example.org'])
    const [arrived, built] = await Promise.all([simpleParser(received[0]!.data), simpleParser(await readFile(message()))])
    expect(arrived.subject).toBe('Le festival «\u202fPrintemps aurélien\u202f» fait entendre sa musique et ses films à Ottawa')
    expect(arrived.subject).toBe(built.subject)
    expect(arrived.text).toBe(built.text)
    expect(arrived.html).toBe(built.html)
    expect(arrived.messageId).toBe(built.messageId)
  })

  it('should send to the recipients given instead of the list', async () => {
    const {port, received} = await smtpServer()
    const result = await press(['send', message(), '--smtp', `smtp://127.0.0.1:${port}`, '--to', 'editor@example.org', 'desk@example.org'])
    expect(result.code).toBe(0)
    expect(received[0]!.to).toEqual(['editor@example.org', 'desk@example.org'])
  })

  it('should log in when the address carries a user and password', async () => {
    const {port, received} = await smtpServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'press' && auth.password === 's3cret/pass') callback(null, {user: auth.username})
        else callback(new Error('Invalid username or password'))
      }
    })
    expect((await press(['send', message(), '--smtp', `smtp://press:${encodeURIComponent('s3cret/pass')}@127.0.0.1:${port}`])).code).toBe(0)
    expect(received[0]!.user).toBe('press')
    const refused = await press(['send', message(), '--smtp', `smtp://press:wrong@127.0.0.1:${port}`])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^press send: The mail server at 127\.0\.0\.1:\d+ did not take the message: .*Invalid username or password/)
  })

  it('should refuse to send in clear when the address asks for STARTTLS and the server has none', async () => {
    const {port, received} = await smtpServer()
    const result = await press(['send', message(), '--smtp', `smtp://127.0.0.1:${port}?starttls=required`])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('did not take the message')
    expect(received).toHaveLength(0)
  })

  it('should say clearly when the server cannot be reached or the file is not there', async () => {
    const {port} = await smtpServer()
    await closeServers()
    const unreachable = await press(['send', message(), '--smtp', `smtp://127.0.0.1:${port}`, '--retry', '0.05'])
    expect(unreachable.code).toBe(1)
    expect(unreachable.stderr).toMatch(/^press send: the mail server did not take it for now \(no connection to 127\.0\.0\.1:\d+: .*ECONNREFUSED.*\); trying again in 50 ms\n/)
    expect(unreachable.stderr).toMatch(/did not take the message: .*ECONNREFUSED/)
    const missing = await press(['send', join(site, 'nothing.eml'), '--smtp', 'smtp://127.0.0.1:2525'])
    expect(missing.stderr).toContain('There is no message file')
    const wrongUrl = await press(['send', message(), '--smtp', 'http://127.0.0.1'])
    expect(wrongUrl.stderr).toContain('--smtp must start with smtp:// or smtps://')
  })
})
