// A release's history as each output shows it: its corrections and its
// withdrawal, dated as the release's language writes dates.
import type {Locale} from '../model/locale.js'
import type {FrontMatter} from '../source/validate.js'

/**
 * What goes between a dateline and the date on the page and in the email, as
 * the print-ready text writes them together (`text.dateline`): "OTTAWA, le
 * 18 avril 2026" in every output. An em dash where the string puts the date first.
 */
function datelineJoin(locale: Locale): string {
  const text = locale.t('text.dateline', {dateline: '\u0001', date: '\u0002'})
  const from = text.indexOf('\u0001')
  const to = text.indexOf('\u0002')
  return from !== -1 && to > from ? text.slice(from + 1, to) : ' — '
}

/** The corrections and withdrawal of a release, with their dates as its language writes them, and how its dateline joins its date. */
export function history(locale: Locale, frontMatter: FrontMatter, timeZone: string) {
  const when = (time: number) => locale.formatInstant(time, timeZone)
  return {
    datelineJoin: datelineJoin(locale),
    ...(frontMatter.updatedTime === undefined ? {} : {correction: {text: locale.t('release.updated', {date: when(frontMatter.updatedTime)}), datetime: new Date(frontMatter.updatedTime).toISOString()}}),
    changeNotes: (frontMatter.changes ?? []).map((change) => ({dateText: when(change.time), datetime: new Date(change.time).toISOString(), note: change.note})),
    ...(frontMatter.withdrawn ? {withdrawal: {text: locale.t('release.withdrawn', {date: when(frontMatter.withdrawn.time)}), reason: frontMatter.withdrawn.reason}} : {})
  }
}
