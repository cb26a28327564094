// The stage that takes out the links to release translations this build
// does not publish (`file.data.hidden`, which the build decides once every
// release is read), with a warning at each: a link keeps its words, unless
// they give the address away (an address written out, an autolink), and then
// it is left out whole; an image pointing at such a page goes too.
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {VFile} from 'vfile'
import {pageAddress, siteLink, type SiteAddress} from './site-links.js'
import {dropLinks} from './unpublishable.js'

export function unpublishedLinks(options: SiteAddress & {readonly lang: string}) {
  return (tree: Root, file: VFile): undefined => {
    if (!file.data.hidden || file.data.hidden.length === 0) return
    const hidden = new Set(file.data.hidden)
    const from = pageAddress(options, options.lang, file.data.id!)
    const hiddenTarget = (address: string) => {
      const target = siteLink(address, from, options)
      return target && hidden.has(`${target.lang}/${target.id}`) ? target : undefined
    }
    dropLinks(
      tree,
      file,
      (address) => {
        const target = hiddenTarget(address)
        return target && `The link to ${target.lang}/${target.id}/ was left out: that release is not published in this build (it is embargoed, a draft, or not in that language). Link to it once it is public`
      },
      'unpublished-link',
      {
        images: true,
        revealing: (node) => {
          const words = toString(node).toLowerCase()
          return file.data.hidden!.some((target) => words.includes(target.slice(target.indexOf('/') + 1)))
        }
      }
    )
  }
}
