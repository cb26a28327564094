// The media cache: a copy made from an image is kept with the hash of its
// name and bytes, taken again while it is whole, and kept young while builds
// use it, so that pruning the cache takes the copies no build needs.
import {readdir, stat, utimes, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {cached} from '../../pipeline/publish/media-content.js'
import {temporaryFolder} from '../helpers.js'

describe('the media cache', () => {
  it('should take a copy again while it is whole, make it again when damaged, and keep a copy in use young', async () => {
    const cache = await temporaryFolder()
    const made: string[] = []
    const make = (bytes: string) => async () => (made.push(bytes), Buffer.from(bytes))
    const name = 'reception-0123456789-800.jpg'
    expect((await cached(cache, name, make('resized'))).toString()).toBe('resized')
    const [file] = await readdir(join(cache, 'media'))
    const path = join(cache, 'media', file!)

    // Written two months ago and read now: taken as it is, and made young.
    const old = new Date(Date.now() - 60 * 24 * 3600_000)
    await utimes(path, old, old)
    expect((await cached(cache, name, make('again'))).toString()).toBe('resized')
    expect(made).toEqual(['resized'])
    expect(Date.now() - (await stat(path)).mtimeMs).toBeLessThan(60_000)

    // Damaged: made again.
    await writeFile(path, 'not a copy')
    expect((await cached(cache, name, make('remade'))).toString()).toBe('remade')
    expect(made).toEqual(['resized', 'remade'])
  })
})
