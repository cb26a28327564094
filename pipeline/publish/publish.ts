// Publishes one translation in every format from its fragments (rendered
// once, from its one normalized tree, by engine/fragments.ts): the web page,
// the print-ready text and, when the newsroom has email settings, the email.
import {stat} from 'node:fs/promises'
import {join} from 'node:path'
import type {VFile} from 'vfile'
import {error, warning} from '../source/diagnostics.js'
import {HeaderInjectionError} from './email-message.js'
import {emitReleasePage, atomDate, type SiteWriter} from './emit-site.js'
import {maxMessageBytes, releaseEmail, type EmailContext} from './emit-email.js'
import {shareLink, type Entry} from './pages.js'
import {settled} from '../engine/pool.js'
import type {Fragments} from '../engine/fragments.js'
import {startOfDayIn} from '../source/calendar.js'
import {releaseText} from './emit-text.js'

export interface Publisher {
  readonly writer: SiteWriter
  /** Display columns of the print-ready text. */
  readonly width: number
  readonly email?: EmailContext
}

/** A translation ready to publish: who it is, its file for messages, and its fragments. */
export interface Publishable extends NonNullable<Fragments['release']> {
  readonly id: string
  readonly lang: string
  readonly file: VFile
}

/**
 * Writes every output of `translation`; `published` lists the languages of
 * the release's public translations, `embargo` the release's embargo.
 * Returns what news lists, feeds and the sitemap need.
 */
export async function publishTranslation(publisher: Publisher, translation: Publishable, published: readonly string[], embargo: number | undefined, previous?: string): Promise<Entry> {
  const {writer} = publisher
  const {id, lang, frontMatter, file, excerpt} = translation
  const locale = writer.site.locales.get(lang)!
  const url = writer.site.url(`${lang}/${id}/`)
  // When readers got it: the embargo's end, or the start of its day in the newsroom's time zone.
  const publishedAt = embargo === undefined ? startOfDayIn(frontMatter.date, writer.site.settings.timeZone) : new Date(embargo)
  const entry = {id, lang, frontMatter, excerpt, updated: atomDate(publishedAt)}
  const folder = `${lang}/${id}/`
  // The same inputs as the previous build's: its files serve again.
  if (previous !== undefined && (await writer.staging.reuse(previous, folder, publisher.email ? ['index.html', 'release.txt', 'email.html', 'release.eml'] : ['index.html', 'release.txt']))) {
    if (publisher.email) checkEmailSize(file, (await stat(join(previous, folder, 'release.eml'))).size)
    return entry
  }

  const share = shareLink(locale, frontMatter.title, url)
  const text = releaseText(frontMatter, translation.textBody, locale, url, publisher.width)
  const writes = [emitReleasePage(writer, translation, {published, url, share, body: translation.page, excerpt}), writer.staging.write(`${lang}/${id}/release.txt`, text)]
  if (publisher.email) {
    const context = publisher.email
    writes.push(
      emitEmail(writer, file, `${lang}/${id}/`, async () =>
        releaseEmail(context, locale, {frontMatter, key: `${id}.${lang}`, published: publishedAt, body: translation.absolute!, ...(translation.inlined === undefined ? {} : {inlinedBody: translation.inlined}), text, url, forward: share, preheader: excerpt})
      )
    )
  }
  await settled(writes)
  return entry
}

/** Writes a release's email.html and release.eml; a header that would break becomes an error on the release. */
async function emitEmail(writer: SiteWriter, file: VFile, folder: string, compose: () => Promise<{html: string; message: Uint8Array}>) {
  let email
  try {
    email = await compose()
  } catch (problem) {
    if (!(problem instanceof HeaderInjectionError)) throw problem
    error(file, `${problem.message}: write it on one line`, {line: 1, column: 1}, 'header-injection')
    return
  }
  checkEmailSize(file, email.message.length)
  await writer.staging.write(`${folder}email.html`, email.html)
  await writer.staging.write(`${folder}release.eml`, email.message)
}

function checkEmailSize(file: VFile, bytes: number) {
  if (bytes > maxMessageBytes) {
    warning(file, `The email of this release is ${Math.round(bytes / 1024)} KB; mail clients such as Gmail cut messages over ${maxMessageBytes / 1024} KB: shorten the release or link to a document`, undefined, 'email-too-large')
  }
}
