// `press publish`: the whole of publishing, in the order readers need it:
// build, then the newsroom's deploy step (emails link to the site and load
// its images, so the site must be up first), and only when that succeeded,
// send what the build published and was not sent yet. Each step's failure
// stops the next and says what to do.
import {realpathSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {Option} from 'commander'
import {parseRetry, rootOption, shown, widthOption, type CommandLine} from './command-line.js'
import {exitCodes, type Io} from './io.js'
import {runBuild} from './build.js'
import {runSendNew} from './send.js'

interface PublishOptions {
  root: string
  out?: string
  width: number
  smtp?: string
  deploy: boolean
  firstRun?: boolean
  retry?: number[]
  quiet?: boolean
}

export function register({program, io, done}: CommandLine): void {
  program
    .command('publish')
    .description('build the site, run the deploy step of newsroom.yaml, and then send the email of every release published and not sent yet')
    .option(...rootOption)
    .option('--out <dir>', 'output folder (default: output/ in the newsroom)')
    .option('--smtp <url>', 'the mail server, as for press send (default: the environment variable PRESS_SMTP_URL)')
    .option('--no-deploy', 'go on without a deploy step: the web server serves the output folder itself')
    .option('--first-run', 'send everything published, though nothing was ever sent from this newsroom')
    .addOption(new Option('--retry <seconds>', 'the waits before each new try of a message after a temporary failure, or 0 to try once').argParser(parseRetry))
    .addOption(widthOption())
    .option('-q, --quiet', 'print only errors and what is sent')
    .addHelpText('after', '\nExample, every few minutes from a timer:\n  press publish --root /srv/newsroom --smtp smtp://mail.example.org:587?starttls=required\n')
    .action(async (options: PublishOptions) => done(await runPublish(options, io)))
}

async function runPublish(options: PublishOptions, io: Io): Promise<number> {
  const root = resolve(io.cwd, options.root)
  const out = options.out === undefined ? join(root, 'output') : resolve(io.cwd, options.out)
  const stop = (text: string, code: number = exitCodes.failed) => {
    io.stderr(`press publish: ${text}\n`)
    return code
  }
  const {loadSettings} = await import('../source/settings.js')
  const {settings} = await loadSettings(root, io.cwd)
  // Without settings, the build says what is wrong with them.
  if (settings && !settings.deploy && options.deploy) {
    return stop(`newsroom.yaml has no deploy step, so the site would have to be served from ${shown(io.cwd, out)} itself, and emails would link to it. Add one, such as deploy: rsync -a --delete --exclude=".communique*" "$PRESS_OUTPUT/" news@web.example.org:/var/www/news/, or run press publish --no-deploy if the web server serves that folder`, exitCodes.usage)
  }

  const smtp = options.smtp ?? process.env['PRESS_SMTP_URL']
  if (settings?.email && !smtp) return stop('press publish sends each new release by email once the site is up: give the mail server with --smtp (or the environment variable PRESS_SMTP_URL), such as smtp://mail.example.org:587?starttls=required', exitCodes.usage)

  // Built here, never relaunched: a process of its own would run this whole command line, deploying and sending twice.
  const built = await runBuild({root, out, width: options.width, ...(options.quiet ? {quiet: true} : {})}, io)
  if (built !== exitCodes.ok) return stop('stopped after the build, which failed: nothing was deployed or sent', built)

  if (settings?.deploy && options.deploy) {
    const {deploy} = await import('../deliver/deploy.js')
    if (!options.quiet) io.stdout('Running the deploy step of newsroom.yaml…\n')
    // Under the output's lock: no build may recycle the folder being deployed while it is copied.
    const {OutputLock} = await import('../engine/lock.js')
    const lock = await OutputLock.acquire(out, {command: 'press publish (deploying)', notice: (text) => io.stderr(`press publish: ${text}\n`)})
    const deployed = await deploy({command: settings.deploy, root, output: realpathSync(out), stdout: io.stdout, stderr: io.stderr}).finally(() => lock.release())
    if (!deployed.ok) return stop(`stopped: ${deployed.problem}, so nothing was sent. The site is built in ${shown(io.cwd, out)}; fix the deploy step (run it by hand with PRESS_OUTPUT=${shown(io.cwd, out)} to see why), then run press publish again`)
    if (!options.quiet) io.stdout('Deployed.\n')
  }

  if (!settings?.email) {
    if (!options.quiet) io.stdout('No email settings: nothing to send.\n')
    return exitCodes.ok
  }
  const sent = await runSendNew({root, out, new: true, command: 'press publish', ...(smtp ? {smtp} : {}), ...(options.firstRun ? {firstRun: true} : {}), ...(options.retry ? {retry: options.retry} : {}), ...(options.quiet ? {quiet: true} : {})}, io)
  return sent === exitCodes.ok ? sent : stop(`the site is built${settings.deploy && options.deploy ? ' and deployed' : ''}, but not every message went: see above, then run press publish again (what was sent is not sent twice)`, sent)
}
