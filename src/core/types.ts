// Shared data types of the pure core. No I/O, no clock: `now` is always an argument.

export type ProfileKind = 'sso-session' | 'legacy-sso' | 'chained' | 'other'

export type TokenKind = 'sso-session' | 'legacy-sso'

export type TokenState = 'valid' | 'expiring' | 'refreshable' | 'expired' | 'missing' | 'invalid'

/** A profile as botocore would resolve it, reduced to what matters for SSO. */
export interface Profile {
  name: string
  kind: ProfileKind
  ssoSession: string | null
  startUrl: string | null
  ssoRegion: string | null
  accountId: string | null
  roleName: string | null
  /** The profile's own `region`, if any (sts needs one; SSO profiles often lack it). */
  region: string | null
  /** For `chained`: the SSO profile at the root of the source_profile chain. */
  sourceProfile: string | null
  /** The text botocore hashes into the token cache file name; null when no token applies. */
  tokenKey: string | null
  /** How botocore treats that token: sso-session tokens refresh silently, legacy ones never. */
  tokenKind: TokenKind | null
  /** Why botocore would refuse this profile, in plain words; null when it is fine. */
  configError: string | null
}

/**
 * What a token cache file says, without its secrets: only the presence of secret keys is kept,
 * so no later code path can print an access token, refresh token or client secret.
 */
export interface TokenFacts {
  startUrl: string | null
  region: string | null
  hasAccessToken: boolean
  /** expiresAt as found in the file (string, number, null, ...); undefined when absent. */
  expiresAt: unknown
  hasRefreshToken: boolean
  hasClientId: boolean
  hasClientSecret: boolean
  registrationExpiresAt: unknown
  /**
   * sso-session tokens only: the first 8 hex digits of the SHA-1 of the refresh token, to tell a
   * new refresh token (a new login) from the old one. Not reversible; the token itself is never kept.
   */
  refreshTag?: string
}

export type TokenInput = { status: 'missing' } | { status: 'unreadable'; reason: string } | { status: 'read'; facts: TokenFacts }

export interface TokenEvaluation {
  state: TokenState
  /** Access-token expiry in epoch ms, when the file has a readable one. */
  expiresAt: number | null
  /** Client-registration expiry in epoch ms (bounds silent refresh), when readable. */
  registrationExpiresAt: number | null
  /** Plain-words reason for `invalid` (and for `missing`). */
  reason: string | null
}

export interface Thresholds {
  /** Tokens closer than this to expiry are `expiring`. */
  warnMs: number
}

/** botocore's SSOTokenProvider._REFRESH_WINDOW: inside it, a refresh is attempted on each use. */
export const REFRESH_WINDOW_MS = 15 * 60 * 1000
