// The messages of a command, as a press officer reads them in a terminal:
// each file's name, then a line per message (where, how serious, what to do,
// and the rule's name), and a count at the end. Only the short columns are
// aligned: a long message never pads every other line out to its width.
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {inFileOrder} from '../source/diagnostics.js'

export interface ReportLevel {
  /** Errors only. Otherwise every message the command made: notes (each typographic change) are shown only when asked for. */
  readonly quiet?: boolean
  readonly verbose?: boolean
  readonly color?: boolean
}

type Severity = 'error' | 'warning' | 'info'

/** A number and its noun, plural when it is not 1: `1 error`, `3 warnings`. */
export const count = (number: number, noun: string) => `${number} ${noun}${number === 1 ? '' : 's'}`

const severityOf = (message: VFileMessage): Severity => (message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info')

/** The report of `files`, or '' when there is nothing to say at this level. */
export function reportText(files: readonly VFile[], level: ReportLevel = {}): string {
  const shown = (message: VFileMessage) => {
    const severity = severityOf(message)
    return severity === 'error' || !level.quiet
  }
  const paint = (code: number, text: string, reset = 39) => (level.color ? `\u001b[${code}m${text}\u001b[${reset}m` : text)
  const blocks: string[] = []
  const tally = {error: 0, warning: 0, info: 0}
  for (const file of inFileOrder(files)) {
    const messages = file.messages.filter(shown)
    if (messages.length === 0) continue
    const places = messages.map(placeOf)
    const wide = Math.max(...places.map((place) => place.length))
    const lines = messages.map((message, index) => {
      const severity = severityOf(message)
      tally[severity]++
      const word = paint(severity === 'error' ? 31 : severity === 'warning' ? 33 : 34, severity.padEnd(7))
      return `${places[index]!.padEnd(wide)}  ${word}  ${message.reason}${message.ruleId ? `  ${paint(2, message.ruleId, 22)}` : ''}`
    })
    blocks.push(`${paint(4, file.path || '<stdin>', 24)}\n${lines.join('\n')}`)
  }
  if (blocks.length === 0) return ''
  const kinds = [tally.error > 0 ? `${paint(31, '✖')} ${count(tally.error, 'error')}` : '', tally.warning > 0 ? `${paint(33, '⚠')} ${count(tally.warning, 'warning')}` : ''].filter((part) => part !== '')
  const total = tally.error + tally.warning + tally.info
  const summary = kinds.length === 1 && tally.info === 0 ? kinds[0]! : `${count(total, 'message')}${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}`
  return `${blocks.join('\n\n')}\n\n${summary}`
}

/** Where a message is: line:column, or the span line:column-line:column; empty when it concerns the whole file. */
function placeOf(message: VFileMessage): string {
  const place = message.place
  if (!place) return ''
  if ('start' in place) return `${place.start.line}:${place.start.column}-${place.end.line}:${place.end.column}`
  return `${place.line}:${place.column}`
}
