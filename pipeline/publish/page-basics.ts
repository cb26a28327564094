// What every page of the site shares: the translator and locale its
// templates use, the addresses of the style sheet, feed, crest and icons
// from where the page is, and how dates and image copies are written.
import type {Locale} from '../model/locale.js'
import type {Lead} from '../model/published.js'
import type {SiteMap} from './pages.js'

/** The srcset of an image's copies in its own format and in WebP. */
export function srcsets(variants: Lead['variants'], href: (path: string) => string): {srcset?: string; webp?: string} {
  if (!variants) return {}
  return {srcset: variants.map((variant) => `${href(variant.path)} ${variant.width}w`).join(', '), webp: variants.map((variant) => `${href(variant.webp)} ${variant.width}w`).join(', ')}
}

export function common(locale: Locale) {
  return {t: locale.t, locale}
}

export function pageBasics(site: SiteMap, locale: Locale, from: string) {
  const {logo, icon, touchIcon} = site.look
  return {
    assets: site.href(from, 'assets/'),
    feed: site.href(from, `${locale.code}/feed.xml`),
    ...(site.settings.search ? {search: site.href(from, `${locale.code}/search/`)} : {}),
    ...(logo ? {logo: {href: site.href(from, logo.path), width: logo.width, height: logo.height}} : {}),
    ...(icon ? {icon: site.href(from, icon.path)} : {}),
    ...(touchIcon ? {touchIcon: site.href(from, touchIcon.path)} : {})
  }
}

export function atomDate(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
