// Long runs of work made of promises that settle at once (a build's phases
// over thousands of releases whose files are read at once) never give the
// event loop a turn: in press serve, the preview's own requests would wait
// for the whole run. A breather lets the loop turn once the work has gone on
// for a few milliseconds since it last did.

/** A function to await between pieces of work: it gives the event loop a turn when `ms` have passed since the last. */
export function breather(ms = 10): () => Promise<void> {
  let last = performance.now()
  return async () => {
    if (performance.now() - last < ms) return
    await new Promise((resolve) => setImmediate(resolve))
    last = performance.now()
  }
}
