// The pieces of HTML that inlining email styles reads without parsing a whole
// document: tags with their attributes, and what must be kept whole.

/** Comments (kept whole: Outlook's conditional ones hold tags), raw text elements, the doctype, then tags. */
export const token = /<!--[\s\S]*?-->|<(style|script)\b[^>]*>[\s\S]*?<\/\1\s*>|<!doctype[^>]*>|<\/?[a-z][^\s/>]*(?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*\s*\/?>/gi

/** An attribute with a value, in a tag: its leading space, name, equals sign and value as written (quotes included). */
export const attribute = /(\s+)([^\s=/>]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s>"']+)/g
