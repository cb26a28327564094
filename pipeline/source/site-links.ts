// What an address in a release points to: another release translation of
// this site, or a file kept beside the release (a photo, a PDF programme).
import {extname} from 'node:path'
import type {SiteLink} from '../model/fragments.js'

/** The site an address is read against: its address and languages. */
export interface SiteAddress {
  readonly siteUrl: string
  readonly languages: readonly string[]
}

/** The release translation of this site an address, read on the page at `from`, points to, if any. */
export function siteLink(address: string, from: string, site: SiteAddress): SiteLink | undefined {
  if (address.startsWith('#')) return undefined
  let resolved
  try {
    resolved = new URL(address, from).href
  } catch {
    return undefined
  }
  if (!resolved.startsWith(site.siteUrl)) return undefined
  const [lang, id] = resolved.slice(site.siteUrl.length).split(/[/?#]/)
  return lang && id && site.languages.includes(lang) ? {lang, id} : undefined
}

/** Whether an address names a file beside the release rather than a page: relative, with no scheme, and a file name. */
export function isMediaAddress(url: string): boolean {
  return url !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[/#?]/.test(url) && !url.endsWith('/') && extname(url.split(/[?#]/)[0]!) !== ''
}

/** The address of a translation's page, which its relative links are read against. */
export function pageAddress(site: SiteAddress, lang: string, id: string): string {
  return new URL(`${lang}/${id}/`, site.siteUrl).href
}
