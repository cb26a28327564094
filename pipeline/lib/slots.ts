// A fixed number of slots for work that must not all run at once (decoding a
// photo, which holds much memory; listing a folder, a trip to the thread
// pool): work given when every slot is taken waits its turn, in the order
// given, however many releases are in flight at once.

/** Runs each `work` given to it when one of `count` slots is free. */
export function slots(count: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: Array<() => void> = []
  return async (work) => {
    if (running >= count) await new Promise<void>((resolve) => waiting.push(resolve))
    else running++
    try {
      return await work()
    } finally {
      // The slot passes to the next waiting, or is freed.
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}
