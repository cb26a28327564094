// What an address in a release points to: another release translation of
// this site, or a file kept beside the release (a photo, a PDF programme).
import {extname} from 'node:path'
import type {SiteLink} from '../model/fragments.js'

/** The site an address is read against: its address and languages. */
export interface SiteAddress {
  readonly siteUrl: string
  readonly languages: readonly string[]
}

/**
 * The release translation of this site an address, read on the page at
 * `from`, points to, if any: read as a web server would serve it, so that no
 * spelling of the same page escapes (http or https, a host in capitals or
 * with its final dot, a user name, doubled slashes, escaped letters, a
 * language in capitals).
 */
export function siteLink(address: string, from: string, site: SiteAddress): SiteLink | undefined {
  if (address.startsWith('#')) return undefined
  let resolved: URL
  try {
    resolved = new URL(address, from)
  } catch {
    return undefined
  }
  const home = homeOf(site.siteUrl)
  if (!home || (resolved.protocol !== 'https:' && resolved.protocol !== 'http:') || hostOf(resolved) !== hostOf(home) || resolved.port !== home.port) return undefined
  let path = resolved.pathname
  try {
    path = decodeURIComponent(path)
  } catch {
    // An escape that decodes to nothing is read as written.
  }
  path = path.replace(/\/{2,}/g, '/').toLowerCase()
  if (!path.startsWith(home.pathname.toLowerCase())) return undefined
  const [lang, id] = path.slice(home.pathname.length).split('/')
  const code = site.languages.find((language) => language.toLowerCase() === lang)
  return code && id ? {lang: code, id} : undefined
}

const homes = new Map<string, URL | undefined>()

function homeOf(siteUrl: string): URL | undefined {
  if (!homes.has(siteUrl)) {
    try {
      homes.set(siteUrl, new URL(siteUrl))
    } catch {
      homes.set(siteUrl, undefined)
    }
  }
  return homes.get(siteUrl)
}

function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/\.$/, '')
}

/** Whether an address names a file beside the release rather than a page: relative, with no scheme, and a file name. */
export function isMediaAddress(url: string): boolean {
  return url !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[/#?]/.test(url) && !url.endsWith('/') && extname(url.split(/[?#]/)[0]!) !== ''
}

/** The address of a translation's page, which its relative links are read against. */
export function pageAddress(site: SiteAddress, lang: string, id: string): string {
  return new URL(`${lang}/${id}/`, site.siteUrl).href
}
