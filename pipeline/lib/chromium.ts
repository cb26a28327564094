// Where the machine's Chromium is, for the PDFs of a build: the one named by
// PRESS_CHROMIUM, or one where Debian, Ubuntu and others install it.
import {existsSync} from 'node:fs'

const knownPlaces = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium']

/** The browser a build prints with, or undefined when the machine has none. */
export function findChromium(environment = process.env): string | undefined {
  const named = environment.PRESS_CHROMIUM
  if (named !== undefined && named !== '') return existsSync(named) ? named : undefined
  return knownPlaces.find((path) => existsSync(path))
}

/** What a press officer reads when PDFs are asked for and there is no browser to print them. */
export function noChromium(environment = process.env): string {
  const named = environment.PRESS_CHROMIUM ? ` (PRESS_CHROMIUM names ${environment.PRESS_CHROMIUM}, which is not there)` : ''
  return `PDFs are asked for (\`pdf\` in newsroom.yaml), but this machine has no Chromium to print them${named}: install it (on Debian or Ubuntu, \`sudo apt-get install chromium\`; or name the browser in the environment variable PRESS_CHROMIUM), or write \`pdf: false\` to publish without PDFs`
}
