// The output's records of what each file was made from and with which UI
// strings: read back as written, whatever the paths, and a record that is not
// one press wrote (damaged, cut short, of an older press) reads as none, so
// that the build makes every file again rather than trust it.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {outputKeysFile, outputKeysText, readOutputKeys, readStringUse, stringUseFile, stringUseText} from '../../pipeline/engine/output-keys.js'
import {codeVersion} from '../../pipeline/engine/code-version.js'

/** This press's code, which each record names: a record of another reads as none. */
const code = await codeVersion()
/** A record's text as press writes it, but for what follows its code. */
const withCode = (text: string) => text.replace(/^\{/, `{"code":${JSON.stringify(code)},`)

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
    const text = outputKeysText(keys, code)
    expect(await readOutputKeys(output({[outputKeysFile]: text}))).toEqual(keys)
    const named = (JSON.parse(text) as {folders: string[][]}).folders.map(([folder]) => folder)
    expect(named.sort()).toEqual(['', 'email-bytes:en/2026-03-02-visa/', 'en/2026-03-02-visa/', 'fr/2026-03-02-visa/', 'media/', 'media/', 'media/b/', 'media/photo "one"/', 'search:en/2026-03-02-visa/'])
    expect(text.trim().split('\n')).toHaveLength(1)
  })

  it('reads as none when missing, damaged, cut short, of an older press or made by another code', async () => {
    const whole = outputKeysText(keys, code)
    const damaged = [
      whole.slice(0, whole.length / 2),
      withCode('{"folders":[["en/x/","index.html"]]}'),
      withCode('{"folders":[["en/x/","index.html",7]]}'),
      withCode('{"folders":[[3,"index.html","a"]]}'),
      withCode('{"folders":{}}'),
      'null',
      JSON.stringify(Object.fromEntries(keys), null, 1),
      // Not as press writes it: a folder without its slash, a name holding one, an empty name, a path twice or out of order.
      withCode('{"folders":[["en/x","index.html","a"]]}'),
      withCode('{"folders":[["en/","x/index.html","a"]]}'),
      withCode('{"folders":[["en/x/","","a"]]}'),
      withCode('{"folders":[["en/x/","index.html","a","index.html","b"]]}'),
      withCode('{"folders":[["fr/x/","index.html","a"],["en/x/","index.html","b"]]}'),
      // Whole, but made by another press, its packages or Node.js, whose keys no file of this build can have; or before records named it.
      outputKeysText(keys, 'another code'),
      whole.replace(`{"code":${JSON.stringify(code)},`, '{')
    ]
    // As press writes it, with this code: read, so that each above is refused for what it says.
    expect(await readOutputKeys(output({[outputKeysFile]: withCode('{"folders":[["en/x/","index.html","a"]]}')}))).toEqual(new Map([['en/x/index.html', 'a']]))
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

  it('reads back each file’s strings, each set written once', async () => {
    const folder = output({[stringUseFile]: stringUseText(used, code)})
    expect(await readStringUse(folder)).toEqual(used)
    expect(readFileSync(join(folder, stringUseFile), 'utf8').split('share.suggest').length - 1).toBe(1)
  })

  it('reads as none when a file names a set the record does not have, the record is not one, or another code made it', async () => {
    expect(await readStringUse(output({[stringUseFile]: withCode('{"sets":[["en\\u0000nav.home"]],"folders":[["en/x/","index.html",0]]}')}))).toEqual(new Map([['en/x/index.html', ['en\u0000nav.home']]]))
    for (const text of ['{"sets":[["en\\u0000nav.home"]],"folders":[["en/x/","index.html",1]]}', '{"sets":[["en\\u0000nav.home"]],"folders":[["en/x/","index.html","0"]]}', '{"sets":[[1]],"folders":[["en/x/","index.html",0]]}', '{"sets":[["a"]],"files":{"en/x/index.html":0}}'].map(withCode)) {
      expect(await readStringUse(output({[stringUseFile]: text}))).toEqual(new Map())
    }
    expect(await readStringUse(output({[stringUseFile]: stringUseText(used, 'another code')}))).toEqual(new Map())
  })
})
