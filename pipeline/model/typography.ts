// How a language is set, as its locale.json says: the contract between the
// locales a newsroom writes and the typography rules that apply them.

export interface Typography {
  readonly quotes?: Quotes
  readonly dashes?: Dashes
  readonly spaceBefore?: SpaceBefore
  readonly cjkPunctuation?: boolean
  readonly arabicPunctuation?: boolean
}

export interface Quotes {
  readonly primary: readonly [string, string]
  readonly secondary: readonly [string, string]
  readonly apostrophe: string
  /** Space set inside the primary quotes, such as a narrow no-break space in French. */
  readonly inside?: string
}

export interface Dashes {
  /** What `--` becomes. */
  readonly en: string
  /** What `---` becomes. */
  readonly em: string
}

/** Mark and the space set before it. */
export type SpaceBefore = Readonly<Record<string, string>>
