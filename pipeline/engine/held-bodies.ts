// The bodies a build makes while it reads its releases, kept until it
// publishes them: in memory up to a budget, beyond it in the cache (where
// they were stored as they were made) or, in a build without one, in a
// folder of the system's temporary files removed when the build ends. A
// build that reads everything before it publishes anything thus parses no
// text twice, and its memory stays flat however large the newsroom.
import {mkdtempSync} from 'node:fs'
import {readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Bodies} from '../model/fragments.js'
import type {FragmentCache} from './cache.js'

/** Characters of bodies kept in memory: about 16 MB. */
const memoryBudget = 8_000_000

export class HeldBodies {
  private readonly memory = new Map<string, Bodies>()
  private size = 0
  private spill: string | undefined
  private readonly spilled = new Set<string>()

  /** With a cache, bodies beyond the budget are read back from it under `cacheKey`; without one, they are written aside. */
  constructor(
    private readonly cache: FragmentCache | undefined,
    private readonly cacheKey: (key: string) => string,
    private readonly budget = memoryBudget
  ) {}

  async keep(key: string, bodies: Bodies): Promise<void> {
    if (this.memory.has(key) || this.spilled.has(key)) return
    const size = sizeOf(bodies)
    if (this.size + size <= this.budget) {
      this.memory.set(key, bodies)
      this.size += size
    } else if (!this.cache) {
      this.spill ??= mkdtempSync(join(tmpdir(), 'press-bodies-'))
      await writeFile(join(this.spill, key), JSON.stringify(bodies), {flag: 'wx', mode: 0o600})
      this.spilled.add(key)
    }
  }

  /** The bodies kept under `key`, once; undefined when they were not kept (or their cache entry has gone). */
  async take(key: string): Promise<Bodies | undefined> {
    const held = this.memory.get(key)
    if (held) {
      this.memory.delete(key)
      this.size -= sizeOf(held)
      return held
    }
    if (this.spilled.delete(key)) {
      const path = join(this.spill!, key)
      const text = await readFile(path, 'utf8')
      await rm(path, {force: true})
      return JSON.parse(text) as Bodies
    }
    return this.cache?.get<Bodies>(this.cacheKey(key))
  }

  async close(): Promise<void> {
    if (this.spill) await rm(this.spill, {recursive: true, force: true})
  }
}

function sizeOf(bodies: Bodies): number {
  const text = bodies.textBody.lines.reduce((sum, line) => sum + line.length + 1, 0)
  return bodies.page.length + text + (bodies.absolute?.length ?? 0) + (bodies.inlined?.length ?? 0)
}
