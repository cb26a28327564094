// Runs asynchronous work on a few items at a time and gives the results in
// the items' order, so that reading and writing files overlap with the
// parsing and rendering of other releases while the output stays the same.
// When one item fails, no new item starts, and the failure is passed on only
// once every item already started has finished: nobody may clear away a
// folder that work still in flight is writing into. Between items the event
// loop gets a turn every few milliseconds (press serve answers meanwhile).
import {breather} from '../lib/breather.js'

export async function inOrder<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  let failed = false
  const breathe = breather()
  const worker = async () => {
    while (next < items.length && !failed) {
      await breathe()
      if (next >= items.length || failed) break
      const index = next++
      try {
        results[index] = await work(items[index]!)
      } catch (problem) {
        failed = true
        throw problem
      }
    }
  }
  await settled(Array.from({length: Math.min(limit, items.length)}, worker))
  return results
}

/** Like Promise.all, but waits for every promise before passing on the first failure. */
export async function settled<T>(promises: ReadonlyArray<Promise<T>>): Promise<T[]> {
  const outcomes = await Promise.allSettled(promises)
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
  if (failure) throw failure.reason
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value)
}
