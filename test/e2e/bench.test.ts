// A tiny run of `npm run bench`, so that the benchmark never rots: every step
// runs, in a process of its own, and the table reports each of them.
import {describe, expect, it} from 'vitest'
import {bench, table} from '../../bench/run.js'

describe('npm run bench', () => {
  it('should measure Eleventy and every press build of a 24-release newsroom (large enough that its cold builds are relaunched, commands/relaunch.ts), and print one table', {timeout: 120_000}, async () => {
    const logged: string[] = []
    // Profiled, so that each missed target is explained: the timings are not the point here.
    const steps = await bench(24, {log: (line) => logged.push(line), profile: true, photos: true})
    expect(steps.map(({name}) => name)).toEqual([
      'Eleventy 3, cold, HTML only (median of 3)',
      'remark-parse alone (press\'s parser), one thread',
      'remark-parse alone (press\'s parser), two threads',
      'press cold build, one thread',
      'press cold build, all outputs',
      'press rebuild, nothing changed',
      'press rebuild, one release edited',
      'press rebuild, another release edited',
      'press rebuild, a template changed',
      'press rebuild, one UI string changed',
      'press rebuild, a UI string every email shows changed',
      'press build, cache and output restored elsewhere',
      'press build with photos, every photo published',
      'press rebuild with photos, one release edited',
      'press rebuild with photos, a template changed',
      'press serve, first preview',
      'press serve, one release edited, until its page is served',
      'press serve, one release edited, until lists are rebuilt'
    ])
    for (const step of steps) {
      expect(step.wall, step.name).toBeGreaterThan(0)
      expect(step.own, step.name).toBeLessThanOrEqual(step.wall)
      expect(step.rss, step.name).toBeGreaterThan(10)
    }
    const printed = table(steps, 24)
    expect(printed).toMatch(/^24 releases × 3 languages \(72 files\), on \d+ × /)
    expect(printed.split('\n').filter((line) => line.startsWith('| press'))).toHaveLength(15)
    expect(printed).toMatch(/^Peak RSS of press with a photo beside each release: \d+ MB/m)
    // Eleventy, every ratio's denominator, is built three times and the median run stands for it.
    const eleventyRuns = logged.flatMap((line) => /^ {2}Eleventy 3, cold, HTML only \(median of 3\), run \d of 3: ([\d.]+) s$/.exec(line)?.[1] ?? []).map(Number)
    expect(eleventyRuns).toHaveLength(3)
    expect(steps[0]!.wall.toFixed(2)).toBe(eleventyRuns.sort((a, b) => a - b)[1]!.toFixed(2))
    expect(printed).toContain('| Eleventy 3, cold, HTML only (median of 3) | ')
    expect(printed).toMatch(/\| press cold build, all outputs \|.*\| ≤ 2\.5 ×: (met|missed by [\d.]+ ×) \|/)
    expect(printed).toMatch(/\| press build, cache and output restored elsewhere \|.*\| ≤ 0\.1 ×: (met|missed by [\d.]+ ×) \|/)
    expect(printed).toMatch(/^Cold build with a worker thread per core \(\d+\): [\d.]+ × the throughput of one thread \(target ≥ 1\.6 × with 2 cores: (met|missed by [\d.]+ ×)\)\.$/m)
    expect(printed).toMatch(/^press's parser alone \(remark-parse with GFM and its extensions, nothing after it\): [\d.]+ × Eleventy in one thread, [\d.]+ × in two at once \([\d.]+ × the throughput of one\)/m)
    expect(printed).toMatch(/^Peak RSS of press: \d+ MB \(target ≤ 400 MB: (met|missed by \d+ MB)\)\.$/m)
    expect(printed).toMatch(/^One edited release, press's own time after start-up: \d+ ms/m)
    expect(printed).toMatch(/^One edited release in press serve, from the save until its page is served with the edit: \d+ ms \(target ≤ 150 ms: (met|missed by \d+ ms)\)\.$/m)
    // Each step that missed its target is followed by where its CPU time went.
    const missed = steps.filter((step) => printed.includes(`| ${step.name} |`) && new RegExp(`\\| ${step.name} \\|.*missed by`).test(printed))
    for (const step of missed) {
      const at = logged.findIndex((line) => line.startsWith(`  ${step.name}:`))
      expect(logged[at + 1], step.name).toMatch(/^ {4}\s*\d+ % {2}\S/m)
    }
  })
})
