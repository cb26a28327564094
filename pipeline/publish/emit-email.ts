// Emit stage, email format: the HTML a mail client renders (every style
// inlined by juice, addresses absolute) and the MIME message around it, for a
// release and for a bulletin.
import juice from 'juice'
import type nunjucks from 'nunjucks'
import {composeMessage} from './email-message.js'
import type {Locale} from '../source/locales.js'
import type {EmailSettings} from '../source/settings.js'
import type {FrontMatter} from '../source/validate.js'

/** Gmail clips messages larger than this. */
export const maxMessageBytes = 100 * 1024

export interface EmailContext {
  readonly templates: nunjucks.Environment
  readonly email: EmailSettings
}

export interface ReleaseEmail {
  readonly frontMatter: FrontMatter
  readonly key: string
  readonly published: Date
  /** The body fragment, rendered with absolute addresses. */
  readonly body: string
  readonly text: string
  readonly url: string
  readonly forward: string
  readonly preheader: string
}

export async function releaseEmail(context: EmailContext, locale: Locale, release: ReleaseEmail): Promise<{html: string; message: Buffer}> {
  const {frontMatter} = release
  const html = inline(
    context.templates.render('email/release.njk', {
      t: locale.t,
      locale,
      email: {unsubscribe: context.email.unsubscribe?.url, title: frontMatter.title, category: locale.t(`category.${frontMatter.category}`), preheader: release.preheader, url: release.url, forward: release.forward},
      release: {...frontMatter, dateText: locale.formatDate(frontMatter.date), body: release.body}
    })
  )
  const message = await composeMessage(context.email, {subject: frontMatter.title, key: release.key, date: release.published, lang: locale.code, text: release.text, html})
  return {html, message}
}

export interface BulletinEmail {
  readonly subject: string
  readonly intro: string
  readonly key: string
  readonly date: Date
  readonly text: string
  readonly entries: ReadonlyArray<{title: string; url: string; dateText: string; excerpt: string}>
}

export async function bulletinEmail(context: EmailContext, locale: Locale, bulletin: BulletinEmail): Promise<{html: string; message: Buffer}> {
  const html = inline(
    context.templates.render('email/bulletin.njk', {
      t: locale.t,
      locale,
      email: {unsubscribe: context.email.unsubscribe?.url, title: bulletin.subject, category: locale.t('category.embassy-news'), preheader: bulletin.intro},
      bulletin
    })
  )
  const message = await composeMessage(context.email, {subject: bulletin.subject, key: bulletin.key, date: bulletin.date, lang: locale.code, text: bulletin.text, html})
  return {html, message}
}


/** Moves every style rule onto the elements it applies to and drops the <style> element. */
function inline(html: string): string {
  return juice(html, {removeStyleTags: true, preserveMediaQueries: false, preserveFontFaces: false, applyWidthAttributes: false, applyHeightAttributes: false, applyAttributesTableElements: true})
}
