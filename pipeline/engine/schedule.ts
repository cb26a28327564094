// `press schedule`: what will publish when. The build itself, writing
// nothing and stopping once it has decided (reading what the cache holds),
// says which releases are still embargoed at --now; each is
// listed with the instant its embargo lifts and the languages it goes out
// in, soonest first, so that a timer can build on the minute (--next).
import type {VFile} from 'vfile'
import {build} from './build.js'
import {scheduleOf, type ScheduledRelease} from './check.js'

export interface ScheduleResult {
  readonly ok: boolean
  readonly files: VFile[]
  readonly schedule: readonly ScheduledRelease[]
}

export async function schedule(options: {root: string; cwd: string; now: Date}): Promise<ScheduleResult> {
  const result = await build({root: options.root, out: '', cwd: options.cwd, now: options.now, dryRun: true, decideOnly: true})
  return {ok: result.ok, files: result.files, schedule: scheduleOf(result.statuses)}
}

/** An instant as a timer reads it: ISO 8601 in UTC, to the second. */
export function utc(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
