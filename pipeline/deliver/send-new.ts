// `press send --new`: delivers the email of every translation the last build
// published that was not sent yet, once, across crashes. Each message is
// journalled as being sent before its SMTP transaction and as sent (or not)
// after the server's reply; a message left in between by a crash may or may
// not have arrived, so it is named and sent again only when asked, under the
// same Message-ID. A corrected release (a new Message-ID for a translation
// already sent) goes again only when asked, and a permanent refusal is
// recorded and not tried again unless asked.
import {constants} from 'node:fs'
import {readRegularFile} from '../lib/newsroom-file.js'
import {open, realpath} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {simpleParser} from 'mailparser'
import {OutputLock} from '../engine/lock.js'
import {listedDigests, notSendableNow, readEmailList, type ListedEmail} from '../publish/email-list.js'
import {notPublicYet} from './not-public-yet.js'
import {loadSettings} from '../source/settings.js'
import {envelopeOf} from './envelope.js'
import {Journal, JournalError, journalFile, type MessageState} from './journal.js'
import {Mailer, parseServer, SendError, type Outcome} from './mailer.js'
import {signingKey} from './signing-key.js'

export interface SendNewOptions {
  readonly root: string
  readonly cwd: string
  /** The built site (default: output/ in the newsroom). */
  readonly out?: string
  /** The mail server; needed unless nothing is sent (`dryRun`, `markSent`). */
  readonly smtp?: string
  readonly dryRun?: boolean
  /** Record every message not yet sent as sent, without sending: for mail that went out another way. */
  readonly markSent?: boolean
  /** Send what a crash left uncertain, again under the same Message-ID. */
  readonly resendUncertain?: boolean
  /** Send the corrections of translations already sent. */
  readonly corrections?: boolean
  /** Send again what the server refused for good in an earlier run. */
  readonly retryRefused?: boolean
  /** Send everything published even though nothing was ever sent from this newsroom. */
  readonly firstRun?: boolean
  readonly environment?: NodeJS.ProcessEnv
  /** The time now, epoch ms (default: the clock): a site built for later is not sent. */
  readonly clock?: number
  readonly backoff?: readonly number[]
  /** Told of each retry and wait, in a line. */
  readonly report?: (line: string) => void
  /** Told of each message as it goes. */
  readonly sent?: (item: PlannedMessage, outcome: SendNewResult['done'][number]['outcome']) => void
  /** Stops the run after the message being sent: for Ctrl-C. */
  readonly signal?: AbortSignal
  /** How the journal is opened: tests put faults in it. */
  readonly openJournal?: (path: string) => Journal
}

/** Why a message waits for the press officer's word, or is done. */
type Standing = 'new' | 'not-sent' | 'uncertain' | 'refused' | 'correction' | 'sent'

export interface PlannedMessage extends ListedEmail {
  readonly message: string
  readonly subject: string
  readonly from: string
  readonly to: string[]
  readonly standing: Standing
}

export interface SendNewResult {
  readonly ok: boolean
  /** A problem that stopped the run, said plainly. */
  readonly problem?: string
  readonly planned: readonly PlannedMessage[]
  /** What was sent, or would be (`dryRun`), or was recorded (`markSent`), in order. */
  readonly done: ReadonlyArray<{readonly item: PlannedMessage; readonly outcome: Outcome | {kind: 'marked-sent' | 'would-send'}}>
  /** What waits for the press officer's word: uncertain, refused and corrected messages not sent in this run. */
  readonly waiting: readonly PlannedMessage[]
  readonly server?: string
  /** Whether nothing was ever sent from this newsroom: there is no journal yet. */
  readonly firstTime?: boolean
}

/** Which standings a run sends, given the press officer's word. */
function sends(standing: Standing, options: SendNewOptions): boolean {
  if (standing === 'new' || standing === 'not-sent') return true
  if (options.markSent) return standing !== 'sent'
  return (standing === 'uncertain' && options.resendUncertain === true) || (standing === 'refused' && options.retryRefused === true) || (standing === 'correction' && options.corrections === true)
}

export async function sendNew(options: SendNewOptions): Promise<SendNewResult> {
  const empty = {planned: [], done: [], waiting: []}
  const stop = (problem: string) => ({...empty, ok: false, problem})
  const {file, settings} = await loadSettings(options.root, options.cwd)
  if (!settings) return stop(`the settings ${file.path} have errors: run press check`)
  if (!settings.email) return stop('the newsroom has no `email` settings, so its builds write no messages: add `email.from` and `email.to` to newsroom.yaml and build again')
  const out = options.out ?? join(options.root, 'output')
  const list = await readEmailList(out)
  if (!list) return stop(`there is no built site with its messages at ${relative(options.cwd, out) || '.'}: run press build first, then send what it published`)
  const unsendable = notSendableNow(list, options.clock)
  if (unsendable) return stop(`the site at ${relative(options.cwd, out) || '.'} ${unsendable}`)
  const listed = list.messages

  const sending = !options.dryRun && !options.markSent
  let mailer: Mailer | undefined
  try {
    if (sending) {
      if (!options.smtp) return stop('give the mail server with --smtp (or the environment variable PRESS_SMTP_URL), such as smtp://mail.example.org:587?starttls=required')
      const dkim = settings.email.dkim && signingKey(settings.email.dkim, options.environment ?? process.env, options.root)
      mailer = new Mailer(parseServer(options.smtp), {...(dkim ? {dkim} : {}), ...(options.backoff ? {backoff: options.backoff} : {}), ...(settings.email.perMinute ? {perMinute: settings.email.perMinute} : {}), ...(options.report ? {notice: options.report} : {}), ...(options.signal ? {signal: options.signal} : {})})
    }
  } catch (problem) {
    if (problem instanceof SendError) return stop(problem.message)
    throw problem
  }

  const journalPath = join(options.root, journalFile)
  // One run at a time: two would both see a message as new.
  const lock = options.dryRun ? undefined : await OutputLock.acquire(journalPath, {command: 'press send --new', ...(options.report ? {notice: options.report} : {})})
  let journal: Journal | undefined
  try {
    journal = (options.openJournal ?? Journal.open)(journalPath)
    // The build folder the output names now: a build finishing meanwhile switches the output to another.
    const site = await realpath(out)
    // The digests its last press bulletin --period wrote, after the releases they gather.
    const {planned, missing} = await plan([...listed, ...(await listedDigests(site, settings.languages, settings.email))], site, journal)
    if (missing.length > 0) return {...stop(`${missing.map((path) => relative(options.cwd, join(out, path))).join(', ')} ${missing.length === 1 ? 'is' : 'are'} listed by the build but not there: build again, then send`), planned}
    const chosen = planned.filter((item) => sends(item.standing, options))
    const waiting = planned.filter((item) => item.standing !== 'sent' && !sends(item.standing, options))
    if (!journal.existed && sending && chosen.length > 0 && !options.firstRun) {
      return {
        ...stop(`nothing was ever sent from this newsroom (there is no ${journalFile} in it), and ${chosen.length} message${chosen.length === 1 ? ' is' : 's are'} published: sending would mail every one of them. If they went out another way, record them as sent with press send --new --mark-sent; to send them all, run press send --new --first-run. press send --new --dry-run lists them.`),
        planned
      }
    }
    if (options.dryRun) return {ok: true, planned, waiting, firstTime: !journal.existed, done: chosen.map((item) => ({item, outcome: {kind: 'would-send' as const}}))}
    const done: Array<SendNewResult['done'][number]> = []
    const result = (problem?: string) => ({ok: problem === undefined && done.every(({outcome}) => outcome.kind === 'sent' || outcome.kind === 'marked-sent') && !waiting.some(({standing}) => standing === 'uncertain' || standing === 'refused'), ...(problem ? {problem} : {}), planned, waiting, done, ...(mailer ? {server: `${mailer.server.host}:${mailer.server.port}`} : {})})
    for (const item of chosen) {
      if (options.signal?.aborted) return result(`stopped when asked, after ${done.length} of ${chosen.length}; run press send --new again to send the rest`)
      if (!mailer) {
        journal.append({event: 'marked-sent', message: item.message, release: item.release, lang: item.lang})
        done.push({item, outcome: {kind: 'marked-sent'}})
        continue
      }
      // Read before it is journalled: a build finished meanwhile may have replaced or corrected it.
      const raw = messageAt(join(site, item.file))
      if (!raw || messageIdOf(raw) !== item.message) return result(`the site was rebuilt while press was sending, so ${item.file} is no longer the message planned; run press send --new again to send the rest from the new build`)
      journal.append({event: 'sending', message: item.message, release: item.release, lang: item.lang, subject: item.subject, to: item.to})
      const outcome = await mailer.deliver(raw, {from: item.from, to: item.to})
      done.push({item, outcome})
      options.sent?.(item, outcome)
      if (outcome.kind === 'sent') journal.append({event: 'sent', message: item.message, accepted: outcome.accepted, rejected: outcome.rejected, response: outcome.response})
      else if (outcome.kind === 'refused') journal.append({event: 'refused', message: item.message, response: outcome.response})
      else if (outcome.kind === 'not-sent') {
        journal.append({event: 'not-sent', message: item.message, reason: outcome.reason})
        if (options.signal?.aborted) return result(`stopped when asked, after ${done.length - 1} of ${chosen.length}; run press send --new again to send the rest`)
        // The server takes nothing for now, and each message would wait out the same retries.
        const left = chosen.length - done.length + 1
        return result(`the mail server took nothing more (${outcome.reason}); the ${left === 1 ? 'message' : `${left} messages`} not sent go${left === 1 ? 'es' : ''} with the next press send --new`)
      }
      // An unknown outcome stays journalled as being sent: the next run names it.
    }
    return result()
  } catch (problem) {
    if (problem instanceof JournalError || problem instanceof SendError) return stop(`${problem.message}; nothing more was sent, and the next press send --new takes up where this one stopped`)
    throw problem
  } finally {
    journal?.close()
    mailer?.close()
    await lock?.release()
  }
}

/** Each listed message with its Message-ID, envelope and standing in the journal. */
async function plan(listed: readonly ListedEmail[], out: string, journal: Journal): Promise<{planned: PlannedMessage[]; missing: string[]}> {
  const planned: PlannedMessage[] = []
  const missing: string[] = []
  for (const entry of listed) {
    // A message sent already is not read again: a timer's run over a large newsroom reads only what is new.
    if (entry.message !== undefined && journal.state(entry.message) === 'sent') {
      planned.push({...entry, message: entry.message, subject: '', from: '', to: [], standing: 'sent'})
      continue
    }
    const head = await headOf(join(out, entry.file))
    if (!head) {
      missing.push(entry.file)
      continue
    }
    const parsed = await simpleParser(head)
    const message = parsed.messageId
    const {from, to} = envelopeOf(parsed)
    if (!message || !from || to.length === 0) throw new SendError(`${entry.file} has no Message-ID, From or To: build again with press build`)
    // Judged by what it says too: a preview or an advance copy in the site's list is none of its messages.
    const early = notPublicYet(parsed, to, to)
    if (early) throw new SendError(`${entry.file} was not sent, nor anything after it: ${early}. Build the site again with press build`)
    planned.push({...entry, message, subject: parsed.subject ?? '', from, to, standing: standingOf(journal.state(message), journal.othersSent(entry.release, entry.lang, message).length > 0)})
  }
  return {planned, missing}
}

function standingOf(state: MessageState | undefined, sentBefore: boolean): Standing {
  if (state === 'sent' || state === 'uncertain' || state === 'refused') return state
  if (sentBefore) return 'correction'
  return state === 'not-sent' ? 'not-sent' : 'new'
}

/** The Message-ID in a message's header. */
function messageIdOf(raw: Buffer): string | undefined {
  const end = raw.indexOf('\r\n\r\n')
  return /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(raw.subarray(0, end === -1 ? raw.length : end).toString('latin1'))?.[1]
}

/** A message file of the site, as press wrote it: never through a link, a pipe or a device put in its place. */
function messageAt(path: string): Buffer | undefined {
  try {
    return readRegularFile(path, 64 * 1024 * 1024)
  } catch {
    return undefined
  }
}

/** A message's header, read alone: every message is looked at, few are sent. */
async function headOf(path: string): Promise<Buffer | undefined> {
  let file
  try {
    // Never through a link, and never blocking on a pipe put in a message's place.
    file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch {
    return undefined
  }
  try {
    if (!(await file.stat()).isFile()) return undefined
    const chunks: Buffer[] = []
    for (let position = 0; position < 256 * 1024; ) {
      const {bytesRead, buffer} = await file.read({buffer: Buffer.alloc(16 * 1024), position})
      if (bytesRead === 0) break
      chunks.push(buffer.subarray(0, bytesRead))
      position += bytesRead
      const text = Buffer.concat(chunks)
      const end = text.indexOf('\r\n\r\n')
      if (end !== -1) return text.subarray(0, end + 4)
    }
    return Buffer.concat(chunks)
  } finally {
    await file.close()
  }
}
