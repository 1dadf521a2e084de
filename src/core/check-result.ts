// Combines an sts answer with the token state: sts can succeed on cached role credentials while
// the SSO token itself has expired, so a profile is healthy only when both agree.

import type { CallerIdentity, Failure } from './aws-types.ts'
import { isUsable } from './token-state.ts'
import type { TokenState } from './types.ts'

export interface CheckResult {
  name: string
  ok: boolean
  account: string | null
  arn: string | null
  tokenState: TokenState | null
  error: Failure | null
}

/** What the token cache says about a profile's token, read right after the sts call. */
export interface TokenRead {
  state: TokenState
  /** Why the cache file is unusable (state `invalid`), in the words `status` uses. */
  problem: string | null
  cacheFile: string | null
}

export function buildCheckResult(name: string, sts: CallerIdentity | Failure, token: TokenState | TokenRead | null): CheckResult {
  const read = typeof token === 'string' ? { state: token, problem: null, cacheFile: null } : token
  const tokenState = read?.state ?? null
  if ('class' in sts) return { name, ok: false, account: null, arn: null, tokenState, error: corruptCache(sts, read) ?? sts }
  const base = { name, account: sts.account, arn: sts.arn, tokenState }
  if (tokenState !== null && !isUsable(tokenState)) {
    return {
      ...base,
      ok: false,
      error: { class: 'auth-expired', message: `sts answered from cached role credentials, but the SSO token is ${tokenState}: log in again` },
    }
  }
  return { ...base, ok: true, error: null }
}

/**
 * When the CLI failed on a token cache file we can see is corrupt, say that (as `status` does)
 * instead of the CLI's raw text, which for a non-JSON file is a bare Python KeyError ('<sha1>').
 * Only token failures qualify: a network or permission failure is its own story.
 */
function corruptCache(sts: Failure, read: TokenRead | null): Failure | undefined {
  if (read?.state !== 'invalid' || read.problem === null || !['auth-expired', 'cli-error'].includes(sts.class)) return undefined
  const file = read.cacheFile === null ? 'the token cache file' : `the token cache file ${read.cacheFile}`
  const advice = /rewrites|log in|login|check again/.test(read.problem) ? '' : ': log in again to rewrite it'
  return { class: 'auth-expired', message: `${file} is unusable: ${read.problem}${advice}` }
}
