// The `press` command as a user runs it: the compiled program, its output
// and its exit codes.
import {mkdir, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {fixture, press, projectRoot, releaseText, runPress, temporaryFolder, writeReleases} from '../helpers.js'
import {run} from '../../pipeline/commands/cli.js'

describe('press', () => {
  it('should build the sample newsroom and say what it built', async () => {
    const out = join(await temporaryFolder(), 'site')
    const result = await runPress(['build', '--out', out])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Built \d+ pages: 15 translations of 4 releases in 6 languages/)
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

  it('should suggest the nearest command and option, and print its version', async () => {
    expect((await runPress(['biuld'])).stderr).toContain('(Did you mean build?)')
    const option = await runPress(['build', '--rot', '.'])
    expect(option.code).toBe(2)
    expect(option.stderr).toContain('(Did you mean --root?)')
    expect(await runPress(['--version'])).toEqual({code: 0, stdout: '0.1.0\n', stderr: ''})
  })

  it('should draw progress only on a terminal, print only errors when quiet, and notes and held-back translations when verbose', async () => {
    const root = fixture('embargo')
    const build = async (flags: string[], terminal: boolean, newsroom = root) => {
      let stdout = ''
      let stderr = ''
      const out = join(await temporaryFolder(), 'site')
      const code = await run(['build', '--root', newsroom, '--out', out, '--now', '2026-03-14T13:59:59Z', ...flags], {stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: projectRoot, terminal})
      return {code, stdout, stderr}
    }
    const onTerminal = await build([], true)
    // Reading every release (most of a build's time), then writing what is public.
    expect(onTerminal.stderr).toMatch(/^(\r\[#*-*\] \d of 4 releases read\x1b\[K)*\r\[#{30}\] 4 of 4 releases read\x1b\[K(\r\[#*-*\] \d of 4 releases written\x1b\[K)*\r\[#{30}\] 4 of 4 releases written\x1b\[K\r\x1b\[K[^\r]*$/)
    expect(onTerminal.stderr).toContain('warning')
    const inCi = await build([], false)
    expect(inCi.stderr).not.toMatch(/releases (read|written)\x1b/)
    expect(inCi.stdout).toMatch(/^Built 16 pages: 3 translations of 2 releases in 2 languages; held back 4 translations \(2 embargoed, 2 drafts\); into .+ in \d+ ms\n$/)
    expect(await build(['--quiet'], true)).toEqual({code: 0, stdout: '', stderr: ''})
    const verbose = await build(['--verbose'], false)
    expect(verbose.stdout).toContain('Held back: en/2026-03-10-embargoed, embargoed until 2026-03-14T09:00:00-05:00\n')
    expect(verbose.stdout).toContain('Held back: en/2026-03-11-draft, a draft\n')
    const unformatted = await temporaryFolder()
    await writeReleases(unformatted, {'2026-03-02-hours/en.md': releaseText('title: Consular hours\ndate: 2026-03-02', 'The "new" hours.')})
    expect((await build(['--verbose'], false, unformatted)).stderr).toMatch(/releases\/2026-03-02-hours\/en\.md\n\s*6:5(-\d+:\d+)?\s+info\s+/)
    expect((await build(['--quiet', '--verbose'], false)).code).toBe(2)
  })

  it('should say plainly that a newsroom folder does not exist, exit 2 and make nothing there', async () => {
    const missing = join(await temporaryFolder(), 'nonexistent')
    for (const command of ['build', 'check', 'format', 'new']) {
      const result = await runPress(command === 'new' ? ['new', 'visit', '--root', missing] : [command, '--root', missing])
      expect(result, command).toEqual({code: 2, stdout: '', stderr: `press ${command}: the newsroom folder ${missing} does not exist: give the folder that holds releases/ with --root\n`})
    }
    await expect(stat(missing)).rejects.toThrow()
  })

  it('should tell a writer to quote a title with a colon in it', async () => {
    const root = await temporaryFolder()
    await mkdir(join(root, 'releases', '2026-03-14-visit'), {recursive: true})
    await writeFile(join(root, 'releases', '2026-03-14-visit', 'en.md'), '---\ntitle: Minister: a visit\ndate: 2026-03-14\n---\n\nText.\n')
    const result = await runPress(['check', '--root', root], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/en\.md\n2:8-2:9\s+error\s+The front matter: `title` has a colon and a space in its value, which YAML reads as another key\. Put the value in quotes, as in title: "Minister: a visit"/)
  })

  it('should describe its commands, each with an example', async () => {
    const result = await runPress(['build', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('--now <date-time>')
    expect(result.stdout).toContain('--root <dir>')
    for (const command of ['build', 'init', 'new', 'translated', 'format', 'check', 'serve', 'bulletin', 'send']) {
      expect((await press([command, '--help'])).stdout, command).toMatch(new RegExp(`\nExamples?:\n  press ${command} `))
    }
  })

  it('should start light: load the command it runs alone, and nothing of the build for help', async () => {
    // Node says each module it loads (NODE_DEBUG=esm); press's own, by their paths in dist/pipeline.
    const loaded = async (args: string[]) => {
      const result = await runPress(args, projectRoot, {NODE_DEBUG: 'esm'})
      expect(result.code).toBe(0)
      return new Set([...result.stderr.matchAll(/dist\/pipeline\/([\w/-]+)\.js/g)].map((match) => match[1]))
    }
    const check = await loaded(['check', '--help'])
    expect(check).toContain('commands/check')
    for (const other of ['commands/build', 'commands/serve', 'commands/send', 'commands/publish', 'engine/build']) expect(check, other).not.toContain(other)
    const help = await loaded(['--help'])
    for (const command of ['build', 'serve', 'send', 'publish']) expect(help).toContain(`commands/${command}`)
    expect(help).not.toContain('engine/build')
  })

  it('should say plainly that its installation is incomplete when a part of it is missing, exit 1 and not call it a fault of press', async () => {
    // A module press loads as it runs is not found, as when a package was removed from node_modules.
    const hooks = await temporaryFolder()
    await writeFile(join(hooks, 'hooks.mjs'), "export async function resolve(specifier, context, next) {\n  if (specifier === './check.js') throw Object.assign(new Error(`Cannot find module ${specifier}`), {code: 'ERR_MODULE_NOT_FOUND'})\n  return next(specifier, context)\n}\n")
    await writeFile(join(hooks, 'register.mjs'), "import {register} from 'node:module'\nregister('./hooks.mjs', import.meta.url)\n")
    const result = await runPress(['check', '--help'], projectRoot, {NODE_OPTIONS: `--import ${join(hooks, 'register.mjs')}`})
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('press: this installation of press is incomplete: Cannot find module ./check.js')
    expect(result.stderr).toContain('Install press again')
    expect(result.stderr).not.toContain('fault in press')
    // The other commands still run.
    expect((await runPress(['build', '--help'], projectRoot, {NODE_OPTIONS: `--import ${join(hooks, 'register.mjs')}`})).code).toBe(0)
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
