// Replaces a file whole: the new content is written beside it under a name
// of its own, created exclusively (so a link planted at that name is never
// written through), then renamed over it, so that an interrupted write
// leaves the old file or the new one, never half of either.
import {randomBytes} from 'node:crypto'
import {rename, rm, writeFile} from 'node:fs/promises'

export async function replaceWhole(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(temporary, content, {flag: 'wx'})
    await rename(temporary, path)
  } catch (problem) {
    await rm(temporary, {force: true})
    throw problem
  }
}
