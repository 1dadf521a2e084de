// Incremental parser of `aws sso login --no-browser` output (aws-cli.md §2). Pure: feed it chunks
// exactly as they arrive (any split, CRLF or LF) and it returns the events complete lines prove.
// A URL is only reported once its line has ended, so a chunk cut mid-URL never yields half a URL.

import type { LoginOutputEvent } from '../core/aws-types.ts'

export type { LoginFlow, LoginOutputEvent } from '../core/aws-types.ts'

export interface LoginOutputState {
  /** Text after the last line break, not yet a whole line. */
  pending: string
  expect: 'none' | 'url' | 'code' | 'completeUrl'
  sawUrl: boolean
}

export const initialLoginOutputState: LoginOutputState = { pending: '', expect: 'none', sawUrl: false }

const ERROR_PREFIX = /^aws: \[ERROR\]:\s*/
// Failure texts printed without a prefix before CLI 2.34.
const KNOWN_ERRORS = [
  /^The pending authorization to retrieve an SSO token has expired/,
  /^Error loading authorization code: /,
  /^Unable to initialize the OAuth 2\.0 authorization callback handler/,
  /^Could not connect to the endpoint URL: /,
  /^Connect timeout on endpoint URL: /,
  /^Missing the following required SSO configuration values: /,
  /^The specified sso-session does not exist: /,
  /^The config profile \(.*\) could not be found/,
  /^An error occurred \(.+\) when calling the .+ operation/,
  /^aws: error: /,
  /^Unknown options: /,
]

export function parseLoginOutput(state: LoginOutputState, chunk: string): { state: LoginOutputState; events: LoginOutputEvent[] } {
  const text = state.pending + chunk
  const parts = text.split(/\r?\n|\r/)
  const pending = parts.pop() ?? ''
  let next: LoginOutputState = { ...state, pending }
  const events: LoginOutputEvent[] = []
  for (const raw of parts) {
    const r = parseLine(next, raw.trim())
    next = r.state
    if (r.event) events.push(r.event)
  }
  return { state: next, events }
}

/** Call when the process has exited: a last line without a line break still counts. */
export function flushLoginOutput(state: LoginOutputState): { state: LoginOutputState; events: LoginOutputEvent[] } {
  if (state.pending === '') return { state, events: [] }
  return parseLoginOutput({ ...state, pending: '' }, state.pending + '\n')
}

function parseLine(state: LoginOutputState, line: string): { state: LoginOutputState; event?: LoginOutputEvent } {
  if (line === '') return { state }
  if (line.startsWith('Please visit the following URL:')) return { state: { ...state, expect: 'url' } }
  if (line.startsWith('Then enter the code:')) return { state: { ...state, expect: 'code' } }
  if (line.startsWith('Alternatively, you may visit the following URL')) return { state: { ...state, expect: 'completeUrl' } }
  const success = /^Successfully logged into Start URL: (\S+)/.exec(line)
  if (success) return { state: { ...state, expect: 'none' }, event: { type: 'success', startUrl: success[1] ?? '' } }
  const region = /^SSO region updated to (\S+)/.exec(line)
  if (region) return { state, event: { type: 'regionUpdated', region: region[1] ?? '' } }
  const url = /https:\/\/\S+/.exec(line)?.[0]
  if (url && state.expect === 'url' && !state.sawUrl) {
    return { state: { ...state, expect: 'none', sawUrl: true }, event: { type: 'url', url, flow: isPkceUrl(url) ? 'pkce' : 'device' } }
  }
  if (url && state.expect === 'completeUrl') return { state: { ...state, expect: 'none' }, event: { type: 'completeUrl', url } }
  if (state.expect === 'code' && /^[A-Z0-9]{4,}(-[A-Z0-9]{4,})*$/.test(line)) {
    return { state: { ...state, expect: 'none' }, event: { type: 'userCode', code: line } }
  }
  if (ERROR_PREFIX.test(line)) return { state, event: { type: 'error', message: line.replace(ERROR_PREFIX, '') } }
  if (KNOWN_ERRORS.some((re) => re.test(line))) return { state, event: { type: 'error', message: line } }
  return { state }
}

/** The PKCE authorize URL carries a code challenge; device-flow URLs do not. */
export function isPkceUrl(url: string): boolean {
  return /[?&]code_challenge=/.test(url) || /\/authorize\?.*response_type=code/.test(url)
}
