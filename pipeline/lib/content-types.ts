// The type of each kind of file press serves or hands a browser: its pages,
// texts, emails, fonts, images and PDFs, by extension (with the dot).

export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.eml': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf'
}

/** The type of a file by its name; bytes of no known kind otherwise. */
export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf('.')
  return (dot === -1 ? undefined : contentTypes[path.slice(dot).toLowerCase()]) ?? 'application/octet-stream'
}
