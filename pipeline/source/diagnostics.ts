// Problems found in a newsroom, as vfile messages a press officer can act on:
// where (file, line, column), what is wrong, what to do.
import type {Point, Position} from 'unist'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {StoredMessage} from '../model/fragments.js'

export type Place = Point | Position | undefined

const source = 'press'

/** Records a problem that must fail the build. */
export function error(file: VFile, reason: string, place: Place, ruleId: string): VFileMessage {
  const message = file.message(reason, {place, ruleId, source})
  message.fatal = true
  return message
}

/** Records a problem worth fixing that does not stop the build. */
export function warning(file: VFile, reason: string, place: Place, ruleId: string): VFileMessage {
  return file.message(reason, {place, ruleId, source})
}

/** Records a note, such as a change made by normalization. */
export function note(file: VFile, reason: string, place: Place, ruleId: string): VFileMessage {
  return file.info(reason, {place, ruleId, source})
}

/**
 * Ends a processor's run after a stage has placed the errors that make the
 * rest pointless, such as front matter that cannot be read; `runStages`
 * (typography/translation-processor.ts) catches it.
 */
export class StagesStopped extends Error {
  override readonly name = 'StagesStopped'
}

export function stop(): never {
  throw new StagesStopped('A stage stopped the processor; its messages say why')
}

export function hasErrors(files: Iterable<VFile>): boolean {
  for (const file of files) {
    if (file.messages.some((message) => message.fatal === true)) return true
  }
  return false
}

/** A message as programs and the preview show it: where, how bad, what, which rule. */
export interface PlacedMessage {
  readonly file: string
  readonly line: number | null
  readonly column: number | null
  readonly severity: 'error' | 'warning' | 'info'
  readonly message: string
  readonly rule: string | null
}

export function placedMessages(files: Iterable<VFile>): PlacedMessage[] {
  return inFileOrder(files).flatMap(({path, messages}) =>
    messages.map((message) => ({
      file: path,
      line: message.line ?? null,
      column: message.column ?? null,
      severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
      message: message.reason,
      rule: message.ruleId ?? null
    }))
  )
}

/**
 * Each file's messages once, in the order they come in it (those about the
 * whole file first): the checks across translations say theirs on files of
 * their own, which a press officer reads as one.
 */
export function inFileOrder(files: Iterable<VFile>): Array<{readonly path: string; readonly messages: VFileMessage[]}> {
  const byPath = new Map<string, VFileMessage[]>()
  for (const file of files) {
    const messages = byPath.get(file.path)
    if (messages) messages.push(...file.messages)
    else byPath.set(file.path, [...file.messages])
  }
  return [...byPath].map(([path, messages]) => ({path, messages: messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))}))
}

/** A file's messages as plain data, to cross threads and sit in the cache or a build's record. */
export function storedMessages(file: VFile): StoredMessage[] {
  return file.messages.map((message) => ({reason: message.reason, ruleId: message.ruleId, fatal: message.fatal ?? undefined, place: message.place ?? undefined}))
}

/** Puts stored messages back on a file, as they were made. */
export function restoreMessages(file: VFile, messages: readonly StoredMessage[]): void {
  for (const {reason, ruleId, fatal, place} of messages) {
    const message = fatal === undefined ? file.info(reason, {place, ruleId, source}) : file.message(reason, {place, ruleId, source})
    message.fatal = fatal
  }
}
