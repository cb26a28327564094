// `press format`: writes normalized typography back into the release files,
// changing only what normalization changes. With `check`, changes nothing and
// lists the files that would change, for a newsroom's own CI.
import {replaceWhole} from '../lib/whole-file.js'
import {relative, resolve, sep} from 'node:path'
import {VFile} from 'vfile'
import {error, hasErrors} from '../source/diagnostics.js'
import {openNewsroom} from '../source/newsroom.js'
import {createProcessors, runStages, type TranslationProcessor} from '../typography/translation-processor.js'
import {readSource} from '../source/source.js'
import {applyMeaningfully, formatted, frontMatterEdits, textEdits, type FieldChange} from '../typography/source-edits.js'
import {meaning} from '../typography/normalize.js'

export interface FormatOptions {
  readonly root: string
  readonly cwd: string
  /** Release files or folders to format; all releases when empty. */
  readonly paths: readonly string[]
  /** Only report the files that would change. */
  readonly check: boolean
}

export interface FormatResult {
  readonly ok: boolean
  readonly files: VFile[]
  /** Files changed, or that would change with `check`, as the user names them. */
  readonly changed: string[]
  readonly total: number
}

export async function format(options: FormatOptions): Promise<FormatResult> {
  const files: VFile[] = []
  const changed: string[] = []
  const newsroom = await openNewsroom(resolve(options.root), options.cwd, files)
  if (!newsroom) return {ok: false, files, changed, total: 0}
  const processors = createProcessors(newsroom.locales, newsroom.settings)
  const wanted = options.paths.map((path) => resolve(options.cwd, path))
  const translations = newsroom.releases.flatMap(({id, translations}) => translations.map((translation) => ({id, ...translation}))).filter(({path}) => wanted.length === 0 || wanted.some((want) => path === want || path.startsWith(want + sep)))
  for (const want of wanted) {
    if (!translations.some(({path}) => path === want || path.startsWith(want + sep))) {
      const file = new VFile({path: relative(options.cwd, want), cwd: '/'})
      error(file, 'This is not a release file of the newsroom: give `releases/<id>/<lang>.md` files or folders holding them', undefined, 'not-a-release')
      files.push(file)
    }
  }

  for (const {id, lang, path, shownAs} of translations) {
    const file = await readSource(path, shownAs)
    files.push(file)
    if (file.value === undefined) continue
    const text = formatSource(processors.get(lang)!, id, String(file.value), file)
    if (text === undefined || text === file.data.written) continue
    changed.push(shownAs)
    // Whole or not at all: an interrupted format never leaves half a release.
    if (!options.check) await replaceWhole(path, text)
  }
  return {ok: !hasErrors(files), files, changed, total: translations.length}
}

/** A release's text as `press format` writes it; undefined when it does not pass the processor's stages. */
export function formatSource(processor: TranslationProcessor, id: string, text: string, file: VFile): string | undefined {
  return formatted(text, (source, messages) => formatOnce(processor, id, source, messages), file)
}

/**
 * One pass of formatting: the source's typography set wherever that keeps its
 * meaning; undefined when the source does not pass the processor's stages
 * (its messages say why).
 */
function formatOnce(processor: TranslationProcessor, id: string, source: string, file: VFile): string | undefined {
  file.data.id = id
  file.data.keepTypeset = true
  if (!runStages(processor, file)) return undefined
  const {before, after, frontMatter} = file.data.typeset!
  const normalized = file.data.frontMatter!
  const fields: FieldChange[] = []
  if (normalized.title !== frontMatter.title) fields.push({path: ['title'], value: normalized.title})
  if (normalized.summary !== frontMatter.summary) fields.push({path: ['summary'], value: normalized.summary!})
  normalized.notes?.forEach((note, index) => {
    if (note !== frontMatter.notes![index]) fields.push({path: ['notes', index], value: note})
  })
  const groups = [...textEdits(source, before, after, file), ...frontMatterEdits(source, file.data.yaml!, fields, file)]
  return applyMeaningfully(source, groups, meaningIn(processor, id), file)
}

/** What a source says once through the processor, or undefined when it no longer passes its stages. */
function meaningIn(processor: TranslationProcessor, id: string): (text: string) => string | undefined {
  return (text) => {
    const file = new VFile({value: text, data: {id}})
    const tree = runStages(processor, file)
    return tree && meaning({tree, frontMatter: file.data.frontMatter!})
  }
}

