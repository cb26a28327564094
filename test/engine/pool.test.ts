// A long run of releases whose work settles at once still lets the event loop
// turn, so that press serve answers its preview's requests during a build.
import {describe, expect, it} from 'vitest'
import {inOrder} from '../../pipeline/engine/pool.js'

describe('work on many items at a time', () => {
  it('should give the event loop a turn during a long run, and keep the results in order', async () => {
    let answered = -1
    let started = 0
    // What a server's request would be: a callback waiting for the loop to turn.
    setImmediate(() => (answered = started))
    const busy = (ms: number) => {
      const end = performance.now() + ms
      while (performance.now() < end) {
        // Work that never awaits anything but promises settled at once, as a rebuild's unchanged releases.
      }
    }
    const results = await inOrder(Array.from({length: 40}, (_, index) => index), 16, async (item) => {
      started++
      busy(2)
      return item * 2
    })
    expect(results).toEqual(Array.from({length: 40}, (_, index) => index * 2))
    // The request was answered while the run went on, not after its 40 items.
    expect(answered).toBeGreaterThan(0)
    expect(answered).toBeLessThan(40)
  })
})
