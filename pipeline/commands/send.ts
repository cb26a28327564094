// `press send`: with a file, delivers that one generated message over SMTP
// as it was written, byte for byte (DKIM-signed when the newsroom signs its
// mail), the envelope from the message's From and To or the recipients
// given; with --new, every published message not sent yet (deliver/send-new.ts).
// Loaded only when the command runs: the mail parser and the SMTP client serve
// it alone.
import {existsSync} from 'node:fs'
import {readFile, stat} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {simpleParser} from 'mailparser'
import {envelopeOf} from '../deliver/envelope.js'
import {Mailer, parseServer, SendError} from '../deliver/mailer.js'
import {signingKey} from '../deliver/signing-key.js'
import {line, sendNew, waitingLine} from '../deliver/send-new.js'
import {loadSettings, settingsFileName} from '../source/settings.js'
import {exitCodes, type Io} from './io.js'

export {SendError}

export interface SendOptions {
  readonly file: string
  /** `smtp://[user:password@]host[:port][?starttls=required]` or `smtps://…`. */
  readonly smtp: string
  /** Recipients instead of the message's To. */
  readonly to?: readonly string[]
  /** The newsroom whose settings say how mail is signed; none when it has no settings file. */
  readonly root?: string
  readonly environment?: NodeJS.ProcessEnv
  readonly backoff?: readonly number[]
  readonly notice?: (text: string) => void
}

export interface SendResult {
  readonly messageId: string
  readonly accepted: string[]
  readonly rejected: string[]
  readonly server: string
}

const maxMessageBytes = 25 * 1024 * 1024

export async function send(options: SendOptions): Promise<SendResult> {
  const server = parseServer(options.smtp)
  const info = await stat(options.file).catch(() => undefined)
  if (!info?.isFile()) throw new SendError(`There is no message file ${options.file}`)
  if (info.size > maxMessageBytes) throw new SendError(`${options.file} is larger than a mail server accepts (${maxMessageBytes / 1024 / 1024} MB)`)
  const raw = await readFile(options.file)
  const parsed = await simpleParser(raw)
  const own = envelopeOf(parsed)
  const from = own.from
  const to = options.to && options.to.length > 0 ? [...options.to] : own.to
  if (!from) throw new SendError(`${options.file} has no From address: is it a message written by press?`)
  if (to.length === 0) throw new SendError(`${options.file} has no To address: give recipients with --to`)
  for (const address of to) {
    if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address)) throw new SendError(`${address} is not an email address`)
  }
  const dkim = await dkimOf(options.root, options.environment ?? process.env)
  const mailer = new Mailer(server, {...(dkim ? {dkim} : {}), ...(options.backoff ? {backoff: options.backoff} : {}), ...(options.notice ? {notice: options.notice} : {})})
  try {
    const outcome = await mailer.deliver(raw, {from, to})
    const where = `${server.host}:${server.port}`
    switch (outcome.kind) {
      case 'sent':
        return {messageId: parsed.messageId ?? '', accepted: outcome.accepted, rejected: outcome.rejected, server: where}
      case 'refused':
        throw new SendError(`The mail server at ${where} refused the message: ${outcome.response}`)
      case 'not-sent':
        throw new SendError(`The mail server at ${where} did not take the message: ${outcome.reason}`)
      case 'unknown':
        throw new SendError(`It is not known whether the mail server at ${where} took the message: ${outcome.reason}. Ask a recipient before sending it again`)
    }
  } finally {
    mailer.close()
  }
}

/** The newsroom's signing key, when it has settings that sign mail. */
async function dkimOf(root: string | undefined, environment: NodeJS.ProcessEnv) {
  if (root === undefined || !existsSync(join(root, settingsFileName))) return undefined
  const {file, settings} = await loadSettings(root, root)
  if (!settings) throw new SendError(`The settings ${join(root, String(file.path))} have errors, so press cannot tell how to sign mail: run press check`)
  return settings.email?.dkim && signingKey(settings.email.dkim, environment, root)
}

export interface SendCommandOptions {
  new?: boolean
  smtp?: string
  to?: string[]
  root: string
  out?: string
  dryRun?: boolean
  resendUncertain?: boolean
  corrections?: boolean
  retryRefused?: boolean
  markSent?: boolean
  firstRun?: boolean
  retry?: number[]
}

/** `press send` as the command line calls it: prints what happened and resolves to the exit code. */
export async function runSend(file: string | undefined, options: SendCommandOptions, io: Io): Promise<number> {
  const smtp = options.smtp ?? process.env['PRESS_SMTP_URL']
  const usage = sendUsage(file, options, smtp)
  if (usage) {
    io.stderr(`press send: ${usage}\n`)
    return exitCodes.usage
  }
  const root = resolve(io.cwd, options.root)
  if (options.new) return runSendNew({...options, root, ...(smtp ? {smtp} : {})}, io)
  let result
  try {
    result = await send({file: resolve(io.cwd, file!), smtp: smtp!, root, ...(options.to ? {to: options.to} : {}), backoff: options.retry ?? [2_000, 10_000], notice: (text) => io.stderr(`press send: ${text}\n`)})
  } catch (problem) {
    if (!(problem instanceof SendError)) throw problem
    io.stderr(`press send: ${problem.message}\n`)
    return exitCodes.failed
  }
  io.stdout(`Sent ${result.messageId} through ${result.server} to ${result.accepted.join(', ')}${result.rejected.length > 0 ? `; refused for ${result.rejected.join(', ')}` : ''}\n`)
  return result.rejected.length > 0 ? exitCodes.failed : exitCodes.ok
}

/** What is wrong with the way `press send` was called, if anything. */
function sendUsage(file: string | undefined, options: SendCommandOptions, smtp: string | undefined): string | undefined {
  if (options.new) {
    if (file !== undefined) return 'give either a message file or --new, not both'
    if (options.to) return '--to is for one message file; --new sends to the list each message names'
    return undefined
  }
  if (file === undefined) return 'give the message file to send, or --new'
  const onlyNew = (['dryRun', 'resendUncertain', 'corrections', 'retryRefused', 'markSent', 'firstRun', 'out'] as const).find((name) => options[name] !== undefined)
  if (onlyNew) return `--${onlyNew.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} goes with --new`
  if (smtp === undefined) return 'give the mail server with --smtp, such as smtp://mail.example.org:587?starttls=required'
  return undefined
}

async function runSendNew(options: SendCommandOptions & {smtp?: string}, io: Io): Promise<number> {
  // Ctrl-C lets the message under way finish and be journalled; a second one stops at once.
  const stopping = new AbortController()
  const onSignal = () => {
    if (stopping.signal.aborted) process.exit(130)
    io.stderr('press send: stopping after the message under way (Ctrl-C again to stop at once, leaving it uncertain)\n')
    stopping.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const result = await sendNew({
      ...options,
      cwd: io.cwd,
      ...(options.out ? {out: resolve(io.cwd, options.out)} : {}),
      signal: stopping.signal,
      ...(options.retry ? {backoff: options.retry} : {}),
      report: (text) => io.stdout(`${text}\n`)
    })
    if (options.dryRun || options.markSent) for (const {item, outcome} of result.done) io.stdout(`${line(item, outcome)}\n`)
    for (const item of result.waiting) io.stdout(`${waitingLine(item)}\n`)
    if (result.problem) {
      io.stderr(`press send: ${result.problem}\n`)
      return exitCodes.failed
    }
    const sent = result.done.filter(({outcome}) => outcome.kind === 'sent').length
    const before = result.planned.filter(({standing}) => standing === 'sent').length
    const summary = result.done.length === 0 ? 'Nothing new to send' : options.dryRun ? `${result.done.length} to send` : options.markSent ? `${result.done.length} recorded as sent` : `${sent} sent${result.server ? ` through ${result.server}` : ''}`
    io.stdout(`${summary}; ${before} sent before${result.waiting.length > 0 ? `; ${result.waiting.length} waiting for your word (above)` : ''}.\n`)
    if (result.firstTime && result.done.length > 0) io.stdout('Nothing was ever sent from this newsroom: to send these, run press send --new --first-run; if they went out another way, record them as sent with press send --new --mark-sent.\n')
    return result.ok ? exitCodes.ok : exitCodes.failed
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
