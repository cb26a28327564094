// `press check`: every release through the source stages without writing
// anything, reporting problems and, as notes, each normalization applied.
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import {hasErrors} from '../source/diagnostics.js'
import {releaseEmbargo} from '../source/embargo.js'
import {openNewsroom} from '../source/newsroom.js'
import {createSourceStages, readRelease} from '../source/release.js'

export interface CheckResult {
  readonly ok: boolean
  readonly files: VFile[]
  readonly translations: number
}

export async function check(options: {root: string; cwd: string}): Promise<CheckResult> {
  const files: VFile[] = []
  const newsroom = await openNewsroom(resolve(options.root), options.cwd, files)
  if (!newsroom) return {ok: false, files, translations: 0}
  const stages = createSourceStages(newsroom.locales, true)
  let translations = 0
  for (const source of newsroom.releases) {
    const read = await readRelease(source, stages, files)
    releaseEmbargo(read)
    translations += read.length
  }
  return {ok: !hasErrors(files), files, translations}
}
