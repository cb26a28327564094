// How a press process's memory grows: each V8 heap by three tenths when it
// fills, and by a tenth while a pool of worker threads is alive or the main
// thread holds much (V8's default is up to four times for a heap that
// allocates fast). A build holds far less than it allocates, so a heap grown
// fourfold is mostly garbage waiting. With threads (a cold build, or an
// email every release sends changed), three heaps are at their largest at
// once: growing by a tenth rather than a fifth took a cold build's peak at
// 4,000 releases from 468 and 479 MB to 444. Without them, a tenth costs
// time: one edited release at 4,000 releases took 3.64 and 3.78 s growing by
// a tenth (peaks of 350 and 352 MB), 3.22 and 3.35 s by three tenths (365 and
// 387 MB) and 3.22 and 3.33 s by half (389 and 397 MB). Past `holdsMuch`, as
// in a rebuild at 12,000 releases, what the heap would grow by is more
// memory than the time saved is worth.
import {PerformanceObserver, constants} from 'node:perf_hooks'
import {getHeapStatistics, setFlagsFromString} from 'node:v8'

const freely = '--heap-growing-percent=30'
const gently = '--heap-growing-percent=10'

/** What the main thread's heap holds after a full collection, past which it grows gently (bytes). */
export const holdsMuch = 256 * 1024 * 1024

/** Whether this process's entry asked for heaps to be managed: nothing is set otherwise (tests, a program using press's modules). */
let managed = false
/** Pools of worker threads alive. */
let pools = 0
let heldMuch = false

function apply(): void {
  if (managed) setFlagsFromString(pools > 0 || heldMuch ? gently : freely)
}

/** Set first thing by the command's entry: the flag is the process's, each heap reads it whenever it grows, and threads take it. */
export function growHeaps(): void {
  managed = true
  apply()
  // After each full collection, what the heap still holds says how it should grow next.
  new PerformanceObserver((list) => {
    if (!list.getEntries().some((entry) => (entry as {detail?: {kind?: number}}).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) return
    heapHolds(getHeapStatistics().used_heap_size)
  }).observe({entryTypes: ['gc']})
}

/** Told what the main thread's heap holds after a full collection. */
export function heapHolds(bytes: number): void {
  if (bytes > holdsMuch === heldMuch) return
  heldMuch = bytes > holdsMuch
  apply()
}

/** Said by a pool of worker threads when it starts: every heap grows gently until the last pool stops. */
export function threadsStarted(): void {
  if (pools++ === 0) apply()
}

/** Said by a pool of worker threads when it has stopped. */
export function threadsStopped(): void {
  if (pools > 0 && --pools === 0) apply()
}
