// press publish: build, then the newsroom's deploy step, and only when both
// succeeded, the emails, against a real SMTP server on 127.0.0.1; each
// failure stops what follows it.
import {existsSync} from 'node:fs'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {press, projectRoot, temporaryFolder, writeReleases} from '../helpers.js'
import {smtpServer} from '../smtp-server.js'

const smtp = (port: number) => `smtp://127.0.0.1:${port}`
/** A deploy step as a press office writes one: copies the built site to "the web server", here a folder beside it. */
const copyToServer = 'deploy: mkdir -p ../webserver && cp -R "$PRESS_OUTPUT/." ../webserver/'

async function newsroom(deploy = copyToServer): Promise<string> {
  const root = join(await temporaryFolder(), 'newsroom')
  const settings = (await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8')).replace(/^ {2}logo: .*\n/m, '')
  await writeReleases(root, {
    '2026-11-02-office-hours/en.md': '---\ntitle: Office hours in December\ndate: 2026-11-02\n---\n\nThe consular office closes at noon on Fridays.\n',
    '2026-11-03-film-week/en.md': '---\ntitle: Film week at the embassy\ndate: 2026-11-03\n---\n\nFive films from Aurelia, with subtitles, every evening at seven.\n'
  })
  await writeFile(join(root, 'newsroom.yaml'), `${settings}${deploy ? `${deploy}\n` : ''}`)
  return root
}

describe('press publish', () => {
  it('should build, deploy, and only then send what was published, once', async () => {
    const root = await newsroom()
    const served = join(root, '..', 'webserver')
    const deployedFirst: boolean[] = []
    const {port, received} = await smtpServer({answer: () => void deployedFirst.push(existsSync(join(served, 'en', '2026-11-03-film-week', 'index.html')))})
    const first = await press(['publish', '--smtp', smtp(port), '--first-run', '--retry', '0'], root)
    expect(first.stderr).not.toMatch(/error|press publish/)
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^Built [^\n]+\nRunning the deploy step of newsroom\.yaml…\nDeployed\.\nSent en\/2026-11-02-office-hours[^\n]+\nSent en\/2026-11-03-film-week[^\n]+\n2 sent through 127\.0\.0\.1:\d+; 0 sent before\.\n$/)
    // Each message found the site it links to already on the server.
    expect(deployedFirst).toEqual([true, true])
    expect(received.map(({messageId}) => messageId)).toEqual(['<2026-11-02-office-hours.en@embassy.example.org>', '<2026-11-03-film-week.en@embassy.example.org>'])
    // Again: the site is deployed again, and nothing is sent twice.
    const again = await press(['publish', '--smtp', smtp(port)], root)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Deployed.\nNothing new to send; 2 sent before.\n')
    expect(received).toHaveLength(2)
    // Run every minute by a timer: quiet says nothing when nothing went, so that cron mails no one.
    const quiet = await press(['publish', '--quiet', '--smtp', smtp(port)], root)
    expect(quiet).toEqual({code: 0, stdout: '', stderr: expect.not.stringMatching(/error|press publish/)})
  })

  it('should stop at the first step that fails, and say what to do', async () => {
    const {port, received} = await smtpServer()
    // A deploy step that fails: nothing is sent, and press says why without printing the command.
    const failing = await newsroom(`deploy: 'echo "rsync: connection refused" >&2; exit 3'`)
    const stopped = await press(['publish', '--smtp', smtp(port), '--first-run'], failing)
    expect(stopped.code).toBe(1)
    expect(stopped.stderr).toContain('rsync: connection refused\npress publish: stopped: the deploy step failed (exit status 3), so nothing was sent. The site is built in output; fix the deploy step')
    expect(stopped.stdout + stopped.stderr).not.toContain('exit 3')

    // A build that fails: the deploy step never runs.
    const broken = await newsroom()
    await writeReleases(broken, {'2026-11-04-broken/en.md': '---\ntitle: [unclosed\ndate: 2026-11-04\n---\n\nText.\n'})
    const unbuilt = await press(['publish', '--smtp', smtp(port), '--first-run'], broken)
    expect(unbuilt.code).toBe(1)
    expect(unbuilt.stderr).toContain('press publish: stopped after the build, which failed: nothing was deployed or sent\n')
    expect(existsSync(join(broken, '..', 'webserver'))).toBe(false)

    // No mail server: said before anything is built, since the emails are the point of publishing.
    const serverless = await press(['publish', '--first-run'], await newsroom())
    expect(serverless.code).toBe(2)
    expect(serverless.stderr).toContain('press publish: press publish sends each new release by email once the site is up: give the mail server with --smtp')

    // No deploy step: press asks whether the output folder is what the web server serves, and builds nothing until told.
    const undeployed = await newsroom('')
    const asked = await press(['publish', '--smtp', smtp(port), '--first-run'], undeployed)
    expect(asked.code).toBe(2)
    expect(asked.stderr).toMatch(/^press publish: newsroom\.yaml has no deploy step, so the site would have to be served from output itself, and emails would link to it\. Add one, such as deploy: rsync .* or run press publish --no-deploy if the web server serves that folder\n$/)
    expect(existsSync(join(undeployed, 'output'))).toBe(false)
    expect(received).toHaveLength(0)
    const told = await press(['publish', '--no-deploy', '--smtp', smtp(port), '--first-run', '--retry', '0'], undeployed)
    expect(told.code).toBe(0)
    expect(received).toHaveLength(2)
  })
})
