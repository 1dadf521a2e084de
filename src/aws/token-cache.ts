// botocore's SSOTokenLoader: one JSON file per token in ~/.aws/sso/cache, named by the SHA-1 of
// the sso-session name (or, for legacy profiles, the start URL verbatim). Parsing keeps only
// whether secret keys are present, never their values.

import type { TokenFacts, TokenInput, TokenKind } from '../core/types.ts'
import { sha1Hex } from './sha1.ts'

export function cacheKey(tokenKey: string): string {
  return sha1Hex(tokenKey)
}

export function cacheFileName(tokenKey: string): string {
  return `${cacheKey(tokenKey)}.json`
}

/**
 * Turns a cache file's text (undefined = no file) into the facts the state engine needs. For an
 * sso-session token (`kind`) the facts also carry a short tag of the refresh token (see TokenFacts).
 */
export function parseTokenFile(text: string | undefined, kind: TokenKind | null = null): TokenInput {
  if (text === undefined) return { status: 'missing' }
  if (text.trim() === '') {
    return { status: 'unreadable', reason: 'the token file is empty (a login may be writing it; check again in a moment)' }
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return { status: 'unreadable', reason: 'the token file is not valid JSON (a new login rewrites it)' }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { status: 'unreadable', reason: 'the token file does not hold a JSON object' }
  }
  const o = data as Record<string, unknown>
  const s = (k: string): string | null => (typeof o[k] === 'string' ? o[k] : null)
  const facts: TokenFacts = {
    startUrl: s('startUrl'),
    region: s('region'),
    hasAccessToken: Object.hasOwn(o, 'accessToken'),
    expiresAt: Object.hasOwn(o, 'expiresAt') ? o.expiresAt : undefined,
    hasRefreshToken: Object.hasOwn(o, 'refreshToken'),
    hasClientId: Object.hasOwn(o, 'clientId'),
    hasClientSecret: Object.hasOwn(o, 'clientSecret'),
    registrationExpiresAt: Object.hasOwn(o, 'registrationExpiresAt') ? o.registrationExpiresAt : undefined,
  }
  // 32 bits of a hash of a high-entropy secret: enough to see it change, useless to anyone reading it.
  if (kind === 'sso-session' && typeof o.refreshToken === 'string' && o.refreshToken !== '') facts.refreshTag = sha1Hex(o.refreshToken).slice(0, 8)
  return { status: 'read', facts }
}
