// Composes a language's typography from the `typography` settings in its
// locale.json, so that adding a language adds data, not code. Rules run in a
// fixed order; each is idempotent, and so is the whole.
import {setArabicPunctuation} from './arabic-punctuation.js'
import {setCjkPunctuation} from './cjk-punctuation.js'
import type {Dashes, Typography} from '../model/typography.js'
import {cleanUp, finish} from './cleanup.js'
import {setDashes} from './dashes.js'
import {setSpaceBefore} from './french-spacing.js'
import {noBreakRules, setDigitGroups} from './no-break.js'
import {setQuotes} from './quotes.js'
import type {TextRun} from './text-run.js'

export type Typesetter = (run: TextRun) => void

const defaultDashes: Dashes = {en: '–', em: '—'}

export function createTypesetter(typography: Typography = {}): Typesetter {
  const dashes = typography.dashes ?? defaultDashes
  const noBreaks = typography.noBreak && noBreakRules(typography.noBreak)
  const digitGroups = typography.digitGroups
  const pass = (run: TextRun) => {
    cleanUp(run)
    setDashes(run, dashes)
    if (typography.quotes) setQuotes(run, typography.quotes)
    if (typography.spaceBefore) setSpaceBefore(run, typography.spaceBefore)
    if (digitGroups !== undefined) setDigitGroups(run, digitGroups)
    if (noBreaks) noBreaks(run)
    if (typography.cjkPunctuation) setCjkPunctuation(run)
    if (typography.arabicPunctuation) setArabicPunctuation(run)
    finish(run)
  }
  // Rules can make room for one another (a space removed brings two marks
  // together), so passes repeat until nothing changes: normalizing twice
  // then changes nothing.
  return (run) => {
    for (let passes = 0, text = run.text; passes < maxPasses; passes++) {
      pass(run)
      if (run.text === text) return
      text = run.text
    }
  }
}

const maxPasses = 4
