// A progress bar for long commands on a terminal: one line, redrawn in place
// at most ten times a second, and wiped before anything else is printed.
// Where output is not a terminal (CI, a log file) nothing is drawn.

const width = 30
const interval = 100

export interface Progress {
  /** With `noun`, what is counted from now on, such as `releases read`. */
  update(done: number, total: number, noun?: string): void
  /** Wipes the bar's line. */
  clear(): void
}

export function progressBar(write: (text: string) => void, noun: string): Progress {
  let last = 0
  let drawn = false
  return {
    update(done, total, counted) {
      const now = performance.now()
      if (counted !== undefined && counted !== noun) {
        // The count has changed to another kind of thing: drawn at once.
        noun = counted
        last = 0
      }
      if (now - last < interval && done < total) return
      last = now
      const filled = total === 0 ? width : Math.round((done / total) * width)
      write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done.toLocaleString('en')} of ${total.toLocaleString('en')} ${noun}\x1b[K`)
      drawn = true
    },
    clear() {
      if (drawn) write('\r\x1b[K')
      drawn = false
    }
  }
}

/** Draws nothing. */
export const noProgress: Progress = {update: () => {}, clear: () => {}}
