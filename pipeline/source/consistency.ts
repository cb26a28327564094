// What must read the same in every translation of a release: amounts and
// years (numbers of three digits or more, however each language groups and
// marks decimals: 1,500, 1 500 and 1 500 are one number; 3,5 and 3.5 too),
// times (9:00 and 9 h), web and email addresses (a page under /en/ and one
// under /fr/ of the same site are one), and telephone numbers. One that a
// translation lacks is likely a mistake in one of them.

export interface Fact {
  readonly kind: 'number' | 'time' | 'address' | 'email' | 'phone'
  /** The same for the same fact, whichever language wrote it. */
  readonly key: string
  /** As written. */
  readonly text: string
  readonly line: number
  readonly column: number
}

const patterns: ReadonlyArray<{kind: Fact['kind']; pattern: RegExp}> = [
  {kind: 'address', pattern: /https?:\/\/[^\s<>()"'，。、）]+[^\s<>()"'，。、）.,;:!?]/g},
  {kind: 'email', pattern: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g},
  {kind: 'phone', pattern: /\+\d[\d ()\u00a0-]{6,}\d/g},
  {kind: 'time', pattern: /(?<![\d:])\d{1,2}:\d{2}(?![\d:])|(?<!\d)\d{1,2}[ \u00a0\u202f]?h(?:[ \u00a0\u202f]?\d{2})?(?![\p{L}\d])/gu},
  {kind: 'number', pattern: /(?<![\w.,])\d{1,3}(?:[,.\u00a0\u202f\u2009 ]\d{3})+(?:[.,]\d+)?(?!\d)|(?<![\w.,])\d+(?:[.,]\d+)?(?!\d)/g}
]

/** The facts of a release file: in its title, its summary and its text, with where each is. */
export function factsOf(source: string, languages: readonly string[]): Fact[] {
  const facts: Fact[] = []
  const lines = source.split('\n')
  let inFrontMatter = lines[0]?.replace(/^\ufeff/, '') === '---'
  // Whether the line before was the title or summary, or a line of it: one folded over several lines goes on, indented.
  let inField = false
  lines.forEach((line, index) => {
    if (index === 0 && inFrontMatter) return
    if (inFrontMatter) {
      if (line.trimEnd() === '---') inFrontMatter = false
      // Of the front matter, only what readers read.
      inField = /^(title|summary):/.test(line) || (inField && /^[ \t]/.test(line))
      if (!inField) return
    }
    const taken: Array<[number, number]> = []
    for (const {kind, pattern} of patterns) {
      for (const match of line.matchAll(pattern)) {
        const start = match.index
        const end = start + match[0].length
        // Inside an address already found: its digits are not numbers of their own.
        if (taken.some(([from, to]) => start < to && end > from)) continue
        taken.push([start, end])
        const key = keyOf(kind, match[0], languages)
        if (key !== undefined) facts.push({kind, key, text: match[0], line: index + 1, column: start + 1})
      }
    }
  })
  return facts
}

/**
 * One key for the versions of a page in each language, as a translation
 * links to its own: under /en/ or /fr/ (or /fr-ca/, /fr_CA/), named in that
 * language; on en.example.org or fr.example.org; with ?lang=fr or &hl=fr.
 */
function addressKey(text: string, languages: readonly string[]): string {
  const codes = languages.map((code) => code.toLowerCase()).join('|')
  const code = `(?:${codes})(?:[-_][a-z]{2,4})?`
  // A site in each language on its own host: every page of it is the same page in another language.
  const host = new RegExp(`^(https?://)${code}\\.([^/?#]+)`, 'i').exec(text)
  if (host) return `${host[1]}*.${host[2]}/*`
  let key = text
    .replace(new RegExp(`([?&])(?:lang|language|locale|hl)=${code}(?=&|#|$)`, 'gi'), '$1')
    .replace(/[?&]+(?=#|$)/, '')
  const under = new RegExp(`^(https?://[^/]+(?:/[^/]+)*?)/${code}(?=/|$)`, 'i').exec(key)
  key = under ? `${under[1]}/*` : key
  return key.replace(/\/$/, '')
}

function keyOf(kind: Fact['kind'], text: string, languages: readonly string[]): string | undefined {
  switch (kind) {
    case 'address':
      return addressKey(text, languages)
    case 'email':
      return text.toLowerCase()
    case 'phone':
      return text.replace(/\D/g, '')
    case 'time': {
      // 9:00, 9 h and 9 h 00 are one time.
      const [hours, minutes = '00'] = text.split(/[:h]/).map((part) => part.replace(/\D/g, ''))
      return `${hours!.padStart(2, '0')}:${minutes || '00'}`
    }
    case 'number': {
      // A group of three digits after a separator groups thousands; any other separator marks decimals.
      const plain = text.replace(/[,.\u00a0\u202f\u2009 ](?=\d{3}(?!\d))/g, '').replace(',', '.')
      // Days and months (3 mars, 3月) are written as words in some languages: only numbers of three digits or more count.
      return plain.replace('.', '').length >= 3 ? String(Number(plain)) : undefined
    }
  }
}
