// How a press process's memory grows: each V8 heap by half when it fills,
// and by a tenth while worker threads are alive (V8's default is up to four
// times for a heap that allocates fast). A build holds far less than it
// allocates, so a heap grown fourfold is mostly garbage waiting. With threads
// (a cold build, a change every email shows), three heaps are at their
// largest at once: growing by a tenth rather than a fifth took a cold build's
// peak at 4,000 releases from 468 and 479 MB to 444. Without them (a rebuild
// of a few releases, and the lists and records once the threads have
// stopped) the main thread is alone and far under that peak, and a tenth
// only costs time: one edited release at 4,000 releases took 3.7 to 3.9 s
// growing by a tenth, 3.2 to 3.3 by half and 3.1 to 3.3 by V8's default, with
// peaks of 335 to 370, 380 to 410 and 385 to 420 MB (a cold build's: 452 and
// 456 MB, with a tenth throughout and with this).
import {setFlagsFromString} from 'node:v8'

const freely = '--heap-growing-percent=50'
const gently = '--heap-growing-percent=10'

/** Pools of worker threads alive. */
let pools = 0

/** Set first thing by the command's entry: the flag is the process's, each heap reads it whenever it grows, and threads take it. */
export function growHeaps(): void {
  setFlagsFromString(pools > 0 ? gently : freely)
}

/** Said by a pool of worker threads when it starts: every heap grows gently until the last pool stops. */
export function threadsStarted(): void {
  if (pools++ === 0) setFlagsFromString(gently)
}

/** Said by a pool of worker threads when it has stopped. */
export function threadsStopped(): void {
  if (pools > 0 && --pools === 0) setFlagsFromString(freely)
}
