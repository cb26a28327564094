// The DKIM key `press send` signs with, read from where the settings say:
// a file outside the newsroom or an environment variable, never the
// repository. It is checked before the first message, so that a bad key
// stops the run with a plain message instead of unsigned or broken mail.
import {createPrivateKey} from 'node:crypto'
import {readNewsroomText, refusalText, UnreadableFile} from '../lib/newsroom-file.js'
import type {DkimSettings} from '../source/settings.js'
import {SendError} from './mailer.js'

export interface SigningKey {
  readonly domainName: string
  readonly keySelector: string
  readonly privateKey: string
}

/** `root` is the newsroom, which the key file must really be outside of, links followed. */
export function signingKey(dkim: DkimSettings, environment: NodeJS.ProcessEnv, root: string): SigningKey {
  let pem: string
  let where: string
  if (dkim.keyEnv !== undefined) {
    where = `the environment variable ${dkim.keyEnv} (email.dkim.keyEnv)`
    const value = environment[dkim.keyEnv]
    if (!value) throw new SendError(`The settings sign mail with DKIM, but ${where} is not set: set it to the private key (PEM) before sending`)
    // A PEM written on one line, as an environment file holds it, with \n for its line breaks.
    pem = value.includes('\n') ? value : value.replaceAll('\\n', '\n')
  } else {
    where = `the file ${dkim.keyFile} (email.dkim.keyFile)`
    try {
      // A regular file of a key's size: a device such as /dev/zero, or a pipe, would never end.
      pem = readNewsroomText(dkim.keyFile!, {outside: root, maxBytes: 64 * 1024})
    } catch (problem) {
      if (!(problem instanceof UnreadableFile)) throw problem
      if (problem.reason === 'outside') throw new SendError(`The settings sign mail with DKIM, but ${where} is, or links to, a file inside the newsroom, which is shared and often a repository: move the key out of it, for example to /etc/communique/`)
      throw new SendError(`The settings sign mail with DKIM, but ${where} ${problem.reason === 'missing' || problem.reason === 'unreadable' ? 'cannot be read: put the private key there, readable by this user' : refusalText(problem, '64 KB')}`)
    }
  }
  try {
    const key = createPrivateKey(pem)
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`)
  } catch (problem) {
    throw new SendError(`The DKIM key in ${where} is not an RSA or Ed25519 private key in PEM form (${(problem as Error).message}): give the key that matches the public one published at ${dkim.selector}._domainkey.${dkim.domain}`)
  }
  return {domainName: dkim.domain, keySelector: dkim.selector, privateKey: pem}
}
