// `press send`: declares the command and presents a delivery: with a file,
// that one message (deliver/send-file.ts); with --new, every published
// message not sent yet (deliver/send-new.ts). The mail parser and the SMTP
// client are loaded only when it runs.
import {resolve} from 'node:path'
import {Option} from 'commander'
import {parseRetry, type CommandLine} from './command-line.js'
import {exitCodes, type Io} from './io.js'
import type {PlannedMessage, SendNewResult} from '../deliver/send-new.js'

export function register({program, io, done}: CommandLine): void {
  program
    .command('send')
    .description('deliver a generated message (.eml) over SMTP, or with --new every published release not sent yet, each once')
    .argument('[file.eml]', 'the message, such as output/en/<id>/release.eml')
    .option('--new', 'send the email of every translation the last build published that was not sent yet, recording each in sent-mail.jsonl')
    .option('--smtp <url>', 'the mail server: smtp://[user:password@]host:port, with ?starttls=required to insist on encryption, or smtps://host:465 (default: the environment variable PRESS_SMTP_URL)')
    .option('--to <address...>', 'recipients instead of the message’s To (not with --new)')
    .option('--root <dir>', 'newsroom folder, whose settings say how mail is signed', '.')
    .option('--out <dir>', 'with --new: the built site (default: output/ in the newsroom)')
    .option('--dry-run', 'with --new: list what would be sent, and send nothing')
    .option('--resend-uncertain', 'with --new: send again, under the same Message-ID, what a crash left uncertain')
    .option('--corrections', 'with --new: send the corrections of releases already sent')
    .option('--retry-refused', 'with --new: try again what the server refused for good in an earlier run')
    .option('--mark-sent', 'with --new: record every message not yet sent as sent, without sending it')
    .option('--first-run', 'with --new: send everything published, though nothing was ever sent from this newsroom')
    .addOption(new Option('--retry <seconds>', 'the waits before each new try after a temporary failure (a 4xx reply, no connection), or 0 to try once (default: 2,10,30,120 with --new, 2,10 for one file)').argParser(parseRetry))
    .addHelpText('after', '\nExamples:\n  press send --new --dry-run\n  press send --new --smtp smtp://mail.example.org:587?starttls=required\n  press send output/en/2026-03-14-minister-visit/release.eml --smtp smtps://mail.example.org\n')
    .action(async (file: string | undefined, options: SendCommandOptions) => done(await runSend(file, options, io)))
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
  /** Say nothing when nothing was sent (press publish --quiet, run every minute). */
  quiet?: boolean
  /** The command to run again with --first-run, as the user typed it. */
  command?: string
}

/** `press send` as the command line calls it: prints what happened and resolves to the exit code. */
async function runSend(file: string | undefined, options: SendCommandOptions, io: Io): Promise<number> {
  const smtp = options.smtp ?? process.env['PRESS_SMTP_URL']
  const usage = sendUsage(file, options, smtp)
  if (usage) {
    io.stderr(`press send: ${usage}\n`)
    return exitCodes.usage
  }
  const root = resolve(io.cwd, options.root)
  if (options.new) return runSendNew({...options, root, ...(smtp ? {smtp} : {})}, io)
  const {send, SendError} = await import('../deliver/send-file.js')
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

/** `press send --new` as the command line runs it, `options.root` resolved. */
export async function runSendNew(options: SendCommandOptions & {smtp?: string}, io: Io): Promise<number> {
  // Ctrl-C lets the message under way finish and be journalled; a second one stops at once.
  const stopping = new AbortController()
  const onSignal = () => {
    if (stopping.signal.aborted) process.exit(130)
    io.stderr('press send: stopping after the message under way (Ctrl-C again to stop at once, leaving it uncertain)\n')
    stopping.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const {sendNew} = await import('../deliver/send-new.js')
  try {
    const result = await sendNew({
      ...options,
      cwd: io.cwd,
      ...(options.out ? {out: resolve(io.cwd, options.out)} : {}),
      signal: stopping.signal,
      ...(options.retry ? {backoff: options.retry} : {}),
      report: (text) => io.stdout(`${text}\n`),
      sent: (item, outcome) => io.stdout(`${line(item, outcome)}\n`)
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
    if (!options.quiet || result.done.length > 0 || result.waiting.length > 0) io.stdout(`${summary}; ${before} sent before${result.waiting.length > 0 ? `; ${result.waiting.length} waiting for your word (above)` : ''}.\n`)
    if (result.firstTime && result.done.length > 0) io.stdout(`Nothing was ever sent from this newsroom: to send these, run ${options.command ?? 'press send --new'} --first-run; if they went out another way, record them as sent with press send --new --mark-sent.\n`)
    return result.ok ? exitCodes.ok : exitCodes.failed
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** What happened to one message, in a line. */
function line(item: PlannedMessage, outcome: SendNewResult['done'][number]['outcome']): string {
  const name = nameOf(item)
  switch (outcome.kind) {
    case 'sent':
      return `Sent ${name} · to ${outcome.accepted.join(', ')}${outcome.rejected.length > 0 ? `; refused for ${outcome.rejected.join(', ')}` : ''}`
    case 'refused':
      return `Refused ${name} · the server said ${outcome.response}; recorded, and not tried again unless you run press send --new --retry-refused`
    case 'not-sent':
      return `Not sent ${name} · ${outcome.reason}`
    case 'unknown':
      return `Uncertain ${name} · ${item.message} · ${outcome.reason}. It may have arrived: it is sent again only with press send --new --resend-uncertain`
    case 'marked-sent':
      return `Recorded as sent, not sent · ${name}`
    case 'would-send':
      return `Would send ${name} · ${item.standing === 'new' ? 'new' : item.standing === 'not-sent' ? 'not sent before' : item.standing} · to ${item.to.join(', ')}`
  }
}

/** A message this run leaves alone until the press officer says what to do with it. */
function waitingLine(item: PlannedMessage): string {
  const name = nameOf(item)
  if (item.standing === 'uncertain') return `Uncertain ${name} · ${item.message} · it was being sent when press stopped or the connection broke, so it may have arrived. Ask a recipient; then send it again (same Message-ID) with press send --new --resend-uncertain, or record it as sent with press send --new --mark-sent`
  if (item.standing === 'refused') return `Refused ${name} · the server refused it for good in an earlier run (see sent-mail.jsonl); fix the cause, then press send --new --retry-refused`
  return `Corrected ${name} · the release was corrected after it was sent; send the correction with press send --new --corrections`
}

function nameOf(item: PlannedMessage): string {
  return `${item.lang}/${item.release} · ${item.subject}`
}
