// `npm run bench [-- --releases N] [--no-pdf] [--no-photos]`: builds a synthetic newsroom of N
// releases in three languages and measures, each in a process of its own,
// press's cold build, Eleventy 3 building the same Markdown to HTML with one
// nunjucks layout (three times: the median is every ratio's denominator), press's parser alone over the same sources in one thread
// and in two (the floor under a cold build), and press's rebuilds: nothing changed, one release edited,
// a template changed, one UI string changed (and one every email shows), the cache and output restored
// into another folder (as on a CI runner); at the first size, a build with
// every release's PDF printed and one edit after it, and a build with a photo
// beside every release, one edit and a template change; and press serve's first preview
// and one release edited while it runs. Prints one table.
import {spawn} from 'node:child_process'
import {appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {cpus, totalmem, tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {packageRoot} from '../pipeline/source/package-root.js'
import {addPhotos, benchLanguages, releaseId, writeNewsroom} from './newsroom.js'
import {profileSummary} from './profile.js'
import {serveSteps} from './serve.js'

export interface Step {
  readonly name: string
  readonly wall: number
  /** The time the tool took once loaded: the figure a long-running preview server would see. */
  readonly own: number
  readonly cpu: number
  readonly rss: number
}

// Each step runs the compiled press, as a user would, also when this module is loaded from source by the tests.
const measure = join(packageRoot, 'dist', 'bench', 'measure.js')
const now = '2026-06-01T00:00:00Z'

/** Runs one step in a child process (in `cwd`, as a press officer or a CI runner runs press in the newsroom); resolves to its wall time and what it reports of CPU and memory. With `profile`, writes its CPU profiles there. */
function step(name: string, args: string[], profile?: string, cwd?: string): Promise<Step> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []), measure, ...args], {stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? {cwd} : {})})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    child.on('error', reject)
    child.on('exit', (code) => {
      const wall = (performance.now() - started) / 1000
      if (code !== 0) return reject(new Error(`${name} failed (${code}):\n${stderr}`))
      const usage = JSON.parse(stdout.trim().split('\n').at(-1)!) as {own: number; cpu: number; rss: number}
      resolve({name, wall, ...usage})
    })
  })
}

const eleventyLayout = `<!doctype html>
<html lang="{{ lang or 'en' }}"><head><meta charset="utf-8"><title>{{ title }}</title><link rel="stylesheet" href="/assets/style.css"></head>
<body><header><p>Embassy of the Republic of Aurelia</p><nav><a href="/">Home</a> &gt; <a href="/news/">Embassy News</a></nav></header>
<main><h1>{{ title }}</h1><p>{{ date }}</p>{{ content | safe }}</main>
<footer><p>Embassy of the Republic of Aurelia</p><p><a href="mailto:?subject={{ title | urlencode }}">Suggest to a Friend</a></p></footer></body></html>
`

/**
 * Measures every step on a newsroom of `releases` releases. With `profile`,
 * each press step is profiled and, where it misses its target, the largest
 * shares of its CPU time are logged: the profile of why.
 */
export interface BenchOptions {
  readonly log?: (line: string) => void
  /** Each press step under the CPU profiler, and where the time went in each that misses its target. */
  readonly profile?: boolean
  /** The steps with every release's PDF printed. */
  readonly pdfs?: boolean
  /** The steps with a photo beside every release. */
  readonly photos?: boolean
  /** Where to leave the run's folder for the caller to remove, rather than removing it at the end. */
  readonly removeLater?: string[]
}

export async function bench(releases: number, {log = console.log, profile = false, pdfs = false, photos = false, removeLater}: BenchOptions = {}): Promise<Step[]> {
  const folder = await mkdtemp(join(tmpdir(), 'communique-bench-'))
  try {
    const root = join(folder, 'newsroom')
    await writeNewsroom(root, releases)
    // Sources a press officer builds have settled: a file younger than two seconds is never trusted unread (lib/read-log.ts).
    await new Promise((done) => setTimeout(done, 2100))
    await mkdir(join(folder, 'eleventy-includes'))
    await writeFile(join(folder, 'eleventy-includes', 'release.njk'), eleventyLayout)
    const out = join(root, 'output')
    const profiles = join(folder, 'profiles')
    let profiled = 0
    const press = (name: string) => step(name, ['press', 'build', '--root', root, '--out', out, '--now', now], profile ? join(profiles, String(++profiled)) : undefined, root)
    const steps: Step[] = []
    const run = async (made: Promise<Step>) => {
      const done = await made
      steps.push(done)
      log(`  ${done.name}: ${done.wall.toFixed(2)} s`)
      const target = targets[done.name]
      const baseline = steps[0]!.wall
      if (profile && target !== undefined && done.wall / baseline > target) log((await profileSummary(join(profiles, String(profiled)))).map((line) => `    ${line}`).join('\n'))
    }

    // Eleventy's time divides every step's: one run of it took 2.98 to 4.76 s at 1,000 releases from one run of the bench to
    // another, so it is built three times, each into a folder of its own, and the run of the median time stands for it.
    const eleventy: Step[] = []
    for (const round of [1, 2, 3]) {
      const one = await step(eleventyStep, ['eleventy', join(root, 'releases'), join(folder, `eleventy-out-${round}`), join('..', '..', 'eleventy-includes')])
      log(`  ${eleventyStep}, run ${round} of 3: ${one.wall.toFixed(2)} s`)
      eleventy.push(one)
    }
    await run(Promise.resolve(eleventy.sort((a, b) => a.wall - b.wall)[1]!))
    // The floor: press's parser alone over every source, in one thread and in two at once.
    await run(step(parserOne, ['parse', join(root, 'releases'), '1']))
    await run(step(parserTwo, ['parse', join(root, 'releases'), '2']))
    // The same cold build in one thread, the main one (--threads 0), into a folder and a cache of its own: what the other core adds.
    await run(step('press cold build, one thread', ['press', 'build', '--root', root, '--out', join(folder, 'one-thread'), '--cache', join(folder, 'one-thread-cache'), '--now', now, '--threads', '0'], profile ? join(profiles, String(++profiled)) : undefined, root))
    await run(press('press cold build, all outputs'))
    await run(press('press rebuild, nothing changed'))
    const edited = join(root, 'releases', releaseId(Math.floor(releases / 2)), `${benchLanguages[0]}.md`)
    await appendFile(edited, '\nOne more sentence, added by the benchmark.\n')
    await run(press('press rebuild, one release edited'))
    // That first rebuild after a cold build has no build before last to recycle, and links every file anew; every later one recycles.
    await appendFile(join(root, 'releases', releaseId(Math.floor(releases / 6)), `${benchLanguages[0]}.md`), '\nOne more sentence, added by the benchmark.\n')
    await run(press('press rebuild, another release edited'))
    await mkdir(join(root, 'templates'))
    await writeFile(join(root, 'templates', 'release.njk'), `${await readFile(join(packageRoot, 'templates', 'release.njk'), 'utf8')}{# changed by the benchmark #}\n`)
    await run(press('press rebuild, a template changed'))
    await cp(join(packageRoot, 'locales'), join(root, 'locales'), {recursive: true})
    const strings = join(root, 'locales', 'fr', 'translation.json')
    await writeFile(strings, (await readFile(strings, 'utf8')).replace('"Accueil"', '"Page d’accueil"'))
    await run(press('press rebuild, one UI string changed'))
    // A string every English page, text and email shows inside the release (the embassy's About paragraph): the case a
    // press office meets, where the step above changes the breadcrumb's, which no email or search index holds.
    const english = join(root, 'locales', 'en', 'translation.json')
    const about = JSON.parse(await readFile(english, 'utf8')) as {embassy: {about: string}}
    await writeFile(english, JSON.stringify({...about, embassy: {...about.embassy, about: `${about.embassy.about} Changed by the benchmark.`}}, null, 2))
    await run(press('press rebuild, a UI string every email shows changed'))
    // A CI runner: a fresh folder (another path) with the cache and the previous output restored into it.
    const restored = join(folder, 'restored')
    await cp(root, restored, {recursive: true, verbatimSymlinks: true})
    // The copy (about 700 MB at 1,000 releases) is on disk before the step, as a cache action's is long before the build step:
    // otherwise the kernel writes it back during the step, on the same two cores.
    await new Promise((done) => spawn('sync', {stdio: 'ignore'}).on('close', done).on('error', done))
    // Run in the copy, as a CI runner runs press in its clone: messages name the files as the last build's did.
    await run(step('press build, cache and output restored elsewhere', ['press', 'build', '--root', restored, '--out', join(restored, 'output'), '--now', now], profile ? join(profiles, String(++profiled)) : undefined, restored))
    if (pdfs) {
      // The PDFs (issue 24): the same newsroom asking for them, its fragments cached, so that the step is the printing; then one edit.
      const printed = join(folder, 'printed')
      await cp(root, printed, {recursive: true, verbatimSymlinks: true})
      // The bench newsroom has the built-in settings: its own, asking for PDFs.
      await writeFile(join(printed, 'newsroom.yaml'), `${await readFile(join(packageRoot, 'newsroom.yaml'), 'utf8')}\npdf: true\n`)
      const withPdfs = (name: string) => step(name, ['press', 'build', '--root', printed, '--out', join(printed, 'output'), '--now', now], profile ? join(profiles, String(++profiled)) : undefined, printed)
      await run(withPdfs('press build with PDFs, every PDF printed'))
      await appendFile(join(printed, 'releases', releaseId(Math.floor(releases / 4)), `${benchLanguages[0]}.md`), '\nOne more sentence, added by the benchmark.\n')
      await run(withPdfs('press rebuild with PDFs, one release edited'))
    }
    if (photos) {
      // Photos (which real releases have and the bench's text has none of): a photo of its own beside each release, shown in
      // each translation, so the sources change and are parsed again; then one edit, and a template changed.
      const photographed = join(folder, 'photographed')
      await cp(root, photographed, {recursive: true, verbatimSymlinks: true})
      await addPhotos(photographed, releases)
      await new Promise((done) => setTimeout(done, 2100))
      const withPhotos = (name: string) => step(name, ['press', 'build', '--root', photographed, '--out', join(photographed, 'output'), '--now', now], profile ? join(profiles, String(++profiled)) : undefined, photographed)
      await run(withPhotos(photoSteps[0]))
      // The gigabyte of copies it wrote on disk before the edit, as it is when a press officer edits a release later.
      await new Promise((done) => spawn('sync', {stdio: 'ignore'}).on('close', done).on('error', done))
      await appendFile(join(photographed, 'releases', releaseId(Math.floor(releases / 5)), `${benchLanguages[0]}.md`), '\nOne more sentence, added by the benchmark.\n')
      await run(withPhotos(photoSteps[1]))
      await appendFile(join(photographed, 'templates', 'release.njk'), '{# changed again by the benchmark #}\n')
      await run(withPhotos(photoSteps[2]))
    }
    const serving = await serveSteps(root, join(root, 'releases', releaseId(Math.floor(releases / 3)), `${benchLanguages[0]}.md`), `${benchLanguages[0]}/${releaseId(Math.floor(releases / 3))}/`)
    for (const one of serving) await run(Promise.resolve(one))
    return steps
  } finally {
    // Removed when asked, or at the end of the run: on ext4 without a journal, files created just after thousands are removed
    // cost seconds of the kernel's time (docs/development.md), which the next size's steps would pay.
    if (removeLater) removeLater.push(folder)
    else await rm(folder, {recursive: true, force: true})
  }
}

/** The targets of each step, as ratios to Eleventy's cold build (shared/DESIGN.md); peak memory and the edit's own time have their own. */
const targets: Record<string, number> = {
  'press cold build, all outputs': 2.5,
  'press rebuild, nothing changed': 0.05,
  'press rebuild, one release edited': 0.08,
  'press rebuild, another release edited': 0.08,
  'press rebuild, a template changed': 0.4,
  'press rebuild, one UI string changed': 0.4,
  'press rebuild, a UI string every email shows changed': 0.4,
  'press build, cache and output restored elsewhere': 0.1
}
const peakTarget = 400
/** The steps with a photo beside each release: no targets of their own, and apart from the peak the target is for. */
const photoSteps = ['press build with photos, every photo published', 'press rebuild with photos, one release edited', 'press rebuild with photos, a template changed'] as const
/** Eleventy's cold build, the denominator of every ratio: the median of three runs. */
const eleventyStep = 'Eleventy 3, cold, HTML only (median of 3)'
const parserOne = 'remark-parse alone (press\'s parser), one thread'
const parserTwo = 'remark-parse alone (press\'s parser), two threads'

/** The throughput of a cold build in two threads, as a multiple of one. */
const threadsTarget = 1.6
const editTarget = 0.15
/** press serve: an edited release's page served anew (issue 11). */
const serveEditTarget = 0.15

export function table(steps: readonly Step[], releases: number): string {
  const baseline = steps.find((one) => one.name === eleventyStep)!.wall
  const verdict = (met: boolean, by: string) => (met ? 'met' : `missed by ${by}`)
  const rows = steps.map((one) => {
    const ratio = one.wall / baseline
    const target = targets[one.name]
    const aim = target === undefined ? '' : `≤ ${target} ×: ${verdict(ratio <= target, `${(ratio / target).toFixed(1)} ×`)}`
    return `| ${one.name} | ${one.wall.toFixed(2)} | ${one.own.toFixed(2)} | ${one.cpu.toFixed(2)} | ${Math.round(one.rss)} | ${ratio.toFixed(2)} × | ${aim} |`
  })
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`
  const withPhotos = (one: Step) => (photoSteps as readonly string[]).includes(one.name)
  const peak = Math.max(...steps.filter((one) => one.name.startsWith('press') && !withPhotos(one)).map((one) => one.rss))
  const photoPeak = Math.max(0, ...steps.filter(withPhotos).map((one) => one.rss))
  const edit = steps.find((one) => one.name === 'press rebuild, one release edited')
  const served = steps.find((one) => one.name === 'press serve, one release edited, until its page is served')
  const oneThread = steps.find((one) => one.name === 'press cold build, one thread')
  const cold = steps.find((one) => one.name === 'press cold build, all outputs')
  const speedUp = oneThread && cold ? oneThread.wall / cold.wall : undefined
  const [parsedOne, parsedTwo] = [parserOne, parserTwo].map((name) => steps.find((one) => one.name === name))
  return [
    `${releases} releases × ${benchLanguages.length} languages (${releases * benchLanguages.length} files), on ${machine}`,
    '',
    '| step | wall (s) | after start-up (s) | CPU (s) | peak RSS (MB) | × Eleventy cold | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    `Peak RSS of press: ${Math.round(peak)} MB (target ≤ ${peakTarget} MB: ${verdict(peak <= peakTarget, `${Math.round(peak - peakTarget)} MB`)}).`,
    ...(photoPeak > 0 ? [`Peak RSS of press with a photo beside each release: ${Math.round(photoPeak)} MB (decoded photos and their encoders' buffers, outside the JavaScript heaps).`] : []),
    ...(speedUp === undefined ? [] : [`Cold build with a worker thread per core (${cpus().length}): ${speedUp.toFixed(2)} × the throughput of one thread (target ≥ ${threadsTarget} × with 2 cores: ${verdict(speedUp >= threadsTarget, `${(threadsTarget - speedUp).toFixed(2)} ×`)}).`]),
    ...(parsedOne && parsedTwo ? [`press's parser alone (remark-parse with GFM and its extensions, nothing after it): ${(parsedOne.wall / baseline).toFixed(2)} × Eleventy in one thread, ${(parsedTwo.wall / baseline).toFixed(2)} × in two at once (${(parsedOne.wall / parsedTwo.wall).toFixed(2)} × the throughput of one): no cold build goes below the second, nor do a build's threads scale beyond the third.`] : []),
    ...(edit ? [`One edited release, press's own time after start-up: ${Math.round(edit.own * 1000)} ms (target ≤ ${editTarget * 1000} ms: ${verdict(edit.own <= editTarget, `${Math.round((edit.own - editTarget) * 1000)} ms`)}).`] : []),
    ...(served ? [`One edited release in press serve, from the save until its page is served with the edit: ${Math.round(served.wall * 1000)} ms (target ≤ ${serveEditTarget * 1000} ms: ${verdict(served.wall <= serveEditTarget, `${Math.round((served.wall - serveEditTarget) * 1000)} ms`)}).`] : [])
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--releases')
  // One size or several, as `--releases 1000,4000`: each measured in turn, in one run.
  const sizes = (at === -1 ? '1000,4000' : (process.argv[at + 1] ?? '')).split(',').map(Number)
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error('--releases takes a whole number, or several separated by commas')
  const profile = process.argv.includes('--profile')
  // Printing every release is minutes of Chromium: measured at the first size only, and not at all with --no-pdf; photos likewise.
  const pdfs = !process.argv.includes('--no-pdf')
  const photos = !process.argv.includes('--no-photos')
  const tables = []
  const folders: string[] = []
  try {
    for (const [index, releases] of sizes.entries()) {
      console.log(`Writing ${releases} releases and measuring${profile ? ', with CPU profiles (slower: compare timings only with each other)' : ''}…`)
      tables.push(table(await bench(releases, {profile, pdfs: pdfs && index === 0, photos: photos && index === 0, removeLater: folders}), releases))
    }
  } finally {
    for (const folder of folders) await rm(folder, {recursive: true, force: true})
  }
  console.log(`\n${tables.join('\n\n')}`)
}
