// A cache of fragments on disk, addressed by content: the key is a hash of
// everything a translation's fragments depend on (its bytes, its language's
// resources, the settings that reach its body, press's code and packages), so an entry
// is never stale, only unused. Each entry carries the hash of its own
// content and its key: one that was cut short, damaged or copied from another
// key is noticed, ignored and made again. Entries are written under a temporary name and renamed, so builds
// sharing a cache never see half an entry.
import * as crypto from 'node:crypto'
import {existsSync, lstatSync, readdirSync} from 'node:fs'
import {mkdir, rm, utimes, writeFile} from 'node:fs/promises'
import {replaceWhole} from '../lib/whole-file.js'
import {removeLeftover} from '../lib/leftovers.js'
import {breather} from '../lib/breather.js'
import {basename, dirname, join} from 'node:path'
import {readRegularFile} from '../lib/newsroom-file.js'
import {checkFolder, RefusedFolder} from './folder-gate.js'

export const defaultCacheFolder = '.communique-cache'
/** The tag a cache folder carries (the Cache Directory Tagging convention, which backup tools read to skip it). */
const tagName = 'CACHEDIR.TAG'
const tagText = 'Signature: 8a477f597d28d172789f06886806bc55\n# This folder is the cache of press (Communiqué): it may be deleted at any time.\n'
/** The cache is pruned, oldest entries first, down to this size after each build. */
const defaultCacheBytes = 512 * 1024 * 1024

const day = 24 * 60 * 60 * 1000
/** No entry of a 256 KB release comes near this. */
const maxEntryBytes = 64 * 1024 * 1024

/** The names press gives what it keeps: a shard folder, an entry, a media copy or what an image was found to be (media-content.ts and release-media.ts); beside them, `builds/` holds the builds' records (build-record.ts). */
const isShard = (name: string) => /^[0-9a-f]{2}$/.test(name)
const entryName = /^[0-9a-f]{64}\.json$/
/** A build's records (build-record.ts) and the cache's size (`size.json`). */
const recordName = /^([0-9a-f]{32}(\.[a-z]+)?|size)\.json$/
const mediaEntry = /^((original-[0-9a-f]{64}|[a-z0-9-]+-[0-9a-f]{10}-\d+)\.(jpg|jpeg|png|webp|gif)|checked-[0-9a-f]{64})$/

export class FragmentCache {
  private written = 0
  private writtenBytes = 0
  /** The shard folders made or found by this cache, so that each is made once. */
  private readonly shards = new Set<string>()
  /** The keys this build read or wrote: never pruned by it. */
  private readonly used = new Set<string>()

  constructor(
    readonly folder: string,
    /** Told of an entry found damaged. */
    private readonly notice: (text: string) => void = () => {},
    /** Read entries, write none and remove none: for a command that writes nothing, such as press check. */
    readonly readOnly = false
  ) {}

  /**
   * Refuses a cache folder press may not write (see folder-gate.ts) or did not
   * make: an existing folder must hold the tag press leaves, or nothing but
   * cache entries, since pruning deletes what is in it.
   */
  static claim(folder: string, root: string): void {
    checkFolder(folder, root, 'the cache')
    let names: string[]
    try {
      names = readdirSync(folder)
    } catch {
      return
    }
    // Its shards and media folder are real folders: a link there would take entries, and pruning, elsewhere.
    for (const name of names.filter((one) => isShard(one) || one === 'media' || one === 'builds')) {
      if (!lstatSync(join(folder, name)).isDirectory()) throw new RefusedFolder(`${join(folder, name)} is a link or a file where press keeps a folder of its cache: remove it, and press makes the folder again`)
    }
    if (names.length === 0 || names.includes(tagName)) return
    const ours = names.every((name) => isShard(name) || name === 'media' || name === 'builds') && (!names.includes('media') || readdirSync(join(folder, 'media')).every((name) => mediaEntry.test(name.replace(/\.\d+\.[0-9a-f]+\.tmp$/, ''))))
    if (!ours) throw new RefusedFolder(`${folder} holds files that are not press's cache: give --cache a folder of its own (press prunes what is in it)`)
  }

  /** Whether a dry run may read `folder`: one press would refuse to build with is not read either. */
  static claimable(folder: string, root: string): boolean {
    try {
      FragmentCache.claim(folder, root)
      return true
    } catch {
      return false
    }
  }

  private pathOf(key: string): string {
    return join(this.folder, key.slice(0, 2), `${key}.json`)
  }

  async get<T>(key: string): Promise<T | undefined> {
    const path = this.pathOf(key)
    let bytes
    let written = 0
    try {
      // Read at once: a build reads thousands of small entries, and each promised read is four trips to the thread pool.
      // Never through a link, a pipe or a device put in an entry's place.
      bytes = readRegularFile(path, maxEntryBytes, {seen: (info) => (written = info.mtimeMs)})
    } catch {
      return undefined
    }
    // The hash covers the key too: an entry copied from another key is as damaged as one cut short. It is taken of the bytes
    // as read, which are those of the body as written (UTF-8), rather than of the body decoded and encoded again.
    if (bytes.indexOf(10) !== 64 || hash(key, bytes.subarray(65)) !== bytes.toString('latin1', 0, 64)) return this.damaged(path)
    let value: T
    try {
      value = JSON.parse(bytes.toString('utf8', 65)) as T
    } catch {
      // Its hash right and its body not JSON: written by something other than press.
      return this.damaged(path)
    }
    this.used.add(key)
    // Entries in use stay young, so that pruning takes the ones no build needs.
    if (Date.now() - written > day && !this.readOnly) await utimes(path, new Date(), new Date()).catch(() => {})
    return value
  }

  private async damaged(path: string): Promise<undefined> {
    this.notice(`ignored a damaged cache entry, ${path}; it is made again`)
    if (!this.readOnly) await rm(path, {force: true})
    return undefined
  }

  async set(key: string, value: unknown): Promise<void> {
    if (this.readOnly) return
    const path = this.pathOf(key)
    const body = JSON.stringify(value)
    if (this.written === 0 && !existsSync(join(this.folder, tagName))) {
      await mkdir(this.folder, {recursive: true})
      await writeFile(join(this.folder, tagName), tagText)
    }
    const shard = dirname(path)
    if (!this.shards.has(shard)) {
      await mkdir(shard, {recursive: true})
      this.shards.add(shard)
    }
    const text = `${hash(key, body)}\n${body}`
    try {
      await replaceWhole(path, text)
    } catch (problem) {
      if ((problem as NodeJS.ErrnoException).code !== 'ENOENT') throw problem
      // Its folder was removed meanwhile (the cache deleted during a build): made again, once.
      await mkdir(shard, {recursive: true})
      await replaceWhole(path, text)
    }
    this.used.add(key)
    this.written++
    this.writtenBytes += Buffer.byteLength(text)
  }

  /**
   * Removes the least recently used entries, after a build that added some,
   * so that the cache holds at most `limit` bytes, never an entry this build
   * read or wrote or one of `live()` (those of every translation it read,
   * whose bodies a later rebuild may need though this one did not read
   * them). The cache's size is kept in a ledger, so that a build adding
   * a few entries to a cache far from full looks at none; the cache is
   * measured whole when the ledger says it may be near its limit, and at
   * least once a day (media copies are not in the ledger). A measured cache
   * over nine tenths of its limit is pruned to four fifths of it: pruned only
   * to the limit, a full cache would be measured again by every build after
   * (61,000 entries at 1,000 releases: about 2.5 s of a one-release
   * rebuild's 5). One whose entries in use hold more is measured again only
   * once a tenth of the limit more has been written.
   */
  async prune(limit = defaultCacheBytes, live: () => ReadonlySet<string> = () => new Set()): Promise<void> {
    // A build that added nothing cannot have grown the cache past its limit.
    if (this.written === 0) return
    const ledgerPath = join(this.folder, 'builds', 'size.json')
    const ledger = readLedger(ledgerPath)
    if (ledger && ledger.bytes + this.writtenBytes <= Math.max(limit * 0.9, ledger.left + limit * 0.1) && Date.now() - ledger.at < day) {
      await keepLedger(ledgerPath, {...ledger, bytes: ledger.bytes + this.writtenBytes})
      return
    }
    const entries = await this.measure()
    let total = entries.reduce((sum, entry) => sum + entry.size, 0)
    if (total > limit * 0.9) {
      const inUse = live()
      const unused = entries.filter(({path}) => !this.used.has(basename(path, '.json')) && !inUse.has(basename(path, '.json')))
      for (const entry of unused.sort((a, b) => a.time - b.time)) {
        if (total <= limit * 0.8) break
        await rm(entry.path, {force: true})
        total -= entry.size
      }
    }
    await keepLedger(ledgerPath, {bytes: total, at: Date.now(), left: total})
  }

  /** Every entry and media copy press wrote (only those, by their names), with its size and last use. A shard's files are looked at in calls made at once (promised, they cost several times the CPU), and the event loop has a turn between shards, so that press serve's requests do not wait for the whole cache. */
  private async measure(): Promise<Array<{path: string; size: number; time: number}>> {
    const entries: Array<{path: string; size: number; time: number}> = []
    const breathe = breather()
    for (const shard of listOrNothing(this.folder).filter((name) => isShard(name) || name === 'media' || name === 'builds')) {
      const ours = shard === 'media' ? mediaEntry : shard === 'builds' ? recordName : entryName
      for (const name of listOrNothing(join(this.folder, shard))) {
        const path = join(this.folder, shard, name)
        // What a press killed while writing an entry left: removed when measured, and not counted.
        if (name.endsWith('.tmp')) await removeLeftover(join(this.folder, shard), name, (of) => ours.test(of))
        if (!ours.test(name) || shard === 'builds') continue
        const info = lstatSync(path, {throwIfNoEntry: false})
        if (info?.isFile()) entries.push({path, size: info.size, time: info.mtimeMs})
      }
      await breathe()
    }
    return entries
  }
}

function listOrNothing(folder: string): string[] {
  try {
    return readdirSync(folder)
  } catch {
    return []
  }
}

/** A page's text for the feeds, kept in `cache` by the page's bytes: it depends on nothing else, so a page that comes out the same (a template comment, a string it does not show) is not parsed again. */
export function feedTextKeeper(cache: FragmentCache | undefined) {
  return async (page: string, make: (page: string) => string | undefined): Promise<string | undefined> => {
    if (!cache) return make(page)
    const key = hash('feed body', page)
    const kept = await cache.get<{body?: string}>(key)
    if (kept) return kept.body
    const body = make(page)
    await cache.set(key, body === undefined ? {} : {body})
    return body
  }
}

/** The cache's size as last counted, when it was measured whole, and what that measure left. */
interface Ledger {
  readonly bytes: number
  readonly at: number
  readonly left: number
}

function readLedger(path: string): Ledger | undefined {
  try {
    const ledger = JSON.parse(readRegularFile(path, 4096).toString('utf8')) as Partial<Ledger>
    // A ledger that cannot be true (a size below nothing, a measure in the future, more left than there is) is none: the cache is measured.
    const {bytes, at, left = 0} = ledger
    return typeof bytes === 'number' && typeof at === 'number' && typeof left === 'number' && bytes >= 0 && at <= Date.now() && left >= 0 && left <= bytes ? {bytes, at, left} : undefined
  } catch {
    return undefined
  }
}

async function keepLedger(path: string, ledger: Ledger): Promise<void> {
  await mkdir(dirname(path), {recursive: true})
  await replaceWhole(path, JSON.stringify(ledger))
}

/** The SHA-256 of `parts`, each followed by a zero byte, in hex. */
export function hash(...parts: ReadonlyArray<string | Uint8Array>): string {
  // Of text alone, in one call where Node has it (20.12 on): a rebuild hashes a hundred thousand keys.
  if (oneShot && parts.length > 0 && parts.every((part) => typeof part === 'string')) return oneShot('sha256', `${parts.join('\0')}\0`, 'hex')
  const digest = crypto.createHash('sha256')
  for (const part of parts) digest.update(part).update('\0')
  return digest.digest('hex')
}

const oneShot = (crypto as {hash?: (algorithm: string, data: string, encoding: 'hex') => string}).hash
