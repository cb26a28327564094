// Work that holds much memory runs a few at a time, in the order given, and
// a failure frees its slot for the work waiting.
import {describe, expect, it} from 'vitest'
import {slots} from '../../pipeline/lib/slots.js'

describe('slots', () => {
  it('should run at most as many works at once as it has slots, in the order given, a failure freeing its slot', async () => {
    const run = slots(2)
    let running = 0
    let most = 0
    const started: number[] = []
    const work = (index: number) => async () => {
      started.push(index)
      most = Math.max(most, ++running)
      await new Promise((resolve) => setTimeout(resolve, 5))
      running--
      if (index === 1) throw new Error('damaged image')
      return index
    }
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map((index) => run(work(index))))
    expect(most).toBe(2)
    expect(started).toEqual([0, 1, 2, 3, 4, 5])
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : 'failed'))).toEqual([0, 'failed', 2, 3, 4, 5])
    // Every slot is free again: two more start at once.
    running = 0
    most = 0
    await Promise.all([run(work(6)), run(work(7))])
    expect(most).toBe(2)
  })
})
