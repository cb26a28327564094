// Every cache key and output key holds the code's version: press's own code,
// its installed packages and Node.js, so that after an npm update no entry
// made by the packages before is taken for this build's.
import {describe, expect, it, vi} from 'vitest'
import {mkdir, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {temporaryFolder} from '../helpers.js'

async function freshVersion(): Promise<string> {
  vi.resetModules()
  const {codeVersion} = await import('../../pipeline/engine/code-version.js')
  return codeVersion()
}

describe('the code version', () => {
  it('should be the same for the same install, and change with the packages installed', async () => {
    const installed = await freshVersion()
    expect(await freshVersion()).toBe(installed)
    // npm rewrites node_modules/.package-lock.json at every install or update.
    vi.doMock('node:fs/promises', async (importOriginal) => {
      const real = await importOriginal<typeof import('node:fs/promises')>()
      return {...real, readFile: (async (path: Parameters<typeof real.readFile>[0], ...rest: unknown[]) => (String(path).endsWith('.package-lock.json') ? Buffer.from('{"packages": {"node_modules/juice": {"version": "99.0.0"}}}') : real.readFile(path, ...(rest as [])))) as typeof real.readFile}
    })
    try {
      expect(await freshVersion()).not.toBe(installed)
    } finally {
      vi.doUnmock('node:fs/promises')
    }
    expect(await freshVersion()).toBe(installed)
  })

  it("should find what pnpm or Yarn installed, in the project press is installed in, as it finds npm's", async () => {
    const {installRecords} = await import('../../pipeline/engine/code-version.js')
    const root = await temporaryFolder()
    const made = async (...paths: string[]) => {
      for (const path of paths) {
        await mkdir(dirname(join(root, path)), {recursive: true})
        await writeFile(join(root, path), 'lockfileVersion: 9\n')
      }
    }
    // pnpm keeps each package under node_modules/.pnpm, and what it installed beside them.
    await made('pnpm/node_modules/.pnpm/lock.yaml', 'pnpm/node_modules/.pnpm/communique@0.1.0/node_modules/communique/package.json')
    expect(installRecords(join(root, 'pnpm/node_modules/.pnpm/communique@0.1.0/node_modules/communique'))).toEqual([join(root, 'pnpm/node_modules/.pnpm/lock.yaml')])
    await made('yarn/node_modules/.yarn-state.yml', 'yarn/node_modules/communique/package.json', 'yarn1/node_modules/.yarn-integrity', 'yarn1/node_modules/communique/package.json')
    expect(installRecords(join(root, 'yarn/node_modules/communique'))).toEqual([join(root, 'yarn/node_modules/.yarn-state.yml')])
    expect(installRecords(join(root, 'yarn1/node_modules/communique'))).toEqual([join(root, 'yarn1/node_modules/.yarn-integrity')])
    // The project's own: one further up is another project's.
    await made('npm/node_modules/.package-lock.json', 'npm/inner/node_modules/.pnpm/lock.yaml', 'npm/inner/pnpm-lock.yaml', 'npm/inner/node_modules/communique/package.json')
    expect(installRecords(join(root, 'npm/inner/node_modules/communique'))).toEqual([join(root, 'npm/inner/node_modules/.pnpm/lock.yaml'), join(root, 'npm/inner/pnpm-lock.yaml')])
    // press as a workspace's package: every record up to the workspace's root (a stale one of its own counts, the root's too).
    await made('ws/package-lock.json', 'ws/node_modules/.package-lock.json', 'ws/packages/press/node_modules/.package-lock.json', 'ws/packages/press/package.json')
    expect(installRecords(join(root, 'ws/packages/press'))).toEqual([join(root, 'ws/packages/press/node_modules/.package-lock.json'), join(root, 'ws/node_modules/.package-lock.json'), join(root, 'ws/package-lock.json')])
    // A workspace's package whose dependency was not hoisted: the workspace root's record and lockfile.
    await made('ws2/package-lock.json', 'ws2/node_modules/.package-lock.json', 'ws2/packages/app/node_modules/communique/package.json')
    expect(installRecords(join(root, 'ws2/packages/app/node_modules/communique'))).toEqual([join(root, 'ws2/node_modules/.package-lock.json'), join(root, 'ws2/package-lock.json')])
    // Installed by Yarn's Plug'n'Play, from its cache's zip: the project's map of what is installed, and its lockfile.
    await made('pnp2/.pnp.cjs', 'pnp2/yarn.lock', 'pnp2/.yarn/cache/communique-npm-0.1.0-0123456789.zip/node_modules/communique/package.json')
    expect(installRecords(join(root, 'pnp2/.yarn/cache/communique-npm-0.1.0-0123456789.zip/node_modules/communique'))).toEqual([join(root, 'pnp2/yarn.lock'), join(root, 'pnp2/.pnp.cjs')])
    // Yarn's Plug'n'Play keeps no node_modules: its map of what is installed counts.
    await made('pnp/.pnp.cjs', 'pnp/yarn.lock', 'pnp/package.json')
    expect(installRecords(join(root, 'pnp'))).toEqual([join(root, 'pnp/yarn.lock'), join(root, 'pnp/.pnp.cjs')])
    // With no project root above, press's own folder alone: a node_modules further up is someone else's.
    await made('lone/press/node_modules/.package-lock.json', 'lone/node_modules/.package-lock.json')
    expect(installRecords(join(root, 'lone/press'))).toEqual([join(root, 'lone/press/node_modules/.package-lock.json')])
  })
})
