// A photo still as the last build saw it is known by the hash of its bytes
// and not read again (a photo is megabytes, and reading every photo was most
// of a rebuild); one changed, or put behind a link, is read and judged again.
import {createHash} from 'node:crypto'
import {cp, link, mkdir, readdir, readFile, rename, rm, symlink, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import sharp from 'sharp'
import {VFile} from 'vfile'
import {describe, expect, it, vi} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {releaseMedia} from '../../pipeline/publish/release-media.js'
import {press, projectRoot, readTree, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

// Every file press reads from the newsroom goes through this reader: the photos it read are counted here.
const reads = vi.hoisted(() => [] as string[])
vi.mock('../../pipeline/lib/newsroom-file.js', async (importOriginal) => {
  const reader = await importOriginal<typeof import('../../pipeline/lib/newsroom-file.js')>()
  return {...reader, readNewsroomFile: (...args: Parameters<typeof reader.readNewsroomFile>) => (reads.push(args[0]), reader.readNewsroomFile(...args))}
})

// Every time sharp is asked for, counted: a rebuild that encodes no image never asks.
const sharpLoads = vi.hoisted(() => ({count: 0}))
vi.mock('../../pipeline/publish/image-encoder.js', async (importOriginal) => {
  const encoder = await importOriginal<typeof import('../../pipeline/publish/image-encoder.js')>()
  return {...encoder, loadSharp: () => (sharpLoads.count++, encoder.loadSharp())}
})

const now = new Date('2026-11-24T12:00:00Z')
const photo = (width: number) => sharp({create: {width, height: 300, channels: 3, background: {r: 20, g: 90, b: width % 255}}}).jpeg().toBuffer()
const photosRead = () => reads.filter((path) => path.endsWith('.jpg')).map((path) => path.split('/').slice(-2).join('/'))

/** A newsroom of two releases with a photo each, built once after its files have settled (read-log.ts trusts no file seen younger than two seconds). */
async function newsroom(fairPhoto = 'photo.jpg') {
  const root = await temporaryFolder()
  await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
  await writeReleases(root, {'2026-03-02-visit/en.md': releaseText('title: Visit\ndate: 2026-03-02', '![The delegation](photo.jpg)'), '2026-03-03-fair/en.md': releaseText('title: Fair\ndate: 2026-03-03', `The fair opens.\n\n![The stands](${fairPhoto})`)})
  await writeFile(join(root, 'releases', '2026-03-02-visit', 'photo.jpg'), await photo(700))
  await mkdir(dirname(join(root, 'releases', '2026-03-03-fair', fairPhoto)), {recursive: true})
  await writeFile(join(root, 'releases', '2026-03-03-fair', fairPhoto), await photo(900))
  await sleep(2100)
  const out = join(root, 'output')
  expect((await build({root, out, now, cwd: root, workers: 0})).ok).toBe(true)
  return {root, out, fair: join(root, 'releases', '2026-03-03-fair')}
}

async function edit(root: string, text: string) {
  await writeFile(join(root, 'releases', '2026-03-02-visit', 'en.md'), releaseText('title: Visit\ndate: 2026-03-02', `${text}\n\n![The delegation](photo.jpg)`))
}

const mediaErrors = (result: Awaited<ReturnType<typeof build>>) => result.files.flatMap((file) => file.messages.filter((message) => message.ruleId === 'media').map((message) => `${message.line}:${message.reason}`))

describe('photos known by how they are on disk', () => {
  it('should publish an unchanged photo without reading it, and read it again when what was made of it is gone from the cache', async () => {
    const {root, out} = await newsroom()
    await edit(root, 'The delegation arrives.')
    reads.length = 0
    sharpLoads.count = 0
    expect((await build({root, out, now, cwd: root, workers: 0})).ok).toBe(true)
    expect(photosRead()).toEqual([])
    // Nothing to encode, nor to draw (the crest's images are kept): sharp is not even loaded.
    expect(sharpLoads.count).toBe(0)
    const cold = join(await temporaryFolder(), 'cold')
    expect((await build({root, out: cold, now, cwd: root, cache: false, workers: 0})).ok).toBe(true)
    expect(await readTree(out)).toEqual(await readTree(cold))

    // The media cache emptied: what was made of each photo is made again from the photo, read now.
    await rm(join(root, '.communique-cache', 'media'), {recursive: true})
    await edit(root, 'The delegation arrives on Monday.')
    reads.length = 0
    expect((await build({root, out, now, cwd: root, workers: 0})).ok).toBe(true)
    expect(photosRead().sort()).toEqual(['2026-03-02-visit/photo.jpg', '2026-03-03-fair/photo.jpg'])
    const coldAgain = join(await temporaryFolder(), 'cold')
    expect((await build({root, out: coldAgain, now, cwd: root, cache: false, workers: 0})).ok).toBe(true)
    expect(await readTree(out)).toEqual(await readTree(coldAgain))
  })

  it('should read an unchanged photo when its published copy must be written again and is gone from the cache', async () => {
    const {root, out} = await newsroom()
    // What the fair's photo was found to be stays in the cache; its copy as published does not, nor is it in the output.
    const media = join(root, '.communique-cache', 'media')
    for (const name of await readdir(media)) if (name.startsWith('original-')) await rm(join(media, name))
    await rm(join(out, 'media', '2026-03-03-fair'), {recursive: true})
    await edit(root, 'The delegation arrives.')
    reads.length = 0
    expect((await build({root, out, now, cwd: root, workers: 0})).ok).toBe(true)
    expect(photosRead()).toEqual(['2026-03-03-fair/photo.jpg'])
    const cold = join(await temporaryFolder(), 'cold')
    expect((await build({root, out: cold, now, cwd: root, cache: false, workers: 0})).ok).toBe(true)
    expect(await readTree(out)).toEqual(await readTree(cold))
  })

  it('should read a photo again once it is replaced, and publish the new one', async () => {
    const {root, out, fair} = await newsroom()
    const widths = async () => Math.max(...(await Promise.all((await readdir(join(out, 'media', '2026-03-03-fair'))).filter((name) => name.endsWith('.jpg')).map(async (name) => (await sharp(join(out, 'media', '2026-03-03-fair', name)).metadata()).width!))))
    expect(await widths()).toBe(900)
    await writeFile(join(fair, 'photo.jpg'), await photo(1100))
    await edit(root, 'The delegation arrives.')
    reads.length = 0
    expect((await build({root, out, now, cwd: root, workers: 0})).ok).toBe(true)
    expect(photosRead()).toEqual(['2026-03-03-fair/photo.jpg'])
    expect(await widths()).toBe(1100)
  })

  it('should refuse a photo made a link to another release’s, as a link to any file of the machine', async () => {
    const {root, out, fair} = await newsroom()
    await rm(join(fair, 'photo.jpg'))
    await symlink(join(root, 'releases', '2026-03-02-visit', 'photo.jpg'), join(fair, 'photo.jpg'))
    const linked = await build({root, out, now, cwd: root, workers: 0})
    expect(linked.ok).toBe(false)
    expect(mediaErrors(linked)).toEqual([expect.stringMatching(/^8:photo\.jpg .*link/)])
  })

  it('should refuse a photo given a second name, as the first build would have', async () => {
    const {root, out, fair} = await newsroom()
    await link(join(fair, 'photo.jpg'), join(root, 'photo-copy.jpg'))
    const named = await build({root, out, now, cwd: root, workers: 0})
    expect(named.ok).toBe(false)
    expect(mediaErrors(named)).toEqual([expect.stringMatching(/^8:photo\.jpg .*hard link/)])
  })

  it('should refuse a photo whose folder was made a link, though the photo itself is as it was', async () => {
    const {root, out, fair} = await newsroom('pictures/photo.jpg')
    // The folder moved out of the newsroom and a link left in its place.
    const away = join(await temporaryFolder(), 'pictures')
    await rename(join(fair, 'pictures'), away)
    await symlink(away, join(fair, 'pictures'))
    const moved = await build({root, out, now, cwd: root, workers: 0})
    expect(moved.ok).toBe(false)
    expect(mediaErrors(moved)).toEqual([expect.stringMatching(/^8:pictures\/photo\.jpg .*symbolic link/)])
  })

  it('should see a folder made a link on the way to a photo known in the last build, though no build lists that folder', async () => {
    const {root, fair} = await newsroom('pictures/spring/photo.jpg')
    // press build, which looks before it builds: a rebuild that knows the photo and reads it not, its edit settled so that
    // the record it keeps is trusted whole, and only what it says of the photo tells the next whether anything changed.
    await edit(root, 'The delegation arrives.')
    await sleep(2100)
    reads.length = 0
    expect((await press(['build', '--root', root, '--now', now.toISOString()], root)).code).toBe(0)
    expect(photosRead()).toEqual([])
    const away = join(await temporaryFolder(), 'spring')
    await rename(join(fair, 'pictures', 'spring'), away)
    await symlink(away, join(fair, 'pictures', 'spring'))
    const moved = await press(['build', '--root', root, '--now', now.toISOString()], root)
    expect(moved.code).toBe(1)
    expect(moved.stderr).toMatch(/8:\d+ +error +pictures\/spring\/photo\.jpg is a symbolic link, or inside one/)
  })

  it('should judge a photo by the bytes it has when they are not those it was known by, or say it is gone', async () => {
    const root = await temporaryFolder()
    await writeReleases(root, {'2026-03-03-fair/en.md': releaseText('title: Fair\ndate: 2026-03-03', '![The stands](photo.jpg)')})
    await writeFile(join(root, 'releases', '2026-03-03-fair', 'photo.jpg'), await photo(300))
    const file = new VFile({path: 'releases/2026-03-03-fair/en.md'})
    const media = [{url: 'photo.jpg', kind: 'image' as const, alt: 'The stands', place: {line: 3, column: 1}}]
    // Known by a hash its bytes do not have, as when the photo changed between the look and the read: read, and published as it is.
    const other = await releaseMedia(root, '2026-03-03-fair', [{file, media}], {knownImage: () => 'a'.repeat(64)})
    expect(other.ok).toBe(true)
    expect(other.files.get('photo.jpg')).toMatchObject({width: 300, height: 300})
    const published = await other.files.get('photo.jpg')!.content()
    expect((await sharp(published).metadata()).width).toBe(300)
    // Known, and gone since.
    await rm(join(root, 'releases', '2026-03-03-fair', 'photo.jpg'))
    const gone = await releaseMedia(root, '2026-03-03-fair', [{file, media}], {knownImage: () => 'a'.repeat(64)})
    expect(gone.ok).toBe(false)
    expect(file.messages.map((message) => `${message.line}:${message.reason}`)).toEqual(['3:photo.jpg is not there: put the file in releases/2026-03-03-fair/photo.jpg, or correct its name'])
  })

  it('should refuse to write the copy of a known photo whose bytes are no longer those, and check it anew the next time', async () => {
    const root = await temporaryFolder()
    const cache = await temporaryFolder()
    const folder = join(root, 'releases', '2026-03-03-fair')
    await writeReleases(root, {'2026-03-03-fair/en.md': releaseText('title: Fair\ndate: 2026-03-03', '![The stands](photo.jpg)')})
    await writeFile(join(folder, 'photo.jpg'), await photo(300))
    const media = [{url: 'photo.jpg', kind: 'image' as const, alt: 'The stands', place: {line: 3, column: 1}}]
    const first = await releaseMedia(root, '2026-03-03-fair', [{file: new VFile({path: 'en.md'}), media}], {cache})
    const digest = createHash('sha256').update(await readFile(join(folder, 'photo.jpg'))).digest('hex')
    // Its copy gone from the cache, and the photo replaced; known by its old hash, what was found of it is taken from the cache.
    await rm(join(cache, 'media', `original-${digest}.jpg`))
    await writeFile(join(folder, 'photo.jpg'), await photo(500))
    const known = await releaseMedia(root, '2026-03-03-fair', [{file: new VFile({path: 'en.md'}), media}], {cache, knownImage: () => digest})
    expect(known.files.get('photo.jpg')!.path).toBe(first.files.get('photo.jpg')!.path)
    await expect(known.files.get('photo.jpg')!.content()).rejects.toThrow('it changed while press was building: run the build again')
    // The next look reads it and finds the new photo.
    const again = await releaseMedia(root, '2026-03-03-fair', [{file: new VFile({path: 'en.md'}), media}], {cache, knownImage: () => digest})
    expect(again.files.get('photo.jpg')).toMatchObject({width: 500})
  })

  it('should publish a photo though the media cache cannot be written', async () => {
    const root = await temporaryFolder()
    const cache = await temporaryFolder()
    // A file where the cache's folder of media would be: nothing can be kept there.
    await writeFile(join(cache, 'media'), 'not a folder')
    await writeReleases(root, {'2026-03-03-fair/en.md': releaseText('title: Fair\ndate: 2026-03-03', '![The stands](photo.jpg)')})
    await writeFile(join(root, 'releases', '2026-03-03-fair', 'photo.jpg'), await photo(300))
    const file = new VFile({path: 'en.md'})
    const published = await releaseMedia(root, '2026-03-03-fair', [{file, media: [{url: 'photo.jpg', kind: 'image', alt: 'The stands', place: {line: 3, column: 1}}]}], {cache})
    expect(file.messages.map(String)).toEqual([])
    expect(published.files.get('photo.jpg')).toMatchObject({width: 300, height: 300})
  })
})

