// `press new`: a release started in every language at once, as drafts that
// check, format and build cleanly, and never over an existing release.
import {cp, mkdir, readFile, rmdir} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {press, projectRoot, readTree, temporaryFolder} from '../helpers.js'

async function newsroom() {
  const root = await temporaryFolder()
  await cp(join(projectRoot, 'newsroom.yaml'), join(root, 'newsroom.yaml'))
  return root
}

describe('press new', () => {
  it('should start a draft in every language, in each language’s words, that checks and formats cleanly', async () => {
    const root = await newsroom()
    const result = await press(['new', 'minister-visit', '--date', '2026-03-14'], root)
    expect(result).toEqual({
      code: 0,
      stdout: 'Started 6 files as drafts; write the release, then set status: published:\n' + ['en', 'fr', 'zh', 'ar', 'ru', 'es'].map((lang) => `  releases/2026-03-14-minister-visit/${lang}.md\n`).join(''),
      stderr: ''
    })
    const french = await readFile(join(root, 'releases/2026-03-14-minister-visit/fr.md'), 'utf8')
    expect(french).toMatch(/^translated-from: [0-9a-f]{12}$/m)
    expect(french.replace(/^translated-from: .*\n/m, '')).toBe('---\ntitle: Titre du communiqué (à remplacer)\ndate: 2026-03-14\nstatus: draft\n---\n\nLe paragraphe d’ouverture\u00a0: qui, quoi, quand et où, en deux ou trois phrases.\n\n## Contexte\n\nPrécisions, chiffres et programme.\n')
    expect(await readFile(join(root, 'releases/2026-03-14-minister-visit/zh.md'), 'utf8')).toContain('title: 新闻稿标题（请替换）\n')
    expect((await press(['format', '--check'], root)).stdout).toBe('All 6 release files are formatted.\n')
    const checked = await press(['check', '--now', '2026-03-14T12:00:00Z'], root)
    expect(checked.code).toBe(0)
    // A draft: built, nothing of it is published.
    expect((await press(['build', '--now', '2026-03-14T12:00:00Z'], root)).code).toBe(0)
    expect([...(await readTree(join(root, 'output'))).keys()].filter((path) => path.includes('minister-visit'))).toEqual([])
  })

  it('should start only the languages asked for, on today’s date in the newsroom’s time zone', async () => {
    const root = await newsroom()
    const result = await press(['new', 'trade-fair', '--lang', 'en,fr'], root)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Started 2 files as drafts.*\n {2}releases\/\d{4}-\d{2}-\d{2}-trade-fair\/en\.md\n {2}releases\/\d{4}-\d{2}-\d{2}-trade-fair\/fr\.md\n$/)
    const one = await press(['new', 'office-hours', '--lang', 'zh'], root)
    expect(one.stdout).toMatch(/^Started 1 file as a draft; write the release, then set status: published:\n {2}releases\/\d{4}-\d{2}-\d{2}-office-hours\/zh\.md\n$/)
  })

  it('should start nothing in a folder that is not a newsroom, where the sample embassy’s languages would be taken', async () => {
    const folder = await temporaryFolder()
    expect(await press(['new', 'visit'], folder)).toEqual({code: 2, stdout: '', stderr: "press new: this folder has no newsroom.yaml, so it is not a newsroom yet: run press init to start one with your embassy's languages, or give the newsroom with --root\n"})
    await mkdir(join(folder, 'elsewhere'))
    expect((await press(['new', 'visit', '--root', 'elsewhere'], folder)).stderr).toBe("press new: elsewhere has no newsroom.yaml, so it is not a newsroom yet: run press init elsewhere to start one with your embassy's languages, or give the newsroom with --root\n")
    expect([...(await readTree(folder)).keys()]).toEqual([])
    await rmdir(join(folder, 'elsewhere'))
    // press init makes it one, with its own settings.
    expect((await press(['init'], folder)).code).toBe(0)
    expect((await press(['new', 'visit', '--lang', 'en'], folder)).code).toBe(0)
  })

  it('should refuse an existing release, an invalid slug, an unknown language and a date that does not exist', async () => {
    const root = await newsroom()
    expect((await press(['new', 'visit', '--date', '2026-03-14'], root)).code).toBe(0)
    const before = await readTree(root)
    expect(await press(['new', 'visit', '--date', '2026-03-14'], root)).toEqual({code: 1, stdout: '', stderr: 'press new: releases/2026-03-14-visit already exists: choose another slug or date, or edit that release\n'})
    expect(await press(['new', 'Visit Today'], root)).toEqual({code: 2, stdout: '', stderr: 'press new: `Visit Today` cannot name a release: use lower-case words of letters and digits joined by hyphens, such as minister-visit\n'})
    expect(await press(['new', 'visit', '--lang', 'en,de'], root)).toEqual({code: 2, stdout: '', stderr: 'press new: de is not a language of this newsroom: choose among en, fr, zh, ar, ru, es\n'})
    const date = await press(['new', 'visit', '--date', '2026-02-30'], root)
    expect(date.code).toBe(2)
    expect(date.stderr).toContain('2026-02-30 is not a date')
    expect(await readTree(root)).toEqual(before)
  })
})
