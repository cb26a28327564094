// What a command prints to and where it runs, and the exit codes of `press`:
// shared by the CLI and the commands that print for themselves.

export interface Io {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly cwd: string
  /** Whether stderr is a terminal, for colour. */
  readonly color?: boolean
  /** Whether stderr is a terminal a progress bar can be drawn on. */
  readonly terminal?: boolean
  /**
   * Runs the command again in a new process of Node.js started with `flags`
   * (V8's, which only a start can set), resolving to its exit code, or to
   * undefined when it could not start and the command runs here. Given only
   * by press's own entry, in a process not relaunched itself.
   */
  readonly relaunch?: (flags: readonly string[]) => Promise<number | undefined>
}

export const exitCodes = {ok: 0, failed: 1, usage: 2, internal: 70} as const
