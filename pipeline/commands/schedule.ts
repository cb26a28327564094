// `press schedule`: declares the command and lists the embargoes still to lift, for people, programs or a timer.
import {resolve} from 'node:path'
import {Option} from 'commander'
import {nowOption, printReport, rootOption, type CommandLine} from './command-line.js'
import {exitCodes} from './io.js'

export function register({program, io, done}: CommandLine): void {
  program
    .command('schedule')
    .description('list the embargoes still to lift, soonest first, with the languages each releases; --next prints only the next instant, for a timer')
    .option(...rootOption)
    .addOption(nowOption('the time now, ISO 8601 with offset (default: the current time)'))
    .option('--next', 'print only the next instant an embargo lifts (ISO 8601, UTC), or nothing when there is none')
    .addOption(new Option('--format <format>', 'text for people, json for programs').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExample:\n  press schedule --next\n')
    .action(async (options: {root: string; now?: Date; next?: boolean; format: 'text' | 'json'}) => {
      const {schedule, utc} = await import('../engine/schedule.js')
      const now = options.now ?? new Date()
      const result = await schedule({root: resolve(io.cwd, options.root), cwd: io.cwd, now})
      // Errors are said, and the exit code is 1: a release with one will not publish on time.
      printReport(result.files, io, {quiet: true})
      done(result.ok ? exitCodes.ok : exitCodes.failed)
      if (options.next) {
        if (result.schedule.length > 0) io.stdout(`${utc(result.schedule[0]!.time)}\n`)
        return
      }
      if (options.format === 'json') {
        io.stdout(`${JSON.stringify({now: utc(now.getTime()), releases: result.schedule.map(({id, until, time, languages}) => ({id, until, at: utc(time), languages}))}, null, 1)}\n`)
        return
      }
      if (result.schedule.length === 0) {
        io.stdout(`No embargo is still to lift after ${utc(now.getTime())}.\n`)
        return
      }
      const width = Math.max(...result.schedule.map(({until}) => until.length))
      io.stdout(`Embargoes still to lift, soonest first (each as written; now is ${utc(now.getTime())}):\n${result.schedule.map(({until, time, id, languages}) => `  ${until.padEnd(width)}  ${utc(time)}  ${id} (${languages.join(', ')})\n`).join('')}`)
    })
}
