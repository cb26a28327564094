// The files of the templates, read once per build through the newsroom's
// reader: the newsroom's own `templates/` folder (folders linked into it
// included, when they stay inside the newsroom) overriding the built-in one
// name by name. What cannot be read is kept with the reason, to be placed
// on its file.
import {realpathSync, statSync} from 'node:fs'
import {join, resolve, sep} from 'node:path'
import {readLog} from '../lib/read-log.js'
import {isWithin, listNewsroomFolder, readNewsroomText, refusalText, UnreadableFile} from '../lib/newsroom-file.js'
import {packageRoot} from '../source/package-root.js'

const builtinTemplates = join(packageRoot, 'templates')
/** Files one templates folder may hold: a house style has a few dozen. */
const maxTemplateFiles = 2000
/** Maximum size of one template: the house templates are a few kilobytes each. */
const maxTemplateBytes = 1024 * 1024

/** A file of the templates as the build read it: its text, or why it could not be read. */
interface TemplateFile {
  readonly path: string
  readonly folder: string
  /** The newsroom's own, not press's built-in one. */
  readonly own: boolean
  readonly text?: string
  readonly problem?: string
}

/**
 * Every file of the templates, read once per build; plain data, so that
 * every thread renders from the same text without reading the disk again.
 */
export interface TemplateSet {
  readonly files: ReadonlyMap<string, TemplateFile>
}

/** A template press refuses to read: a link out of the newsroom, a device, a file too large. */
export class UnreadableTemplate extends Error {
  override name = 'UnreadableTemplate'
  constructor(
    readonly path: string,
    message: string
  ) {
    super(message)
  }
}

export async function readTemplates(root: string): Promise<TemplateSet> {
  const files = new Map<string, TemplateFile>()
  const own = join(root, 'templates')
  const info = statSync(own, {throwIfNoEntry: false})
  if (!info) readLog()?.file(own)
  if (info && !info.isDirectory()) throw new UnreadableTemplate(own, '`templates` is not a folder: remove it, or make it a folder holding the templates that replace the built-in ones')
  const folders = info && own !== builtinTemplates ? [own, builtinTemplates] : [builtinTemplates]
  for (const folder of folders) {
    const {names, others} = await namesIn(folder, folder === builtinTemplates ? packageRoot : root)
    for (const [name, problem] of others) if (!files.has(name)) files.set(name, {path: join(folder, name), folder, own: folder !== builtinTemplates, problem})
    for (const name of names) {
      if (files.has(name)) continue
      const path = join(folder, name)
      try {
        const text = templateText(root, folder, name)
        if (text !== undefined) files.set(name, {path, folder, own: folder !== builtinTemplates, text})
      } catch (problem) {
        if (!(problem instanceof UnreadableTemplate)) throw problem
        files.set(name, {path, folder, own: folder !== builtinTemplates, problem: problem.message})
      }
    }
  }
  return {files}
}

/**
 * The names of the files below `folder`, with `/` between folders, following
 * linked folders that stay `within` it (each real folder once); and what is
 * there but is no file a template can be, with why.
 */
async function namesIn(folder: string, within: string): Promise<{names: string[]; others: Map<string, string>}> {
  const names: string[] = []
  const others = new Map<string, string>()
  const visited = new Set<string>()
  const visit = async (dir: string, prefix: string): Promise<void> => {
    const real = realpathSync(dir)
    if (visited.has(real)) return
    visited.add(real)
    for (const entry of await listNewsroomFolder(dir)) {
      if (names.length + others.size >= maxTemplateFiles) return
      const name = `${prefix}${entry.name}`
      const linked = entry.isSymbolicLink() ? statSync(join(dir, entry.name), {throwIfNoEntry: false}) : undefined
      if (entry.isDirectory() || linked?.isDirectory()) {
        // A shared folder linked into the templates is read as its own; one leading out of the newsroom is not read at all.
        if (linked && !isWithin(within, realpathSync(join(dir, entry.name)))) others.set(name, 'The folder links out of the newsroom, so its templates are not read: keep them inside the newsroom')
        else if (/\.(njk|css)$/.test(entry.name)) others.set(name, 'This is a folder, not a template file')
        else await visit(join(dir, entry.name), `${name}/`)
      } else if (entry.isFile() || entry.isSymbolicLink()) names.push(name)
      else others.set(name, 'This is not a file (a pipe or a device): a template must be a text file')
    }
  }
  await visit(folder, '')
  return {names, others}
}

/** The text of a file of the templates (such as the style sheet), as the build read it. */
export function templateSource(set: TemplateSet, name: string): string {
  const file = set.files.get(name)
  if (file?.text !== undefined) return file.text
  throw new UnreadableTemplate(file?.path ?? join(builtinTemplates, name), file?.problem ?? 'The template is not there: reinstall press')
}

/** A template's text through the newsroom's reader (a newsroom's own stays inside the newsroom); undefined when it is not there. */
function templateText(root: string, folder: string, name: string): string | undefined {
  const path = resolve(folder, name)
  if (!path.startsWith(folder + sep)) return undefined
  try {
    return readNewsroomText(path, {within: folder === builtinTemplates ? packageRoot : root, outside: join(root, 'releases'), maxBytes: maxTemplateBytes})
  } catch (problem) {
    if (problem instanceof UnreadableFile && problem.reason === 'missing') return undefined
    if (problem instanceof UnreadableFile) throw new UnreadableTemplate(path, `The template ${refusalText(problem, '1 MB')}`)
    throw problem
  }
}

/** The problems of the newsroom's own templates, each with the file it is about: a build reports them all. */
export function templateProblems(set: TemplateSet): Array<{path: string; problem: string}> {
  return [...set.files.values()].flatMap(({path, own, problem}) => (problem !== undefined && own ? [{path, problem}] : []))
}
