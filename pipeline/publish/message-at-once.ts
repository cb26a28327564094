// Writes the message nodemailer's MailComposer compiled at once, from the
// same tree, header builder and quoted-printable encoder its streams use, so
// that the bytes are theirs. Its streams pass a message through about a dozen
// streams and a tick for every step; in press, whose read log and string
// record ride on Node's async context, each tick costs as much again, and
// composing a build's emails that way took about a third of a rebuild that
// makes every email again (test/publish/message-at-once.test.ts checks the
// bytes against the streams').
import type MimeNode from 'nodemailer/lib/mime-node'
import {Encoder} from 'nodemailer/lib/qp'

/** What of a node press reads and nodemailer's types leave out. */
interface NodeState {
  readonly _raw?: unknown
  readonly _transforms?: readonly unknown[]
  readonly _processFuncs?: readonly unknown[]
  readonly newline?: unknown
}

/**
 * The message of the compiled tree `root`, as `root.build()` gives it; undefined
 * when it holds what only the streams write (raw parts, attachments,
 * transforms, base64), which `build()` is then left to.
 */
export function messageAtOnce(root: MimeNode): Buffer | undefined {
  const state = root as unknown as NodeState
  if ((state._transforms?.length ?? 0) > 0 || (state._processFuncs?.length ?? 0) > 0 || state.newline) return undefined
  const text = nodeText(root)
  if (text === undefined) return undefined
  // As the stream's last stage does: the message ends with a line break.
  return Buffer.from(text.endsWith('\n') ? text : text.endsWith('\r') ? `${text}\n` : `${text}\r\n`)
}

/** A node as its `stream` writes it: headers, content, then each child between boundaries. */
function nodeText(node: MimeNode): string | undefined {
  if ((node as unknown as NodeState)._raw) return undefined
  const content = node.content
  if (content !== undefined && content !== null && content !== '' && typeof content !== 'string') return undefined
  const encoding = content ? node.getTransferEncoding() : false
  if (encoding === 'base64') return undefined
  let text = `${node.buildHeaders()}\r\n\r\n`
  if (content) text += encoding === 'quoted-printable' ? quotedPrintable(content, !/^text\//i.test(node.contentType ?? '')) : content
  if (node.multipart) {
    for (const [index, child] of node.childNodes.entries()) {
      const part = nodeText(child)
      if (part === undefined) return undefined
      text += `${index > 0 ? '\r\n' : ''}--${String(node.boundary)}\r\n${part}`
    }
    text += `\r\n--${String(node.boundary)}--\r\n`
  }
  return text
}

/** `content` encoded by nodemailer's own encoder, given it whole as the stream gives it: one chunk, then the end. */
function quotedPrintable(content: string, binary: boolean): string {
  const encoder = new Encoder({binary})
  const pieces: string[] = []
  encoder.push = (chunk: unknown) => (pieces.push(String(chunk)), true)
  const done = (problem?: Error | null) => {
    if (problem) throw problem
  }
  // A stream hands a transform its Buffer chunks with the encoding 'buffer', which Node's types do not name.
  encoder._transform(Buffer.from(content), 'buffer' as BufferEncoding, done)
  encoder._flush(done)
  return pieces.join('')
}
