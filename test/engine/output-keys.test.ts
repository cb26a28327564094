// The output's records of what each file was made from and with which UI
// strings: read back as written, whatever the paths, and a record that is not
// one press wrote (damaged, cut short, of an older press) reads as none, so
// that the build makes every file again rather than trust it.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {outputKeysFile, outputKeysText, readOutputKeys, readStringUse, stringUseFile, stringUseText} from '../../pipeline/engine/output-keys.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, {recursive: true, force: true})
})

function output(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'communique-keys-'))
  folders.push(folder)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text)
  return folder
}

const keys = new Map([
  ['en/2026-03-02-visa/index.html', 'a1'],
  ['en/2026-03-02-visa/release.eml', 'b2'],
  ['search:en/2026-03-02-visa/index.html', 'c3 d4'],
  ['email-bytes:en/2026-03-02-visa/release.eml', '204800'],
  ['fr/2026-03-02-visa/index.html', 'e5'],
  ['media/photo "one"/ü.jpg', 'f6'],
  ['sitemap.xml', 'g7'],
  // A folder whose files sort around another's: read back the same, whatever its groups.
  ['media/a.jpg', 'h8'],
  ['media/b/c.jpg', 'i9'],
  ['media/d.jpg', 'j0']
])

describe('the record of output keys', () => {
  it('reads back every path and key as written, on one line, grouped by folder', async () => {
    const text = outputKeysText(keys)
    expect(await readOutputKeys(output({[outputKeysFile]: text}))).toEqual(keys)
    const named = (JSON.parse(text) as {folders: string[][]}).folders.map(([folder]) => folder)
    expect(named.sort()).toEqual(['', 'email-bytes:en/2026-03-02-visa/', 'en/2026-03-02-visa/', 'fr/2026-03-02-visa/', 'media/', 'media/', 'media/b/', 'media/photo "one"/', 'search:en/2026-03-02-visa/'])
    expect(text.trim().split('\n')).toHaveLength(1)
  })

  it('reads as none when missing, damaged, cut short or of an older press', async () => {
    const whole = outputKeysText(keys)
    const damaged = [
      whole.slice(0, whole.length / 2),
      '{"folders":[["en/x/","index.html"]]}',
      '{"folders":[["en/x/","index.html",7]]}',
      '{"folders":[[3,"index.html","a"]]}',
      '{"folders":{}}',
      'null',
      JSON.stringify(Object.fromEntries(keys), null, 1),
      // Not as press writes it: a folder without its slash, a name holding one, an empty name, a path twice or out of order.
      '{"folders":[["en/x","index.html","a"]]}',
      '{"folders":[["en/","x/index.html","a"]]}',
      '{"folders":[["en/x/","","a"]]}',
      '{"folders":[["en/x/","index.html","a","index.html","b"]]}',
      '{"folders":[["fr/x/","index.html","a"],["en/x/","index.html","b"]]}'
    ]
    expect(await readOutputKeys(output({}))).toEqual(new Map())
    for (const text of damaged) expect(await readOutputKeys(output({[outputKeysFile]: text}))).toEqual(new Map())
  })
})

describe('the record of the strings each file shows', () => {
  const shared = ['en\u0000nav.home', 'en\u0000share.suggest']
  const used = new Map<string, readonly string[]>([
    ['en/2026-03-02-visa/index.html', shared],
    ['en/2026-04-01-fair/index.html', [...shared]],
    ['en/2026-03-02-visa/release.eml', ['en\u0000email.why']],
    ['fr/2026-03-02-visa/index.html', []]
  ])

  it('reads back each file’s strings, each set written once', () => {
    const folder = output({[stringUseFile]: stringUseText(used)})
    expect(readStringUse(folder)).toEqual(used)
    expect(readFileSync(join(folder, stringUseFile), 'utf8').split('share.suggest').length - 1).toBe(1)
  })

  it('reads as none when a file names a set the record does not have, or the record is not one', () => {
    for (const text of ['{"sets":[["en\\u0000nav.home"]],"folders":[["en/x/","index.html",1]]}', '{"sets":[["en\\u0000nav.home"]],"folders":[["en/x/","index.html","0"]]}', '{"sets":[[1]],"folders":[["en/x/","index.html",0]]}', '{"sets":[["a"]],"files":{"en/x/index.html":0}}']) {
      expect(readStringUse(output({[stringUseFile]: text}))).toEqual(new Map())
    }
  })
})
