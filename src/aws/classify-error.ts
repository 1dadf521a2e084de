// Classifies a failed AWS CLI run (stderr + exit code) into what the user must do about it
// (aws-cli.md §5). Only failed runs are classified; only these texts count as auth failures.

import type { Failure } from '../core/aws-types.ts'

export type { Failure, FailureClass } from '../core/aws-types.ts'

export interface RunOutcome {
  exitCode: number | undefined
  stderr: string
  timedOut: boolean
}

const AUTH_EXPIRED = [
  /token has expired and refresh failed/i,
  /the sso session (associated with this profile )?has expired/i,
  /error when retrieving credentials/i,
  /the sso access token has expired/i,
  /error loading sso token/i,
  /UnauthorizedException/,
]
const CORRUPT_CACHE = /^\s*(?:aws: \[ERROR\]:\s*)?(?:KeyError: )?'([0-9a-f]{40})'\s*$/m
// Device flow: CreateToken answers AccessDenied; PKCE: the browser's redirect carries an error
// instead of a code (aws-cli.md §2).
const DENIED_SIGN_IN =
  /\((AccessDeniedException|AccessDenied)\) when calling the CreateToken(WithIAM)? operation|Error loading authorization code: Failed to retrieve an authorization code/
const ACCESS_DENIED = [/\((ForbiddenException|AccessDeniedException|AccessDenied)\)/]
const NETWORK = [
  /could not connect to the endpoint url/i,
  /connect timeout on endpoint url/i,
  /read timeout on endpoint url/i,
  /ssl validation failed/i,
  /failed to connect to proxy url/i,
]
const CONFIG = [
  /unable to parse config file/i,
  /the specified sso-session does not exist/i,
  /is configured to use sso but is missing required configuration/i,
  /is inconsistent between profile/i,
  /the config profile \(.*\) could not be found/i,
  /missing the following required sso configuration values/i,
  /infinite loop in credential configuration/i,
  /you must specify a region/i,
]

export function classifyAwsError(run: RunOutcome): Failure | undefined {
  if (run.timedOut) return { class: 'timeout', message: 'the AWS CLI did not answer in time' }
  if (run.exitCode === 0) return undefined
  const message = lastMessage(run.stderr) || `the AWS CLI exited with code ${run.exitCode ?? 'unknown'}`
  const text = run.stderr
  if (/pending authorization to retrieve an SSO token has expired/i.test(text)) return { class: 'timeout', message }
  // botocore's KeyError for a token cache file that is not JSON is only the quoted cache key:
  // never show that raw text; name the file and the fix (a login rewrites it).
  const corrupt = CORRUPT_CACHE.exec(text)
  if (corrupt)
    return { class: 'auth-expired', message: `the token cache file ~/.aws/sso/cache/${corrupt[1] ?? ''}.json is corrupt: log in again to rewrite it` }
  if (AUTH_EXPIRED.some((re) => re.test(text))) return { class: 'auth-expired', message }
  // The login's own calls: a denial there means the person chose Deny in the browser. The CLI's
  // text after the colon is often empty; say it in plain words.
  if (DENIED_SIGN_IN.test(text)) return { class: 'access-denied', message: 'the sign-in was denied in the browser; log in again and choose Allow to finish it' }
  if (ACCESS_DENIED.some((re) => re.test(text))) return { class: 'access-denied', message }
  if (NETWORK.some((re) => re.test(text))) return { class: 'network', message }
  if (CONFIG.some((re) => re.test(text)) || run.exitCode === 253) return { class: 'config', message }
  return { class: 'cli-error', message }
}

function lastMessage(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
  return (lines.at(-1) ?? '').replace(/^aws: \[ERROR\]:\s*/, '')
}
