// One SMTP connection kept open for many messages, through nodemailer's
// SMTP client and DKIM signer. Each delivery ends in an outcome press can
// journal honestly: the server took the message, refused it for good (5xx),
// surely did not take it (a temporary refusal that outlasted the retries, or
// no connection), or it cannot be known (the connection broke after the whole
// message was handed over, before the server's reply).
import {Readable} from 'node:stream'
import {setTimeout as sleep} from 'node:timers/promises'
import SMTPConnection from 'nodemailer/lib/smtp-connection'
import DKIM from 'nodemailer/lib/dkim'

export interface Server {
  readonly host: string
  readonly port: number
  readonly secure: boolean
  readonly requireTLS: boolean
  readonly auth?: {readonly user: string; readonly pass: string}
}

/** A problem the user can fix: a bad address, file, key or server. */
export class SendError extends Error {
  override name = 'SendError'
}

export type Outcome =
  | {readonly kind: 'sent'; readonly accepted: string[]; readonly rejected: string[]; readonly response: string}
  | {readonly kind: 'refused'; readonly response: string}
  | {readonly kind: 'not-sent'; readonly reason: string}
  | {readonly kind: 'unknown'; readonly reason: string}

export interface MailerOptions {
  /** The signing key and its DNS name, when the newsroom signs its mail. */
  readonly dkim?: {readonly domainName: string; readonly keySelector: string; readonly privateKey: string}
  /** The waits before each new try after a temporary refusal, in milliseconds; as many tries follow as there are waits. */
  readonly backoff?: readonly number[]
  /** The most transactions begun in a minute. */
  readonly perMinute?: number
  /** Told of each retry, with the server's words. */
  readonly notice?: (text: string) => void
  /** Cuts a wait between tries short: the message is then not sent. */
  readonly signal?: AbortSignal
}

const defaultBackoff: readonly number[] = [2_000, 10_000, 30_000, 120_000]

/**
 * The headers the DKIM signature covers, named here rather than left to the
 * library's default: the list headers among them, since RFC 8058 lets a
 * mailbox provider offer one-click unsubscribe only when the signature
 * covers List-Unsubscribe and List-Unsubscribe-Post.
 */
const signedHeaders = ['From', 'Sender', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'To', 'Cc', 'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding', 'Content-Language', 'In-Reply-To', 'References', 'List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post'].join(':')

export class Mailer {
  private connection: Promise<SMTPConnection> | undefined
  private readonly signer: DKIM | undefined
  private lastStart = 0
  /** Why the server will take nothing in this run, once it refused the login, the encryption or the connection for good. */
  private stopReason: string | undefined

  constructor(
    readonly server: Server,
    private readonly options: MailerOptions = {}
  ) {
    this.signer = options.dkim ? new DKIM({...options.dkim, headerFieldNames: signedHeaders}) : undefined
  }

  /** Delivers one message, trying again after each temporary refusal. */
  async deliver(raw: Buffer, envelope: {from: string; to: readonly string[]}): Promise<Outcome> {
    const waits = this.options.backoff ?? defaultBackoff
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(raw, envelope)
      if (outcome.kind !== 'temporary') return outcome
      if (attempt >= waits.length || this.stopReason) return {kind: 'not-sent', reason: outcome.reason}
      this.options.notice?.(`the mail server did not take it for now (${outcome.reason}); trying again in ${seconds(waits[attempt]!)}`)
      const waited = await sleep(waits[attempt]!, true, this.options.signal ? {signal: this.options.signal} : {}).catch(() => false)
      if (!waited) return {kind: 'not-sent', reason: `stopped when asked, while waiting to try again (${outcome.reason})`}
    }
  }

  close(): void {
    const open = this.connection
    this.connection = undefined
    void open?.then((connection) => connection.quit()).catch(() => undefined)
  }

  private async attempt(raw: Buffer, envelope: {from: string; to: readonly string[]}): Promise<Outcome | {kind: 'temporary'; reason: string}> {
    await this.paced()
    if (this.stopReason) return {kind: 'not-sent', reason: this.stopReason}
    let connection: SMTPConnection
    try {
      connection = await this.connect()
    } catch (problem) {
      this.connection = undefined
      const failure = problem as {responseCode?: number; response?: string; code?: string; originalCode?: string; message: string}
      const said = failure.response ?? failure.message
      // Waiting helps a server that is busy or restarting, not one that refuses the login, the encryption or the name.
      const lasting = (failure.responseCode ?? 0) >= 500 || failure.code === 'ETLS' || failure.code === 'EDNS' || failure.code === 'EPROTOCOL' || failure.code === 'EAUTH'
      const reason = failure.code === 'EAUTH' ? `the mail server refused the user name or password (${said})` : `no connection to ${this.server.host}:${this.server.port}: ${said}`
      if (!lasting) return {kind: 'temporary', reason}
      this.stopReason = reason
      return {kind: 'not-sent', reason}
    }
    const message = this.signer ? this.signer.sign(raw) : Readable.from([raw])
    let handedOver = false
    message.on('end', () => (handedOver = true))
    return new Promise((done) => {
      connection.send({from: envelope.from, to: [...envelope.to], size: raw.length}, message, (problem, info) => {
        if (!problem && info) return done({kind: 'sent', accepted: info.accepted.map(String), rejected: info.rejected.map(String), response: info.response})
        // Any failure leaves the session in a state not worth reasoning about: the next message opens a new one.
        this.drop(connection)
        const failure = problem as {responseCode?: number; response?: string; message: string}
        if (failure.responseCode !== undefined && failure.response) done(failure.responseCode >= 500 ? {kind: 'refused', response: failure.response} : {kind: 'temporary', reason: failure.response})
        else if (handedOver) done({kind: 'unknown', reason: `the connection broke after the message was handed over, before the server said whether it took it (${failure.message})`})
        else done({kind: 'temporary', reason: failure.message})
      })
    })
  }

  /** Waits so that transactions begin no more often than the rate allows. */
  private async paced(): Promise<void> {
    const gap = this.options.perMinute ? 60_000 / this.options.perMinute : 0
    const wait = this.lastStart + gap - Date.now()
    if (wait > 0) await sleep(wait)
    this.lastStart = Date.now()
  }

  private connect(): Promise<SMTPConnection> {
    this.connection ??= new Promise<SMTPConnection>((done, fail) => {
      const {host, port, secure, requireTLS, auth} = this.server
      const connection = new SMTPConnection({host, port, secure, requireTLS, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000})
      let ready = false
      connection.on('error', (problem: Error) => {
        if (!ready) fail(problem)
        this.drop(connection)
      })
      connection.on('end', () => this.drop(connection))
      connection.connect(() => {
        if (!auth) {
          ready = true
          return done(connection)
        }
        connection.login({user: auth.user, pass: auth.pass}, (problem) => {
          if (problem) {
            connection.close()
            return fail(problem)
          }
          ready = true
          done(connection)
        })
      })
    })
    return this.connection
  }

  /** Forgets a connection that failed or ended, so that the next message opens another. */
  private drop(connection: SMTPConnection): void {
    const open = this.connection
    void open?.then((current) => {
      if (current !== connection) return
      if (this.connection === open) this.connection = undefined
      connection.close()
    }).catch(() => undefined)
  }
}

/** Reads `smtp://[user:password@]host[:port][?starttls=required]` or `smtps://…`. */
export function parseServer(address: string): Server {
  let url: URL
  try {
    url = new URL(address)
  } catch {
    throw new SendError(`--smtp must be an address such as smtp://mail.example.org:587 (got ${withoutSecrets(address)})`)
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new SendError(`--smtp must start with smtp:// or smtps:// (got ${url.protocol}//)`)
  const secure = url.protocol === 'smtps:'
  let auth: {user: string; pass: string} | undefined
  try {
    auth = url.username ? {user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password)} : undefined
  } catch {
    throw new SendError(`--smtp's user name or password holds a % that does not start an escape such as %40 (for @): write each % in them as %25 (got ${withoutSecrets(address)})`)
  }
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: url.searchParams.get('starttls') === 'required',
    ...(auth ? {auth} : {})
  }
}

/** An address as it may be printed: all between its scheme and its last @ (a user and password, however mistyped) is left out. */
function withoutSecrets(address: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(address)?.[0] ?? ''
  const at = address.lastIndexOf('@')
  // With no @, what follows the scheme may still be a user and password typed without the host: none of it is shown.
  return at === -1 ? `${scheme}…` : `${scheme}…${address.slice(at)}`
}

function seconds(milliseconds: number): string {
  return milliseconds < 1000 ? `${milliseconds} ms` : `${Math.round(milliseconds / 1000)} s`
}
