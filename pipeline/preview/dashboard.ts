// The pages press serve makes itself: the dashboard (every release, each
// language's status and links to its three outputs, and the report press
// check gives), one release's three outputs side by side, an email as read
// back from its .eml, and the problems of a build that failed.
import {join} from 'node:path'
import nunjucks from 'nunjucks'
import {placedMessages} from '../source/diagnostics.js'
import {packageRoot} from '../source/package-root.js'
import type {PreviewState} from './preview-build.js'

export interface PreviewPages {
  dashboard(state: PreviewState): string
  view(state: PreviewState, lang: string, id: string): string
  email(state: PreviewState, email: ReadEmail): string
  problems(state: PreviewState): string
}

/** What the email page shows of a message read back from its .eml. */
interface ReadEmail {
  readonly lang: string
  readonly subject: string
  readonly from: string
  readonly to: string
  readonly date: string
}

/** Where a translation's outputs are served. */
function outputLinks(lang: string, id: string, email: boolean, pdf = false) {
  const base = `/${encodeURIComponent(lang)}/${encodeURIComponent(id)}/`
  return {
    view: `/_press/view${base}`,
    page: base,
    text: `${base}release.txt`,
    ...(email ? {email: `/_press/email${base}`} : {}),
    ...(pdf ? {pdf: `${base}release.pdf`} : {})
  }
}

export function previewPages(): PreviewPages {
  const templates = new nunjucks.Environment(new nunjucks.FileSystemLoader(join(packageRoot, 'templates', 'preview')), {autoescape: true, trimBlocks: true, lstripBlocks: true})
  const shown = (state: PreviewState) => ({...state, report: state.report && {...state.report, at: state.report.at.toLocaleTimeString('en-GB')}})
  return {
    dashboard(state) {
      const report = state.report
      const email = report?.emails === true
      const messages = report ? placedMessages(report.files).filter(({severity}) => severity !== 'info') : []
      const languages = (report?.languages ?? []).map((code) => ({code, name: report!.names[code] ?? code, published: report!.matrix.filter((row) => row.languages[code]?.status === 'published').length}))
      const rows = (report?.matrix ?? []).map((row) => ({
        id: row.id,
        cells: languages.map(({code, name}) => {
          const {status, until} = row.languages[code]!
          const label = status === 'embargoed' ? `embargoed until ${until}` : status === 'invalid' ? 'has errors' : status
          return {status, label, name, ...(status === 'missing' || status === 'invalid' || !report!.ok ? {} : {links: outputLinks(code, row.id, email, report!.pdfs === true)})}
        })
      }))
      return templates.render('dashboard.njk', {
        title: 'Newsroom preview',
        state: shown(state),
        report,
        languages,
        rows,
        errors: messages.filter(({severity}) => severity === 'error'),
        warnings: messages.filter(({severity}) => severity === 'warning')
      })
    },
    view(state, lang, id) {
      const email = state.report?.emails === true
      const name = state.report?.names[lang] ?? lang
      return templates.render('view.njk', {title: `${id} in ${name}`, state: shown(state), id, name, links: outputLinks(lang, id, email, state.report?.pdfs === true)})
    },
    email(state, email) {
      return templates.render('email.njk', {state: shown(state), email})
    },
    problems(state) {
      const errors = placedMessages(state.report?.files ?? []).filter(({severity}) => severity === 'error')
      return templates.render('problems.njk', {title: 'Errors in the newsroom', state: shown(state), errors})
    }
  }
}
