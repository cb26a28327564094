// press schedule: what publishes when, and the timer that builds on the
// minute an embargo lifts, driven here by --now across an embargo.
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {fixture, press, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

describe('press schedule', () => {
  it('should list each embargo still to lift, and let a timer publish on the minute it lifts', async () => {
    const root = fixture('embargo')
    const before = '2026-03-14T13:59:59Z'
    const listed = await press(['schedule', '--root', root, '--now', before])
    expect(listed).toEqual({code: 0, stderr: '', stdout: 'Embargoes still to lift, soonest first (each as written; now is 2026-03-14T13:59:59Z):\n  2026-03-14T09:00:00-05:00  2026-03-14T14:00:00Z  2026-03-10-embargoed (en, fr)\n'})
    const json = JSON.parse((await press(['schedule', '--root', root, '--now', before, '--format', 'json'])).stdout)
    expect(json.releases).toEqual([{id: '2026-03-10-embargoed', until: '2026-03-14T09:00:00-05:00', at: '2026-03-14T14:00:00Z', languages: ['en', 'fr']}])

    // The timer's script (README): a minute after the instant before, ask for the next one; build once it has come.
    const next = (await press(['schedule', '--root', root, '--next', '--now', '2026-03-14T13:59:00Z'])).stdout.trim()
    expect(next).toBe('2026-03-14T14:00:00Z')
    const out = join(await temporaryFolder(), 'site')
    expect((await press(['build', '--root', root, '--out', out, '--now', before])).code).toBe(0)
    expect([...(await readTree(out)).keys()].some((path) => path.includes('2026-03-10-embargoed'))).toBe(false)
    expect((await press(['build', '--root', root, '--out', out, '--now', next])).code).toBe(0)
    expect((await readTree(out)).has('fr/2026-03-10-embargoed/index.html')).toBe(true)

    expect(await press(['schedule', '--root', root, '--now', next, '--next'])).toEqual({code: 0, stdout: '', stderr: ''})
    expect((await press(['schedule', '--root', root, '--now', next])).stdout).toBe('No embargo is still to lift after 2026-03-14T14:00:00Z.\n')
  })

  it('should say when a release has an error, which would keep it from publishing on time, and exit 1', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {
      '2026-03-14-visit/en.md': releaseText('title: Visit\ndate: 2026-03-14\nembargo: 2026-03-14T09:00:00-05:00'),
      '2026-03-15-talks/en.md': releaseText('title: Talks\ndate: 2026-02-30')
    })
    const result = await press(['schedule', '--now', '2026-03-01T00:00:00Z', '--next'], root)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('2026-03-14T14:00:00Z\n')
    expect(result.stderr).toMatch(/2026-03-15-talks\/en\.md\n.*error/)
  })
})
