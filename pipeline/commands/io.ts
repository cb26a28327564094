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
}

export const exitCodes = {ok: 0, failed: 1, usage: 2, internal: 70} as const
