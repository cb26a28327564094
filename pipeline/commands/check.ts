// `press check`: the build itself, every stage and every decision, with
// nothing written, so that it finds exactly the problems a build would find;
// each normalization applied is listed as a note.
import type {VFile} from 'vfile'
import {build} from './build.js'

export interface CheckResult {
  readonly ok: boolean
  readonly files: VFile[]
  readonly translations: number
}

export async function check(options: {root: string; cwd: string; now?: Date}): Promise<CheckResult> {
  const result = await build({root: options.root, out: '', cwd: options.cwd, now: options.now ?? new Date(), dryRun: true, notes: true})
  return {ok: result.ok, files: result.files, translations: result.read}
}
