// Every cache key and output key holds the code's version: press's own code,
// its installed packages and Node.js, so that after an npm update no entry
// made by the packages before is taken for this build's.
import {describe, expect, it, vi} from 'vitest'

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
})
