// What a build makes once for the whole newsroom (each language's email
// frame, the crest drawn) is kept in the cache: a rebuild takes it from
// there, and a change to the house email makes it again.
import {cp, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it, vi} from 'vitest'
import {openSession} from '../../pipeline/engine/session.js'
import {projectRoot, temporaryFolder} from '../helpers.js'

// Every time the frames are rendered from the templates, counted.
const rendered = vi.hoisted(() => ({count: 0}))
vi.mock('../../pipeline/publish/emit-email.js', async (importOriginal) => {
  const email = await importOriginal<typeof import('../../pipeline/publish/emit-email.js')>()
  return {...email, emailFramesOf: (...args: Parameters<typeof email.emailFramesOf>) => (rendered.count++, email.emailFramesOf(...args))}
})

function memoryCache() {
  const entries = new Map<string, string>()
  return {
    get: async <T>(key: string) => (entries.has(key) ? (JSON.parse(entries.get(key)!) as T) : undefined),
    set: async (key: string, value: unknown) => void entries.set(key, JSON.stringify(value))
  }
}

describe('the email frames kept in the cache', () => {
  it('are rendered once, taken from the cache by the next build, and rendered again when the house email changes', async () => {
    const root = await temporaryFolder()
    await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
    await cp(join(projectRoot, 'templates'), join(root, 'templates'), {recursive: true})
    const cache = memoryCache()
    rendered.count = 0
    const first = await openSession({root, cwd: root, cache}, [])
    expect(rendered.count).toBe(1)
    const frames = first!.data.emailFrames!
    expect(Object.keys(frames)).toEqual(expect.arrayContaining(['en', 'fr']))
    expect(frames.en).toContain('<style')

    const second = await openSession({root, cwd: root, cache}, [])
    expect(rendered.count).toBe(1)
    expect(second!.data.emailFrames).toEqual(frames)

    const layout = join(root, 'templates', 'email', 'layout.njk')
    await writeFile(layout, (await readFile(layout, 'utf8')).replace('</style>', 'p { letter-spacing: 0.01em; }\n</style>'))
    const restyled = await openSession({root, cwd: root, cache}, [])
    expect(rendered.count).toBe(2)
    expect(restyled!.data.emailFrames!.en).toContain('letter-spacing: 0.01em')
  })
})
