// Rules every language gets: composed characters, no invisible or control
// characters, single spaces, and the typist's `...`.
import type {Segment, TextRun} from './text-run.js'
import {breakVanishes} from '../lib/characters.js'

// C0 and C1 controls but line feed, zero-width space, BOM, soft hyphen kept out.
// Zero-width joiner and non-joiner (U+200C, U+200D) stay: some scripts need them.
const invisible = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b\u2060\ufeff]/g

export function cleanUp(run: TextRun): void {
  const composable = (segment: Segment) => !segment.frozen && segment.value.normalize('NFC') !== segment.value
  if (run.segments.some(composable)) {
    // A letter typed with its accents apart, composed (NFC) as a rule, so that its note and every later one are placed where typed.
    run.replace('compose', /\P{M}\p{M}+/gu, (match) => match[0].normalize('NFC'))
    // What else composes: Hangul typed as its letters, the few characters NFC replaces alone, a letter and accent in two segments.
    for (const segment of run.segments) if (composable(segment)) segment.value = segment.value.normalize('NFC')
  }
  run.replace('line-endings', /\r\n?/g, () => '\n')
  // A line break beside a zero-width space shows as nothing (CSS Text 3), so it goes with the space.
  run.replace('zero-width-break', /\u200b+\n|\n\u200b+/g, () => '')
  run.replace('invisible-characters', invisible, (match) => (match[0] === '\t' ? ' ' : ''))
  // Matching only the spaces after the first lets a run of spaces split by
  // markup (where raw HTML was left out) be taken apart one segment at a time.
  run.replace('spaces', /(?<= ) +/g, () => '')
  run.replace('trailing-spaces', / +(?=\n)| +$/g, () => '')
  run.replace('leading-spaces', /(?<=\n) +|^ +/g, () => '')
  run.replace('ellipsis', /(?<!\.)\.\.\.(?!\.)/g, () => '…')
}

/**
 * Last touches, once quotes and punctuation are set: no space before a comma
 * or full stop, and no line break inside a sentence of Chinese or Japanese,
 * where it would show as a space between characters.
 */
export function finish(run: TextRun): void {
  run.replace('space-before-comma', /(?<=[\p{L}\p{N}”’»)])[ \u00a0\u202f]+([,.])(?=\s|$)/gu, (match) => match[1])
  run.replace('cjk-line-break', /\n/g, (match, text) => (breakVanishes(text, match.index) ? '' : undefined))
}
