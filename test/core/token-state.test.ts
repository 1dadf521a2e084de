import { describe, expect, it } from 'vitest'
import { computeTokenState } from '../../src/core/token-state.ts'
import type { TokenFacts, TokenInput } from '../../src/core/types.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const T = { warnMs: 30 * 60_000 }
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString().replace('.000Z', 'Z')
const token = (f: Partial<TokenFacts>): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'u', region: 'r', hasAccessToken: true, expiresAt: at(60), hasRefreshToken: false,
    hasClientId: false, hasClientSecret: false, registrationExpiresAt: undefined, ...f,
  },
})
const refreshKeys = { hasRefreshToken: true, hasClientId: true, hasClientSecret: true, registrationExpiresAt: at(60 * 24 * 30) }

describe('computeTokenState', () => {
  it.each([
    ['valid', token({ expiresAt: at(120) }), 'sso-session', 'valid'],
    ['expiring inside the warning window', token({ expiresAt: at(10) }), 'legacy-sso', 'expiring'],
    ['expired at exactly now', token({ expiresAt: at(0) }), 'legacy-sso', 'expired'],
    ['expired', token({ expiresAt: at(-5) }), 'sso-session', 'expired'],
    ['refreshable: expired with refresh keys', token({ expiresAt: at(-30), ...refreshKeys }), 'sso-session', 'refreshable'],
    ['refreshable: inside botocore\'s 15-minute window', token({ expiresAt: at(14), ...refreshKeys }), 'sso-session', 'refreshable'],
    ['valid: refresh keys but outside the window', token({ expiresAt: at(16), ...refreshKeys }), 'sso-session', 'valid'],
    ['legacy tokens never refresh', token({ expiresAt: at(-30), ...refreshKeys }), 'legacy-sso', 'expired'],
    ['no refresh once the registration expired', token({ expiresAt: at(-30), ...refreshKeys, registrationExpiresAt: at(-1) }), 'sso-session', 'expired'],
    ['no refresh without a refresh token', token({ expiresAt: at(-30), ...refreshKeys, hasRefreshToken: false }), 'sso-session', 'expired'],
    ['no refresh without clientSecret', token({ expiresAt: at(5), ...refreshKeys, hasClientSecret: false }), 'sso-session', 'expiring'],
    ['valid, not expiring: warn window but the CLI will refresh it', token({ expiresAt: at(20), ...refreshKeys }), 'sso-session', 'valid'],
    ['expiring: the registration ends before the refresh window opens', token({ expiresAt: at(20), ...refreshKeys, registrationExpiresAt: at(4) }), 'sso-session', 'expiring'],
    ['missing file', { status: 'missing' }, 'sso-session', 'missing'],
    ['corrupt file', { status: 'unreadable', reason: 'x' }, 'sso-session', 'invalid'],
    ['no accessToken', token({ hasAccessToken: false }), 'sso-session', 'invalid'],
    ['no expiresAt', token({ expiresAt: undefined }), 'sso-session', 'invalid'],
    ['expiresAt without a zone', token({ expiresAt: '2026-11-28T13:00:00' }), 'sso-session', 'invalid'],
    ['expiresAt as a number', token({ expiresAt: 1_800_000_000 }), 'sso-session', 'invalid'],
    ['unreadable registration inside the window', token({ expiresAt: at(-1), ...refreshKeys, registrationExpiresAt: 'soon' }), 'sso-session', 'invalid'],
  ] as const)('%s', (_name, input, kind, state) => {
    expect(computeTokenState(input, kind, NOW, T).state).toBe(state)
  })

  it('uses the configured warning window', () => {
    expect(computeTokenState(token({ expiresAt: at(20) }), 'legacy-sso', NOW, { warnMs: 30 * 60_000 }).state).toBe('expiring')
    expect(computeTokenState(token({ expiresAt: at(10) }), 'legacy-sso', NOW, { warnMs: 5 * 60_000 }).state).toBe('valid')
  })

  it('returns the expiry and the reason for invalid tokens', () => {
    expect(computeTokenState(token({ expiresAt: at(30) }), 'sso-session', NOW, T).expiresAt).toBe(NOW + 30 * 60_000)
    expect(computeTokenState(token({ expiresAt: 'garbage' }), 'sso-session', NOW, T).reason).toBe('expiresAt "garbage" is not a time the AWS CLI can read')
  })
})
