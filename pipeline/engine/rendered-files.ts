// The files of a translation written by the thread that rendered them, in
// the places its main thread claimed for them in the build folder (the
// staging's `claim`): their contents never cross back to the main thread,
// which would copy them, hold them and collect them, and the threads share
// the writing, which the main thread did alone while they waited for work.
import {writeFileAs} from '../lib/whole-file.js'
import type {ClaimedFile} from '../model/output-writer.js'
import type {RenderedTranslation} from '../publish/render-translation.js'

/** What a thread did with the files it rendered: those written (with their length), those claimed and not made, what stopped a write. */
export interface WrittenFiles {
  /** Each file written, by path, with the length of its content (characters for text). */
  readonly written?: ReadonlyArray<readonly [string, number]>
  /** The files claimed that this translation did not make (an email its headers refused). */
  readonly unwritten?: readonly string[]
  /** A write the system refused (a full disk), as the main thread reports it. */
  readonly writeProblem?: {readonly message: string; readonly code?: string; readonly syscall?: string; readonly path?: string}
}

/** `rendered` with the files `into` claims written, and only the others left to write. */
export function writeClaimed(rendered: RenderedTranslation, into: readonly ClaimedFile[] | undefined): RenderedTranslation & WrittenFiles {
  if (!into || into.length === 0) return rendered
  const claimed = new Map(into.map((file) => [file.path, file]))
  const files: Array<readonly [string, string | Uint8Array]> = []
  const written: Array<readonly [string, number]> = []
  for (const [path, content] of rendered.files) {
    const file = claimed.get(path)
    if (!file) {
      files.push([path, content])
      continue
    }
    claimed.delete(path)
    try {
      writeFileAs(file.target, typeof content === 'string' ? Buffer.from(content) : content, file.mode)
    } catch (problem) {
      const {message, code, syscall} = problem as NodeJS.ErrnoException
      return {...rendered, files: [], writeProblem: {message, ...(code ? {code} : {}), ...(syscall ? {syscall} : {}), path}}
    }
    written.push([path, content.length])
  }
  return {...rendered, files, written, unwritten: [...claimed.keys()]}
}

/** The error a refused write stands for, as the system gave it (press names a full disk or a folder it may not write as such). */
export function writeError({message, code, syscall, path}: NonNullable<WrittenFiles['writeProblem']>): Error {
  return Object.assign(new Error(message), code ? {code} : {}, syscall ? {syscall} : {}, path ? {path} : {})
}
