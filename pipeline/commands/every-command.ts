// Every command of `press`, in the order `press --help` lists them: loaded
// whole for help, a version or a mistyped command, in one module graph.
import type {CommandLine} from './command-line.js'
import {register as build} from './build.js'
import {register as init} from './init.js'
import {register as newRelease} from './new.js'
import {register as translated} from './translated.js'
import {register as format} from './format.js'
import {register as check} from './check.js'
import {register as embargoed} from './embargoed.js'
import {register as schedule} from './schedule.js'
import {register as serve} from './serve.js'
import {register as bulletin} from './bulletin.js'
import {register as send} from './send.js'
import {register as publish} from './publish.js'

export const everyCommand: ReadonlyArray<(line: CommandLine) => void> = [build, init, newRelease, translated, format, check, embargoed, schedule, serve, bulletin, send, publish]
