// Dates and times as press offices write them: calendar dates `YYYY-MM-DD`
// and instants `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with a zone offset, read
// strictly (a day that does not exist is an error, never the next month's),
// and the newsroom's own time zone for "today" and "the start of that day".

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/
const instantPattern = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2})$/

export type Reading = {readonly time: number} | {readonly problem: string}

/** Reads a calendar date; the problem says what is wrong with it. */
export function readDate(text: string): Reading {
  const match = datePattern.exec(text)
  if (!match) return {problem: 'write it as YYYY-MM-DD, for example 2026-03-14'}
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number]
  const problem = dayProblem(year, month, day)
  return problem ? {problem} : {time: Date.UTC(year, month - 1, day)}
}

/**
 * Reads an instant with its offset, to the millisecond. A finer fraction is
 * rounded `up` (an embargo never lifts early) or `down` (a build time).
 */
export function readInstant(text: string, rounding: 'up' | 'down'): Reading {
  const match = instantPattern.exec(text)
  if (!match) return {problem: 'write the date, the time and the time zone offset, for example 2026-03-14T09:00:00-05:00'}
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number]
  const second = Number(match[6] ?? 0)
  const fraction = match[7] ?? ''
  const zone = match[8]!
  const problem = dayProblem(year, month, day)
  if (problem) return {problem}
  if (hour > 23 || minute > 59) return {problem: `${match[4]}:${match[5]} is not a time of day: hours go from 00 to 23 and minutes from 00 to 59`}
  if (second === 60) return {problem: 'a leap second (:60) cannot be used: write :59'}
  if (second > 59) return {problem: 'seconds go from 00 to 59'}
  let offset = 0
  if (!/^[Zz]$/.test(zone)) {
    const [hours, minutes] = zone.slice(1).split(':').map(Number) as [number, number]
    if (hours > 23 || minutes > 59) return {problem: `${zone} is not a time zone offset: write it as +HH:MM or -HH:MM, such as -05:00`}
    offset = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000
  }
  let milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3))
  if (rounding === 'up' && /[1-9]/.test(fraction.slice(3))) milliseconds++
  return {time: Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offset}
}

function dayProblem(year: number, month: number, day: number): string | undefined {
  // A year before 1900 is a typo (0026 for 2026), and would reach an email's Date as no mail program reads it.
  if (year < 1900) return `${String(year).padStart(4, '0')} is not the year of a press release: write the year in full, such as 2026`
  if (month < 1 || month > 12) return `there is no month ${String(month).padStart(2, '0')}: months go from 01 to 12`
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (day < 1 || day > days) return `${year}-${String(month).padStart(2, '0')} has no day ${String(day).padStart(2, '0')}`
  return undefined
}

/** Whether `zone` is a time zone the system knows, such as `America/Toronto`. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', {timeZone: zone})
    return true
  } catch {
    return false
  }
}

const formats = new Map<string, Intl.DateTimeFormat>()

function partsIn(time: number, zone: string) {
  let format = formats.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'})
    formats.set(zone, format)
  }
  // The text as en-US writes it, 03/14/2026, 09:00:00, read back: a quarter of the time formatToParts takes (a rebuild
  // asks for every release's day); the parts when the text is not in that shape (another ICU's punctuation).
  const shaped = usShape.exec(format.format(time))
  if (shaped) {
    const [month, day, year, hour, minute, second] = shaped.slice(1, 7).map(Number) as [number, number, number, number, number, number]
    return {year, month, day, hour, minute, second}
  }
  const parts = Object.fromEntries(format.formatToParts(time).map((part) => [part.type, part.value]))
  return {year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second)}
}

const usShape = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/

/** The calendar day, `YYYY-MM-DD`, that `time` falls on in `zone`. */
export function dayIn(time: Date, zone: string): string {
  return dayOf(partsIn(time.getTime(), zone))
}

function dayOf({year, month, day}: {year: number; month: number; day: number}): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** `time` as ISO 8601 with the offset `zone` has then, such as 2026-03-02T00:00:00-05:00: what structured data asks for. */
export function isoIn(time: number, zone: string): string {
  // Every translation of a release asks for the same instant.
  const key = `${time} ${zone}`
  let iso = isoTexts.get(key)
  if (iso === undefined) {
    iso = isoText(time, zone)
    if (isoTexts.size < 100_000) isoTexts.set(key, iso)
  }
  return iso
}

const isoTexts = new Map<string, string>()

function isoText(time: number, zone: string): string {
  const {year, month, day, hour, minute, second} = partsIn(time, zone)
  const two = (value: number) => String(value).padStart(2, '0')
  const wall = Date.UTC(year, month - 1, day, hour, minute, second)
  const offset = Math.round((wall - Math.floor(time / 1000) * 1000) / 60000)
  const sign = offset < 0 ? '-' : '+'
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`
}

const dayStarts = new Map<string, number>()

/** The instant a calendar day begins in `zone`. */
export function startOfDayIn(date: string, zone: string): Date {
  // Every translation of a release, and every release of a day, asks for the same day.
  const key = `${date} ${zone}`
  let start = dayStarts.get(key)
  if (start === undefined) dayStarts.set(key, (start = computeStartOfDay(date, zone)))
  return new Date(start)
}

function computeStartOfDay(date: string, zone: string): number {
  const midnight = Date.parse(`${date}T00:00:00Z`)
  const hours = 60 * 60 * 1000
  const offsetAt = (time: number) => {
    const parts = partsIn(time, zone)
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(time / 1000) * 1000
  }
  // Each offset in force around the day gives an instant that may be its local midnight; where the clocks
  // fall back over midnight there are two, and the day begins at the first. (Mostly one offset: each instant is looked at once.)
  const midnights = [...new Set([midnight - 15 * hours, midnight, midnight + 15 * hours].map((time) => midnight - offsetAt(time)))].filter((time) => {
    const parts = partsIn(time, zone)
    return dayOf(parts) === date && parts.hour === 0 && parts.minute === 0 && parts.second === 0
  })
  if (midnights.length > 0) return Math.min(...midnights)
  // Midnight is skipped (the clocks spring forward at 24:00, as in Santiago or Havana): the day begins when they do.
  let before = midnight - 15 * hours
  let after = midnight + 15 * hours
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2)
    if (dayIn(new Date(middle), zone) >= date) after = middle
    else before = middle
  }
  return after
}
