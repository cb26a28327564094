// How a language is set, as its locale.json says: the contract between the
// locales a newsroom writes and the typography rules that apply them.

export interface Typography {
  readonly quotes?: Quotes
  readonly dashes?: Dashes
  readonly spaceBefore?: SpaceBefore
  readonly noBreak?: NoBreak
  /** What separates groups of three digits typed with a space (1 000 000), such as a narrow no-break space. */
  readonly digitGroups?: string
  readonly cjkPunctuation?: boolean
  readonly arabicPunctuation?: boolean
}

export interface Quotes {
  readonly primary: readonly [string, string]
  readonly secondary: readonly [string, string]
  /** Quotes inside the secondary ones, where the language has a third kind: ‘ ’ in Spanish. */
  readonly tertiary?: readonly [string, string]
  readonly apostrophe: string
  /** Space set inside the primary quotes, such as a narrow no-break space in French; "" takes any typed out. */
  readonly inside?: string
  /**
   * How double quotes are chosen: by the kind typed (`"` primary, `'`
   * secondary), or by `"level"`: the outermost primary, the next secondary,
   * then tertiary, whatever the writer typed (Russian and Spanish).
   */
  readonly nesting?: 'kind' | 'level'
}

export interface Dashes {
  /** What `--` becomes. */
  readonly en: string
  /** What `---` becomes. */
  readonly em: string
  /** A dash typed between words with spaces around it (` - `, ` -- `, ` – `): the dash and the spaces set around it. */
  readonly spaced?: {readonly before: string; readonly dash: string; readonly after: string}
  /** What a hyphen between two numbers of a range becomes: 1990-1995. */
  readonly range?: string
}

/** Mark and the space set before it. */
export type SpaceBefore = Readonly<Record<string, string>>

/** Words and signs that must not be parted from the next or the last word at the end of a line. */
export interface NoBreak {
  /** Short words joined to the word after them (Russian в, к, на…); matched whatever their case. */
  readonly afterWords?: readonly string[]
  /** Particles joined to the word before them (Russian ли, же, бы). */
  readonly beforeWords?: readonly string[]
  /** Units and signs joined to the number before them (km, %, €); `*` stands for any word. */
  readonly afterNumber?: readonly string[]
  /** Signs joined to the number after them (№, §), and the space set between. */
  readonly beforeNumber?: Readonly<Record<string, string>>
}
