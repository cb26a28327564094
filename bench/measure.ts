// Runs one benchmark step in this process and prints, as its last line, the
// CPU time and peak memory the process used, and the time the tool itself
// took once loaded: `press <args…>` through the command line's own entry,
// `eleventy <input> <output>`, or `parse <releases> <threads>`, press's
// parser alone (parse-floor.ts).
import {run} from '../pipeline/commands/cli.js'
import {growHeaps} from '../pipeline/lib/heap.js'

const [tool, ...args] = process.argv.slice(2)
let started = performance.now()
if (tool === 'press') {
  // As the press command does.
  growHeaps()
  const code = await run(args, {stdout: () => {}, stderr: (text) => process.stderr.write(text), cwd: process.cwd()})
  if (code !== 0) process.exit(code)
} else if (tool === 'eleventy') {
  // Loaded by name: Eleventy ships no type declarations.
  const eleventyPackage = '@11ty/eleventy'
  const {default: Eleventy} = await import(eleventyPackage)
  started = performance.now()
  const [input, output, includes] = args
  const eleventy = new Eleventy(input, output, {
    quietMode: true,
    config(config: {setIncludesDirectory: (folder: string) => void; addGlobalData: (name: string, value: unknown) => void}) {
      config.setIncludesDirectory(includes!)
      config.addGlobalData('layout', 'release.njk')
    }
  })
  await eleventy.write()
} else if (tool === 'parse') {
  const {parseFloor} = await import('./parse-floor.js')
  started = performance.now()
  await parseFloor(args[0]!, Number(args[1]))
} else {
  throw new Error(`measure: unknown tool ${tool}`)
}
const usage = process.resourceUsage()
const own = (performance.now() - started) / 1000
process.stdout.write(`\n${JSON.stringify({own, cpu: (usage.userCPUTime + usage.systemCPUTime) / 1e6, rss: usage.maxRSS / 1024})}\n`)
