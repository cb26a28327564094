// The settings of what a newsroom publishes beside its pages, and how: the
// PDF of each release, search, where advance copies go, and the deploy command.
// Their schema is part of newsroom.yaml's (settings.ts).
import {oneLine} from './schema.js'

export type Paper = 'A4' | 'Letter'

export interface PdfSettings {
  /** The paper the PDFs are set on; when unset, the default language's region decides (Letter in the United States and Canada). */
  readonly paper?: Paper
}

export const publishingSchema = {
  pdf: {
    type: ['boolean', 'object'],
    additionalProperties: false,
    hint: '`true` to make a PDF of every release, `false` for none, or `{paper: A4}` or `{paper: Letter}` to choose its paper',
    properties: {paper: {enum: ['A4', 'Letter'], hint: 'A4 or Letter'}}
  },
  search: {type: 'boolean', hint: '`true` (the default) to index the published releases so that readers can search them in their language, `false` for no search'},
  deploy: {type: 'string', minLength: 1, maxLength: 2000, pattern: oneLine, hint: 'one line of shell that copies the built site to the web server, such as rsync -a --delete --exclude=".communique*" "$PRESS_OUTPUT/" news@web.example.org:/var/www/news/'},
  advance: {
    type: 'object',
    required: ['url', 'secret'],
    additionalProperties: false,
    hint: '`url`, the protected place advance copies are uploaded to, and `secret`, the name of the environment variable holding the key their addresses are made with',
    properties: {
      url: {type: 'string', format: 'uri', pattern: '^https://', hint: 'an https address of a protected place of the web server, such as https://embassy.example.org/advance/'},
      secret: {type: 'string', pattern: '^[A-Z_][A-Z0-9_]{0,63}$', hint: 'the name of an environment variable, such as PRESS_ADVANCE_SECRET: the secret itself never goes in the repository'}
    }
  }
} as const

/** The publishing settings of checked settings data. */
export function publishingOf(data: unknown): {pdf?: PdfSettings; advance?: {url: string; secret: string}; deploy?: string; search: boolean} {
  const {pdf, advance, deploy, search} = data as {pdf?: boolean | {paper?: Paper}; advance?: {url: string; secret: string}; deploy?: string; search?: boolean}
  return {
    search: search ?? true,
    ...(pdf === undefined || pdf === false ? {} : {pdf: pdf === true || pdf.paper === undefined ? {} : {paper: pdf.paper}}),
    ...(advance ? {advance: {url: advance.url.endsWith('/') ? advance.url : `${advance.url}/`, secret: advance.secret}} : {}),
    ...(deploy === undefined ? {} : {deploy})
  }
}

/** The paper of a newsroom's PDFs: the one asked for, or Letter where the default language is written for the United States or Canada, A4 elsewhere. */
export function paperOf(pdf: PdfSettings, intl: string): Paper {
  if (pdf.paper) return pdf.paper
  try {
    const region = new Intl.Locale(intl).maximize().region
    return region === 'US' || region === 'CA' ? 'Letter' : 'A4'
  } catch {
    return 'A4'
  }
}
