// Debian's chromium as the tests drive it (through playwright-core, never a
// downloaded browser), and what axe-core finds to fix on a page in it.
import {readFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {chromium, type Browser, type Page} from 'playwright-core'

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Starts headless chromium with the flags that keep it off the network and out of the sandbox it cannot have here. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']})
}

/** What axe-core finds to fix on the page open in `page`, one line each: `name: rule (the elements)`, with the rule's help when asked. */
export async function axeViolations(page: Page, name: string, options: {help?: boolean} = {}): Promise<string[]> {
  await page.addScriptTag({content: axeSource})
  const results = await page.evaluate(async () => (globalThis as unknown as {axe: {run: (context: unknown, options: unknown) => Promise<{violations: Array<{id: string; help: string; nodes: Array<{html: string}>}>}>}}).axe.run((globalThis as unknown as {document: unknown}).document, {resultTypes: ['violations']}))
  return results.violations.map((violation) => `${name}: ${violation.id}${options.help ? `: ${violation.help}` : ''} (${violation.nodes.map((node) => node.html).join(' | ')})`)
}
