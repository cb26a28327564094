// juice, loaded when an email is first inlined: the main thread of a build
// whose emails are all made in workers or taken from the previous build, and
// press check, never load it (a fifth of a second of start-up).
import {createRequire} from 'node:module'
import type Juice from 'juice'

let loaded: typeof Juice | undefined

export function juice(): typeof Juice {
  return (loaded ??= createRequire(import.meta.url)('juice') as typeof Juice)
}
