// Property tests of everything a newsroom holds besides its releases: fast-check
// writes settings, locale files and send journals, hostile or merely careless,
// and every command that reads them (check, build, bulletin, press serve's
// build, send --new --dry-run) must answer with a placed message and an exit
// code: never an internal error (exit 70), and never a failure with no word of where.
import {cp, mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {parse, stringify} from 'yaml'
import {build} from '../../pipeline/engine/build.js'
import {previewFolder} from '../../pipeline/preview/preview-build.js'
import {press, projectRoot, releaseText, temporaryFolder, writeReleases} from '../helpers.js'

const now = '2026-04-01T00:00:00Z'
/** Runs of each property: a few seconds' worth in the suite; PRESS_PROPERTY_RUNS=1000 for a campaign. */
const runs = Number(process.env['PRESS_PROPERTY_RUNS'] ?? 30)

const hostile = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, '', ' ', 'a\nb', 'a\r\nBcc: victim@example.org', -1, 0, 1.5, 1e12, 99999, true, [], {}, ['en', 'en'], ['xx'], ['en', 'zz-ZZ'], 'x'.repeat(300)),
  fc.constantFrom('https://[::1]:99999/', 'https://user:secret@embassy.example.org/', 'https://embassy.example.org/?q=1#f', 'javascript:alert(1)', 'http://[::1', '../../../etc/passwd', '/dev/zero', '/etc', 'media/crest.svg', 'Europe/Nowhere', 'America/Santiago', '%zz', 'en_CA!!', 'zh-Hans-CN', 'Press <a@b.org>', 'a@b', '«', ['«'], ['«', '»', '„'], '\u202f', {'?': 'x'}),
  fc.string({maxLength: 30}),
  fc.integer(),
  fc.jsonValue({maxDepth: 2})
)

/** Sets `value` at `path` inside `target`, making the objects on the way; undefined deletes. */
function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown) {
  let node = target
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object' || Array.isArray(node[key])) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  if (value === undefined) delete node[path.at(-1)!]
  else node[path.at(-1)!] = value
}

/** Text a careless edit leaves: mostly plausible, so that the rest of the file still reads and the change reaches further. */
const text = fc.constantFrom('Embassy\nof Aurelia', 'Line one\r\nBcc: victim@example.org', 'An ordinary phrase', '', ' ', '{{count}} releases', '{{ 7 * 7 }}', '<b>bold</b>', 'x'.repeat(300), '«', '\u0000')
const changes = (paths: ReadonlyArray<readonly string[]>, values = hostile) => fc.array(fc.tuple(fc.constantFrom(...paths), values), {minLength: 1, maxLength: 2})

const settingsPaths = [
  ['site', 'url'], ['site', 'logo'], ['site', 'favicon'], ['site'], ['languages'], ['defaultLanguage'], ['perPage'], ['timezone'], ['webFonts'], ['staleNote'],
  ['email'], ['email', 'from'], ['email', 'to'], ['email', 'listId'], ['email', 'unsubscribe'], ['email', 'unsubscribe', 'url'], ['email', 'unsubscribe', 'mail'], ['email', 'embargoList'], ['email', 'perMinute'],
  ['email', 'dkim'], ['email', 'dkim', 'keyFile'], ['email', 'dkim', 'domain'], ['advance'], ['advance', 'url'], ['advance', 'secret']
] as const
const localePaths = [['intl'], ['dir'], ['name'], ['ogLocale'], ['firstOfMonth'], ['typography'], ['typography', 'quotes'], ['typography', 'quotes', 'primary'], ['typography', 'quotes', 'secondary'], ['typography', 'quotes', 'apostrophe'], ['typography', 'quotes', 'inside'], ['typography', 'dashes'], ['typography', 'dashes', 'em'], ['typography', 'spaceBefore'], ['typography', 'cjkPunctuation'], ['fonts'], ['webFonts']] as const
const stringPaths = [['embassy', 'name'], ['embassy', 'email'], ['embassy', 'website'], ['embassy', 'phone'], ['embassy', 'address'], ['embassy'], ['category'], ['category', 'culture'], ['category', 'c'.repeat(200)], ['release'], ['release', 'endMark'], ['bulletin', 'subject_one'], ['bulletin'], ['nav', 'home'], ['feed', 'title'], ['share', 'body'], ['preview', 'draft']] as const

/** A newsroom of one release in English and French, with the sample's settings and its own copy of the English locale. */
async function newsroom(): Promise<string> {
  const root = await temporaryFolder()
  const settings = parse(await readFile(join(projectRoot, 'newsroom.yaml'), 'utf8')) as Record<string, unknown>
  setAt(settings, ['languages'], ['en', 'fr'])
  setAt(settings, ['site', 'logo'], undefined)
  await writeFile(join(root, 'newsroom.yaml'), stringify(settings))
  await mkdir(join(root, 'locales'))
  await cp(join(projectRoot, 'locales', 'en'), join(root, 'locales', 'en'), {recursive: true})
  await writeReleases(root, {'2026-03-02-visit/en.md': releaseText('title: Visit\ndate: 2026-03-02\ncategory: culture'), '2026-03-02-visit/fr.md': releaseText('title: Visite\ndate: 2026-03-02\ncategory: culture')})
  return root
}

/** Changes a YAML or JSON file of the newsroom at the given paths. */
async function change(path: string, edits: ReadonlyArray<readonly [readonly string[], unknown]>) {
  const json = path.endsWith('.json')
  const value = (json ? JSON.parse(await readFile(path, 'utf8')) : parse(await readFile(path, 'utf8'))) as Record<string, unknown>
  for (const [at, to] of edits) setAt(value, at, to)
  await writeFile(path, json ? JSON.stringify(value, null, 2) : stringify(value))
}

/** Runs a command in process; a throw is a fault of press, as the command line would report it with exit 70. */
async function answered(argv: string[], root: string) {
  try {
    return await press([...argv, '--root', root], root)
  } catch (problem) {
    return {code: 70, stdout: '', stderr: `internal error: ${(problem as Error).stack}`}
  }
}

/** Every command that reads a newsroom's settings and locales answers as a press officer can act on. */
async function everyCommandAnswers(root: string) {
  const commands = [
    ['check', '--now', now],
    ['build', '--now', now],
    ['bulletin', '--lang', 'en', '--since', '2026-03-01', '--until', '2026-03-31', '--now', now],
    ['send', '--new', '--dry-run']
  ]
  for (const argv of commands) {
    const result = await answered(argv, root)
    expect(result.stderr, argv.join(' ')).not.toContain('internal error')
    expect([0, 1, 2], `${argv.join(' ')}: ${result.stderr}`).toContain(result.code)
    // A failure says where: a file and its message, or the command's own sentence.
    if (result.code !== 0) expect(result.stderr, argv.join(' ')).toMatch(/(^|\n)\S[^\n]*\n(\s*\d+:\d+\S*)?\s+error\s+\S|^press [a-z]+: \S/)
  }
  // press serve's build, as it runs it.
  const preview = await build({root, out: previewFolder(root), cwd: root, now: new Date(now), preview: true})
  for (const file of preview.files) for (const message of file.messages) if (message.fatal) expect(String(file.path), message.reason).not.toBe('')
}

describe('settings, locales and journals, for any content', () => {
  it('should answer every command with a placed message for any settings', async () => {
    await fc.assert(
      fc.asyncProperty(changes(settingsPaths, fc.oneof(hostile, text, fc.constantFrom('https://embassy.example.org/news', 'http://embassy.example.org/', 'Press <press@embassy.example.org>', ['fr', 'en'], 'fr', 'Asia/Kathmandu', 60, {url: 'https://embassy.example.org/advance/', secret: 'PRESS_SECRET'}))), async (edits) => {
        const root = await newsroom()
        await change(join(root, 'newsroom.yaml'), edits)
        await everyCommandAnswers(root)
      }),
      {numRuns: runs}
    )
  }, 120_000)

  it('should answer every command with a placed message for any locale files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(changes(localePaths).map((edits) => ['locale.json', edits] as const), changes(stringPaths, fc.oneof({weight: 3, arbitrary: text}, {weight: 1, arbitrary: hostile})).map((edits) => ['translation.json', edits] as const)), async ([name, edits]) => {
        const root = await newsroom()
        await change(join(root, 'locales', 'en', name), edits)
        await everyCommandAnswers(root)
      }),
      {numRuns: runs}
    )
  }, 120_000)

  it('should stop at a journal line it does not know, and never fault, for any journal', async () => {
    const root = await newsroom()
    expect((await answered(['build', '--now', now], root)).code).toBe(0)
    const record = fc.record({at: fc.constant('2026-04-01T00:00:00.000Z'), event: fc.oneof(fc.constantFrom('sending', 'sent', 'refused', 'not-sent', 'marked-sent'), fc.string({maxLength: 10})), message: fc.oneof(fc.constant('<2026-03-02-visit.en@embassy.example.org>'), fc.string({maxLength: 10})), release: hostile, lang: hostile, subject: hostile, to: hostile, accepted: hostile, rejected: hostile, response: hostile, reason: hostile}, {requiredKeys: ['event']})
    const line = fc.oneof(record.map((value) => JSON.stringify(value)), fc.jsonValue().map((value) => JSON.stringify(value)), fc.string({maxLength: 40}))
    await fc.assert(
      fc.asyncProperty(fc.array(line, {maxLength: 6}), fc.boolean(), async (lines, torn) => {
        const text = `{"journal":"press send","version":1}\n${lines.map((one) => `${one}\n`).join('')}`
        await writeFile(join(root, 'sent-mail.jsonl'), torn ? text.slice(0, -1) : text)
        const result = await answered(['send', '--new', '--dry-run'], root)
        expect(result.stderr).not.toContain('internal error')
        expect([0, 1], result.stderr).toContain(result.code)
        if (result.code === 1) expect(result.stderr).toMatch(/^press send: (Line \d+ of the journal|nothing was ever sent)/m)
      }),
      {numRuns: runs * 2}
    )
  }, 120_000)
})
