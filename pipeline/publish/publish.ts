// Publishes one translation in every format from its one normalized tree: the
// web page, the print-ready text and, when the newsroom has email settings,
// the email. Each body is rendered once per format.
import type {VFile} from 'vfile'
import {error, warning} from '../source/diagnostics.js'
import {HeaderInjectionError} from './email-message.js'
import {emitReleasePage, atomDate, type SiteWriter} from './emit-site.js'
import {maxMessageBytes, releaseEmail, type EmailContext} from './emit-email.js'
import {releaseText} from './emit-text.js'
import {excerpt} from '../render/excerpt.js'
import {shareLink, type Entry} from './pages.js'
import type {Translation} from '../source/release.js'
import type {HtmlRenderer} from '../render/render-html.js'
import {renderText} from '../render/render-text.js'
import {settled} from '../engine/pool.js'
import {startOfDayIn} from '../source/calendar.js'

export interface Publisher {
  readonly writer: SiteWriter
  readonly renderers: ReadonlyMap<string, HtmlRenderer>
  readonly email?: EmailContext
  /** Display columns of the print-ready text. */
  readonly width: number
}

/**
 * Writes every output of `translation`; `published` lists the languages of
 * the release's public translations, `embargo` the release's embargo.
 * Returns what news lists, feeds and the sitemap need.
 */
export async function publishTranslation(publisher: Publisher, translation: Translation, published: readonly string[], embargo: number | undefined): Promise<Entry> {
  const {writer, renderers} = publisher
  const {id, lang, frontMatter, tree, file} = translation
  const locale = writer.site.locales.get(lang)!
  const render = renderers.get(lang)!
  const url = writer.site.url(`${lang}/${id}/`)
  const share = shareLink(locale, frontMatter.title, url)
  const short = frontMatter.summary ?? excerpt(tree, lang)
  // When readers got it: the embargo's end, or the start of its day in the newsroom's time zone.
  const publishedAt = embargo === undefined ? startOfDayIn(frontMatter.date, writer.site.settings.timeZone) : new Date(embargo)

  const text = releaseText(frontMatter, renderText(tree, publisher.width), locale, url, publisher.width)
  const body = render(tree, publisher.email ? {base: url} : {})
  const writes = [emitReleasePage(writer, translation, {published, url, share, body: body.page, excerpt: short}), writer.staging.write(`${lang}/${id}/release.txt`, text)]
  if (publisher.email) {
    const context = publisher.email
    writes.push(
      emitEmail(writer, file, `${lang}/${id}/`, async () =>
        releaseEmail(context, locale, {frontMatter, key: `${id}.${lang}`, published: publishedAt, body: body.absolute!, text, url, forward: share, preheader: short})
      )
    )
  }
  await settled(writes)
  return {id, lang, frontMatter, excerpt: short, updated: atomDate(publishedAt)}
}

/** Writes a release's email.html and release.eml; a header that would break becomes an error on the release. */
async function emitEmail(writer: SiteWriter, file: VFile, folder: string, compose: () => Promise<{html: string; message: Buffer}>) {
  let email
  try {
    email = await compose()
  } catch (problem) {
    if (!(problem instanceof HeaderInjectionError)) throw problem
    error(file, `${problem.message}: write it on one line`, {line: 1, column: 1}, 'header-injection')
    return
  }
  if (email.message.length > maxMessageBytes) {
    warning(file, `The email of this release is ${Math.round(email.message.length / 1024)} KB; mail clients such as Gmail cut messages over ${maxMessageBytes / 1024} KB: shorten the release or link to a document`, undefined, 'email-too-large')
  }
  await writer.staging.write(`${folder}email.html`, email.html)
  await writer.staging.write(`${folder}release.eml`, email.message)
}
