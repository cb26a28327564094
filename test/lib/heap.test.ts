// Heaps grow by three tenths, and by a tenth while any pool of worker threads is
// alive or the main thread holds much, as soon as either stops being so.
import {beforeEach, describe, expect, it, vi} from 'vitest'

const flags: string[] = []
vi.mock('node:v8', async (importOriginal) => ({...(await importOriginal<typeof import('node:v8')>()), setFlagsFromString: (flag: string) => flags.push(flag)}))

const {growHeaps, heapHolds, holdsMuch, threadsStarted, threadsStopped} = await import('../../pipeline/lib/heap.js')

describe('heap growth', () => {
  beforeEach(() => {
    flags.length = 0
  })

  it('should set nothing in a process whose entry did not ask', () => {
    threadsStarted()
    threadsStopped()
    heapHolds(holdsMuch + 1)
    heapHolds(0)
    expect(flags).toEqual([])
  })

  it('should grow by three tenths without threads, by a tenth from the first pool started until the last has stopped', () => {
    growHeaps()
    expect(flags).toEqual(['--heap-growing-percent=30'])
    threadsStarted()
    threadsStarted()
    expect(flags.at(-1)).toBe('--heap-growing-percent=10')
    threadsStopped()
    expect(flags.at(-1)).toBe('--heap-growing-percent=10')
    threadsStopped()
    expect(flags.at(-1)).toBe('--heap-growing-percent=30')
    // A stop too many never leaves the count below none.
    threadsStopped()
    threadsStarted()
    expect(flags.at(-1)).toBe('--heap-growing-percent=10')
    threadsStopped()
    expect(flags.at(-1)).toBe('--heap-growing-percent=30')
  })

  it('should grow by a tenth while the main thread holds much, threads or not', () => {
    growHeaps()
    heapHolds(holdsMuch - 1)
    expect(flags.at(-1)).toBe('--heap-growing-percent=30')
    heapHolds(holdsMuch + 1)
    expect(flags.at(-1)).toBe('--heap-growing-percent=10')
    threadsStarted()
    threadsStopped()
    expect(flags.at(-1)).toBe('--heap-growing-percent=10')
    heapHolds(holdsMuch / 2)
    expect(flags.at(-1)).toBe('--heap-growing-percent=30')
  })
})
