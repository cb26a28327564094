// What every `press` command shares on the command line: the options written
// the same way in each (--root, --now, --width), their argument parsers, and
// how a command prints its report and refuses what the system refuses. Light
// to load: `press --help` reads only this and the commands' declarations.
import {relative} from 'node:path'
import {InvalidArgumentError, Option, type Command} from 'commander'
import type {VFile} from 'vfile'
import {reportText} from './report.js'
import {defaultWidth} from '../model/fragments.js'
import {readDate, readInstant} from '../source/calendar.js'
import type {Io} from './io.js'

export {count} from './report.js'

/** What a command module is given to declare its command: where to print, and how to say its exit code. */
export interface CommandLine {
  readonly program: Command
  readonly io: Io
  /** Sets the exit code of `press` from the command's presenter. */
  readonly done: (code: number) => void
}

export const rootOption = ['--root <dir>', 'newsroom folder holding releases/', '.'] as const

export function nowOption(description: string): Option {
  return new Option('--now <date-time>', description).argParser(parseNow)
}

/** How far ahead of the clock --now may be without --ahead: clocks of two machines differ by a few seconds. */
const clockSlack = 60_000

export const aheadOption = ['--ahead', 'allow a --now later than the clock: the output then holds releases still under embargo, so never publish it before that time'] as const

/**
 * Why `command` refuses `now`: a time later than the clock decides embargoes
 * that have not ended, and its output (a site, a bulletin) would publish them.
 * Undefined when it is not later, or the press officer said --ahead.
 */
export function aheadRefusal(command: string, now: Date | undefined, ahead: boolean | undefined, clock = Date.now()): string | undefined {
  if (now === undefined || ahead || now.getTime() <= clock + clockSlack) return undefined
  const instead = command === 'press build' ? '; to build the site for that time anyway, into a folder that is not published, add --ahead --out <folder>' : ''
  return `--now ${now.toISOString()} is later than the time now (${new Date(clock).toISOString().slice(0, 16)}Z): ${command} would publish releases whose embargo has not ended. To see them as they will be, use press serve, which shows every release, embargoed ones marked${instead}`
}

export function widthOption(): Option {
  return new Option('--width <columns>', 'width of the print-ready text in display columns')
    .default(defaultWidth)
    .argParser((value: string) => {
      const columns = Number(value)
      if (!Number.isInteger(columns) || columns < 20 || columns > 200) throw new InvalidArgumentError('--width must be a whole number of columns from 20 to 200.')
      return columns
    })
}

/** The languages of a --lang list, such as en,fr; undefined when not given. */
export function languagesOf(list: string | undefined): string[] | undefined {
  return list?.split(',').map((lang) => lang.trim()).filter((lang) => lang !== '')
}

/** Prints the messages of every file that has any, like a compiler: only errors when quiet, notes too when verbose. */
export function printReport(files: VFile[], io: Io, level: {quiet?: boolean; verbose?: boolean} = {}) {
  const report = reportText(files, {...level, color: io.color ?? false})
  if (report) io.stderr(`${report}\n`)
}

/** A folder as the user would name it: relative when below the current folder. */
export function shown(cwd: string, folder: string): string {
  const path = relative(cwd, folder)
  return path === '' ? '.' : path.startsWith('..') ? folder : path
}


/** Paths listed one a line, indented. */
export function listed(paths: readonly string[]): string {
  return paths.map((path) => `  ${path}\n`).join('')
}

/** A refusal of the system (a full disk, a folder without permission) while writing output: nothing was published. */
export class SystemRefusal extends Error {
  override name = 'SystemRefusal'
}

export async function refusedBySystem<T>(work: Promise<T>, command: string, out: string): Promise<T> {
  try {
    return await work
  } catch (problem) {
    const system = problem as NodeJS.ErrnoException
    if (!system.code || !system.syscall) throw problem
    throw new SystemRefusal(`${command}: ${system.message}\nNothing was published: ${out} was left as it was. Check that the disk has room and that you may write there, then try again.`)
  }
}

export function parseDate(value: string): string {
  const reading = readDate(value)
  if ('problem' in reading) throw new InvalidArgumentError(`${value} is not a date: ${reading.problem}.`)
  return value
}

export function parseRetry(value: string): number[] {
  if (value.trim() === '0') return []
  const waits = value.split(',').map((part) => Number(part.trim()))
  if (waits.length > 10 || waits.some((wait) => !Number.isFinite(wait) || wait <= 0 || wait > 3600) || value.trim() === '') throw new InvalidArgumentError('--retry must be the seconds to wait before each new try, such as 2,10,30,120 (at most 10 waits of at most 3600 s), or 0 to try once.')
  return waits.map((wait) => Math.round(wait * 1000))
}

export function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('--port must be a whole number from 0 to 65535 (0: any free port).')
  return port
}

function parseNow(value: string): Date {
  const reading = readInstant(value, 'down')
  if ('problem' in reading) throw new InvalidArgumentError(`--now ${value} is not a date and time: ${reading.problem}.`)
  return new Date(reading.time)
}
