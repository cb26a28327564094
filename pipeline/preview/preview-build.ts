// One build of the preview press serve shows: every release, drafts and
// embargoed ones marked, into the preview folder (never output/), with the
// report press check gives, so that the dashboard shows both. Builds run one
// at a time; a change during a build asks for one more after it.
import {lstatSync} from 'node:fs'
import {join, relative} from 'node:path'
import {VFile} from 'vfile'
import {build} from '../engine/build.js'
import {error, hasErrors} from '../source/diagnostics.js'
import {acrossTranslations, matrixOf, type MatrixRow} from '../engine/check.js'

/** The preview's folder in a newsroom, with the builds under way beside it in its parent; git-ignored by press init. */
export const previewFolder = (root: string) => join(root, '.communique-preview', 'site')

export interface PreviewReport {
  readonly ok: boolean
  /** Every file read, with its messages. */
  readonly files: readonly VFile[]
  readonly matrix: readonly MatrixRow[]
  readonly languages: readonly string[]
  /** Whether the newsroom sends email, so that each release has one. */
  readonly emails: boolean
  /** Whether the newsroom makes a PDF of each release. */
  readonly pdfs?: boolean
  /** The site's public address, which the emails load images from and the preview stands in for. */
  readonly siteUrl?: string
  /** Each language's name in itself, by code. */
  readonly names: Readonly<Record<string, string>>
  /** When the build finished, and how long it took in milliseconds. */
  readonly at: Date
  readonly took: number
}

/**
 * Whether the preview's folder is press's own in the newsroom, or not there
 * yet: through a link put in its place (to a web server's folder, say),
 * drafts and embargoed releases would be written where readers may see them.
 * The full build and the quick path both look.
 */
export function previewFolderIsOwn(root: string): boolean {
  return lstatSync(join(root, '.communique-preview'), {throwIfNoEntry: false})?.isDirectory() !== false
}

/** Builds the preview; `distrust` names folders of the preview written since the last build, whose files it must make again. */
export async function previewBuild(root: string, cwd: string, distrust: readonly string[] = []): Promise<PreviewReport> {
  const started = performance.now()
  const across = acrossTranslations(root, cwd)
  const finished = (report: Omit<PreviewReport, 'at' | 'took'>) => ({...report, at: new Date(), took: Math.round(performance.now() - started)})
  if (!previewFolderIsOwn(root)) {
    const file = new VFile({path: relative(cwd, join(root, '.communique-preview')), cwd: '/'})
    error(file, 'This is a link or a file where press keeps its preview, which holds drafts and embargoed releases: remove it, and press makes the folder again', undefined, 'preview-failed')
    return finished({ok: false, files: [file], matrix: [], languages: [], names: {}, emails: false})
  }
  try {
    const names: Record<string, string> = {}
    const onLocales: typeof across.onLocales = (locales, defaultLanguage) => {
      for (const [code, locale] of locales) names[code] = locale.name
      return across.onLocales(locales, defaultLanguage)
    }
    const result = await build({root, out: previewFolder(root), cwd, now: new Date(), preview: true, onLocales, distrust})
    const files = [...result.files, ...(await across.files())]
    return finished({ok: result.ok, files, matrix: matrixOf(result.statuses, result.languagesOfNewsroom), languages: result.languagesOfNewsroom, names, emails: result.emails, pdfs: result.session?.data.paper !== undefined, ...(result.session ? {siteUrl: result.session.settings.siteUrl} : {})})
  } catch (problem) {
    // A refusal of the system (a full disk, a folder press may not write): shown, and the next change tries again.
    const file = new VFile({path: relative(cwd, previewFolder(root)), cwd: '/'})
    error(file, `The preview could not be written: ${(problem as Error).message}. Check that the disk has room and that you may write there; the next change tries again`, undefined, 'preview-failed')
    return finished({ok: false, files: [file], matrix: [], languages: [], names: {}, emails: false})
  }
}

/** What the preview shows now: the newest report, and whether a build is under way. */
export interface PreviewState {
  /** How many builds have finished; 0 before the first. */
  readonly number: number
  readonly building: boolean
  readonly report?: PreviewReport
}

/**
 * Runs `work` whenever asked, never two at once: asks made while it runs
 * are gathered into one more run after it. `done` hears of every state.
 */
export class Rebuilds {
  #state: PreviewState = {number: 0, building: false}
  #again = false
  #running: Promise<void> | undefined
  readonly #distrusted = new Set<string>()

  constructor(
    private readonly work: (distrust: readonly string[]) => Promise<PreviewReport>,
    private readonly changed: (state: PreviewState) => void
  ) {}

  get state(): PreviewState {
    return this.#state
  }

  request(): void {
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = this.#run().finally(() => {
      this.#running = undefined
    })
  }

  /** Says that a build is coming: from a change seen until the full build after it ends, the preview counts as building. */
  expect(): void {
    this.#state = {...this.#state, building: true}
  }

  /**
   * Takes what a quick republish of some releases found (quick-preview.ts)
   * as a new state: their files' messages replace theirs in the report; the
   * full build asked for next brings the rest up to date.
   */
  republished(files: readonly VFile[], releases: readonly string[], took: number, folders: readonly string[] = []): void {
    for (const folder of folders) this.#distrusted.add(folder)
    const previous = this.#state.report
    if (!previous) return
    // Made once, not for each of the newsroom's files (12,000 at 4,000 releases), on an edit's way to the browser, twice.
    const places = releases.flatMap((id) => [`releases/${id}/`, `releases\\${id}\\`])
    const own = (file: VFile) => places.some((place) => file.path.includes(place))
    const merged = [...previous.files.filter((file) => !own(file)), ...files]
    this.#state = {number: this.#state.number + 1, building: this.#state.building, report: {...previous, ok: !hasErrors(merged), files: merged, at: new Date(), took}}
    this.changed(this.#state)
  }

  /** Resolves once no build is running or asked for. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running
  }

  async #run(): Promise<void> {
    do {
      this.#again = false
      this.#state = {...this.#state, building: true}
      this.changed(this.#state)
      const distrust = [...this.#distrusted]
      const report = await this.work(distrust)
      // Once a build has made them again, those folders are as the builds make them.
      if (report.ok) for (const folder of distrust) this.#distrusted.delete(folder)
      this.#state = {number: this.#state.number + 1, building: false, report}
      this.changed(this.#state)
    } while (this.#again)
  }
}
