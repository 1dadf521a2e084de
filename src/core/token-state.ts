// The state of one SSO token, exactly as botocore would treat it on the next AWS call.
// See botocore tokens.py (SSOTokenProvider._refresher / _refresh_access_token) and
// credentials.py (SSOCredentialFetcher: legacy tokens fail locally once expired).

import { parseAwsTimestamp } from './timestamp.ts'
import { REFRESH_WINDOW_MS, type TokenKind, type Thresholds, type TokenEvaluation, type TokenFacts, type TokenInput } from './types.ts'

export function computeTokenState(input: TokenInput, kind: TokenKind, now: number, thresholds: Thresholds): TokenEvaluation {
  const none = { expiresAt: null, registrationExpiresAt: null }
  if (input.status === 'missing') {
    return { state: 'missing', ...none, reason: 'no cached token: log in with aws sso login' }
  }
  if (input.status === 'unreadable') return { state: 'invalid', ...none, reason: input.reason }
  const t = input.facts
  if (!t.hasAccessToken || t.expiresAt === undefined) {
    return { state: 'invalid', ...none, reason: 'the token file lacks accessToken or expiresAt' }
  }
  const expiresAt = parseAwsTimestamp(t.expiresAt)
  if (expiresAt === undefined) {
    return { state: 'invalid', ...none, reason: `expiresAt ${JSON.stringify(t.expiresAt)} is not a time the AWS CLI can read` }
  }
  const regRaw = t.registrationExpiresAt
  const registrationExpiresAt = regRaw === undefined ? null : (parseAwsTimestamp(regRaw) ?? null)
  const remaining = expiresAt - now

  // Only sso-session profiles use botocore's refreshing token provider; legacy ones never refresh.
  if (kind !== 'legacy-sso' && remaining < REFRESH_WINDOW_MS) {
    const hasKeys = t.hasRefreshToken && t.hasClientId && t.hasClientSecret && regRaw !== undefined
    if (hasKeys) {
      if (registrationExpiresAt === null) {
        return {
          state: 'invalid',
          expiresAt,
          registrationExpiresAt,
          reason: `registrationExpiresAt ${JSON.stringify(regRaw)} is not a time the AWS CLI can read`,
        }
      }
      if (registrationExpiresAt - now > 0) return { state: 'refreshable', expiresAt, registrationExpiresAt, reason: null }
    }
  }
  if (remaining <= 0) return { state: 'expired', expiresAt, registrationExpiresAt, reason: null }
  if (remaining < thresholds.warnMs && !willRefresh(t, kind, expiresAt, registrationExpiresAt)) {
    return { state: 'expiring', expiresAt, registrationExpiresAt, reason: null }
  }
  return { state: 'valid', expiresAt, registrationExpiresAt, reason: null }
}

/** Valid, expiring and refreshable tokens let the AWS CLI work without a login. */
export function isUsable(state: TokenEvaluation['state']): boolean {
  return state === 'valid' || state === 'expiring' || state === 'refreshable'
}

/**
 * A warning-window token the CLI will refresh silently once it enters the refresh window is not
 * "expiring": nothing will interrupt the user. That needs the refresh keys and a client
 * registration still valid when the refresh window opens.
 */
function willRefresh(t: TokenFacts, kind: TokenKind, expiresAt: number, registrationExpiresAt: number | null): boolean {
  if (kind === 'legacy-sso' || !(t.hasRefreshToken && t.hasClientId && t.hasClientSecret)) return false
  return registrationExpiresAt !== null && registrationExpiresAt > expiresAt - REFRESH_WINDOW_MS
}
