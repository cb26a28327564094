// The journal of `press send --new`: what was delivered, kept in the newsroom
// as an append-only file of JSON lines. Each line is written and flushed to
// the disk (fsync) before press takes the next step, so that after a crash
// at any point the journal says, for every message, either that it was sent,
// that it was not, or (the one window no journal can close: the server took
// the message and press stopped before writing so) that it was being sent.
//
// The format, one JSON object per line:
//   {"journal":"press send","version":1}                        first line
//   {"at":ISO,"event":"sending","message":"<id@domain>","release":…,"lang":…,"subject":…,"to":[…]}
//   {"at":ISO,"event":"sent","message":…,"accepted":[…],"rejected":[…],"response":"250 …"}
//   {"at":ISO,"event":"refused","message":…,"response":"550 …"}   a permanent refusal
//   {"at":ISO,"event":"not-sent","message":…,"reason":…}          surely not taken
//   {"at":ISO,"event":"marked-sent","message":…,"release":…,"lang":…}  recorded by hand
// A last line cut short by a crash is skipped when read: it can only be the
// last record of a message, and the message's state is then the one before
// it. Any other line press does not know stops the run before anything is
// sent: a guess could send a message twice.
import {closeSync, constants, fsyncSync, openSync, writeSync} from 'node:fs'
import {dirname} from 'node:path'
import {readNewsroomText, refusalText, UnreadableFile} from '../lib/newsroom-file.js'

export const journalFile = 'sent-mail.jsonl'
/** A journal of a million messages is about 400 MB; no newsroom sends that from one journal. */
const maxJournalBytes = 256 * 1024 * 1024

export type JournalRecord =
  | {readonly event: 'sending'; readonly message: string; readonly release: string; readonly lang: string; readonly subject: string; readonly to: readonly string[]}
  | {readonly event: 'sent'; readonly message: string; readonly accepted: readonly string[]; readonly rejected: readonly string[]; readonly response: string}
  | {readonly event: 'refused'; readonly message: string; readonly response: string}
  | {readonly event: 'not-sent'; readonly message: string; readonly reason: string}
  | {readonly event: 'marked-sent'; readonly message: string; readonly release: string; readonly lang: string}

/** Where a message stands: delivered, being delivered when press stopped, or refused for good by the server. */
export type MessageState = 'sent' | 'uncertain' | 'refused' | 'not-sent'

/** The journal could not be read or written: nothing more is sent. */
export class JournalError extends Error {
  override name = 'JournalError'
}

const header = `${JSON.stringify({journal: 'press send', version: 1})}\n`

export class Journal {
  private readonly states = new Map<string, MessageState>()
  /** Every message of a translation that was sent or may have been, by `<release>/<lang>`. */
  private readonly versions = new Map<string, Set<string>>()
  private readonly translationOf = new Map<string, string>()
  private fd: number | undefined
  /** Whether the file ends in the middle of a line, cut short by a crash. */
  private torn = false

  private constructor(
    readonly path: string,
    /** Whether press has sent from this newsroom before: the file was there, with records. */
    readonly existed: boolean,
    /** Whether the file holds nothing to keep (none, empty, or its first line cut short as it was made): it is written anew. */
    private readonly fresh: boolean
  ) {}

  /** Reads the journal at `path`, or starts an empty one there (written on the first record). */
  static open(path: string): Journal {
    let text: string
    try {
      // Through the newsroom's reader: a regular file of the newsroom, never a link out of it, of a bounded size.
      text = readNewsroomText(path, {within: dirname(path), noLinks: true, maxBytes: maxJournalBytes})
    } catch (problem) {
      if (problem instanceof UnreadableFile && problem.reason === 'missing') text = ''
      else throw new JournalError(`The journal of sent mail ${path} ${problem instanceof UnreadableFile ? refusalText(problem, '256 MB') : 'could not be read'}: nothing was sent`)
    }
    // Empty, or its first line cut short as it was made: nothing was recorded.
    if (header.startsWith(text)) return new Journal(path, false, true)
    const lines = text.split('\n')
    const records: JournalRecord[] = []
    if (lines[0] !== header.trimEnd()) throw new JournalError(`${path} is not a journal of press send (its first line is not ${header.trimEnd()}): move it away and run again`)
    lines.forEach((line, index) => {
      if (line === '' || index === 0) return
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch {
        // A line cut short by a crash: the last, or one a later run went on after (it starts as press's records do and never
        // ends). Only the last record of a message can be cut short, and the message stands as it stood before it.
        if (index === lines.length - 1 || (line.startsWith('{"at":"') && !line.endsWith('}'))) return
        throw new JournalError(`Line ${index + 1} of the journal of sent mail ${path} is not a record press wrote (it is not JSON): nothing was sent. Restore the journal from a backup, or correct that line`)
      }
      const problem = recordProblem(value)
      if (problem) throw new JournalError(`Line ${index + 1} of the journal of sent mail ${path} is not a record press knows (${problem}): nothing was sent, since guessing could send a message twice. Restore the journal from a backup, or correct that line`)
      records.push(value as JournalRecord)
    })
    // A journal with no record is as good as none: nothing was ever sent, or begun.
    const journal = new Journal(path, records.length > 0, false)
    journal.torn = text !== '' && !text.endsWith('\n')
    for (const record of records) journal.apply(record)
    return journal
  }

  state(message: string): MessageState | undefined {
    return this.states.get(message)
  }

  /** The messages of a translation that were sent or may have been, other than `except`. */
  othersSent(release: string, lang: string, except: string): string[] {
    return [...(this.versions.get(`${release}/${lang}`) ?? [])].filter((message) => message !== except && this.states.get(message) !== 'refused' && this.states.get(message) !== 'not-sent')
  }

  /** Writes a record and flushes it to the disk before returning. */
  append(record: JournalRecord): void {
    const line = `${this.torn ? '\n' : ''}${JSON.stringify({at: new Date().toISOString(), ...record})}\n`
    try {
      if (this.fd === undefined) this.fd = this.openForAppend()
      const bytes = Buffer.from(line, 'utf8')
      for (let written = 0; written < bytes.length; ) written += writeSync(this.fd, bytes, written)
      fsyncSync(this.fd)
    } catch (problem) {
      throw new JournalError(`The journal of sent mail ${this.path} could not be written (${(problem as NodeJS.ErrnoException).code === 'ENOSPC' ? 'the disk is full' : (problem as Error).message})`)
    }
    this.torn = false
    this.apply(record)
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }

  private openForAppend(): number {
    // Never through a link put in the journal's place.
    const fd = openSync(this.path, (this.fresh ? constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC : constants.O_WRONLY | constants.O_APPEND) | constants.O_NOFOLLOW, 0o644)
    if (this.fresh) {
      writeSync(fd, header)
      fsyncSync(fd)
      // The new file's name must reach the disk too, or a crash could lose the journal whole.
      const folder = openSync(dirname(this.path), 'r')
      try {
        fsyncSync(folder)
      } finally {
        closeSync(folder)
      }
    }
    return fd
  }

  private apply(record: JournalRecord): void {
    const state = stateAfter(record)
    this.states.set(record.message, state)
    if ('release' in record) this.translationOf.set(record.message, `${record.release}/${record.lang}`)
    const translation = this.translationOf.get(record.message)
    if (translation) this.versions.set(translation, (this.versions.get(translation) ?? new Set()).add(record.message))
  }
}

/** The fields each kind of record must have, with their types: `[]` a list of strings. */
const shapes: Record<JournalRecord['event'], Record<string, 'string' | 'list'>> = {
  sending: {message: 'string', release: 'string', lang: 'string', subject: 'string', to: 'list'},
  sent: {message: 'string', accepted: 'list', rejected: 'list', response: 'string'},
  refused: {message: 'string', response: 'string'},
  'not-sent': {message: 'string', reason: 'string'},
  'marked-sent': {message: 'string', release: 'string', lang: 'string'}
}

/** Why a parsed line is not a record of the journal, or undefined when it is one. */
function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not an object'
  const record = value as Record<string, unknown>
  const shape = typeof record.event === 'string' && Object.hasOwn(shapes, record.event) ? shapes[record.event as JournalRecord['event']] : undefined
  if (!shape) return `its event ${JSON.stringify(record.event)} is none of ${Object.keys(shapes).join(', ')}`
  for (const [field, type] of Object.entries(shape)) {
    const given = record[field]
    if (type === 'string' ? typeof given !== 'string' : !Array.isArray(given) || !given.every((item) => typeof item === 'string')) return `its ${field} is not ${type === 'string' ? 'text' : 'a list of addresses'}`
  }
  return undefined
}

function stateAfter(record: JournalRecord): MessageState {
  switch (record.event) {
    case 'sending':
      return 'uncertain'
    case 'sent':
    case 'marked-sent':
      return 'sent'
    case 'refused':
      return 'refused'
    case 'not-sent':
      return 'not-sent'
  }
}
