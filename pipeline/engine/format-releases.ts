// `press format`: writes normalized typography back into the release files,
// changing only what normalization changes. With `check`, changes nothing and
// lists the files that would change, for a newsroom's own CI.
import {rename, writeFile} from 'node:fs/promises'
import {relative, resolve, sep} from 'node:path'
import {VFile} from 'vfile'
import {error, hasErrors} from '../source/diagnostics.js'
import {openNewsroom} from '../source/newsroom.js'
import {parse} from '../source/parse.js'
import {createSourceStages, type SourceStages} from '../typography/source-stages.js'
import {readSource} from '../source/source.js'
import {applyMeaningfully, formatted, frontMatterEdits, textEdits, type FieldChange} from '../typography/source-edits.js'
import {meaning} from '../typography/normalize.js'
import {validate} from '../source/validate.js'

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
  const stages = createSourceStages(newsroom.locales)
  const wanted = options.paths.map((path) => resolve(options.cwd, path))
  const translations = newsroom.releases.flatMap((release) => release.translations).filter(({path}) => wanted.length === 0 || wanted.some((want) => path === want || path.startsWith(want + sep)))
  for (const want of wanted) {
    if (!translations.some(({path}) => path === want || path.startsWith(want + sep))) {
      const file = new VFile({path: relative(options.cwd, want), cwd: '/'})
      error(file, 'This is not a release file of the newsroom: give `releases/<id>/<lang>.md` files or folders holding them', undefined, 'not-a-release')
      files.push(file)
    }
  }

  for (const {lang, path, shownAs} of translations) {
    const file = await readSource(path, shownAs)
    files.push(file)
    if (file.value === undefined) continue
    const text = formatted(String(file.value), (source, messages) => formatOnce(stages, lang, source, messages), file)
    if (text === undefined || text === file.data.written) continue
    changed.push(shownAs)
    if (!options.check) await writeAtomically(path, text)
  }
  return {ok: !hasErrors(files), files, changed, total: translations.length}
}

/**
 * One pass of formatting: the source's typography set wherever that keeps its
 * meaning; undefined when the source does not parse or validate (its
 * messages say why).
 */
function formatOnce(stages: SourceStages, lang: string, source: string, file: VFile): string | undefined {
  const parsed = parse(stages.parser, file)
  if (parsed.failed) return undefined
  const frontMatter = validate(parsed.tree, parsed.frontMatter, file, stages.locales.get(lang)!)
  if (!frontMatter) return undefined
  const normalized = stages.normalizers.get(lang)!(parsed.tree, frontMatter, file)
  const fields: FieldChange[] = []
  if (normalized.frontMatter.title !== frontMatter.title) fields.push({path: ['title'], value: normalized.frontMatter.title})
  if (normalized.frontMatter.summary !== frontMatter.summary) fields.push({path: ['summary'], value: normalized.frontMatter.summary!})
  normalized.frontMatter.notes?.forEach((note, index) => {
    if (note !== frontMatter.notes![index]) fields.push({path: ['notes', index], value: note})
  })
  const groups = [...textEdits(source, parsed.tree, normalized.tree, file), ...frontMatterEdits(source, parsed.frontMatter!, fields, file)]
  return applyMeaningfully(source, groups, meaningIn(stages, lang), file)
}

/** What a source of `lang` says once parsed and normalized, or undefined when it no longer passes validation. */
function meaningIn(stages: SourceStages, lang: string): (text: string) => string | undefined {
  return (text) => {
    const file = new VFile({value: text})
    const parsed = parse(stages.parser, file)
    if (parsed.failed) return undefined
    const frontMatter = validate(parsed.tree, parsed.frontMatter, file, stages.locales.get(lang)!)
    return frontMatter && meaning(stages.normalizers.get(lang)!(parsed.tree, frontMatter, file))
  }
}

/** Replaces a file whole, so an interrupted format never leaves half a release. */
async function writeAtomically(path: string, text: string) {
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, text)
  await rename(temporary, path)
}
