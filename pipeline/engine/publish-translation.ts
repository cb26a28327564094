// Publishes one translation in every format from its fragments (rendered
// once, from its one normalized tree, by engine/fragments.ts): the web page,
// the print-ready text and, when the newsroom has email settings, the email.
// The files are rendered by render-translation.ts, in a worker thread when
// the build has them, and written by the thread that renders them where this
// one claims them; or taken unchanged from the previous build.
import type {VFile} from 'vfile'
import {error, warning} from '../source/diagnostics.js'
import type {SiteWriter} from '../publish/emit-site.js'
import {atomDate} from '../publish/page-basics.js'
import {maxMessageBytes} from '../publish/emit-email.js'
import {pdfName} from '../publish/emit-pdf.js'
import type {Entry} from '../publish/pages.js'
import {settled} from './pool.js'
import type {LoadedFragments} from './fragment-source.js'
import {startOfDayIn} from '../source/calendar.js'
import type {RenderedTranslation, TranslationJob} from '../publish/render-translation.js'
import {outputGroups, type OutputGroup} from './output-keys.js'
import type {PreviewMark} from '../publish/preview-mark.js'
import type {Download, Lead} from '../model/published.js'
import type {MediaFile} from '../publish/release-media.js'
import {writeError, type WrittenFiles} from './rendered-files.js'
import {extended} from '../lib/extended.js'

export interface Publisher {
  readonly writer: SiteWriter
  /** Whether the newsroom sends email, so that each release has one. */
  readonly email: boolean
  /** Renders a translation's files, here or in a worker thread. */
  readonly render: (job: TranslationJob) => Promise<RenderedTranslation & WrittenFiles>
  /** Prints a translation's print page to its PDF, when the newsroom makes them. */
  readonly print?: (page: PrintRequest) => Promise<Uint8Array>
}

/** A print page to make a translation's PDF of. */
export interface PrintRequest {
  readonly html: string
  readonly folder: string
  readonly lang: string
  readonly frontMatter: Publishable['frontMatter']
  readonly publishedAt: Date
}

/** A translation ready to publish: who it is, its file for messages, and its fragments. */
export interface Publishable extends NonNullable<LoadedFragments['release']> {
  readonly id: string
  readonly lang: string
  readonly file: VFile
  /** In a preview, why readers cannot see it yet. */
  readonly mark?: PreviewMark
  /** The language whose text has changed since this translation was made from it, when its page says so. */
  readonly updatedIn?: string
  /** The files it links to, published with the release, for its Downloads block. */
  readonly downloads?: readonly Download[]
  readonly lead?: Lead
  /** The files its release publishes, by the address its text names them with. */
  readonly mediaFiles?: ReadonlyArray<readonly [string, MediaFile]>
}

/** The previous build, and which of a translation's groups of files have the same inputs as there. */
export interface Previous {
  readonly out: string
  /** The key of each of this translation's files in this build, by path. */
  readonly keys: ReadonlyMap<string, string>
  readonly unchanged: (group: OutputGroup) => boolean
  /** Told of each group made again, with the UI strings it was made with. */
  readonly made?: (group: OutputGroup, strings: readonly string[]) => void
  /** The bytes of this translation's email in the previous build, when more than mail clients show (only those are on record): an email kept is warned of again without being looked at. */
  readonly largeEmail?: number
  /** Told the bytes of this translation's email when more than mail clients show, made or kept, for the next build's record. */
  readonly tooLarge?: (bytes: number) => void
}

/**
 * Writes every output of `translation`; `published` lists the languages of
 * the release's public translations, `embargo` the release's embargo. Files
 * made from the same inputs as in the previous build are taken from it.
 * Returns what news lists, feeds and the sitemap need.
 */
export async function publishTranslation(publisher: Publisher, translation: Publishable, published: readonly string[], embargo: number | undefined, previous?: Previous): Promise<Entry> {
  const {writer} = publisher
  const {id, lang, frontMatter, file, excerpt} = translation
  // When readers got it: the embargo's end, or the start of its day in the newsroom's time zone.
  const publishedAt = embargo === undefined ? startOfDayIn(frontMatter.date, writer.site.settings.timeZone) : new Date(embargo)
  const updated = atomDate(publishedAt)
  const entry = {id, lang, frontMatter, excerpt, updated, ...(translation.lead ? {image: translation.lead} : {}), modified: frontMatter.updatedTime === undefined ? updated : atomDate(new Date(frontMatter.updatedTime))}
  const folder = `${lang}/${id}/`
  const groups = groupsOf(publisher)
  const only = {page: true, text: true, email: publisher.email, pdf: publisher.print !== undefined}
  // The files made from the same inputs as the previous build's serve again.
  const same = previous ? groups.filter((group) => previous.unchanged(group)) : []
  if (same.length > 0 && (await writer.staging.reuse(previous!.out, folder, same.flatMap((group) => outputGroups[group]), previous!.keys))) {
    for (const group of same) only[group] = false
    if (same.includes('email') && previous!.largeEmail !== undefined && checkEmailSize(file, previous!.largeEmail)) previous!.tooLarge?.(previous!.largeEmail)
    if (same.length === groups.length) return entry
  }

  const {page, absolute, inlined, textBody} = await translation.bodies(only.text || only.email ? {email: only.email} : {pageOnly: true})
  // Only the bodies of the files to make cross to the thread that renders them: a template change makes pages alone.
  const email = only.email && absolute !== undefined
  const release = {frontMatter, excerpt, page: only.page || only.pdf ? page : '', textBody: only.text || only.email ? textBody : {lines: [], references: []}, ...(email ? {absolute} : {}), ...(email && inlined !== undefined ? {inlined} : {})}
  // Their places in the build folder, claimed here: the thread that renders the files writes them (rendered-files.ts); the PDF is printed here.
  const into = await writer.staging.claim?.(groups.filter((group) => only[group] && group !== 'pdf').flatMap((group) => outputGroups[group].map((name) => `${folder}${name}`)))
  // Given back when the thread fails, or a write of its: nothing stays in the folder that the build does not know it wrote.
  const giveBack = () => {
    for (const claimed of into ?? []) writer.staging.unclaim?.(claimed)
  }
  let rendered: Awaited<ReturnType<Publisher['render']>>
  try {
    rendered = await publisher.render({id, lang, release, published, publishedAt: publishedAt.getTime(), only, ...(translation.downloads ? {downloads: translation.downloads} : {}), ...(translation.lead ? {lead: translation.lead} : {}), ...(translation.mediaFiles ? {media: translation.mediaFiles} : {}), ...(translation.mark ? {mark: translation.mark} : {}), ...(translation.updatedIn ? {updatedIn: translation.updatedIn} : {}), ...(into ? {into} : {})})
  } catch (problem) {
    giveBack()
    throw problem
  }
  if (rendered.writeProblem) {
    giveBack()
    throw writeError(rendered.writeProblem)
  }
  for (const path of rendered.unwritten ?? []) writer.staging.unclaim?.(into!.find((claimed) => claimed.path === path)!)
  for (const group of groups) if (only[group]) previous?.made?.(group, rendered.strings[group] ?? [])
  if (rendered.headerProblem !== undefined) error(file, `${rendered.headerProblem}: write it on one line`, {line: 1, column: 1}, 'header-injection')
  for (const [path, length] of [...(rendered.written ?? []), ...rendered.files.map(([path, content]) => [path, content.length] as const)]) if (path.endsWith('.eml') && checkEmailSize(file, length)) previous?.tooLarge?.(length)
  await settled(rendered.files.map(([path, content]) => writer.staging.write(path, content)))
  if (rendered.print !== undefined && publisher.print) await printPdf(publisher.print, {html: rendered.print, folder, lang, frontMatter, publishedAt}, writer, file)
  return rendered.indexDigest === undefined ? entry : extended(entry, {indexDigest: rendered.indexDigest})
}

/** The groups of files a build makes of each translation. */
export function groupsOf(publisher: Publisher): OutputGroup[] {
  return ['page', 'text', ...(publisher.email ? (['email'] as const) : []), ...(publisher.print ? (['pdf'] as const) : [])]
}

/** Prints a translation's PDF and writes it; a print Chromium could not make is an error on the release, and the build fails. */
async function printPdf(print: NonNullable<Publisher['print']>, request: PrintRequest, writer: SiteWriter, file: VFile): Promise<void> {
  let pdf: Uint8Array
  try {
    pdf = await print(request)
  } catch (problem) {
    const reason = (problem instanceof Error ? problem.message : String(problem)).split('\n')[0]
    error(file, `Chromium could not print the PDF of this release (${reason}): check that \`chromium --version\` runs on this machine, and build again; \`pdf: false\` in newsroom.yaml publishes without PDFs`, {line: 1, column: 1}, 'pdf-failed')
    return
  }
  await writer.staging.write(`${request.folder}${pdfName}`, pdf)
}

/** Warns when an email of `bytes` is more than mail clients show; whether it is. */
function checkEmailSize(file: VFile, bytes: number): boolean {
  if (bytes <= maxMessageBytes) return false
  warning(file, `The email of this release is ${Math.round(bytes / 1024)} KB; mail clients such as Gmail cut messages over ${maxMessageBytes / 1024} KB: shorten the release or link to a document`, undefined, 'email-too-large')
  return true
}
