// What a build read, found still true of a copy of the newsroom (a CI runner's
// restored cache) only where each file holds the bytes it had, read from the
// very file that was looked at.
import {cpSync, lstatSync, renameSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {describe, expect, it} from 'vitest'
import {readRegularFile} from '../../pipeline/lib/newsroom-file.js'
import {contentDigest, ReadLog, stillTrue, type DigestOf} from '../../pipeline/lib/read-log.js'
import {temporaryFolder} from '../helpers.js'

/** A newsroom's file read by a build, and a copy of its folder elsewhere, both settled (no file younger than two seconds is trusted). */
async function copied(): Promise<{original: string; copy: string; record: ReturnType<ReadLog['toJSON']>}> {
  const original = await temporaryFolder()
  const path = join(original, 'en.md')
  writeFileSync(path, 'The embassy is closed on Monday.\n')
  const copy = await temporaryFolder()
  cpSync(original, copy, {recursive: true})
  await sleep(2100)
  const log = new ReadLog()
  log.file(path, lstatSync(path), undefined, contentDigest(Buffer.from('The embassy is closed on Monday.\n')))
  return {original, copy, record: log.toJSON()}
}

/** The hash of a file's bytes, and the file opened, as a build reads them; `before` runs just before it is opened. */
const digestOf =
  (before = () => {}): DigestOf =>
  (path) => {
    before()
    let opened
    const bytes = readRegularFile(path, 1024 * 1024, {seen: (info) => (opened = info)})
    return {digest: contentDigest(bytes), opened: opened!}
  }

describe('a build’s record in a copy of the newsroom', () => {
  it('should hold where each file has the bytes it had, and be kept as the copy’s files are seen', async () => {
    const {original, copy, record} = await copied()
    const still = stillTrue(record, digestOf(), (path) => path.replace(original, copy))
    expect('record' in still && still.record.files).toEqual({[join(copy, 'en.md')]: expect.arrayContaining([lstatSync(join(copy, 'en.md')).ino])})
  })

  it('should not hold when the file is replaced between its look and its read, even by one with the same bytes', async () => {
    const {original, copy, record} = await copied()
    const path = join(copy, 'en.md')
    // Another file with the same bytes put in its place by a rename: its look and its bytes match, but not as one file.
    const replace = () => {
      writeFileSync(`${path}.new`, 'The embassy is closed on Monday.\n')
      renameSync(`${path}.new`, path)
    }
    expect(stillTrue(record, digestOf(replace), (at) => at.replace(original, copy))).toEqual({changed: path})
  })

  it('should not hold when the file’s bytes differ', async () => {
    const {original, copy, record} = await copied()
    writeFileSync(join(copy, 'en.md'), 'The embassy is closed on Tuesday.\n')
    await sleep(2100)
    expect(stillTrue(record, digestOf(), (at) => at.replace(original, copy))).toEqual({changed: join(copy, 'en.md')})
  })
})
