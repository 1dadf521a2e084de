import { describe, expect, it } from 'vitest'
import { computeTokenState } from '../../src/core/token-state.ts'
import type { TokenFacts, TokenInput } from '../../src/core/types.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const T = { warnMs: 30 * 60_000 }
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString().replace('.000Z', 'Z')
const token = (f: Partial<TokenFacts>): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'u',
    region: 'r',
    hasAccessToken: true,
    expiresAt: at(60),
    hasRefreshToken: false,
    hasClientId: false,
    hasClientSecret: false,
    registrationExpiresAt: undefined,
    ...f,
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
    ["refreshable: inside botocore's 15-minute window", token({ expiresAt: at(14), ...refreshKeys }), 'sso-session', 'refreshable'],
    ['valid: refresh keys but outside the window', token({ expiresAt: at(16), ...refreshKeys }), 'sso-session', 'valid'],
    ['legacy tokens never refresh', token({ expiresAt: at(-30), ...refreshKeys }), 'legacy-sso', 'expired'],
    ['no refresh once the registration expired', token({ expiresAt: at(-30), ...refreshKeys, registrationExpiresAt: at(-1) }), 'sso-session', 'expired'],
    ['no refresh without a refresh token', token({ expiresAt: at(-30), ...refreshKeys, hasRefreshToken: false }), 'sso-session', 'expired'],
    ['no refresh without clientSecret', token({ expiresAt: at(5), ...refreshKeys, hasClientSecret: false }), 'sso-session', 'expiring'],
    ['valid, not expiring: warn window but the CLI will refresh it', token({ expiresAt: at(20), ...refreshKeys }), 'sso-session', 'valid'],
    [
      'expiring: the registration ends before the refresh window opens',
      token({ expiresAt: at(20), ...refreshKeys, registrationExpiresAt: at(4) }),
      'sso-session',
      'expiring',
    ],
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

  // Both sides of every threshold, to the second (and to the millisecond at botocore's refresh
  // window, where `remaining < 900 s` decides whether the CLI refreshes or uses the token as is).
  const S = (seconds: number) => new Date(NOW + seconds * 1000).toISOString()
  const W = 30 * 60
  it.each([
    ['refresh window: exactly 15:00 left is not refreshed yet', token({ expiresAt: S(900), ...refreshKeys }), 'sso-session', 'valid'],
    ['refresh window: 14:59.999 left is refreshed', token({ expiresAt: S(899.999), ...refreshKeys }), 'sso-session', 'refreshable'],
    ['refresh window: 15:00.001 left is not', token({ expiresAt: S(900.001), ...refreshKeys }), 'sso-session', 'valid'],
    ['warn window: exactly 30:00 left is valid', token({ expiresAt: S(W) }), 'legacy-sso', 'valid'],
    ['warn window: 29:59 left is expiring', token({ expiresAt: S(W - 1) }), 'legacy-sso', 'expiring'],
    ['warn window: 30:01 left is valid', token({ expiresAt: S(W + 1) }), 'sso-session', 'valid'],
    ['expiresAt exactly now (legacy) is expired', token({ expiresAt: S(0) }), 'legacy-sso', 'expired'],
    ['expiresAt exactly now without refresh keys is expired', token({ expiresAt: S(0) }), 'sso-session', 'expired'],
    ['expiresAt exactly now with refresh keys is refreshable', token({ expiresAt: S(0), ...refreshKeys }), 'sso-session', 'refreshable'],
    ['expiresAt one second from now is expiring', token({ expiresAt: S(1) }), 'sso-session', 'expiring'],
    ['expiresAt one millisecond ago is expired', token({ expiresAt: S(-0.001) }), 'legacy-sso', 'expired'],
    ['registration expiring exactly now: no refresh', token({ expiresAt: S(-60), ...refreshKeys, registrationExpiresAt: S(0) }), 'sso-session', 'expired'],
    [
      'registration expiring a second from now: refresh',
      token({ expiresAt: S(-60), ...refreshKeys, registrationExpiresAt: S(1) }),
      'sso-session',
      'refreshable',
    ],
    [
      'registration ending exactly as the refresh window opens: expiring',
      token({ expiresAt: S(20 * 60), ...refreshKeys, registrationExpiresAt: S(5 * 60) }),
      'sso-session',
      'expiring',
    ],
    [
      'registration ending a second into the refresh window: valid',
      token({ expiresAt: S(20 * 60), ...refreshKeys, registrationExpiresAt: S(5 * 60 + 1) }),
      'sso-session',
      'valid',
    ],
    ['no refresh without a client id', token({ expiresAt: S(60), ...refreshKeys, hasClientId: false }), 'sso-session', 'expiring'],
    ['no refresh without registrationExpiresAt', token({ expiresAt: S(60), ...refreshKeys, registrationExpiresAt: undefined }), 'sso-session', 'expiring'],
    ['legacy tokens with refresh keys still warn', token({ expiresAt: S(20 * 60), ...refreshKeys }), 'legacy-sso', 'expiring'],
  ] as const)('%s', (_name, input, kind, state) => {
    expect(computeTokenState(input, kind, NOW, { warnMs: W * 1000 }).state).toBe(state)
  })

  it('returns whole evaluations: times in epoch ms, a reason only where there is no usable token', () => {
    const reg = S(3600)
    expect(computeTokenState(token({ expiresAt: S(-60), ...refreshKeys, registrationExpiresAt: reg }), 'sso-session', NOW, T)).toEqual({
      state: 'refreshable',
      expiresAt: NOW - 60_000,
      registrationExpiresAt: NOW + 3_600_000,
      reason: null,
    })
    expect(computeTokenState(token({ expiresAt: S(-60), ...refreshKeys }), 'legacy-sso', NOW, T)).toEqual({
      state: 'expired',
      expiresAt: NOW - 60_000,
      registrationExpiresAt: NOW + 30 * 86_400_000,
      reason: null,
    })
    expect(computeTokenState(token({ expiresAt: S(60) }), 'sso-session', NOW, T)).toEqual({
      state: 'expiring',
      expiresAt: NOW + 60_000,
      registrationExpiresAt: null,
      reason: null,
    })
    expect(computeTokenState(token({ expiresAt: S(7200), registrationExpiresAt: 'never' }), 'sso-session', NOW, T)).toEqual({
      state: 'valid',
      expiresAt: NOW + 7_200_000,
      registrationExpiresAt: null,
      reason: null,
    })
    expect(computeTokenState({ status: 'missing' }, 'sso-session', NOW, T)).toEqual({
      state: 'missing',
      expiresAt: null,
      registrationExpiresAt: null,
      reason: 'no cached token: log in with aws sso login',
    })
    expect(computeTokenState({ status: 'unreadable', reason: 'the token file is empty' }, 'legacy-sso', NOW, T)).toEqual({
      state: 'invalid',
      expiresAt: null,
      registrationExpiresAt: null,
      reason: 'the token file is empty',
    })
    for (const f of [{ hasAccessToken: false }, { expiresAt: undefined }]) {
      expect(computeTokenState(token(f), 'sso-session', NOW, T)).toEqual({
        state: 'invalid',
        expiresAt: null,
        registrationExpiresAt: null,
        reason: 'the token file lacks accessToken or expiresAt',
      })
    }
    expect(computeTokenState(token({ expiresAt: S(-1), ...refreshKeys, registrationExpiresAt: 'soon' }), 'sso-session', NOW, T)).toEqual({
      state: 'invalid',
      expiresAt: NOW - 1000,
      registrationExpiresAt: null,
      reason: 'registrationExpiresAt "soon" is not a time the AWS CLI can read',
    })
  })

  it('ignores an unreadable registration where botocore never reads it (outside the window, legacy)', () => {
    const bad = { ...refreshKeys, registrationExpiresAt: 'soon' }
    expect(computeTokenState(token({ expiresAt: S(3600), ...bad }), 'sso-session', NOW, T).state).toBe('valid')
    expect(computeTokenState(token({ expiresAt: S(-1), ...bad }), 'legacy-sso', NOW, T).state).toBe('expired')
    expect(computeTokenState(token({ expiresAt: S(-1), ...bad, hasRefreshToken: false }), 'sso-session', NOW, T).state).toBe('expired')
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
