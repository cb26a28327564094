// The collect stage: what the build must know of a translation before it
// renders anything, gathered from its tree into `file.data`: the links to
// release translations of this site (to check them, and to hide those not
// yet public) and the files beside the release it names (the lead image
// first), which are published with it.
import type {Nodes, Root} from 'mdast'
import type {VFile} from 'vfile'
import type {MediaRef, SiteLink} from '../model/fragments.js'
import {error, stop} from './diagnostics.js'
import {eachNode} from './each-node.js'
import {isMediaAddress, pageAddress, siteLink, type SiteAddress} from './site-links.js'

export function collectReferences(options: SiteAddress & {readonly lang: string}) {
  return (tree: Root, file: VFile): undefined => {
    const from = pageAddress(options, options.lang, file.data.id!)
    const links: SiteLink[] = []
    const media: MediaRef[] = []
    eachNode<Nodes>(tree, undefined, (node) => {
      if ((node.type === 'image' || node.type === 'link' || node.type === 'definition') && isMediaAddress(node.url)) {
        const place = node.position?.start
        media.push({url: node.url, kind: node.type === 'image' ? 'image' : 'file', ...(node.type === 'image' ? {alt: node.alt ?? ''} : {}), ...(place ? {place} : {})})
      }
      // An image pointing at a release's page counts as a link to it.
      if (node.type !== 'link' && node.type !== 'definition' && node.type !== 'image') return
      const target = siteLink(node.url, from, options)
      if (target) links.push(node.position ? {...target, place: node.position.start} : target)
    })
    const lead = file.data.frontMatter?.image
    if (lead && !isMediaAddress(lead.src)) {
      error(file, `The lead image \`${lead.src}\` must be a photo kept beside the release, named relatively, such as photos/opening.jpg`, lead.place, 'media')
      stop()
    }
    if (lead) media.unshift({url: lead.src, kind: 'image', alt: lead.alt, ...(lead.place ? {place: lead.place} : {})})
    file.data.links = links
    file.data.media = media
  }
}
