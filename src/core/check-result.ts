// Combines an sts answer with the token state: sts can succeed on cached role credentials while
// the SSO token itself has expired, so a profile is healthy only when both agree.

import type { CallerIdentity } from '../aws/verify.ts'
import type { Failure } from '../aws/classify-error.ts'
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

export function buildCheckResult(name: string, sts: CallerIdentity | Failure, tokenState: TokenState | null): CheckResult {
  if ('class' in sts) return { name, ok: false, account: null, arn: null, tokenState, error: sts }
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
