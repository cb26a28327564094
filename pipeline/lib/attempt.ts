// A call whose failure means "nothing": a file gone, a path that cannot be
// resolved, looked at where either answer is an answer.

/** What `work` gives, or undefined when it throws. */
export function attempt<T>(work: () => T): T | undefined {
  try {
    return work()
  } catch {
    return undefined
  }
}
