// One release through the engine, the same for press build, check, bulletin
// and press serve's full build and quick path. Phase one reads what each
// translation is (its summary, from the cache or its language's processor),
// checks its links and says what is public now; once every release is read,
// phase two publishes what is, once, with the links to what is not public
// left out before anything is rendered.
import {VFile} from 'vfile'
import {error, hasErrors, restoreMessages, warning} from '../source/diagnostics.js'
import {heldBack, releaseEmbargo, type HeldBack} from '../source/embargo.js'
import type {ReleaseSource} from '../source/newsroom.js'
import {releaseBytes} from '../source/source.js'
import {decideRelease, pageState, type Decided, type Rules} from '../publish/decide.js'
import type {Entry} from '../publish/pages.js'
import {posix} from 'node:path'
import {mediaCopies, mediaFingerprint, releaseMedia, type Published} from '../publish/release-media.js'
import {useMediaCopies} from '../publish/media-content.js'
import {encoderVersion} from '../publish/image-encoder.js'
import {hash} from './cache.js'
import {codeVersion} from './code-version.js'
import type {SiteLink} from '../model/fragments.js'
import type {FragmentSource, LoadedFragments} from './fragment-source.js'
import {SourceChanged} from './source-changed.js'
import {settled} from './pool.js'
import {extended} from '../lib/extended.js'
import {outputGroups, outputKeys, type OutputGroup, type StringKeys} from './output-keys.js'
import {groupsOf, publishTranslation, type Publishable, type Publisher} from './publish-translation.js'
import {withFilesOf} from './published-files.js'
import type {Session} from './session.js'

export interface ReleaseRun {
  readonly session: Session
  readonly fragments: FragmentSource
  readonly rules: Rules
  /** The cache folder, where media copies are kept. */
  readonly cacheFolder?: string
}

export interface TranslationStatus {
  readonly id: string
  readonly lang: string
  /** `invalid`: it has errors, so it is not even considered; `withdrawn`: its page stays, with a notice, out of every list. */
  readonly status: 'published' | HeldBack | 'invalid' | 'withdrawn'
  /** For an embargoed one, when the embargo ends, as the writer wrote it and as epoch milliseconds. */
  readonly until?: string
  readonly untilTime?: number
}

/** A translation phase one found publishable, with the key of its fragments. */
type Keyed = Publishable & {readonly key: string}

/** A release as phase one leaves it. */
export interface ReadRelease {
  readonly source: ReleaseSource
  /** Its translations' files, with their messages. */
  readonly files: readonly VFile[]
  /** How many of its translations could be read as text. */
  readonly read: number
  /** How many of its sources were read from disk, the others being as the last build saw them. */
  readonly opened: number
  /** The languages of those made from their source in this build, found in no cache: edited, most often. */
  readonly made: readonly string[]
  readonly statuses: readonly TranslationStatus[]
  readonly embargo: number | undefined
  /** Its valid translations, whose files are checked whether public or not. */
  readonly publishable: readonly Keyed[]
  /** What is public of it now; absent when a translation has errors. */
  readonly decided?: Decided<Keyed>
}

/** Phase one: a release's translations read, their links checked against the newsroom's releases (`exists`), and what is public now decided. */
export async function readRelease(run: ReleaseRun, source: ReleaseSource, exists: (id: string) => boolean): Promise<ReadRelease> {
  const read = await settled(source.translations.map((translation) => fragmentsOf(run.fragments, source.id, translation, run.session.data.notes)))
  const files = read.map(({file}) => file)
  const publishable = read.flatMap(({file, lang, fragments, key}) => (fragments?.release ? [{id: source.id, lang, file, key: key!, ...fragments.release}] : []))
  const embargo = releaseEmbargo(publishable)
  for (const translation of publishable) missingTargets(translation, exists)
  const release = {source, files, read: read.filter(({fragments}) => fragments?.read).length, opened: read.filter(({opened}) => opened).length, made: read.filter(({made}) => made).map(({lang}) => lang), statuses: statusesOf(source, publishable, embargo, run.rules.now), embargo, publishable}
  return hasErrors(files) ? release : extended(release, {decided: decideRelease(publishable, embargo, run.rules)})
}

/** The translations the releases make public, as `<lang>/<id>`. */
export function publicTranslations(releases: readonly ReadRelease[]): (target: SiteLink) => boolean {
  const published = new Set(releases.flatMap(({decided}) => decided?.published.map(({lang, id}) => `${lang}/${id}`) ?? []))
  return (target) => published.has(`${target.lang}/${target.id}`)
}

/** What a build keeps to take files unchanged from the previous one. */
export interface Reuse {
  readonly previous: string
  /** Each file's key in the previous build, and in this one, as they are made. */
  readonly before: ReadonlyMap<string, string>
  readonly after: Map<string, string>
  /** The UI strings each file was made with in the previous build, and in this one (output-keys.ts). */
  readonly usedBefore: ReadonlyMap<string, readonly string[]>
  readonly usedAfter: Map<string, readonly string[]>
  readonly strings: StringKeys
}

/** A translation phase two publishes: its language, and the work of writing its files (nothing when its source changed meanwhile, said on its file). */
export interface Publication {
  readonly lang: string
  readonly publish: () => Promise<Entry | undefined>
}

/**
 * Phase two: checks the files the release names and writes them, then gives
 * the work of publishing each public translation, its links to translations
 * that are not public (`isPublic`) left out first. Nothing when its files have
 * errors, or when `write` is false (another release has failed: it is only checked).
 */
export async function releaseOutputs(run: ReleaseRun, release: ReadRelease, publisher: Publisher, isPublic: (target: SiteLink) => boolean, options: {readonly exists: (id: string) => boolean; readonly write: boolean; readonly reuse?: Reuse}): Promise<{ok: boolean; publications: Publication[]}> {
  const {source, decided, embargo} = release
  // Every valid translation's files are checked, public or not: a missing photo is found before the embargo lifts.
  const media = await releaseMedia(run.session.root, source.id, release.publishable, {cache: run.cacheFolder, salt: await codeVersion(), knownImage: (path) => run.fragments.book.knownImage(path)})
  if (!decided || !media.ok || !options.write) return {ok: media.ok && decided !== undefined, publications: []}
  // Only the files of what is published go out with it.
  const named = new Set(decided.published.flatMap((translation) => translation.media?.map(({url}) => url) ?? []))
  const files = new Map([...media.files].filter(([url]) => named.has(url)))
  const problem = await publishMedia(run, files, publisher, options.reuse)
  if (problem) {
    for (const translation of decided.published) for (const ref of translation.media ?? []) if (ref.url === problem.url) error(translation.file, `${ref.url} could not be published: ${problem.message}`, ref.place, 'media')
    return {ok: false, publications: []}
  }
  const {languages} = decided
  const publish = async (chosen: (typeof decided.published)[number]): Promise<Entry> => {
    const hidden = chosen.links.filter((link) => options.exists(link.id) && !isPublic(link)).map(({lang, id}) => `${lang}/${id}`)
    const translation = withFilesOf(hidden.length === 0 ? chosen : await withoutLinks(run, source, chosen, hidden), files)
    const folder = `${translation.lang}/${source.id}/`
    const {reuse} = options
    if (!reuse) return publishTranslation(publisher, translation, languages, embargo)
    const inputs = outputKeys(folder, run.session.siteKeys.get(translation.lang)!, {page: translation.key, text: translation.key, email: translation.key, pdf: translation.key}, languages, embargo, `${pageState(translation)}|${mediaFingerprint(files)}`, groupsOf(publisher))
    // Each file's key holds the UI strings it was made with, as they are now: a file whose strings are all the same serves again.
    const keys = new Map([...inputs].map(([path, key]) => [path, reuse.strings.keyOf(key, reuse.usedBefore.get(path))]))
    const keep = (path: string, key: string, used: readonly string[] | undefined) => {
      reuse.after.set(path, key)
      if (used) reuse.usedAfter.set(path, used)
      else reuse.usedAfter.delete(path)
    }
    for (const [path, key] of keys) keep(path, key, reuse.usedBefore.get(path))
    const unchanged = (group: OutputGroup) => outputGroups[group].every((name) => reuse.before.get(`${folder}${name}`) === keys.get(`${folder}${name}`))
    // A group made again is keyed by the strings it was made with this time.
    const made = (group: OutputGroup, strings: readonly string[]) => {
      const used = reuse.strings.kept(strings)
      for (const name of outputGroups[group]) keep(`${folder}${name}`, reuse.strings.keyOf(inputs.get(`${folder}${name}`)!, used), used)
    }
    // An email too large for mail clients is on record with its bytes, so that one kept is warned of again without a look at it.
    const large = `email-bytes:${folder}release.eml`
    const largeEmail = Number(reuse.before.get(large))
    const tooLarge = (bytes: number) => reuse.after.set(large, String(bytes))
    return publishTranslation(publisher, translation, languages, embargo, {out: reuse.previous, keys, unchanged, made, tooLarge, ...(Number.isSafeInteger(largeEmail) ? {largeEmail} : {})})
  }
  const publications = decided.published.map(
    (chosen): Publication => ({
      lang: chosen.lang,
      publish: () =>
        publish(chosen).catch((problem: unknown) => {
          // A source changed since it was read is said on its file; the build then fails, as for any error.
          if (!(problem instanceof SourceChanged)) throw problem
          error(chosen.file, problem.message, {line: 1, column: 1}, 'changed-during-build')
          return undefined
        })
    })
  )
  return {ok: true, publications}
}

/**
 * Writes each file the release publishes, with an image's smaller and WebP
 * copies, or takes them from the previous output when it made them with this
 * same code: their names carry their content's hash, so a file kept there
 * under its name is what this build would write (a photo is megabytes, and
 * reading its copies again to compare was most of a rebuild of releases with
 * photos).
 */
async function publishMedia(run: ReleaseRun, files: ReadonlyMap<string, Published>, publisher: Publisher, reuse: Reuse | undefined): Promise<{url: string; message: string} | undefined> {
  const code = await codeVersion()
  const encoder = files.size > 0 ? await encoderVersion() : ''
  const {staging} = publisher.writer
  for (const [url, file] of new Map([...files].map(([url, one]) => [one.path, [url, one] as const])).values()) {
    const paths = [...new Set([file.path, ...(file.variants ?? []).flatMap(({path, webp}) => [path, webp])])]
    const keys = new Map(paths.map((path) => [path, hash('media copy', code, encoder, path, file.hash)]))
    const folder = `${posix.dirname(file.path)}/`
    const kept = reuse !== undefined && paths.every((path) => reuse.before.get(path) === keys.get(path)) && (await staging.reuse(reuse.previous, folder, paths.map((path) => posix.basename(path)), keys))
    // Kept, its copies in the cache are still this build's: pruning leaves them.
    if (kept) useMediaCopies(paths.map((path) => posix.basename(path)))
    else {
      let copies
      try {
        copies = await mediaCopies(file, run.cacheFolder)
      } catch (problem) {
        // A copy in the cache not what was checked, or an image sharp cannot encode after all: said on the release, never a crash.
        if (problem instanceof Error && !('syscall' in problem)) return {url, message: problem.message}
        throw problem
      }
      for (const [path, bytes] of copies) await staging.write(path, bytes)
    }
    if (reuse) for (const [path, key] of keys) reuse.after.set(path, key)
  }
  return undefined
}

/** A translation made again from its source without the links that would lead readers to what is not public; rare. */
async function withoutLinks<T extends Keyed>(run: ReleaseRun, source: ReleaseSource, translation: T, hidden: string[]): Promise<T> {
  const {path, shownAs} = source.translations.find(({lang}) => lang === translation.lang)!
  const again = await run.fragments.without({id: source.id, lang: translation.lang, path, shownAs}, translation.key, hidden)
  await run.fragments.forget(translation.key)
  if (!again.fragments.release) throw new SourceChanged(shownAs)
  restoreMessages(translation.file, again.fragments.messages.filter((message) => message.ruleId === 'unpublished-link'))
  return {...translation, ...again.fragments.release, key: again.key}
}

/** Reads one translation's bytes and gets its fragments; its messages go on a file named as the user knows it. */
async function fragmentsOf(source: FragmentSource, id: string, translation: ReleaseSource['translations'][number], notes: boolean, hidden?: string[]) {
  const {lang, path, shownAs} = translation
  // A source as the last build saw it is not read again: what it is made of is known.
  const known = hidden ? undefined : source.fromRecord({id, lang, path, shownAs})
  // Read at once otherwise: thousands of small files, each of which a promised read takes four trips to the thread pool to read.
  const read = known ? undefined : releaseBytes(path, shownAs)
  if (read && 'file' in read) return {lang, file: read.file, fragments: undefined, opened: true, made: false}
  const found: {key: string; fragments: LoadedFragments; made?: true} = known ?? (await source.make({id, lang, path, shownAs, bytes: read!.bytes, ...(hidden ? {hidden} : {})}))
  const {key, fragments} = found
  const file = new VFile({path: shownAs, cwd: '/'})
  restoreMessages(file, fragments.messages)
  // Its notes (each typographic change) only when asked for: press check, build --verbose. Made again if their entry has gone, from
  // the source as it was read: one changed since is said, as in phase two.
  if (notes && fragments.notes) {
    const made = await source.notesOf({id, lang, path, shownAs}, key, fragments.notes).catch((problem: unknown) => {
      if (!(problem instanceof SourceChanged)) throw problem
      error(file, problem.message, {line: 1, column: 1}, 'changed-during-build')
      return []
    })
    restoreMessages(file, made)
  }
  return {lang, file, fragments, key, opened: !known, made: found.made === true}
}

function statusesOf(source: ReleaseSource, publishable: ReadonlyArray<{lang: string; frontMatter: Publishable['frontMatter']}>, embargo: number | undefined, now: Date): TranslationStatus[] {
  // The release's embargo as the writer wrote it, in the translation that gives it.
  const until = publishable.find(({frontMatter}) => frontMatter.embargoTime === embargo)?.frontMatter.embargo
  return source.translations.map(({lang}): TranslationStatus => {
    const translation = publishable.find((one) => one.lang === lang)
    if (!translation) return {id: source.id, lang, status: 'invalid'}
    const reason = heldBack(translation.frontMatter, embargo, now)
    if (reason === 'embargoed') return {id: source.id, lang, status: reason, until: until!, untilTime: embargo!}
    return {id: source.id, lang, status: reason ?? (translation.frontMatter.status === 'withdrawn' ? 'withdrawn' : 'published')}
  })
}

/** Warns of each link to a release page of this site that no release of the newsroom makes. */
function missingTargets(translation: {file: VFile; links: readonly SiteLink[]}, exists: (id: string) => boolean) {
  for (const link of translation.links) {
    if (exists(link.id)) continue
    warning(translation.file, `The link to ${link.lang}/${link.id}/ leads nowhere: there is no release ${link.id} in releases/. Check the address`, link.place, 'missing-link-target')
  }
}
