// The fast path of press serve: when only release files changed, their
// releases are published again straight into the preview as it stands, in
// this thread, by the build's own per-release run (engine/release-run.ts)
// with the session made once. The tab shows the edit at once; the full
// build that follows brings the news lists, feeds and dashboard up to date.
import {existsSync, readdirSync, realpathSync} from 'node:fs'
import {mkdir} from 'node:fs/promises'
import {dirname, join, resolve} from 'node:path'
import {VFile} from 'vfile'
import {defaultCacheFolder, FragmentCache} from '../engine/cache.js'
import {FragmentSource} from '../engine/fragment-source.js'
import {checkOutputFolder} from '../engine/output-folder.js'
import {DryRun, type OutputWriter} from '../engine/staging.js'
import {RefusedFolder} from '../engine/folder-gate.js'
import {settled} from '../engine/pool.js'
import type {Publisher} from '../engine/publish-translation.js'
import {readRelease, releaseOutputs, type Publication, type ReleaseRun} from '../engine/release-run.js'
import {openSession, type Session} from '../engine/session.js'
import {SiteMap} from '../publish/pages.js'
import type {RenderContext} from '../publish/render-translation.js'
import {templateSource} from '../publish/template-files.js'
import {error, hasErrors} from '../source/diagnostics.js'
import {findRelease, releaseIdPattern} from '../source/newsroom.js'
import {isWithin} from '../lib/newsroom-file.js'
import {replaceWhole} from '../lib/whole-file.js'

export interface Republished {
  /** The files of the releases read, with their messages. */
  readonly files: readonly VFile[]
  readonly ok: boolean
  /** The folders of the preview written, which the next full build must make again rather than take. */
  readonly folders: readonly string[]
}

/** The release files saved, published before the rest of their releases; `told` hears when they are, with the messages of every file read. */
export interface Early {
  readonly paths: ReadonlySet<string>
  readonly told: (files: readonly VFile[]) => void
}

/** Whether a page may link to a release translation of the site. */
export type LinkRule = (target: {readonly lang: string; readonly id: string}) => boolean

/** How many releases warm() makes: about 50 ms each in the bench's three languages. */
const warmingReleases = 4

export class QuickPreview {
  private constructor(
    private readonly session: Session,
    private readonly fragments: FragmentSource,
    /** The newsroom's cache, when the folder gate lets it be used. */
    private readonly cacheFolder: string | undefined
  ) {}

  /** The newsroom's own images (the crest) as the site publishes them, by their path in the output. */
  siteFiles(): ReadonlyMap<string, Uint8Array> {
    return this.session.images.files
  }

  /**
   * Makes the session every release depends on; undefined when the settings
   * or locales have errors, which the full build reports. With `emailTo`, its
   * emails go to that address instead of the newsroom's list (press embargoed).
   */
  static async open(root: string, cwd: string, emailTo?: string): Promise<QuickPreview | undefined> {
    const session = await openSession({root, cwd, ...(emailTo ? {emailTo} : {})}, [])
    if (!session) return undefined
    // The cache the full build uses, claimed as it claims it; refused, the preview goes without.
    let cacheFolder: string | undefined = resolve(root, defaultCacheFolder)
    try {
      FragmentCache.claim(cacheFolder, root)
    } catch (problem) {
      if (!(problem instanceof RefusedFolder)) throw problem
      cacheFolder = undefined
    }
    const cache = cacheFolder === undefined ? undefined : new FragmentCache(cacheFolder)
    const fragments = await FragmentSource.open({session, translations: 1, workers: 0, ...(cache ? {cache} : {})})
    return new QuickPreview(session, fragments, cacheFolder)
  }

  /**
   * Publishes the releases `ids` again into the preview at `folder`, marked
   * as the preview marks them. A release with errors is not published; its
   * messages say why.
   */
  async republish(ids: readonly string[], folder: string, first?: Early): Promise<Republished> {
    // The folder gate the full build passes: never into the sources, a live site, or through a link press did not make.
    try {
      await checkOutputFolder(folder, this.session.root, this.session.settings.languages)
    } catch (problem) {
      if (!(problem instanceof RefusedFolder)) throw problem
      const file = new VFile({path: folder, cwd: '/'})
      error(file, problem.message, undefined, 'refused-folder')
      return {files: [file], ok: false, folders: []}
    }
    const {files, folders} = await this.publish(ids, new LiveFolder(folder), this.fragments, first)
    return {files, ok: !hasErrors(files), folders}
  }

  /**
   * Makes a few releases in full, without the cache, and keeps nothing, so
   * that the code of every stage is compiled, and its hottest parts
   * optimized, before the first edit needs them: with one release made, an
   * edit's page took 40 to 55 ms to make at 4,000 releases, with four about
   * half that (twice as long again with none).
   */
  async warm(): Promise<void> {
    const ids = this.releaseIds().slice(0, warmingReleases)
    if (ids.length === 0) return
    const fragments = await FragmentSource.open({session: this.session, translations: 1, workers: 0})
    try {
      for (const id of ids) await this.publish([id], new DryRun(), fragments)
    } finally {
      await fragments.close()
    }
  }

  /**
   * Makes the releases `ids` into `staging`, as a preview marks them, with
   * links only to the translations `isPublic` allows, when given (press
   * embargoed's advance copies go to journalists: only what is public, and
   * the release itself); the messages of every file read.
   */
  async make(ids: readonly string[], staging: OutputWriter, now: Date, isPublic?: LinkRule): Promise<VFile[]> {
    return (await this.publish(ids, staging, this.fragments, undefined, now, isPublic)).files
  }

  private async publish(ids: readonly string[], staging: OutputWriter, fragments: FragmentSource, first?: Early, now = new Date(), linkRule?: LinkRule): Promise<{files: VFile[]; folders: string[]}> {
    const {session} = this
    const {root, cwd, settings} = session
    const files: VFile[] = []
    const run: ReleaseRun = {session, fragments, rules: {now, preview: true, staleNote: settings.staleNote, defaultLanguage: settings.defaultLanguage}, ...(this.cacheFolder ? {cacheFolder: this.cacheFolder} : {})}
    const publisher = this.publisher(staging, fragments)
    // A preview publishes every translation there is, marked: one whose file is there counts as public (the full build that follows finds the invalid ones).
    // Listed only when a release links to another: 4,000 names cost an edit's way to the browser 4 ms.
    let known: Set<string> | undefined
    const exists = (id: string) => (known ??= new Set(this.releaseIds())).has(id)
    const isPublic = linkRule ?? (({lang, id}: {lang: string; id: string}) => exists(id) && existsSync(join(root, 'releases', id, `${lang}.md`)))
    const folders: string[] = []
    // The translations saved are published first, and told, before the rest of their releases.
    const later: Publication[] = []
    for (const id of ids) {
      const found = await findRelease(root, id, settings.languages, cwd)
      files.push(...found.files)
      if (!found.release) continue
      const release = await readRelease(run, found.release, exists)
      files.push(...release.files)
      const {publications} = await releaseOutputs(run, release, publisher, isPublic, {exists, write: true})
      const saved = new Set(found.release.translations.filter(({path}) => first?.paths.has(path)).map(({lang}) => lang))
      await settled(publications.filter(({lang}) => saved.has(lang)).map(({publish}) => publish()))
      later.push(...publications.filter(({lang}) => !saved.has(lang)))
      folders.push(...publications.map(({lang}) => `${lang}/${id}/`))
    }
    first?.told(files)
    await settled(later.map(({publish}) => publish()))
    return {files, folders}
  }

  /** What writes a release's files into `staging`; the site's own files (style sheet, fonts, images) are the full build's to write. */
  private publisher(staging: OutputWriter, fragments: FragmentSource): Publisher {
    const {session} = this
    const site = new SiteMap(session.settings, session.locales, session.data.look)
    const here: RenderContext = {site, templates: session.templates, width: session.data.width, ...(session.email ? {email: session.email} : {})}
    return {
      writer: {site, templates: session.templates, staging, stylesheet: templateSource(session.data.templates, 'assets/style.css'), fonts: session.fonts, images: new Map()},
      email: session.email !== undefined,
      render: (job) => fragments.render(job, here)
    }
  }

  /** The ids of the newsroom's releases, as its folder lists them now. */
  private releaseIds(): string[] {
    try {
      return readdirSync(join(this.session.root, 'releases')).filter((name) => releaseIdPattern.test(name)).sort()
    } catch {
      return []
    }
  }

  async close(): Promise<void> {
    await this.fragments.close()
  }
}

/**
 * The files of the preview as it stands, each replaced whole (written
 * beside, then renamed), so that a build folder that shares it by a hard
 * link keeps its own.
 */
class LiveFolder implements OutputWriter {
  constructor(private readonly folder: string) {}

  async write(path: string, content: string | Uint8Array): Promise<void> {
    const target = resolve(this.folder, path)
    if (!target.startsWith(resolve(this.folder) + '/')) throw new Error(`Refusing to write ${path} outside the preview`)
    // Never through a link planted inside the preview, as the full build never follows one inside the output.
    const inside = realpathSync(this.folder)
    const through = (folder: string): boolean => (existsSync(folder) ? !isWithin(inside, realpathSync(folder)) : through(dirname(folder)))
    if (through(dirname(target))) throw new Error(`Refusing to write ${path} through a link inside the preview`)
    await mkdir(dirname(target), {recursive: true})
    await replaceWhole(target, content)
  }

  async reuse(): Promise<boolean> {
    return false
  }
}
