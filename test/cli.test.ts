// The `press` command as a user runs it: the compiled program, its output
// and its exit codes.
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {fixture, runPress, temporaryFolder} from './helpers.js'

describe('press', () => {
  it('should build the sample newsroom and say what it built', async () => {
    const out = join(await temporaryFolder(), 'site')
    const result = await runPress(['build', '--out', out])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Built \d+ pages: 13 translations of 4 releases in 4 languages/)
  })

  it('should print placed errors, no stack trace, and exit 1 on bad releases', async () => {
    const result = await runPress(['build', '--out', join(await temporaryFolder(), 'site')], fixture('errors'))
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('releases/2026-01-02-bad-date/en.md')
    expect(result.stderr).not.toMatch(/^\s+at /m)
  })

  it('should exit 2 with help on a mistyped command', async () => {
    const result = await runPress(['biuld'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("unknown command 'biuld'")
  })

  it('should describe its commands', async () => {
    const result = await runPress(['build', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('--now <date-time>')
    expect(result.stdout).toContain('--root <dir>')
  })
})

describe('press and the file system', () => {
  it('should say plainly when it may not write the output, with no stack trace', async () => {
    const folder = await temporaryFolder()
    await writeFile(join(folder, 'site'), 'a file in the way')
    const result = await runPress(['build', '--out', join(folder, 'site')])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`press build: ${join(folder, 'site')} is a file, not a folder: choose a folder for the output\n`)
  })
})
