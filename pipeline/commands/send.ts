// `press send`: delivers a generated message over SMTP as it was written,
// byte for byte. The envelope comes from the message's From and To, or from
// the recipients given.
import {readFile, stat} from 'node:fs/promises'
import {simpleParser, type AddressObject} from 'mailparser'
import nodemailer from 'nodemailer'

export interface SendOptions {
  readonly file: string
  /** `smtp://[user:password@]host[:port][?starttls=required]` or `smtps://…`. */
  readonly smtp: string
  /** Recipients instead of the message's To. */
  readonly to?: readonly string[]
}

export interface SendResult {
  readonly messageId: string
  readonly accepted: string[]
  readonly rejected: string[]
  readonly server: string
}

/** A problem the user can fix: a bad address, file or server. */
export class SendError extends Error {
  override name = 'SendError'
}

const maxMessageBytes = 25 * 1024 * 1024

export async function send(options: SendOptions): Promise<SendResult> {
  const server = parseServer(options.smtp)
  const info = await stat(options.file).catch(() => undefined)
  if (!info?.isFile()) throw new SendError(`There is no message file ${options.file}`)
  if (info.size > maxMessageBytes) throw new SendError(`${options.file} is larger than a mail server accepts (${maxMessageBytes / 1024 / 1024} MB)`)
  const raw = await readFile(options.file)
  const parsed = await simpleParser(raw)
  const from = parsed.from?.value[0]?.address
  const to = options.to && options.to.length > 0 ? [...options.to] : addresses(parsed.to)
  if (!from) throw new SendError(`${options.file} has no From address: is it a message written by press?`)
  if (to.length === 0) throw new SendError(`${options.file} has no To address: give recipients with --to`)
  for (const address of to) {
    if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address)) throw new SendError(`${address} is not an email address`)
  }

  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.secure,
    requireTLS: server.requireTLS,
    ...(server.auth ? {auth: server.auth} : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000
  })
  try {
    const sent = await transport.sendMail({envelope: {from, to}, raw})
    return {messageId: parsed.messageId ?? sent.messageId, accepted: sent.accepted.map(String), rejected: sent.rejected.map(String), server: `${server.host}:${server.port}`}
  } catch (problem) {
    throw new SendError(`The mail server at ${server.host}:${server.port} did not take the message: ${(problem as Error).message}`)
  } finally {
    transport.close()
  }
}

function parseServer(address: string) {
  let url: URL
  try {
    url = new URL(address)
  } catch {
    throw new SendError(`--smtp must be an address such as smtp://mail.example.org:587 (got ${address})`)
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new SendError(`--smtp must start with smtp:// or smtps:// (got ${url.protocol}//)`)
  const secure = url.protocol === 'smtps:'
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: url.searchParams.get('starttls') === 'required',
    auth: url.username ? {user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password)} : undefined
  }
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value.flatMap((entry) => (entry.address ? [entry.address] : (entry.group ?? []).flatMap((member) => (member.address ? [member.address] : [])))))
}
