// The mailing list of each language: `email.lists.<lang>` in newsroom.yaml
// gives a language its own address, List-Id and unsubscribe addresses; a
// language without one uses the newsroom's (`email.to`, `email.listId`,
// `email.unsubscribe`). Checked here, and warned of where a list would fail
// the bulk-sender rules of the large mailbox providers (a List-Id, and
// one-click unsubscribe at an https address).
import type {VFile} from 'vfile'
import {error, warning} from './diagnostics.js'
import type {YamlSource} from './safe-yaml.js'
import {oneLine, type Schema} from './schema.js'

export interface MailingList {
  readonly to: string
  /** `List-Id`, such as `Embassy News <news.lists.example.org>`. */
  readonly listId?: string
  readonly unsubscribe?: {readonly url?: string; readonly mail?: string}
}

/** What a language's list may say (see listOf), and the list its digests go to, if not its own. */
export type ListSettings = Partial<MailingList> & {readonly digests?: MailingList}

/** The fields a list has, in `email` and in each entry of `email.lists`. */
export const listFields: Record<keyof MailingList, Schema> = {
  to: {type: 'string', maxLength: 300, pattern: oneLine, hint: 'the list address, such as Embassy News <news@lists.embassy.example.org>'},
  listId: {type: 'string', maxLength: 300, pattern: '^[^\\r\\n\\u0000<>]*<[a-zA-Z0-9.-]+>$', hint: 'a name and a list id in angle brackets, such as Embassy News <news.lists.embassy.example.org>'},
  unsubscribe: {
    type: 'object',
    additionalProperties: false,
    properties: {
      url: {type: 'string', format: 'uri', pattern: '^https://', hint: 'an https address where a reader can unsubscribe in one click'},
      mail: {type: 'string', format: 'email', hint: 'an address that unsubscribes whoever writes to it'}
    }
  }
}

/** A list of its own for digests (press bulletin --period), which readers subscribe to instead of, or beside, each release's email. */
export const digestsSchema: Schema = {type: 'object', required: ['to'], additionalProperties: false, properties: listFields, hint: 'the list digests go to: `to`, `listId` and `unsubscribe`, as for a list'}

export const listsSchema: Schema = {
  type: 'object',
  additionalProperties: {type: 'object', additionalProperties: false, properties: {...listFields, digests: digestsSchema}, hint: 'the list of one language: `to`, and optionally `listId`, `unsubscribe` and `digests`'},
  hint: 'a list for each language that has its own, by language code, such as fr: {to: Actualités <actualites@lists.embassy.example.org>}'
}

/** The newsroom's email settings as far as lists go. */
interface ListedEmail extends MailingList {
  readonly lists?: Readonly<Record<string, ListSettings>>
  readonly digests?: MailingList
}

/**
 * The list a language's messages go to. A list with its own address is a
 * list of its own: its List-Id and unsubscribe addresses are its own too,
 * never the newsroom's list's (a reader unsubscribing would leave the wrong
 * one). Without its own address, it takes the newsroom's list and whatever
 * of it the language does not give.
 */
function listOf(email: ListedEmail, lang: string): MailingList {
  const own = email.lists?.[lang] ?? {}
  const inherit = own.to === undefined
  const listId = own.listId ?? (inherit ? email.listId : undefined)
  const unsubscribe = own.unsubscribe ?? (inherit ? email.unsubscribe : undefined)
  return {to: own.to ?? email.to, ...(listId ? {listId} : {}), ...(unsubscribe ? {unsubscribe} : {})}
}

/** The list a language's digests go to: its digest list, the newsroom's, or else the language's own list. */
function digestListOf(email: ListedEmail, lang: string): MailingList {
  return email.lists?.[lang]?.digests ?? email.digests ?? listOf(email, lang)
}

/** The email settings with a language's list (or its digests' list) in place of the newsroom's: what every message in that language is made with. */
export function inLanguage<Email extends ListedEmail>(email: Email, lang: string, digest = false): Email {
  const {listId: _listId, unsubscribe: _unsubscribe, ...rest} = email
  return {...rest, ...(digest ? digestListOf(email, lang) : listOf(email, lang))} as Email
}

/**
 * Checks `email.lists` against the newsroom's languages and addresses (an
 * error when unusable) and warns of the lists that bulk-sender rules would
 * refuse. `isAddress` tells one email address; `addressProblem` what is
 * wrong with a web address, if anything.
 */
export function checkLists(email: ListedEmail, languages: readonly string[], file: VFile, source: YamlSource, isAddress: (value: string) => boolean, addressProblem: (value: string) => string | undefined): boolean {
  // Each list written under `email`: its address must be one, its unsubscribe page a web address.
  const usable = (list: Partial<MailingList>, at: string[]) => {
    if (list.to !== undefined && !isAddress(list.to)) {
      error(file, `\`${at.join('.')}.to\` must be one email address, such as Actualités <actualites@lists.embassy.example.org>`, source.place([...at, 'to']), 'invalid-address')
      return false
    }
    const problem = list.unsubscribe?.url === undefined ? undefined : addressProblem(list.unsubscribe.url)
    if (problem) error(file, `\`${at.join('.')}.unsubscribe.url\` ${problem}`, source.place([...at, 'unsubscribe', 'url']), 'invalid-address')
    return problem === undefined
  }
  if (email.digests && !usable(email.digests, ['email', 'digests'])) return false
  for (const [lang, list] of Object.entries(email.lists ?? {})) {
    const at = ['email', 'lists', lang]
    if (!languages.includes(lang)) {
      warning(file, `\`email.lists\` has a list for \`${lang}\`, which is not one of the site's languages (${languages.join(', ')}), so nothing is sent to it: correct the code, or add the language to \`languages\``, source.placeKey(at), 'unknown-list-language')
      continue
    }
    if (!usable(list, at) || (list.digests && !usable(list.digests, [...at, 'digests']))) return false
  }
  // A digest list is a list like any other: the same rules.
  const digestLists = [...(email.digests ? [{list: email.digests, at: ['email', 'digests']}] : []), ...languages.flatMap((lang) => (email.lists?.[lang]?.digests ? [{list: email.lists[lang]!.digests!, at: ['email', 'lists', lang, 'digests']}] : []))]
  for (const {list, at} of digestLists) {
    if (list.unsubscribe?.url === undefined) warning(file, `Digests sent to \`${at.join('.')}\` have no https unsubscribe address, so they carry no one-click unsubscribe, which Gmail, Yahoo and Outlook require of bulk senders: add \`unsubscribe: {url: https://…}\` to it`, source.placeKey(at), 'no-unsubscribe')
  }
  const lacking = (missing: (list: MailingList) => boolean) => languages.filter((lang) => missing(listOf(email, lang)))
  const placeOf = (langs: readonly string[]) => (langs.length === 1 && email.lists?.[langs[0]!] ? source.placeKey(['email', 'lists', langs[0]!]) : source.placeKey(['email']))
  const named = (langs: readonly string[]) => (langs.length === languages.length ? 'every language' : langs.length === 1 ? `the ${langs[0]} list` : `the lists of ${langs.join(', ')}`)
  const noUnsubscribe = lacking((list) => list.unsubscribe?.url === undefined)
  if (noUnsubscribe.length > 0) {
    warning(file, `Messages to ${named(noUnsubscribe)} have no https unsubscribe address, so they carry no one-click unsubscribe: Gmail, Yahoo and Outlook require it of bulk senders and send such mail to spam or refuse it. Add \`unsubscribe: {url: https://…}\` under \`email\`${noUnsubscribe.length < languages.length ? ' or the language’s list' : ''}`, placeOf(noUnsubscribe), 'no-unsubscribe')
  }
  const noListId = lacking((list) => list.listId === undefined)
  if (noListId.length > 0) {
    warning(file, `Messages to ${named(noListId)} have no List-Id, by which mail clients file and filter a list's messages: add \`listId: Name <list.id.example.org>\` under \`email\`${noListId.length < languages.length ? ' or the language’s list' : ''}`, placeOf(noListId), 'no-list-id')
  }
  return true
}
