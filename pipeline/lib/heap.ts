// How a press process's memory grows: each V8 heap (the main thread's and
// every worker thread's) grows by a tenth when it fills, not by V8's default
// of up to four times for a heap that allocates fast. A build holds far less
// than it allocates, so a heap grown fourfold is mostly garbage waiting: at
// 1,000 releases a fifth took a cold build's peak from about 515 to 400 MB
// (and at 4,000 from 680 to 560 MB) for about 5 % more CPU time in the
// collector. A tenth matters only where the main thread holds much (V8 grows
// a heap by at least a step of its own): at 4,000 releases 468 and 479 MB
// became 444 (449 with a twentieth), at 1,000 nothing moved, nor did the
// number of collections.
import {setFlagsFromString} from 'node:v8'

/** Set once, first thing, by the command's entry: the flag is the process's, and the threads started later take it. */
export function growHeapsGently(): void {
  setFlagsFromString('--heap-growing-percent=10')
}
