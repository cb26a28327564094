// The fast path of press serve: when only release files changed, their
// releases are published again straight into the preview as it stands, in
// this thread, with the settings, locales and templates read once per
// session. The tab shows the edit at once; the full build that follows
// brings the news lists, feeds and dashboard up to date.
import {mkdir, readdir, rename, writeFile} from 'node:fs/promises'
import {dirname, join, resolve} from 'node:path'
import {VFile} from 'vfile'
import {fragmentsOf, withFilesOf} from '../engine/build.js'
import {mediaCopies, releaseMedia} from '../publish/release-media.js'
import {defaultCacheFolder, FragmentCache} from '../engine/cache.js'
import {FragmentSource} from '../engine/fragment-source.js'
import {checkOutputFolder, DryRun, type OutputWriter} from '../engine/output.js'
import {RefusedFolder} from '../engine/folder-gate.js'
import {settled} from '../engine/pool.js'
import {decideRelease} from '../publish/decide.js'
import {emailContextOf, emailFramesOf} from '../publish/emit-email.js'
import {defaultWidth} from '../publish/emit-text.js'
import {siteFonts} from '../publish/fonts.js'
import {SiteMap} from '../publish/pages.js'
import {lookOf, siteImages} from '../publish/site-images.js'
import {publishTranslation, type Publisher} from '../engine/publish-translation.js'
import type {RenderContext} from '../publish/render-translation.js'
import {createTemplates, templateSource} from '../publish/templates.js'
import {error, hasErrors} from '../source/diagnostics.js'
import {releaseEmbargo} from '../source/embargo.js'
import {loadLocales} from '../source/locales.js'
import {findRelease, releaseIdPattern} from '../source/newsroom.js'
import {loadSettings, type Settings} from '../source/settings.js'

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

export class QuickPreview {
  private constructor(
    private readonly root: string,
    private readonly cwd: string,
    private readonly settings: Settings,
    private readonly fragments: FragmentSource,
    private readonly publisher: (staging: OutputWriter) => Publisher,
    /** The newsroom's cache, when the folder gate lets it be used. */
    private readonly cacheFolder: string | undefined
  ) {}

  /** Reads what every release depends on; undefined when the settings or locales have errors, which the full build reports. */
  /** With `emailTo`, its emails go to that address instead of the newsroom's list (press embargoed). */
  static async open(root: string, cwd: string, emailTo?: string): Promise<QuickPreview | undefined> {
    const read = (await loadSettings(root, cwd)).settings
    const settings = read?.email && emailTo ? {...read, email: {...read.email, to: emailTo}} : read
    if (!settings) return undefined
    const loaded = await loadLocales(root, settings.languages, settings.defaultLanguage, cwd)
    if (!loaded.locales || hasErrors(loaded.files)) return undefined
    const locales = loaded.locales
    const templates = createTemplates(root)
    const look = lookOf(await siteImages(settings, root))
    const email = emailContextOf(templates, settings, look)
    const emailFrames = email && emailFramesOf(email, locales)
    // The cache the full build uses, claimed as it claims it; refused, the preview goes without.
    let cacheFolder: string | undefined = resolve(root, defaultCacheFolder)
    try {
      FragmentCache.claim(cacheFolder, root)
    } catch (problem) {
      if (!(problem instanceof RefusedFolder)) throw problem
      cacheFolder = undefined
    }
    const cache = cacheFolder === undefined ? undefined : new FragmentCache(cacheFolder)
    const fragments = await FragmentSource.open({root, cwd, settings, locales, width: defaultWidth, notes: false, translations: 1, workers: 0, ...(cache ? {cache} : {}), ...(emailFrames ? {emailFrames} : {})})
    const site = new SiteMap(settings, locales, look)
    const fonts = await siteFonts(locales.values(), settings.webFonts)
    const here: RenderContext = {site, templates, width: defaultWidth, ...(email ? {email} : {})}
    const publisher = (staging: OutputWriter): Publisher => ({
      // The site's own files (style sheet, fonts, images) are the full build's to write.
      writer: {site, templates, staging, stylesheet: templateSource(root, 'assets/style.css'), fonts, images: new Map()},
      email: email !== undefined,
      render: (job) => fragments.render(job, here)
    })
    return new QuickPreview(root, cwd, settings, fragments, publisher, cacheFolder)
  }

  /**
   * Publishes the releases `ids` again into the preview at `folder`, marked
   * as the preview marks them. A release with errors is not published; its
   * messages say why.
   */
  async republish(ids: readonly string[], folder: string, first?: Early): Promise<Republished> {
    // The folder gate the full build passes: never into the sources, a live site, or through a link press did not make.
    try {
      await checkOutputFolder(folder, this.root, this.settings.languages)
    } catch (problem) {
      if (!(problem instanceof RefusedFolder)) throw problem
      const file = new VFile({path: folder, cwd: '/'})
      error(file, problem.message, undefined, 'refused-folder')
      return {files: [file], ok: false, folders: []}
    }
    const {files, folders} = await this.publish(ids, new LiveFolder(folder), undefined, first)
    return {files, ok: !hasErrors(files), folders}
  }

  /**
   * Makes one release in full and keeps nothing, so that the code of every
   * stage is compiled before the first edit needs it: the session's first
   * republish would otherwise take three times as long.
   */
  async warm(): Promise<void> {
    const id = (await readdir(join(this.root, 'releases'))).sort().find((name) => releaseIdPattern.test(name))
    if (id) await this.publish([id], new DryRun(), ['warm-up/none'])
  }

  /** Makes the releases `ids` into `staging`, as a preview marks them; the messages of every file read. */
  async make(ids: readonly string[], staging: OutputWriter, now: Date): Promise<VFile[]> {
    return (await this.publish(ids, staging, undefined, undefined, now)).files
  }

  private async publish(ids: readonly string[], staging: OutputWriter, hidden?: string[], first?: Early, now = new Date()): Promise<{files: VFile[]; folders: string[]}> {
    const files: VFile[] = []
    const publisher = this.publisher(staging)
    const rules = {now, preview: true, staleNote: this.settings.staleNote, defaultLanguage: this.settings.defaultLanguage}
    const folders: string[] = []
    // The translations saved are published first, and told, before the rest of their releases.
    const later: Array<() => Promise<unknown>> = []
    for (const id of ids) {
      const found = await findRelease(this.root, id, this.settings.languages, this.cwd)
      files.push(...found.files)
      if (!found.release) continue
      const read = await settled(found.release.translations.map((translation) => fragmentsOf(this.fragments, id, translation, hidden)))
      const own = read.map(({file}) => file)
      files.push(...own)
      if (hasErrors(own)) continue
      const publishable = read.flatMap(({file, lang, fragments}) => (fragments?.release ? [{id, lang, file, ...fragments.release}] : []))
      const media = await releaseMedia(this.root, id, publishable, this.cacheFolder)
      if (!media.ok) continue
      for (const [path, bytes] of await mediaCopies(media.files, this.cacheFolder)) await staging.write(path, bytes)
      const embargo = releaseEmbargo(publishable)
      const decided = decideRelease(publishable, embargo, rules)
      const {languages} = decided
      const published = decided.published.map((translation) => withFilesOf(translation, media.files, publisher.writer.site))
      const saved = new Set(found.release.translations.filter(({path}) => first?.paths.has(path)).map(({lang}) => lang))
      const publish = (translation: (typeof published)[number]) => publishTranslation(publisher, translation, languages, embargo)
      await settled(published.filter(({lang}) => saved.has(lang)).map(publish))
      later.push(() => settled(published.filter(({lang}) => !saved.has(lang)).map(publish)))
      folders.push(...published.map(({lang}) => `${lang}/${id}/`))
    }
    first?.told(files)
    for (const rest of later) await rest()
    return {files, folders}
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
    await mkdir(dirname(target), {recursive: true})
    const beside = `${target}.${process.pid}.writing`
    await writeFile(beside, content)
    await rename(beside, target)
  }

  rewrite(): void {}

  async reuse(): Promise<boolean> {
    return false
  }
}
