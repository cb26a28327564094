// French sets a space before the high punctuation marks: a narrow no-break
// space before ; ! ? and a no-break space before :, replacing any space typed.
// Times (10:30), addresses (https://) and marks run together (?!) are left.
import type {TextRun} from './text-run.js'

/** Mark and the space set before it. */
export type SpaceBefore = Readonly<Record<string, string>>

export function setSpaceBefore(run: TextRun, spaceBefore: SpaceBefore): void {
  const marks = Object.keys(spaceBefore).map((mark) => mark.replace(/[\\\]^-]/g, '\\$&')).join('')
  if (marks === '') return
  const pattern = new RegExp(`(?<=[^\\s\\u00a0\\u202f${marks}])[ \\u00a0\\u202f]*([${marks}])(?=$|[\\s\\u00a0\\u202f»”’)\\]${marks}])`, 'gu')
  run.replace('space-before-punctuation', pattern, (match) => spaceBefore[match[1]!]! + match[1]!)
}
