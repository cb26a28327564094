// Warnings a press officer has looked at and accepted, so that press check
// stops repeating them: `reviewed-warnings.json` in the newsroom, written by
// press check --mark-reviewed and kept with the releases. A warning is known
// by its file (from the newsroom), its rule and its words, not its line, so
// that it stays reviewed while the text moves, and comes back once what it
// says changes. Errors are never hidden.
import {join, relative, resolve} from 'node:path'
import type {VFile} from 'vfile'
import {replaceWhole} from '../lib/whole-file.js'
import {existsNoted} from '../lib/read-log.js'
import {readNewsroomText} from '../lib/newsroom-file.js'

export const reviewedFile = 'reviewed-warnings.json'

interface Reviewed {
  readonly file: string
  readonly rule: string
  readonly message: string
}

const keyOf = ({file, rule, message}: Reviewed) => JSON.stringify([file, rule, message])

/** The warnings of `files`, each as the record of it would say. */
function warningsOf(files: readonly VFile[], root: string, cwd: string): Array<{reviewed: Reviewed; file: VFile; index: number}> {
  return files.flatMap((file) =>
    file.messages.flatMap((message, index) => (message.fatal === false ? [{reviewed: {file: relative(root, resolve(cwd, file.path)), rule: message.ruleId ?? '', message: message.reason}, file, index}] : []))
  )
}

/** The reviewed warnings the newsroom records, or why its record cannot be read as one (then every warning is shown). */
function recorded(root: string): Set<string> | {problem: string} {
  const path = join(root, reviewedFile)
  if (!existsNoted(path)) return new Set()
  try {
    const data = JSON.parse(readNewsroomText(path, {within: root, maxBytes: 4 * 1024 * 1024})) as {reviewed?: unknown}
    if (!Array.isArray(data?.reviewed)) return {problem: 'it holds no list of reviewed warnings'}
    return new Set((data.reviewed as unknown[]).filter((item): item is Reviewed => typeof (item as Reviewed)?.file === 'string' && typeof (item as Reviewed).rule === 'string' && typeof (item as Reviewed).message === 'string').map(keyOf))
  } catch (problem) {
    return {problem: problem instanceof SyntaxError ? 'it is not JSON' : (problem as Error).message}
  }
}

/** Takes the warnings marked reviewed out of `files`, and says how many it took, or why the record could not be read. */
export function hideReviewed(files: readonly VFile[], root: string, cwd: string): number | {problem: string} {
  const known = recorded(root)
  if (!(known instanceof Set)) return known
  if (known.size === 0) return 0
  const hidden = warningsOf(files, root, cwd).filter(({reviewed}) => known.has(keyOf(reviewed)))
  for (const file of new Set(hidden.map(({file}) => file))) {
    const gone = new Set(hidden.filter((item) => item.file === file).map(({index}) => index))
    file.messages = file.messages.filter((_, index) => !gone.has(index))
  }
  return hidden.length
}

/** Records every warning of `files` as reviewed, in place of what was recorded; resolves to how many. */
export async function markReviewed(files: readonly VFile[], root: string, cwd: string): Promise<number> {
  const warnings = warningsOf(files, root, cwd).map(({reviewed}) => reviewed)
  const unique = [...new Map(warnings.map((item) => [keyOf(item), item])).values()]
  await replaceWhole(join(root, reviewedFile), `${JSON.stringify({reviewed: unique}, null, 1)}\n`)
  return unique.length
}
