// A release's history as each output shows it: its corrections and its
// withdrawal, dated as the release's language writes dates.
import type {Locale} from '../model/locale.js'
import type {FrontMatter} from '../source/validate.js'

/** The corrections and withdrawal of a release, with their dates as its language writes them. */
export function history(locale: Locale, frontMatter: FrontMatter, timeZone: string) {
  const when = (time: number) => locale.formatInstant(time, timeZone)
  return {
    ...(frontMatter.updatedTime === undefined ? {} : {correction: {text: locale.t('release.updated', {date: when(frontMatter.updatedTime)}), datetime: new Date(frontMatter.updatedTime).toISOString()}}),
    changeNotes: (frontMatter.changes ?? []).map((change) => ({dateText: when(change.time), datetime: new Date(change.time).toISOString(), note: change.note})),
    ...(frontMatter.withdrawn ? {withdrawal: {text: locale.t('release.withdrawn', {date: when(frontMatter.withdrawn.time)}), reason: frontMatter.withdrawn.reason}} : {})
  }
}
