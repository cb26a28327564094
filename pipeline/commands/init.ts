// `press init`: declares the command and lists what it made of a newsroom.
import {resolve} from 'node:path'
import {count, languagesOf, listed, type CommandLine} from './command-line.js'
import {exitCodes} from './io.js'

export function register({program, io, done}: CommandLine): void {
  program
    .command('init')
    .description('make a newsroom of your own: releases/, newsroom.yaml and each language’s strings, with the embassy’s identity to fill in')
    .argument('[dir]', 'the newsroom folder, made when missing', '.')
    .option('--lang <languages>', 'its languages, such as en,fr; any other code, such as pt, makes a locale to translate (default: en,fr,zh,ar,ru,es)')
    .addHelpText('after', '\nExamples:\n  press init my-newsroom --lang en,fr\n  press init --lang pt    add Portuguese to this newsroom, its strings marked to translate\n')
    .action(async (dir: string, options: {lang?: string}) => {
      const {initNewsroom} = await import('../engine/init-newsroom.js')
      const languages = languagesOf(options.lang)
      const result = await initNewsroom({dir: resolve(io.cwd, dir), cwd: io.cwd, ...(languages ? {languages} : {})})
      if ('problem' in result) {
        io.stderr(`press init: ${result.problem}\n`)
        return done(exitCodes.usage)
      }
      io.stdout(result.created.length > 0 ? `Made ${count(result.created.length, 'file')} and folders:\n${listed(result.created)}` : 'Nothing to make: the newsroom has every file already.\n')
      if (result.kept.length > 0) io.stdout(`Left as they were:\n${listed(result.kept)}`)
      for (const lang of result.skeletons) io.stdout(`locales/${lang}/ holds every string marked “[translate]”: translate each into the language and take the mark out; press check lists those left. Set its quotes and spacing under "typography" in locale.json (see “Adding a language” in press's README).\n`)
      if (result.unlisted.length > 0) io.stdout(`Add ${result.unlisted.join(', ')} to \`languages\` in newsroom.yaml to publish in ${result.unlisted.length === 1 ? 'it' : 'them'}.\n`)
      io.stdout('Next: fill in the embassy’s name, address, telephone, email, web site and the paragraph “About the Embassy” under `embassy` in each locales/<lang>/translation.json, and the site’s address in newsroom.yaml; then press new <slug>.\n')
      done(exitCodes.ok)
    })
}
