// A real SMTP server on a free port of 127.0.0.1 for the tests that send
// mail: it records what it receives and closes after each test.
import type {AddressInfo} from 'node:net'
import {SMTPServer, type SMTPServerOptions} from 'smtp-server'
import {afterEach} from 'vitest'

export interface Received {
  from: string
  to: string[]
  data: Buffer
  user?: string
  /** The Message-ID header of what arrived. */
  messageId: string | undefined
}

export interface TestServer {
  port: number
  received: Received[]
  /** How many connections were opened. */
  connections: () => number
}

const servers: SMTPServer[] = []
afterEach(async () => {
  await closeServers()
})

export async function closeServers(): Promise<void> {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((done) => server.close(() => done()))))
}

/**
 * Starts a server that accepts everything, unless `answer` says otherwise
 * for a message once it has arrived whole: an error with a `responseCode`
 * refuses it; `'drop'` keeps it but breaks the connection before replying,
 * as a server or network failing at the worst moment would.
 */
export async function smtpServer(options: SMTPServerOptions & {answer?: (message: Received, count: number) => Promise<Error | 'drop' | undefined> | Error | 'drop' | undefined} = {}): Promise<TestServer> {
  const received: Received[] = []
  let connections = 0
  const {answer, ...rest} = options
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onConnect(_session, callback) {
      connections++
      callback()
    },
    ...rest,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const data = Buffer.concat(chunks)
        const message = {from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address), data, user: session.user, messageId: /^Message-ID: *(<[^>\r\n]*>)/im.exec(data.toString('latin1'))?.[1]}
        void Promise.resolve(answer?.(message, received.length + 1)).then((refusal) => {
          if (!refusal || refusal === 'drop') received.push(message)
          if (refusal !== 'drop') return callback(refusal ?? null)
          // smtp-server keeps its connections, each with its socket, under the session's id.
          const connections = (server as unknown as {connections: Set<{id: string; _socket: {destroy(): void}}>}).connections
          for (const connection of connections) if (connection.id === session.id) connection._socket.destroy()
        })
      })
    }
  })
  // A client killed in mid-session resets its connection, which the server reports as an error: expected in these tests.
  server.on('error', () => undefined)
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {port: (server.server.address() as AddressInfo).port, received, connections: () => connections}
}

/** An SMTP reply that refuses a message, such as 550 or 451. */
export function refusal(code: number, text: string): Error {
  return Object.assign(new Error(text), {responseCode: code})
}
