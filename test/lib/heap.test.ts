// Heaps grow by half, and by a tenth while any pool of worker threads is alive, back to half once the last has stopped.
import {beforeEach, describe, expect, it, vi} from 'vitest'

const flags: string[] = []
vi.mock('node:v8', () => ({setFlagsFromString: (flag: string) => flags.push(flag)}))

const {growHeaps, threadsStarted, threadsStopped} = await import('../../pipeline/lib/heap.js')

describe('heap growth', () => {
  beforeEach(() => {
    flags.length = 0
  })

  it('should grow by half without threads, by a tenth from the first pool started until the last has stopped', () => {
    growHeaps()
    expect(flags).toEqual(['--heap-growing-percent=50'])
    threadsStarted()
    threadsStarted()
    expect(flags.at(-1)).toBe('--heap-growing-percent=10')
    threadsStopped()
    expect(flags.at(-1)).toBe('--heap-growing-percent=10')
    growHeaps()
    expect(flags.at(-1)).toBe('--heap-growing-percent=10')
    threadsStopped()
    expect(flags.at(-1)).toBe('--heap-growing-percent=50')
    // A stop too many never leaves the count below none.
    threadsStopped()
    threadsStarted()
    expect(flags.at(-1)).toBe('--heap-growing-percent=10')
    threadsStopped()
    expect(flags.at(-1)).toBe('--heap-growing-percent=50')
  })
})
