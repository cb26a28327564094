// A time later than the clock decides embargoes that have not ended: press
// build and press bulletin refuse it unless told --ahead, and press send
// sends nothing from a site built for later.
import {existsSync} from 'node:fs'
import {readFile, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {press, projectRoot, readTree, temporaryFolder, writeReleases} from '../helpers.js'

const later = '2099-03-21T00:00:00Z'

async function newsroom(): Promise<string> {
  const root = await temporaryFolder()
  const settings = await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8')
  await writeFile(join(root, 'newsroom.yaml'), settings.replace(/^ {2}logo: .*\n/m, ''))
  await writeReleases(root, {
    '2026-11-01-state-visit/en.md': '---\ntitle: State visit announced\ndate: 2026-11-01\nembargo: 2099-03-20T09:00:00-04:00\n---\n\nFUTURE-MARKER: the President will visit.\n',
    '2026-11-02-office-hours/en.md': '---\ntitle: Office hours in December\ndate: 2026-11-02\n---\n\nThe consular office closes at noon on Fridays.\n'
  })
  return root
}

describe('a --now later than the clock', () => {
  it('should be refused by press build and press bulletin, which would publish what is still under embargo', async () => {
    const root = await newsroom()
    const built = await press(['build', '--now', later], root)
    expect(built.code).toBe(2)
    expect(built.stderr).toMatch(/^press build: --now 2099-03-21T00:00:00\.000Z is later than the time now \(\d{4}-\d\d-\d\dT\d\d:\d\dZ\): press build would publish releases whose embargo has not ended\. To see them as they will be, use press serve, which shows every release, embargoed ones marked; to build the site for that time anyway, into a folder that is not published, add --ahead --out <folder>\.\n$/)
    expect(existsSync(join(root, 'output'))).toBe(false)
    const bulletin = await press(['bulletin', '--lang', 'en', '--now', later], root)
    expect(bulletin.code).toBe(2)
    expect(bulletin.stderr).toContain('press bulletin would publish releases whose embargo has not ended')
    // A bulletin goes into the published site: it has no --ahead.
    expect((await press(['bulletin', '--lang', 'en', '--now', later, '--ahead'], root)).code).toBe(2)
    // A minute's difference between clocks is no reason to refuse.
    expect((await press(['build', '--now', new Date(Date.now() + 30_000).toISOString()], root)).code).toBe(0)
  })

  it('should build with --ahead only into a folder of its own, say it must wait, and send nothing from it until it is built for now', async () => {
    const root = await newsroom()
    // Never into the newsroom's output, which press publish deploys.
    const into = await press(['build', '--ahead', '--now', later], root)
    expect(into.code).toBe(2)
    expect(into.stderr).toBe("press build: --ahead builds for a later time into a folder that is not published: give one with --out, not the newsroom's output, which press publish deploys.\n")
    // Not through a link to the newsroom either.
    const linked = join(await temporaryFolder(), 'linked')
    await symlink(root, linked)
    expect((await press(['build', '--ahead', '--now', later, '--out', join(linked, 'output')], root)).code).toBe(2)
    expect(existsSync(join(root, 'output'))).toBe(false)
    const ahead = await press(['build', '--ahead', '--now', later, '--out', 'ahead'], root)
    expect(ahead.code).toBe(0)
    expect(ahead.stderr).toContain('press build: built for 2099-03-21T00:00:00.000Z, later than now: ahead holds releases still under embargo. Do not publish it before then; press send will send nothing from it.\n')
    expect((await readTree(join(root, 'ahead'))).get('en/2026-11-01-state-visit/index.html')).toContain('FUTURE-MARKER')

    // Nor one message of it, by its file: nothing is even tried on the server (there is none on port 9).
    const one = await press(['send', 'ahead/en/2026-11-01-state-visit/release.eml', '--smtp', 'smtp://127.0.0.1:9', '--retry', '0'], root)
    expect(one.code).toBe(1)
    expect(one.stderr).toContain('is in a site that was built for 2099-03-21T00:00:00.000Z, later than now, and holds releases still under embargo: nothing was sent')
    const refused = await press(['send', '--new', '--dry-run', '--first-run', '--out', 'ahead'], root)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('was built for 2099-03-21T00:00:00.000Z, later than now, and holds releases still under embargo: nothing was sent. Build it for now (press build without --now), then send')
    // A list that no longer says when its site was built for is not trusted.
    const list = join(root, 'ahead', '.communique-emails.json')
    const listed = await readFile(list, 'utf8')
    await writeFile(list, listed.replace(/"builtFor": "[^"]+",\n/, ''))
    const stripped = await press(['send', '--new', '--dry-run', '--first-run', '--out', 'ahead'], root)
    expect(stripped.code).toBe(1)
    expect(stripped.stderr).toContain('does not say when it was built for: build it again with press build, then send')
    await writeFile(list, listed)

    // The same folder built for now, though no file changed: the embargoed release is gone, and its sending may go on.
    const now = await press(['build', '--out', 'ahead'], root)
    expect(now.stdout).toMatch(/^Built /)
    const files = await readTree(join(root, 'ahead'))
    expect(files.has('en/2026-11-02-office-hours/index.html')).toBe(true)
    for (const [path, text] of files) expect(text, path).not.toContain('FUTURE-MARKER')
    const planned = await press(['send', '--new', '--dry-run', '--first-run', '--out', 'ahead'], root)
    expect(planned.stderr).toBe('')
    expect(planned.code).toBe(0)
    expect(planned.stdout).toContain('en/2026-11-02-office-hours')
    expect(planned.stdout).not.toContain('state-visit')
  })

  it('should send a release dated later than today that has no embargo, which is public once built', async () => {
    const root = await newsroom()
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    await writeReleases(root, {[`${tomorrow}-reception/en.md`]: `---\ntitle: Reception on Friday\ndate: ${tomorrow}\n---\n\nThe Ambassador will host a reception.\n`})
    expect((await press(['build'], root)).code).toBe(0)
    const planned = await press(['send', '--new', '--dry-run', '--first-run'], root)
    expect(planned.stderr).toBe('')
    expect(planned.stdout).toContain(`Would send en/${tomorrow}-reception`)
  })
})
