// Bad input: every problem in every file is reported with file, line and
// column, the build exits 1, and the previous output is left untouched.
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {fixture, press, readTree, temporaryFolder} from '../helpers.js'

describe('a build with errors', () => {
  it('should report every error with its file, line and column and fail', async () => {
    const out = join(await temporaryFolder(), 'site')
    const result = await press(['build', '--root', fixture('errors'), '--out', out, '--now', '2026-03-01T00:00:00Z'], fixture('errors'))
    expect(result.code).toBe(1)
    const report = result.stderr
    expect(report).toMatch(/releases\/2026-01-01-missing-title\/en\.md\n\s*2:1-2:17\s+error\s+Missing `title` in the front matter: add a line `title: …`/)
    expect(report).toMatch(/releases\/2026-01-02-bad-date\/en\.md\n[\s\S]*?3:7-3:17\s+error\s+`date` is not valid: write the release date as YYYY-MM-DD/)
    expect(report).toMatch(/4:10-4:20\s+error\s+`embargo` is not valid: write the date, the time and the time zone offset/)
    expect(report).toMatch(/5:1-5:7\s+warning\s+Unknown field `colour` in the front matter is ignored/)
    expect(report).toMatch(/releases\/2026-01-03-broken-yaml\/en\.md\n\s*3:\d+(-\d+:\d+)?\s+error\s+The front matter is not valid YAML/)
    expect(report).toMatch(/releases\/Bad_Folder\n\s*error\s+The folder name `Bad_Folder` cannot be a release id/)
    expect(report).toMatch(/releases\/2026-01-06-unknown-language\/de\.md\n\s*error\s+`de` is not one of the site's languages \(en, fr, zh, ar, ru, es\)/)
    expect(report).not.toContain('2026-01-04-fine')
    expect(report).not.toMatch(/\n\s+at /)
    expect(report).toContain('press build: failed;')
  })

  it('should leave the previous output exactly as it was', async () => {
    const folder = await temporaryFolder()
    const out = join(folder, 'site')
    const good = join(folder, 'newsroom')
    await mkdir(join(good, 'releases', '2026-01-01-hello'), {recursive: true})
    const release = join(good, 'releases', '2026-01-01-hello', 'en.md')
    await writeFile(release, '---\ntitle: Hello\ndate: 2026-01-01\n---\n\nFirst version.\n')
    expect((await press(['build', '--root', good, '--out', out])).code).toBe(0)
    const before = await readTree(out)

    await writeFile(release, '---\ntitle: Hello\ndate: 2026-13-01\n---\n\nSecond version.\n')
    const result = await press(['build', '--root', good, '--out', out])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('was left as it was')
    expect(await readTree(out)).toEqual(before)
    expect(await readTree(folder).then((files) => [...files.keys()].filter((path) => !path.startsWith('site/') && !path.startsWith('newsroom/') && !path.startsWith('.site.builds/')))).toEqual([])
  })

  it('should refuse an output folder that holds files press did not write', async () => {
    const folder = await temporaryFolder()
    await writeFile(join(folder, 'precious.txt'), 'keep me')
    const result = await press(['build', '--out', folder])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('already holds files that press build did not write')
    expect(await readFile(join(folder, 'precious.txt'), 'utf8')).toBe('keep me')
  })

  it('should refuse to write the output over the newsroom itself', async () => {
    const result = await press(['build', '--root', fixture('embargo'), '--out', join(fixture('embargo'), 'releases')])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("would replace the newsroom's own files")
  })

  it('should reject a --now without a time zone as a usage error', async () => {
    const result = await press(['build', '--now', '2026-03-14T09:00:00'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--now 2026-03-14T09:00:00 is not a date and time: write the date, the time and the time zone offset')
  })
})
