// extended() gives what a spread gives, and objects of the same fields made by it share one V8 hidden class.
import {setFlagsFromString} from 'node:v8'
import {describe, expect, it} from 'vitest'
import {extended} from '../../pipeline/lib/extended.js'

// V8's own test of whether two objects share a hidden class, allowed for the functions compiled after the flag.
setFlagsFromString('--allow-natives-syntax')
const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean

describe('extended', () => {
  it('should give the fields of both objects, in the order a spread gives them', () => {
    const entry = {id: 'fair', lang: 'en', updated: '2026-03-03'}
    const made = extended(entry, {indexDigest: 'abc'})
    expect(made).toStrictEqual({...entry, indexDigest: 'abc'})
    expect(Object.keys(made)).toEqual(['id', 'lang', 'updated', 'indexDigest'])
    expect(entry).toStrictEqual({id: 'fair', lang: 'en', updated: '2026-03-03'})
  })

  it('should share one hidden class among the objects a build keeps one of per translation, once the code is optimized', () => {
    const made: object[] = []
    for (let index = 0; index < 20_000; index++) made.push(extended({id: `release-${index}`, lang: 'en', updated: String(index)}, {indexDigest: String(index)}))
    expect(sameClass(made.at(-1)!, made.at(-2)!)).toBe(true)
    expect(sameClass(made[0]!, made.at(-1)!)).toBe(true)
  })
})
