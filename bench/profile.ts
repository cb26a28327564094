// Where a profiled bench step spent its CPU time: the V8 CPU profiles that
// `node --cpu-prof` writes for the main thread and each worker thread, added
// up by package (or by press's own module), self time only.
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'

interface CpuProfile {
  readonly nodes: ReadonlyArray<{readonly id: number; readonly callFrame: {readonly functionName: string; readonly url: string}}>
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

/** The largest shares of CPU time in the profiles of `folder`, as lines such as `  26 %  micromark`. */
export async function profileSummary(folder: string, top = 10): Promise<string[]> {
  const byPlace = new Map<string, number>()
  let total = 0
  for (const name of (await readdir(folder)).filter((file) => file.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(await readFile(join(folder, name), 'utf8')) as CpuProfile
    const places = new Map(profile.nodes.map((node) => [node.id, placeOf(node.callFrame)]))
    profile.samples.forEach((id, index) => {
      const time = profile.timeDeltas[index] ?? 0
      const place = places.get(id) ?? '(unknown)'
      // Threads waiting for work are not work.
      if (place === '(idle)' || place === 'piscina (waiting)') return
      total += time
      byPlace.set(place, (byPlace.get(place) ?? 0) + time)
    })
  }
  return [...byPlace]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([place, time]) => `${String(Math.round((time / total) * 100)).padStart(4)} %  ${place}`)
}

function placeOf({functionName, url}: {functionName: string; url: string}): string {
  if (functionName === '(idle)' || functionName === 'atomicsWaitLoop') return functionName === '(idle)' ? '(idle)' : 'piscina (waiting)'
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (inPackage) return inPackage[1]!
  const own = /\/dist\/(pipeline\/.+)\.js$/.exec(url)
  if (own) return `press: ${own[1]}`
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/').slice(0, 2).join('/')}`
  return functionName || '(native)'
}
