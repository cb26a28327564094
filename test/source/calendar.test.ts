// The calendar's first instant of a day, where daylight saving time moves
// midnight: skipped (the clocks spring forward at 24:00) or lived twice
// (they fall back over it), in zones where embassies sit.
import {describe, expect, it} from 'vitest'
import {dayIn, isoIn, startOfDayIn} from '../../pipeline/source/calendar.js'

describe('startOfDayIn', () => {
  it('should begin a day whose midnight is skipped when the clocks spring forward, never the day before', () => {
    const cases: Array<[string, string, string]> = [
      ['2024-09-08', 'America/Santiago', '2024-09-08T01:00:00-03:00'],
      ['2024-10-06', 'America/Asuncion', '2024-10-06T01:00:00-03:00'],
      ['2024-03-10', 'America/Havana', '2024-03-10T01:00:00-04:00']
    ]
    for (const [date, zone, first] of cases) {
      const start = startOfDayIn(date, zone)
      expect(isoIn(start.getTime(), zone), zone).toBe(first)
      expect(dayIn(start, zone), zone).toBe(date)
      // A moment before is the day before.
      expect(dayIn(new Date(start.getTime() - 1), zone), zone).not.toBe(date)
    }
  })

  it('should begin a day that lives midnight twice at the first of them', () => {
    // Havana falls back from 01:00 to 00:00 on 2024-11-03: its first hour is lived twice, and the day begins at the first.
    const start = startOfDayIn('2024-11-03', 'America/Havana')
    expect(isoIn(start.getTime(), 'America/Havana')).toBe('2024-11-03T00:00:00-04:00')
    expect(dayIn(new Date(start.getTime() - 1), 'America/Havana')).toBe('2024-11-02')
    expect(isoIn(start.getTime() + 60 * 60 * 1000, 'America/Havana')).toBe('2024-11-03T00:00:00-05:00')
  })

  it('should write one instant as each zone has it, asked again and again', () => {
    const instant = Date.parse('2026-03-02T00:00:00Z')
    const zones = ['UTC', 'Asia/Tokyo', 'America/Toronto', 'UTC', 'Asia/Tokyo']
    expect(zones.map((zone) => isoIn(instant, zone))).toEqual(['2026-03-02T00:00:00+00:00', '2026-03-02T09:00:00+09:00', '2026-03-01T19:00:00-05:00', '2026-03-02T00:00:00+00:00', '2026-03-02T09:00:00+09:00'])
  })

  it('should begin an ordinary day at midnight, in zones on both sides of UTC and on the quarter hour', () => {
    expect(startOfDayIn('2026-03-14', 'America/Toronto').toISOString()).toBe('2026-03-14T04:00:00.000Z')
    expect(startOfDayIn('2026-03-14', 'Asia/Kathmandu').toISOString()).toBe('2026-03-13T18:15:00.000Z')
    expect(startOfDayIn('2026-03-14', 'UTC').toISOString()).toBe('2026-03-14T00:00:00.000Z')
  })
})

describe('isoIn', () => {
  it('should write each instant as the zone shows it, its offset that of the moment, across centuries and clock changes', () => {
    // An independent reading, part by part, of what the system's time zone data says.
    const reference = (time: number, zone: string) => {
      const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'}).formatToParts(time).map((part) => [part.type, Number(part.value)]))
      const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
      const offset = Math.round((wall - Math.floor(time / 1000) * 1000) / 60000)
      const two = (value: number) => String(value).padStart(2, '0')
      return `${parts.year}-${two(parts.month!)}-${two(parts.day!)}T${two(parts.hour!)}:${two(parts.minute!)}:${two(parts.second!)}${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`
    }
    const zones = ['UTC', 'America/Toronto', 'America/Havana', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Europe/Dublin']
    const from = Date.parse('1901-01-01T00:00:00Z')
    const to = Date.parse('2099-12-31T00:00:00Z')
    for (let step = 0; step < 3000; step++) {
      // Spread over two centuries, on no round hour, with the seconds and days that a month/day mix-up would show.
      const time = from + Math.floor(((to - from) / 3000) * step) + step * 7919 * 1000
      const zone = zones[step % zones.length]!
      expect(isoIn(time, zone), `${new Date(time).toISOString()} in ${zone}`).toBe(reference(time, zone))
    }
  })
})
