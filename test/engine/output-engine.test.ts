// One writer per output, and a swap with no window: whatever stops a command
// (another command, kill -9, a full disk, a fault), the output path holds a
// complete site, and the next command puts right what was left.
import {execFileSync, spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {cp, lstat, mkdir, readFile, readdir, readlink, rename, writeFile} from 'node:fs/promises'
import {basename, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {OutputBusyError} from '../../pipeline/engine/lock.js'
import {projectRoot, press, pressBin, readTree, releaseText, runPress, temporaryFolder, writeReleases} from '../helpers.js'

const now = '2026-11-24T12:00:00Z'

/** A copy of the sample newsroom whose first release can be changed, so that two builds differ. */
async function newsroom(): Promise<string> {
  const root = join(await temporaryFolder(), 'newsroom')
  await cp(join(projectRoot, 'releases'), join(root, 'releases'), {recursive: true})
  return root
}

async function edit(root: string, title: string) {
  await writeReleases(root, {'2026-03-02-consular-hours/en.md': releaseText(`title: ${title}\ndate: 2026-03-02`)})
}

/** What an interrupted or finished command left beside the output `site`: lock files, links, unused builds. */
/** What a build left beside the output that it should not have. */
async function leftovers(out: string): Promise<string[]> {
  const parent = join(out, '..')
  const beside = (await readdir(parent)).filter((name) => name.startsWith('.site.') && name !== '.site.builds')
  const inUse = basename(await readlink(out))
  const unused = (await readdir(join(parent, '.site.builds'))).filter((name) => name !== inUse)
  // The build before last stays, complete, for the next build to recycle: no other.
  const complete = unused.filter((name) => existsSync(join(parent, '.site.builds', name, '.communique')))
  const kept = complete.length === 1 ? complete : []
  return [...beside, ...unused.filter((name) => !kept.includes(name)).map((name) => `.site.builds/${name}`)]
}

describe('the output folder', () => {
  it('should be a link to a complete build, with nothing else left beside it', async () => {
    const root = await newsroom()
    const out = join(root, '..', 'site')
    expect((await press(['build', '--root', root, '--out', out, '--now', now])).code).toBe(0)
    expect((await lstat(out)).isSymbolicLink()).toBe(true)
    expect(await readlink(out)).toMatch(/^\.site\.builds\/[^/]+$/)
    expect((await readTree(out)).has('en/index.html')).toBe(true)
    expect((await press(['build', '--root', root, '--out', out, '--now', now])).code).toBe(0)
    expect(await leftovers(out)).toEqual([])
  })

  it('should let two builds at once both finish, one after the other, into a complete site', async () => {
    const root = await newsroom()
    const reference = join(root, '..', 'reference')
    expect((await press(['build', '--root', root, '--out', reference, '--now', now])).code).toBe(0)
    const out = join(root, '..', 'site')
    const notices: string[] = []
    const [first, second] = await Promise.all([0, 1].map(() => build({root, out, now: new Date(now), cwd: root, notice: (text) => notices.push(text)})))
    expect(first!.ok && second!.ok).toBe(true)
    expect(notices.join('\n')).toMatch(/waiting for press build \(process \d+\) to finish writing/)
    expect(await readTree(out)).toEqual(await readTree(reference))
  })

  it('should refuse, naming the other process, when another command holds the output past the wait', async () => {
    const root = await newsroom()
    const out = join(root, '..', 'site')
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'])
    try {
      await writeFile(join(root, '..', '.site.lock'), JSON.stringify({pid: sleeper.pid, command: 'press bulletin', since: '2026-11-24T11:59:00.000Z'}))
      await expect(build({root, out, now: new Date(now), cwd: root, wait: 200})).rejects.toThrow(OutputBusyError)
      await expect(build({root, out, now: new Date(now), cwd: root, wait: 200})).rejects.toThrow(`press bulletin (process ${sleeper.pid}) has been writing ${out} since 2026-11-24T11:59:00.000Z: wait for it to finish and try again`)
      expect(existsSync(out)).toBe(false)
    } finally {
      sleeper.kill('SIGKILL')
    }
  })

  it('should take over the lock of a process that is gone, and say so', async () => {
    const root = await newsroom()
    const out = join(root, '..', 'site')
    const gone = spawn(process.execPath, ['-e', ''])
    await new Promise((resolve) => gone.on('exit', resolve))
    await writeFile(join(root, '..', '.site.lock'), JSON.stringify({pid: gone.pid, command: 'press build', since: '2026-11-24T11:00:00.000Z'}))
    const result = await press(['build', '--root', root, '--out', out, '--now', now])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`press build: took over the lock of press build (process ${gone.pid}), which stopped without finishing`)
    expect(existsSync(join(root, '..', '.site.lock'))).toBe(false)
  })

  it('should restore an output whose switch was interrupted before the link was made, before anything else', async () => {
    const root = await newsroom()
    const out = join(root, '..', 'site')
    // An output folder written by an earlier version, as a real folder.
    await mkdir(out)
    await writeFile(join(out, '.communique'), 'old\n')
    await writeFile(join(out, 'index.html'), 'old site\n')
    expect((await press(['build', '--root', root, '--out', out, '--now', now])).code).toBe(0)
    const built = await readTree(out)
    // Killed between moving the old folder aside and linking the new build: no output path at all.
    const target = await readlink(out)
    await rename(out, join(root, '..', 'lost-link'))
    expect(existsSync(out)).toBe(false)
    const bulletin = await press(['bulletin', '--root', root, '--out', out, '--lang', 'en', '--since', '2026-01-01', '--until', '2026-12-31', '--now', now])
    expect(bulletin.code).toBe(0)
    expect(await readlink(out)).not.toBe(target)
    const after = await readTree(out)
    for (const [path, text] of built) expect(after.get(path), path).toBe(text)
    expect(after.has('en/bulletins/2026-12-31.eml')).toBe(true)
  })

  it('should hold the old or the new site whenever a build is killed, and recover on the next command', async () => {
    const root = await newsroom()
    const out = join(root, '..', 'site')
    const newer = join(root, '..', 'newer')
    await edit(root, 'The newer title')
    // Built by the compiled press, as the builds below, so that every file can match.
    expect((await runPress(['build', '--root', root, '--out', newer, '--now', now])).code).toBe(0)
    const newSite = await readTree(newer)
    await edit(root, 'The older title')
    expect((await runPress(['build', '--root', root, '--out', out, '--now', now])).code).toBe(0)
    const oldSite = await readTree(out)
    await edit(root, 'The newer title')

    for (const delay of [50, 150, 300, 450, 600, 800].map((base) => base + Math.floor(Math.random() * 150))) {
      const child = spawn(process.execPath, [pressBin, 'build', '--root', root, '--out', out, '--now', now], {stdio: 'ignore'})
      // Listened for at once: a build that ends before it is killed has exited already when the kill comes.
      const exited = new Promise((resolve) => child.on('exit', resolve))
      await new Promise((resolve) => setTimeout(resolve, delay))
      child.kill('SIGKILL')
      await exited
      const seen = await readTree(out)
      expect(seen.get('en/2026-03-02-consular-hours/release.txt'), `killed after ${delay} ms`).toMatch(/The (older|newer) title/)
      expect(seen, `killed after ${delay} ms`).toEqual(seen.get('en/2026-03-02-consular-hours/release.txt')!.includes('newer') ? newSite : oldSite)
    }
    const result = await runPress(['build', '--root', root, '--out', out, '--now', now])
    expect(result.code).toBe(0)
    expect(await readTree(out)).toEqual(newSite)
    expect(await leftovers(out)).toEqual([])
  })

  it('should report a mistake in a template at its place, leave the output as it was and clear its build folder', async () => {
    const root = await newsroom()
    const out = join(root, '..', 'site')
    expect((await press(['build', '--root', root, '--out', out, '--now', now])).code).toBe(0)
    const before = await readTree(out)
    await mkdir(join(root, 'templates'))
    await writeFile(join(root, 'templates', 'release.njk'), '<p>\n{% if %}\n')
    const result = await runPress(['build', '--root', root, '--out', out, '--now', now], root)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/templates\/release\.njk\n\s*2:\d+\s+error\s+The template could not be rendered: unexpected token: %}/)
    expect(result.stderr).not.toContain('ENOTEMPTY')
    expect(await readTree(out)).toEqual(before)
    expect(await leftovers(out)).toEqual([])
  })
})

/** A small file system of its own, to fill up: only root may mount one. */
async function smallDisk(folder: string, size: string): Promise<(() => void) | undefined> {
  if (process.getuid?.() !== 0) return undefined
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder], {stdio: 'ignore'})
    return () => execFileSync('umount', ['-l', folder], {stdio: 'ignore'})
  } catch {
    return undefined
  }
}

describe('a full disk', () => {
  it('should fail the build plainly, publish nothing and leave no half-written build', async (context) => {
    const root = await newsroom()
    // Without its web fonts and its search index, the site fits on the small disk; the second build, which makes every page and email again, does not.
    await writeFile(join(root, 'newsroom.yaml'), `${(await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8')).replace('webFonts: true', 'webFonts: false')}\nsearch: false\n`)
    const disk = join(root, '..', 'disk')
    await mkdir(disk)
    const unmount = await smallDisk(disk, '1000k')
    if (!unmount) {
      console.warn('Skipped the full-disk test: mounting a small file system needs root.')
      context.skip()
      return
    }
    try {
      const out = join(disk, 'site')
      expect((await runPress(['build', '--root', root, '--out', out, '--now', now])).code).toBe(0)
      const before = await readTree(out)
      // Changed templates: every page and email is made again, none taken from the previous build.
      await mkdir(join(root, 'templates', 'email'), {recursive: true})
      for (const name of ['release.njk', 'email/layout.njk']) await writeFile(join(root, 'templates', name), `${await readFile(join(projectRoot, 'templates', name), 'utf8')}{# changed #}\n`)
      const result = await runPress(['build', '--root', root, '--out', out, '--now', now])
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('ENOSPC')
      expect(result.stderr).toContain(`Nothing was published: ${out} was left as it was.`)
      expect(result.stderr).not.toMatch(/^\s+at /m)
      expect(await readTree(out)).toEqual(before)
      expect(await leftovers(out)).toEqual([])
    } finally {
      unmount()
    }
  })
})
