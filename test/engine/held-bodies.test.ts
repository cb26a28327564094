// Bodies held between reading a newsroom and publishing it: in memory up to
// a budget, then from the cache or a temporary folder of their own, each
// given back once and the same.
import {existsSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {FragmentCache} from '../../pipeline/engine/cache.js'
import {HeldBodies} from '../../pipeline/engine/held-bodies.js'
import type {Bodies} from '../../pipeline/model/fragments.js'
import {temporaryFolder} from '../helpers.js'

const bodies = (n: number): Bodies => ({page: `<p>Page ${n} ${'x'.repeat(100)}</p>`, textBody: {lines: [`Text ${n}`], references: []}})
const spills = () => readdirSync(tmpdir()).filter((name) => name.startsWith('press-bodies-'))

describe('held bodies', () => {
  it('should give back each body once, beyond the budget from a folder of their own removed at the end', async () => {
    const before = spills()
    const held = new HeldBodies(undefined, 300)
    for (let n = 0; n < 10; n++) await held.keep(`${n}`.padStart(64, '0'), bodies(n))
    const folder = spills().find((name) => !before.includes(name))
    expect(folder).toBeDefined()
    for (let n = 9; n >= 0; n--) expect(await held.take(`${n}`.padStart(64, '0'))).toEqual(bodies(n))
    expect(await held.take('0'.padStart(64, '0'))).toBeUndefined()
    await held.close()
    expect(existsSync(join(tmpdir(), folder!))).toBe(false)
  })

  it('should let go of the bodies never taken when it is closed, and close again doing nothing', async () => {
    const before = spills()
    const held = new HeldBodies(undefined, 300)
    for (let n = 0; n < 10; n++) await held.keep(`${n}`.padStart(64, '0'), bodies(n))
    await held.close()
    // Neither those in memory nor those written aside are held after.
    expect(await held.take('0'.padStart(64, '0'))).toBeUndefined()
    expect(await held.take('9'.padStart(64, '0'))).toBeUndefined()
    await held.close()
    expect(spills()).toEqual(before)
  })

  it('should read the bodies beyond the budget from the cache, where they were stored as they were made', async () => {
    const cache = new FragmentCache(join(await temporaryFolder(), 'cache'))
    const held = new HeldBodies(cache, 300)
    const key = (n: number) => `${n}`.padStart(64, 'a')
    for (let n = 0; n < 6; n++) {
      await held.store(key(n), bodies(n))
      await held.keep(key(n), bodies(n))
    }
    const before = spills()
    for (let n = 0; n < 6; n++) expect(await held.take(key(n))).toEqual(bodies(n))
    expect(spills()).toEqual(before)
    await held.close()
  })

  it('should give a page body alone from its own entry, but not for bodies held here, which are taken whole', async () => {
    const cache = new FragmentCache(join(await temporaryFolder(), 'cache'))
    const held = new HeldBodies(cache, 300)
    const key = (n: number) => `${n}`.padStart(64, 'b')
    for (let n = 0; n < 2; n++) await held.store(key(n), bodies(n))
    await held.keep(key(0), bodies(0))
    expect(await held.page(key(0))).toBeUndefined()
    expect(await held.page(key(1))).toBe(bodies(1).page)
    expect(await held.page(key(2))).toBeUndefined()
    expect(await held.take(key(0))).toEqual(bodies(0))
    expect(await held.page(key(0))).toBe(bodies(0).page)
    await held.close()
  })

  it('should let go of bodies that will not be published, in memory and aside', async () => {
    const held = new HeldBodies(undefined, 300)
    const key = (n: number) => `${n}`.padStart(64, 'b')
    for (let n = 0; n < 4; n++) await held.keep(key(n), bodies(n))
    for (let n = 0; n < 4; n++) await held.drop(key(n))
    for (let n = 0; n < 4; n++) expect(await held.take(key(n))).toBeUndefined()
    await held.close()
  })

  it('should keep nothing aside, and fail nothing, where the temporary folder cannot be written', async () => {
    const before = process.env['TMPDIR']
    process.env['TMPDIR'] = join(await temporaryFolder(), 'missing')
    try {
      const held = new HeldBodies(undefined, 100)
      await held.keep('c'.repeat(64), bodies(1))
      await held.keep('d'.repeat(64), bodies(2))
      expect(await held.take('d'.repeat(64))).toBeUndefined()
      await held.close()
    } finally {
      if (before === undefined) delete process.env['TMPDIR']
      else process.env['TMPDIR'] = before
    }
  })
})
