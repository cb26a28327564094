// Delivers one generated message over SMTP as it was written, byte for byte
// (DKIM-signed when the newsroom signs its mail), the envelope from the
// message's From and To or the recipients given: `press send FILE.eml`.
import {existsSync} from 'node:fs'
import {readFile, realpath, stat} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {simpleParser} from 'mailparser'
import {envelopeOf} from './envelope.js'
import {Mailer, parseServer, SendError} from './mailer.js'
import {signingKey} from './signing-key.js'
import {notSendableNow, readEmailList} from '../publish/email-list.js'
import {listAddresses, notPublicYet} from './not-public-yet.js'
import {loadSettings, settingsFileName} from '../source/settings.js'

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

/**
 * Refuses a message of a site that may not be sent from now (built for a
 * later time, with releases still under embargo): the site it sits in,
 * `<output>/<lang>/<id>/release.eml`, says when it was built for.
 */
async function refuseBuiltAhead(file: string): Promise<void> {
  const site = dirname(dirname(dirname(await realpath(file))))
  const list = await readEmailList(site)
  const unsendable = list && notSendableNow(list)
  if (unsendable) throw new SendError(`${file} is in a site that ${unsendable}`)
}

export async function send(options: SendOptions): Promise<SendResult> {
  const server = parseServer(options.smtp)
  const info = await stat(options.file).catch(() => undefined)
  if (!info?.isFile()) throw new SendError(`There is no message file ${options.file}`)
  if (info.size > maxMessageBytes) throw new SendError(`${options.file} is larger than a mail server accepts (${maxMessageBytes / 1024 / 1024} MB)`)
  await refuseBuiltAhead(options.file)
  const raw = await readFile(options.file)
  const parsed = await simpleParser(raw)
  const own = envelopeOf(parsed)
  const from = own.from
  const to = options.to && options.to.length > 0 ? [...options.to] : own.to
  const settings = options.root ? (await loadSettings(options.root, options.root)).settings : undefined
  const early = notPublicYet(parsed, to, listAddresses(settings?.email?.to))
  if (early) throw new SendError(`${options.file} was not sent: ${early}`)
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
