// Times `press build` on inputs built to be slow (long words, long Chinese
// paragraphs, deep nesting) at growing sizes, to show that build time grows
// in proportion to the input. Run `npm run compile` first; then
// `node bench/pathological.mjs [scale]`.
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {build} from '../dist/pipeline/engine/build.js'

const front = '---\ntitle: Pathological input\ndate: 2026-03-02\n---\n\n'

/** Each case makes a release body of about `n` units. */
const cases = {
  'one long word': (n) => 'a'.repeat(n),
  'long word with dots': (n) => 'a.'.repeat(n / 2),
  'long word with at signs': (n) => 'a@b.'.repeat(n / 4),
  'Chinese paragraph': (n) => '中文测试，'.repeat(n / 5),
  'Chinese with Latin': (n) => '中文a.b“c”'.repeat(n / 8),
  'nested quotes': (n) => '> '.repeat(n / 2) + 'x',
  'deep list lines': (n) => Array.from({length: n / 1000}, () => Array.from({length: 40}, (_, d) => `${'  '.repeat(d)}- item`).join('\n')).join('\n\n'),
  'chained list markers': (n) => Array.from({length: n / 45}, () => '- '.repeat(19) + 'item').join('\n'),
  'items holding lists': (n) => '- item\n  - sub\n'.repeat(n / 15),
  'lists at the item cap': (n) => '- item\n  - sub\n'.repeat(500) + '\nword '.repeat(n / 6),
  'long flat list': (n) => '- item\n'.repeat(Math.min(n / 7, 1000)) + '\nword '.repeat(n / 6),
  'many quotes': (n) => '"a" '.repeat(n / 4),
  'quotes all opened, then closed': (n) => '"a '.repeat(n / 6) + 'b" '.repeat(n / 6),
  'many dashes': (n) => 'a -- b '.repeat(n / 7),
  'many spaces': (n) => 'a  '.repeat(n / 3),
  'many lines': (n) => 'word\n'.repeat(n / 5),
  'French punctuation': (n) => 'mot ; mot : mot ! '.repeat(n / 18),
  'numbers and units': (n) => '123 '.repeat(n / 4),
  'one long number': (n) => '1.1 '.repeat(n / 4),
  'short words': (n) => 'в и на '.repeat(n / 7),
  'ranges and dashes': (n) => '1990-95 - 10-20 '.repeat(n / 16)
}

const scale = Number(process.argv[2] ?? 1)
const only = process.argv[3]
const sizes = [10_000, 20_000, 40_000].map((size) => size * scale)
const root = await mkdtemp(join(tmpdir(), 'communique-pathological-'))
try {
  console.log(['case', ...sizes.map((size) => `${size / 1000}k`), 'growth ×2', 'outcome'].join('\t'))
  for (const [name, make] of Object.entries(cases)) {
    if (only && !name.includes(only)) continue
    const times = []
    const outcomes = new Set()
    for (const size of sizes) {
      const folder = join(root, 'releases', '2026-03-02-pathological')
      await rm(join(root, 'releases'), {recursive: true, force: true})
      await mkdir(folder, {recursive: true})
      await writeFile(join(folder, 'en.md'), front + make(size) + '\n')
      // Russian and Spanish set no-break spaces, digit groups and ranges.
      for (const lang of ['zh', 'ru', 'es']) await writeFile(join(folder, `${lang}.md`), front + make(size) + '\n')
      const started = performance.now()
      const result = await build({root, out: join(root, 'output'), now: new Date('2026-06-01T00:00:00Z'), cwd: root})
      times.push(performance.now() - started)
      const refused = result.files.flatMap((file) => file.messages).find((message) => message.fatal)
      outcomes.add(result.ok ? 'built' : `refused: ${refused?.ruleId}`)
    }
    const growth = (times.at(-1) / times.at(-2)).toFixed(1)
    console.log([name, ...times.map((time) => `${Math.round(time)} ms`), growth, [...outcomes].join(', ')].join('\t'))
  }
} finally {
  await rm(root, {recursive: true, force: true})
}
