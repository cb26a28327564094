// What a press process killed mid-write leaves: a file written whole is
// written first under a temporary name of its own, `<name>.<pid>.<12 hex>.tmp`
// (lib/whole-file.ts, the output's lock), and renamed or linked into place; a
// process killed in between never removes it. Another finds it by its name,
// and removes it once that process is gone.

/** Whether the process `pid` is still running (another user's counts). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (problem) {
    // EPERM: the process exists but belongs to someone else.
    return (problem as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const temporary = /^(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/

/** The name of the file a temporary file named `name` was being written for, when the process writing it is gone. */
export function leftoverOf(name: string): string | undefined {
  const [, of, pid] = temporary.exec(name) ?? []
  return of !== undefined && Number.isSafeInteger(Number(pid)) && Number(pid) > 0 && !isAlive(Number(pid)) ? of : undefined
}
