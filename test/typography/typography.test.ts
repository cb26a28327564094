// Each language's typography, rule by rule, with the traps a typesetter knows.
import {describe, expect, it} from 'vitest'
import {fixture, press} from '../helpers.js'
import {toString} from 'mdast-util-to-string'
import {separateAttributions} from '../../pipeline/typography/attribution.js'
import {normalizeTree, typeset, visible} from '../typography-helpers.js'

const cases = (lang: string, pairs: Array<[string, string, string]>) => {
  for (const [name, before, after] of pairs) {
    it(`should ${name}`, () => {
      expect(visible(typeset(lang, before))).toBe(after)
    })
  }
}

describe('every language', () => {
  cases('en', [
    ['compose characters (NFC)', 'Cafe\u0301 open', 'Café open'],
    ['drop control characters, zero-width spaces and stray BOMs', 'Em\u0007bas\u200bsy\ufeff day', 'Embassy day'],
    ['keep zero-width joiners and non-joiners', 'a\u200db\u200cc', 'a\u200db\u200cc'],
    ['collapse runs of spaces and turn tabs into spaces', 'one   two\tthree', 'one two three'],
    ['keep the writer’s line ends while setting quotes after them', 'one \n"two"', 'one \n“two”'],
    ['set an ellipsis for three dots only', 'Wait... and.... 1.2', 'Wait… and.... 1.2'],
    ['set en and em dashes from -- and ---', '9--5 and yes --- no', '9–5 and yes — no'],
    ['leave a single hyphen and longer runs of hyphens', 'well-known ----', 'well-known ----'],
    ['remove a space typed before a comma or full stop', 'Hello , world .', 'Hello, world.'],
    ['print what the writer escaped as typed', 'a \\"quote\\" and \\-\\- and a\\.\\.\\.', 'a \\"quote\\" and \\-\\- and a\\.\\.\\.'],
    ['print character references as typed', '&quot;foo&quot; a&ZeroWidthSpace;b &#45;&#45;', '&quot;foo&quot; a&ZeroWidthSpace;b &#45;&#45;'],
    ['pair quotes around an escaped one', 'He said "foo \\"bar" then', 'He said “foo \\"bar” then'],
    ['print what the writer escaped as typed beside an ampersand written as a reference', 'AT&amp;T \\"q\\" and "r"', 'AT&amp;T \\"q\\" and “r”'],
    ['drop a line break beside a zero-width space, as CSS does', 'foo\u200b\nbar', 'foobar'],
  ])

  it('should leave a language with no typography settings with the universal rules only', () => {
    expect(typeset('xx', 'Say "hi"... -- ok')).toBe('Say "hi"… – ok')
  })
})

describe('English', () => {
  cases('en', [
    ['set double and single quotes and apostrophes', `She said "it's 'fine'" today`, 'She said “it’s ‘fine’” today'],
    ['set an apostrophe for a possessive plural and a shortened year', "the officers' visit in the '90s", 'the officers’ visit in the ’90s'],
    ['set quotes across emphasis', '"*Quoted*" words', '“*Quoted*” words'],
    ['leave curly quotes already present alone', '“Already” ‘set’', '“Already” ‘set’'],
    ['set a quote that closes before punctuation', 'He said "yes".', 'He said “yes”.'],
    ['set primes after digits, where a quote closes nothing', `Run 2'33" then 6' 2".`, 'Run 2′33″ then 6′ 2″.'],
    ['close a quote after a digit when one is open', `He said "top 10" and 'level 3' today`, 'He said “top 10” and ‘level 3’ today'],
    ['set an apostrophe between a number and a letter', "the 1990's and the '90s", 'the 1990’s and the ’90s'],
    ['leave the tear in a smiley straight', `Sad :'( but fine ;'-) and 'quoted'`, 'Sad :\'( but fine ;\'-) and ‘quoted’'],
    ['leave a double quote that pairs with nothing straight', 'The sign read "Closed and then nothing', 'The sign read "Closed and then nothing'],
    ['never let quotes overlap: a double opened inside a single one that closes first stays straight', `'foo "bar' baz"`, '‘foo "bar’ baz"'],
    ['set inches inside a quotation as a double prime', `"Monitor 21"" and more`, '“Monitor 21″” and more'],
    ['leave an opening quote straight when the writer escaped its closing one', '"foo\\"', '"foo\\"'],
    ['pair a closing quote with the nearest opening one, leaving the one left over straight', `"foo "bar" and "a "b"`, '"foo “bar” and "a “b”'],
    ['open a quotation that runs on into the next paragraph', '"The first part of the speech.\n\n"And its end."', '“The first part of the speech.\n\n“And its end.”'],
    ['leave inline code, autolinks and email addresses as written', 'Run `a -- "b"...` at <https://x.org/a--b...> or me@example.org', 'Run `a -- "b"...` at <https://x.org/a--b...> or me@example.org'],
    ['leave link destinations alone but set link text', '[the "guide"](https://x.org/?a="b"--c)', '[the “guide”](https://x.org/?a="b"--c)'],
  ])
})

describe('French', () => {
  cases('fr', [
    ['set guillemets with narrow no-break spaces inside', 'Le "Printemps" arrive', 'Le «⁐Printemps⁐» arrive'],
    ['set guillemets typed with spaces inside', 'Le " Printemps " arrive', 'Le «⁐Printemps⁐» arrive'],
    ['space existing guillemets', 'Le «Printemps» et « Été »', 'Le «⁐Printemps⁐» et «⁐Été⁐»'],
    ['set apostrophes in elisions', "l'ambassade d'Aurélie", 'l’ambassade d’Aurélie'],
    ['set a narrow no-break space before ; ! ?', 'Oui; non! Pourquoi?', 'Oui⁐; non⁐! Pourquoi⁐?'],
    ['set a no-break space before a colon', 'Programme: concert', 'Programme⍽: concert'],
    ['leave guillemets written as references as typed', '&laquo;test&raquo; et \\"ceci\\"', '&laquo;test&raquo; et \\"ceci\\"'],
    ['add no space before an escaped colon or beside a no-break space typed as a reference', 'Note\\: ici et Note&nbsp;: là', 'Note\\: ici et Note&nbsp;: là'],
    ['replace a space typed before the mark instead of adding one', 'Oui ; non ! Programme : concert', 'Oui⁐; non⁐! Programme⍽: concert'],
    ['set one space before marks typed together', 'Vraiment?!', 'Vraiment⁐?!'],
    ['leave times, decimal numbers and addresses alone', 'À 10:30, 3,5 % sur https://x.org/a?b=c:d', 'À 10:30, 3,5 % sur https://x.org/a?b=c:d'],
    ['set primes after digits, never guillemets', `2'33" contre 2'44"`, '2′33″ contre 2′44″'],
    ['leave a lone double quote straight rather than open a guillemet that never closes', 'Il a dit "bonjour et puis rien', 'Il a dit "bonjour et puis rien'],
    ['leave an IPv6 address alone', 'Serveur fdda:5cc1:23:4::1f ou ::1', 'Serveur fdda:5cc1:23:4::1f ou ::1'],
    ['set the space after emphasis before a colon', '**Vendredi**: concert', '**Vendredi**⍽: concert'],
    ['set nested quotes with English quotes inside guillemets', `Il a dit "c'est 'bien'"`, 'Il a dit «⁐c’est “bien”⁐»'],
    ['leave code spans alone', 'Tapez `a : b ?`', 'Tapez `a : b ?`'],
    ['be unchanged when already set', 'Déjà «⁐prêt⁐»⁐! Programme⍽: oui', 'Déjà «⁐prêt⁐»⁐! Programme⍽: oui'],
  ].map(([name, before, after]) => [name!, before!.replaceAll('⁐', '\u202f').replaceAll('⍽', '\u00a0'), after!] as [string, string, string]))
})

describe('Chinese', () => {
  cases('zh', [
    ['set curly quotes alternating where no space tells', '他说"你好"然后\'离开\'', '他说“你好”然后‘离开’'],
    ['turn half-width punctuation next to Chinese full-width', '你好,世界.真的吗?是的!注意:好;', '你好，世界。真的吗？是的！注意：好；'],
    ['remove spaces around full-width punctuation', '你好 , 世界', '你好，世界'],
    ['set full-width parentheses around Chinese and their partners', '使馆(渥太华)和大使馆(Ottawa)', '使馆（渥太华）和大使馆（Ottawa）'],
    ['leave decimal numbers and times alone', '版本3.5于10:30发布', '版本3.5于10:30发布'],
    ['leave punctuation inside Latin runs alone', '使用Node.js和e.g. this, that', '使用Node.js和e.g. this, that'],
    ['end a Chinese sentence after a number with a full stop', '时间为10:30至17:00.\n欢迎', '时间为10:30至17:00。欢迎'],
    ['remove a line break between two Chinese characters', '第一行\n第二行', '第一行第二行'],
    ['remove a line break between Chinese punctuation and a character', '你好，\n世界', '你好，世界'],
    ['keep a line break between Chinese and Latin text', '中文\nEnglish', '中文\nEnglish'],
    ['remove a line break before a dash or quote set among Chinese characters', '对话。\n——大使说\n“你好”\n他说', '对话。——大使说“你好”他说'],
    ['keep a line break between half-width Hangul letters', '\uffa1\uffa2\n\uffa3', '\uffa1\uffa2\n\uffa3'],
    ['keep a line break between Korean syllables, which are wide', '안녕\n하세요', '안녕\n하세요'],
    ['remove a line break between wide characters outside the Basic Multilingual Plane, read whole', '中文🈀\n🈀中文', '中文🈀🈀中文'],
    ['remove a line break between half-width katakana', '\uff71\uff75\n\uff72', '\uff71\uff75\uff72'],
    ['leave emphasis on two lines as two emphases, the break set only in the build', '*あおえ*\n*いう*', '*あおえ*\n*いう*'],
    ['remove a line break across emphasis', '这是\n**重点**。', '这是**重点**。'],
    ['leave spacing between Chinese and Latin words as written', '使用 Node 开发', '使用 Node 开发'],
    ['leave a full stop that starts a Latin word alone', '**「.NET」**框架、（.NET Framework）和使用.NET开发', '**「.NET」**框架、（.NET Framework）和使用.NET开发'],
    ['still end a sentence before a number with a full stop', '增长了.5月份开始', '增长了。5月份开始'],
  ])

  it('should read emphasis next to Chinese punctuation as emphasis', () => {
    const {after} = normalizeTree('zh', '**这是强调。**然后继续')
    expect(JSON.stringify(after)).toContain('"type":"strong"')
  })
})

describe('Arabic', () => {
  cases('ar', [
    ['set guillemets', 'قال "مرحبا" لنا', 'قال «مرحبا» لنا'],
    ['turn a Latin comma, semicolon and question mark next to Arabic into Arabic ones', 'نعم, لا; لماذا?', 'نعم، لا؛ لماذا؟'],
    ['set an Arabic comma after a Latin name followed by Arabic', 'قال John, ثم غادر', 'قال John، ثم غادر'],
    ['leave Latin names and numbers alone', 'Smith, John و 3,5', 'Smith, John و 3,5'],
  ])
})

describe('Russian', () => {
  cases('ru', [
    ['set «ёлочки» outside and „лапки“ inside, whatever quotes were typed', 'В "самом "добром" кино" и “Мамы”', 'В⍽«самом „добром“ кино» и⍽«Мамы»'],
    ['set quotes nested three deep', '"а "б "в" б" а"', '«а⍽„б ‘в’ б“ а»'],
    ['set a dash between words with a no-break space before it and a space after', 'Правда - небольшая ложь, а честь -- дороже', 'Правда⍽— небольшая ложь, а⍽честь⍽— дороже'],
    ['keep the line break after a dash that ends a line', 'изумлённый -\nИ гнев', 'изумлённый⍽—\nИ⍽гнев'],
    ['leave hyphens in words alone', 'одно- или двухэтажный корпус, кто-то', 'одно- или двухэтажный корпус, кто-то'],
    ['join short words to the word after them', 'И в Москве, на улице', 'И⍽в⍽Москве, на⍽улице'],
    ['join particles to the word before them', 'Может ли быть? Может же', 'Может⍽ли быть? Может⍽же'],
    ['join a number to the word or sign after it', '12 миллиардов рублей, 85 г и 5 %', '12⍽миллиардов рублей, 85⍽г и⍽5⍽%'],
    ['leave a number joined to a word by a hyphen', 'Вавилон-5 возвращается', 'Вавилон-5 возвращается'],
    ['set a narrow no-break space after the number sign', '№ 123 и №45', '№⁐123⍽и⍽№⁐45'],
    ['group thousands typed with spaces with narrow no-break spaces, inventing no group', '10 000 000 и 12345', '10⁐000⁐000⍽и⍽12345'],
    ['leave telephone numbers, dates and decimals alone', 'Тел. +1 613 555 0142, 2026-03-02, 3,5', 'Тел. +1 613 555 0142, 2026-03-02, 3,5'],
    ['set a range of years with an en dash', 'в 1941-1945 годах', 'в⍽1941–1945⍽годах'],
    ['set an ellipsis', 'Итак...', 'Итак…'],
    ['join a short word or a number across a line break inside the paragraph', 'Он живёт в\nМоскве и весит 5\nкг', 'Он живёт в⍽Москве и⍽весит 5⍽кг'],
    ['leave codes that look like ranges alone', 'Boeing 737-800, ISSN 0317-8471, карта 1234-5678, x.org/?p=10-20', 'Boeing 737-800, ISSN 0317-8471, карта 1234-5678, x.org/?p=10-20'],
    ['set a gloss in single quotes as ‘ ’', "слово 'мир'", 'слово ‘мир’'],
    ['keep quotes nested deeper than three at the innermost kind', '"а "б "в "г" в" б" а"', '«а⍽„б ‘в⍽‘г’ в’ б“ а»'],
  ])
})

describe('Spanish', () => {
  cases('es', [
    ['set « » outside, “ ” inside and ‘ ’ innermost, in the Academy’s order', 'Dijo: "Es "muy "buena" idea" hoy"', 'Dijo: «Es “muy ‘buena’ idea” hoy»'],
    ['set single quotes typed for a meaning as ‘ ’', "La palabra 'nave' significa barco", 'La palabra ‘nave’ significa barco'],
    ['keep ¿ ? and ¡ ! as written, and invent none', '¿Vienes? ¡Claro! Ven si quieres?', '¿Vienes? ¡Claro! Ven si quieres?'],
    ['take out spaces typed inside the quotes', 'Lo llamó " Primavera " ayer', 'Lo llamó «Primavera» ayer'],
    ['join a number to its unit', 'a 15 km y al 20 % de 3 millones', 'a⍽15⍽km y⍽al 20⍽% de 3⍽millones'],
    ['set ranges of numbers with an en dash', 'páginas 10-20 en 2019-2025, y 1990-95.', 'páginas 10–20 en 2019–2025, y⍽1990–95.'],
    ['leave telephone numbers, dates and codes alone', 'Llame al 555-1234, al 613-555-0142 el 2026-03-02, ref. 20-10', 'Llame al 555-1234, al 613-555-0142 el 2026-03-02, ref. 20-10'],
    ['set an apostrophe in a name', "Sr. O'Donnell", 'Sr. O’Donnell'],
    ['join a one-letter word to the word after it', 'Viaja a Lima y Quito o Cuzco', 'Viaja a⍽Lima y⍽Quito o⍽Cuzco'],
  ])
})

describe('typography from any locale.json', () => {
  it('should take any marks, words and signs a locale names literally, never as a pattern', async () => {
    const {createTypesetter} = await import('../../pipeline/typography/typesetter.js')
    const {TextRun} = await import('../../pipeline/typography/text-run.js')
    const typeset = createTypesetter({
      quotes: {primary: ['(', ')'], secondary: ['*', '*'], apostrophe: '’', inside: '', nesting: 'level'},
      noBreak: {afterWords: ['a'], afterNumber: ['км-ч', '+'], beforeNumber: {'-': '\u00a0', '+-': ' '}}
    })
    const run = new TextRun([{value: 'a "b" 5 км-ч 7 + -3 +-2 ( x )', frozen: false}])
    typeset(run)
    expect(visible(run.text)).toBe('a⍽(b) 5⍽км-ч 7⍽+ -⍽3⍽+- 2 (x)')
  })
})

describe('notes for press check', () => {
  it('should place each change at its line and column and name the rule', () => {
    const {file} = normalizeTree('fr', 'Une ligne\nDeux: "trois"')
    const notes = file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.reason}`)
    expect(notes).toContain('7:7 quotes “"” → “«” (fr typography)')
    expect(notes).toContain('7:5 space-before-punctuation “:” → no-break space “:” (fr typography)')
  })

  it('should place every one of many changes in a paragraph of several lines, counted on from the one before', () => {
    const {file} = normalizeTree('fr', "l'a l'b\nl'c\nd l'e l'f")
    const notes = file.messages.filter((message) => message.ruleId === 'quotes').map((message) => `${message.line}:${message.column}`)
    expect(notes).toEqual(['6:2', '6:6', '7:2', '8:4', '8:8'])
  })

  it('should place a change where it was typed, after the changes before it and past what the parser takes out of a line', () => {
    const places = (markdown: string) => normalizeTree('en', markdown).file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)
    // The ellipsis on the line before, and the one before the quote on its own line, are each two characters shorter than what was typed.
    expect(places('We expect a... b\nand c... d "quoted" -- here.')).toEqual(['6:12 ellipsis', '7:6 ellipsis', '7:21 dashes', '7:12 quotes', '7:19 quotes'])
    // A list item's and a quotation's second lines, without the indentation and markers the text node leaves out.
    expect(places('- One item\n  and c... d "q"')).toEqual(['7:8 ellipsis', '7:14 quotes', '7:16 quotes'])
    expect(places('> quoted\n> and c... d "q"')).toEqual(['7:8 ellipsis', '7:14 quotes', '7:16 quotes'])
    // Past escaped characters, which are printed as typed.
    expect(places('a \\"x\\" c... "d"')).toEqual(['6:10 ellipsis', '6:14 quotes', '6:16 quotes'])
    // A letter typed with its accent apart is composed, and what follows placed as typed.
    expect(places('Cafe\u0301 cre\u0300me "x"')).toEqual(['6:4 compose', '6:9 compose', '6:14 quotes', '6:16 quotes'])
    // Past a character reference that stands for the character it starts with.
    expect(places('See AT&amp;T "x"\nthen "y" -- z.')).toEqual(['7:10 dashes', '6:14 quotes', '6:16 quotes', '7:6 quotes', '7:8 quotes'])
  })

  it('should place a change to the title where it was typed, past the quotes and escapes of YAML', () => {
    const {file} = normalizeTree('en', 'Text', 'Say "fine" -- ok')
    // Written as title: "Say \"fine\" -- ok"
    expect(file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)).toEqual(['2:22 dashes', '2:13 quotes', '2:19 quotes'])
  })

  it('should place changes to the title on its line in the front matter', async () => {
    const result = await press(['check', '--root', fixture('typography')], fixture('typography'))
    expect(result.stderr).toMatch(/fr\.md\n2:\d+\s+info\s+“'” → “’” \(fr typography\)\s+quotes/)
  })

  it('should normalize the title from the front matter', () => {
    expect(visible(normalizeTree('fr', 'Texte', 'Visite de l\'ambassadeur: "Printemps"').title)).toBe('Visite de l’ambassadeur⍽: «⁐Printemps⁐»')
  })
})

describe('a quotation’s attribution', () => {
  const attribution = (lang: string, markdown: string) => {
    const {after} = normalizeTree(lang, markdown)
    separateAttributions(after)
    const quote = after.children.find((node) => node.type === 'blockquote')!
    return quote.children.map((node) => `${node.type === 'paragraph' && node.data?.attribution ? 'by' : 'quote'}: ${toString(node)}`)
  }

  it('should stand on its own, whether its dash was typed or set, or its words emphasized', () => {
    expect(attribution('en', '> One line.\n> Two lines.\n> -- The Minister')).toEqual(['quote: One line.\nTwo lines.', 'by: – The Minister'])
    expect(attribution('en', '> Words.\n> — *The Ambassador*, Ottawa')).toEqual(['quote: Words.', 'by: — The Ambassador, Ottawa'])
    expect(attribution('en', '> Words.\\\n> — The Consul')).toEqual(['quote: Words.', 'by: — The Consul'])
  })

  it('should keep the line break before a Chinese attribution, and keep it off a French one', () => {
    expect(attribution('zh', '> 对话。\n> ——大使')).toEqual(['quote: 对话。', 'by: ——大使'])
    expect(attribution('fr', '> "Merci."\n> — L’ambassadeur')).toEqual(['quote: «\u202fMerci.\u202f»', 'by: — L’ambassadeur'])
  })

  it('should leave alone a quote whose last line is not an attribution, or that is one line', () => {
    expect(attribution('en', '> A list:\n> — first\n> and more')).toEqual(['quote: A list:\n— first\nand more'])
    expect(attribution('en', '> — Only a dash line')).toEqual(['quote: — Only a dash line'])
    expect(attribution('zh', '> 第一段。\n\n> 其他')).toEqual(['quote: 第一段。'])
  })
})
