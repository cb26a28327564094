// The bodies a build makes while it reads its releases, kept until it
// publishes them: in memory up to a budget, beyond it in the cache (where
// they were stored as they were made) or, in a build without one, in a
// folder of the system's temporary files removed when the build ends. A
// build that reads everything before it publishes anything thus parses no
// text twice, and its memory stays flat however large the newsroom. In the
// cache, a translation's page body is an entry of its own, which a template
// change reads alone, and its other bodies (its text's, its email's) another.
import {mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Bodies} from '../model/fragments.js'
import {hash, type FragmentCache} from './cache.js'

/** The cache key of the page body of the translation whose fragments are under `key`, and of its other bodies but the inlined (fragment-source.ts). */
export const pageKey = (key: string) => hash(key, 'page')
export const bodiesKey = (key: string) => hash(key, 'bodies')

/** Characters of bodies kept in memory: about 16 MB. */
const memoryBudget = 8_000_000

export class HeldBodies {
  private readonly memory = new Map<string, Bodies>()
  private size = 0
  private spill: string | undefined
  private readonly spilled = new Set<string>()

  /** With a cache, bodies beyond the budget are read back from it; without one, or with one only read, they are written aside. */
  constructor(
    private readonly cache: FragmentCache | undefined,
    private readonly budget = memoryBudget
  ) {}

  /** Keeps `bodies`; where they cannot be kept (a full disk), they are made again when asked for. */
  async keep(key: string, bodies: Bodies): Promise<void> {
    if (this.memory.has(key) || this.spilled.has(key)) return
    const size = sizeOf(bodies)
    if (this.size + size <= this.budget) {
      this.memory.set(key, bodies)
      this.size += size
    } else if (!this.cache || this.cache.readOnly) {
      this.spilled.add(key)
      try {
        this.spill ??= spillFolder()
        await writeFile(join(this.spill, key), JSON.stringify(bodies), {flag: 'wx', mode: 0o600})
      } catch {
        this.spilled.delete(key)
      }
    }
  }

  /** Lets go of bodies that will not be published, such as a draft's. */
  async drop(key: string): Promise<void> {
    const held = this.memory.get(key)
    if (held) {
      this.memory.delete(key)
      this.size -= sizeOf(held)
    }
    if (this.spilled.delete(key)) await rm(join(this.spill!, key), {force: true})
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
    return this.stored(key)
  }

  /** Stores a translation's bodies, but the inlined, in the cache under `key`: the page's entry, then the others'. */
  async store(key: string, {page, ...others}: Omit<Bodies, 'inlined'>): Promise<void> {
    await this.cache?.set(pageKey(key), page)
    await this.cache?.set(bodiesKey(key), others)
  }

  /** The page body stored under `key`, unless the bodies are held here (taken whole), or its entry has gone. */
  async page(key: string): Promise<string | undefined> {
    if (this.memory.has(key) || this.spilled.has(key)) return undefined
    const page = await this.cache?.get<unknown>(pageKey(key))
    return typeof page === 'string' ? page : undefined
  }

  private async stored(key: string): Promise<Bodies | undefined> {
    const [page, others] = await Promise.all([this.cache?.get<unknown>(pageKey(key)), this.cache?.get<Omit<Bodies, 'page'>>(bodiesKey(key))])
    return typeof page === 'string' && typeof others === 'object' && others !== null ? {...others, page} : undefined
  }

  /** Lets go of every body still held, and of the folder they were written aside in; again, it does nothing. */
  async close(): Promise<void> {
    this.memory.clear()
    this.size = 0
    this.spilled.clear()
    const spill = this.spill
    this.spill = undefined
    if (spill) await rm(spill, {recursive: true, force: true})
  }
}

/**
 * A folder of this process's own among the system's temporary files, made
 * private; those of processes no longer running (a build killed midway)
 * are removed first, so that no draft's text is left there.
 */
function spillFolder(): string {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(/^press-bodies-(\d+)-/.exec(name)?.[1])
    if (pid && pid !== process.pid && !running(pid)) rmSync(join(tmpdir(), name), {recursive: true, force: true})
  }
  return mkdtempSync(join(tmpdir(), `press-bodies-${process.pid}-`))
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (problem) {
    // EPERM: running, as another user.
    return (problem as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function sizeOf(bodies: Bodies): number {
  const text = bodies.textBody.lines.reduce((sum, line) => sum + line.length + 1, 0)
  return bodies.page.length + text + (bodies.absolute?.length ?? 0) + (bodies.inlined?.length ?? 0)
}
