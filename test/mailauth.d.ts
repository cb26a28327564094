// The part of mailauth (a DKIM, SPF and DMARC verifier, which ships no types) the tests use.
declare module 'mailauth/lib/dkim/verify.js' {
  export interface DkimResult {
    readonly signingDomain: string
    readonly selector: string
    /** The headers the signature covers, as its h= tag names them (`keys`, colon-separated). */
    readonly signingHeaders?: {readonly keys: string}
    readonly status: {readonly result: 'pass' | 'fail' | 'neutral' | 'none' | 'policy' | 'temperror' | 'permerror'; readonly comment?: string; readonly aligned?: string | false}
  }
  export function dkimVerify(input: Buffer | string, options?: {resolver?: (name: string, type: string) => Promise<string[][]>}): Promise<{results: DkimResult[]}>
}
