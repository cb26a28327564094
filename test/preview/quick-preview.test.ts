// press serve's quick path runs the build's own per-release run: the same
// checks, the same links left out, the same files as the full preview build.
import {readFile, readdir, rm, symlink} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../pipeline/engine/build.js'
import {QuickPreview} from '../../pipeline/preview/quick-preview.js'
import {releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const site = 'https://embassy.example.org/news/'
const now = new Date('2026-03-20T12:00:00Z')

async function newsroom(): Promise<string> {
  const root = await temporaryFolder()
  await writeReleases(root, {
    '2026-03-01-programme/en.md': releaseText('title: The programme\ndate: 2026-03-01'),
    '2026-03-02-visit/en.md': releaseText(
      'title: The visit\ndate: 2026-03-02\nembargo: 2026-04-01T09:00:00Z',
      `See [the programme](${site}en/2026-03-01-programme/), [its French page](${site}fr/2026-03-01-programme/) and [the old notice](${site}en/2026-01-01-gone/).`
    ),
    '2026-03-02-visit/fr.md': releaseText('title: La visite\ndate: 2026-03-02\nstatus: draft', 'Le texte.')
  })
  return root
}

/** An output writer that keeps what it is given. */
function memory() {
  const files = new Map<string, string>()
  return {files, writer: {write: async (path: string, content: string | Uint8Array) => void files.set(path, Buffer.from(content).toString('utf8')), reuse: async () => false}}
}

describe('press serve’s quick path', () => {
  it('should check links and leave out those to translations that do not exist, as the build does, giving the full preview’s page', async () => {
    const root = await newsroom()
    const out = join(await temporaryFolder(), 'preview')
    const full = await build({root, out, now, preview: true, cache: false, workers: 0})
    expect(full.ok).toBe(true)
    const quick = (await QuickPreview.open(root, root))!
    try {
      const made = memory()
      const files = await quick.make(['2026-03-02-visit'], made.writer, now)
      const messages = files.flatMap((file) => file.messages.map((message) => `${file.path}:${message.line}:${message.column} ${message.ruleId}`))
      expect(messages).toContain('releases/2026-03-02-visit/en.md:7:81 unpublished-link')
      expect(messages).toContain('releases/2026-03-02-visit/en.md:7:162 missing-link-target')
      const page = made.files.get('en/2026-03-02-visit/index.html')!
      expect(page).toContain('href="https://embassy.example.org/news/en/2026-03-01-programme/"')
      expect(page).not.toContain('fr/2026-03-01-programme')
      // The draft French translation and the embargoed English one are both in the preview, marked.
      expect(made.files.has('fr/2026-03-02-visit/index.html')).toBe(true)
      expect(page).toBe(await readFile(join(out, 'en/2026-03-02-visit/index.html'), 'utf8'))
    } finally {
      await quick.close()
    }
  })

  it('should never write through a link planted inside the preview', async () => {
    const root = await newsroom()
    const preview = join(await temporaryFolder(), 'preview')
    expect((await build({root, out: preview, now, preview: true, cache: false, workers: 0})).ok).toBe(true)
    const victim = await temporaryFolder()
    const folder = join(preview, 'en', '2026-03-01-programme')
    await rm(folder, {recursive: true})
    await symlink(victim, folder)
    const quick = (await QuickPreview.open(root, root))!
    try {
      await expect(quick.republish(['2026-03-01-programme'], preview)).rejects.toThrow(/through a link inside the preview/)
    } finally {
      await quick.close()
    }
    expect(await readdir(victim)).toEqual([])
  })
})
