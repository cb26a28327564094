// French sets a space before the high punctuation marks: a narrow no-break
// space before ; ! ? and a no-break space before :, replacing any space typed.
// Times (10:30) and addresses (https://, fdda::1f) are left; marks run
// together (?!) take one space before the first.
import type {SpaceBefore} from '../model/typography.js'
import type {TextRun} from './text-run.js'

export function setSpaceBefore(run: TextRun, spaceBefore: SpaceBefore): void {
  const marks = Object.keys(spaceBefore).map((mark) => mark.replace(/[\\\]^-]/g, '\\$&')).join('')
  if (marks === '') return
  // The run of marks must end the word: in fdda:5cc1::1f a colon run goes on into an address.
  const pattern = new RegExp(`(?<=[^\\s\\u00a0\\u202f${marks}])[ \\u00a0\\u202f]*([${marks}])(?=[${marks}]*(?:$|[\\s\\u00a0\\u202f»”’)\\]]))`, 'gu')
  run.replace('space-before-punctuation', pattern, (match) => spaceBefore[match[1]!]! + match[1]!)
}
