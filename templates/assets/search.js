// The search page: asks the page's language's Pagefind indexes (one a year,
// under pagefind/<lang>/ at the site's root) and lists what they find, in
// the page's words, as the news list does, a page of results at a time.
// Everything shown is set as text, never as markup, but for the <mark>
// Pagefind puts around the words found.
const form = document.querySelector('form.search-form')
const words = document.getElementById('search-words')
const topic = document.getElementById('search-topic')
const year = document.getElementById('search-year')
const status = document.getElementById('search-status')
const list = document.getElementById('search-results')
const more = document.getElementById('search-more')
const strings = JSON.parse(form.dataset.strings)
const root = new URL(form.dataset.root, location.href)
const plural = new Intl.PluralRules(strings.intl)
const pageSize = 20
let loading
let asked = 0
let shown = []

/** The indexes, loaded once: the first search and the filters wait for the same load. */
function pagefind() {
  return (loading ??= load())
}

async function load() {
  // One index a year, newest first: the first is asked, the others merged into it.
  const [first, ...others] = strings.indexes.map((folder) => new URL(folder, root))
  // A language with no release yet finds nothing.
  if (!first) return {search: async () => ({results: []})}
  const engine = await import(new URL('pagefind.js', first).href)
  // Results are addressed from the site's root, wherever the site is published.
  await engine.options({basePath: first.pathname, baseUrl: root.pathname, excerptLength: 24})
  await engine.init()
  for (const other of others) await engine.mergeIndex(other.pathname, {baseUrl: root.pathname})
  fillFilters(await engine.filters())
  return engine
}

function fillFilters(filters) {
  for (const [select, name, order] of [[topic, 'topic', (a, b) => a.localeCompare(b, strings.intl)], [year, 'year', (a, b) => b.localeCompare(a)]]) {
    for (const value of Object.keys(filters[name] ?? {}).sort(order)) select.append(new Option(value, value))
    const wanted = new URLSearchParams(location.search).get(name)
    if (wanted) select.value = wanted
  }
  document.querySelector('.search-filters').hidden = false
}

/** A result's excerpt: its text, with the words found marked. */
function excerpt(html) {
  const paragraph = document.createElement('p')
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html')
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === 'MARK') paragraph.append(Object.assign(document.createElement('mark'), {textContent: node.textContent}))
    else paragraph.append(node.textContent)
  }
  return paragraph
}

async function search() {
  const query = words.value.trim()
  const filters = Object.fromEntries([['topic', topic.value], ['year', year.value]].filter(([, value]) => value))
  const address = new URL(location.href)
  address.search = new URLSearchParams(Object.entries({q: query, ...filters}).filter(([, value]) => value)).toString()
  history.replaceState(null, '', address)
  const turn = ++asked
  list.replaceChildren()
  more.hidden = true
  shown = []
  if (!query && Object.keys(filters).length === 0) return void (status.textContent = '')
  status.textContent = strings.searching
  let results
  try {
    results = (await (await pagefind()).search(query || null, {filters})).results
  } catch {
    if (turn === asked) status.textContent = strings.unavailable
    return
  }
  if (turn !== asked) return
  shown = results
  await showMore(turn)
  // Said once the first results are there, for a screen reader to announce them together.
  if (turn === asked) status.textContent = results.length === 0 ? strings.none : strings.found[plural.select(results.length)].replace('{count}', String(results.length))
}

/** Lists the next page of results. */
async function showMore(turn) {
  const next = await Promise.all(shown.slice(list.children.length, list.children.length + pageSize).map((result) => result.data()))
  if (turn !== asked) return
  for (const result of next) {
    const item = document.createElement('li')
    const link = Object.assign(document.createElement('a'), {href: new URL(result.url, location.origin).href, textContent: result.meta.title})
    const heading = document.createElement('h2')
    heading.append(link)
    item.append(heading)
    if (result.meta.date) item.append(Object.assign(document.createElement('p'), {className: 'release-meta', textContent: result.meta.date}))
    item.append(excerpt(result.excerpt))
    list.append(item)
  }
  more.hidden = list.children.length >= shown.length
}

form.addEventListener('submit', (event) => {
  event.preventDefault()
  search()
})
for (const select of [topic, year]) select.addEventListener('change', search)
more.addEventListener('click', () => showMore(asked))
words.value = new URLSearchParams(location.search).get('q') ?? ''
// Loaded at once, so that the topics and years are there to choose from.
pagefind().then(
  () => (words.value || topic.value || year.value) && search(),
  () => (status.textContent = strings.unavailable)
)
