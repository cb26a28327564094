// What a press process killed mid-write leaves: a file written whole is
// written first under a temporary name of its own, `<name>.<pid>.<12 hex>.tmp`
// (lib/whole-file.ts, the output's lock), and renamed or linked into place; a
// process killed in between never removes it. Another finds it by its name,
// and removes it once that process is gone.
import {lstat, rm} from 'node:fs/promises'
import {join} from 'node:path'

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

const temporary = /^(.+)\.(\d{1,10})\.[0-9a-f]{12}\.tmp$/

/** How old a temporary file must be to be taken for left: one lives for a write and a rename, and a process of another machine sharing the folder is not seen here. */
const leftAfterMs = 10 * 60_000

/**
 * Removes `name` in `folder` when it is a temporary file left for a file
 * `ours` says is press's: a plain file, written more than ten minutes ago by
 * a process that is gone. Never fails.
 */
export async function removeLeftover(folder: string, name: string, ours: (name: string) => boolean): Promise<void> {
  const [, of, pid] = temporary.exec(name) ?? []
  if (of === undefined || !ours(of) || isAlive(Number(pid))) return
  const path = join(folder, name)
  const info = await lstat(path).catch(() => undefined)
  if (info?.isFile() && Date.now() - info.mtimeMs > leftAfterMs) await rm(path, {force: true}).catch(() => {})
}
