// The boundaries of loginNeed (the warning window, the session end, the later of session end and
// token expiry), of its clock texts and of how it shows a profile name. The everyday cases are in
// login-command.test.ts.

import { describe, expect, it } from 'vitest'
import { clockText, displayName, loginNeed, type LoginNeedInput } from '../../src/login/login-need.ts'

const NOW = Date.parse('2026-12-01T13:30:00Z')
const M = 60_000
const WARN = 15 * M
const base: LoginNeedInput = { profile: 'dev', state: 'valid', expiresAt: NOW + 2 * WARN, sessionEndsAt: null, now: NOW, warnMs: WARN, utcOffsetMin: 0 }
const RENEWS = 'dev is logged in (the AWS CLI renews its token by itself; when the session ends is not known); nothing to do. Use --force to log in anyway.'

describe('loginNeed at the edges of the warning window', () => {
  it('a valid token with exactly the window left counts as refreshed by the CLI; a minute more is a known end', () => {
    expect(loginNeed({ ...base, expiresAt: NOW + WARN })).toEqual({ login: false, usableUntil: null, message: RENEWS })
    expect(loginNeed({ ...base, expiresAt: NOW + WARN + M })).toEqual({
      login: false,
      usableUntil: NOW + WARN + M,
      message: 'dev is logged in until 13:46 (16m); nothing to do. Use --force to log in anyway.',
    })
  })

  it('a refreshable token is renewed by the CLI however long its access token still runs (a warning window shorter than the refresh one)', () => {
    expect(loginNeed({ ...base, state: 'refreshable', expiresAt: NOW + 10 * M, warnMs: 5 * M })).toEqual({ login: false, usableUntil: null, message: RENEWS })
  })

  it('a valid token without an expiry and no known session end: no promise of how long', () => {
    expect(loginNeed({ ...base, expiresAt: null })).toEqual({ login: false, usableUntil: null, message: RENEWS })
  })

  it('a session that ends exactly at the window is renewed; one that ends now was expected to end', () => {
    const refreshable = { ...base, state: 'refreshable' as const, expiresAt: NOW - M }
    expect(loginNeed({ ...refreshable, sessionEndsAt: NOW + WARN + M })).toMatchObject({ login: false, usableUntil: NOW + WARN + M })
    expect(loginNeed({ ...refreshable, sessionEndsAt: NOW + WARN })).toEqual({
      login: true,
      note: "dev's session ends at 13:45 (in 15m): logging in for a new one",
    })
    expect(loginNeed({ ...refreshable, sessionEndsAt: NOW + M })).toEqual({
      login: true,
      note: "dev's session ends at 13:31 (in 1m): logging in for a new one",
    })
    expect(loginNeed({ ...refreshable, sessionEndsAt: NOW })).toEqual({
      login: true,
      note: "dev's session was expected to end at 13:30: logging in for a new one",
    })
  })

  it('an access token that outlives its session keeps the CLI working until the token expires', () => {
    expect(loginNeed({ ...base, expiresAt: NOW + 50 * M, sessionEndsAt: NOW + 5 * M })).toEqual({
      login: false,
      usableUntil: NOW + 50 * M,
      message: 'dev is logged in until 14:20 (50m); nothing to do. Use --force to log in anyway.',
    })
    expect(loginNeed({ ...base, expiresAt: NOW + 5 * M, sessionEndsAt: NOW + 50 * M })).toMatchObject({ login: false, usableUntil: NOW + 50 * M })
  })

  it('once both have passed, the note names the session end, not the token expiry', () => {
    expect(loginNeed({ ...base, expiresAt: NOW - 5 * M, sessionEndsAt: NOW - 10 * M })).toEqual({
      login: true,
      note: "dev's session was expected to end at 13:20: logging in for a new one",
    })
  })

  it('a session end without a token expiry is the end', () => {
    expect(loginNeed({ ...base, expiresAt: null, sessionEndsAt: NOW + 40 * M })).toMatchObject({ login: false, usableUntil: NOW + 40 * M })
    expect(loginNeed({ ...base, expiresAt: null, sessionEndsAt: NOW + 10 * M })).toMatchObject({ login: true })
  })

  it('an expiring token without an expiry time says it expires now', () => {
    expect(loginNeed({ ...base, state: 'expiring', expiresAt: null })).toEqual({
      login: true,
      note: "dev's token expires at 13:30 (in under 1m): logging in for a new one",
    })
  })

  it('the state decides before the times: an expired token with a far expiry still logs in', () => {
    for (const state of ['expired', 'missing', 'invalid'] as const) {
      expect(loginNeed({ ...base, state, sessionEndsAt: NOW + 60 * M })).toEqual({ login: true, note: null })
    }
  })
})

describe('clockText', () => {
  it('pads hours, minutes, months and days to two digits', () => {
    expect(clockText(Date.parse('2026-12-01T01:05:00Z'), NOW, 0)).toBe('01:05')
    expect(clockText(Date.parse('2027-01-05T09:07:00Z'), NOW, 0)).toBe('2027-01-05 09:07')
  })

  it('tomorrow and yesterday are calendar days in local time, not 24 hours', () => {
    expect(clockText(Date.parse('2026-12-02T00:00:00Z'), NOW, 0)).toBe('tomorrow 00:00')
    expect(clockText(Date.parse('2026-12-03T00:00:00Z'), NOW, 0)).toBe('2026-12-03 00:00')
    expect(clockText(Date.parse('2026-11-30T00:00:00Z'), NOW, 0)).toBe('yesterday 00:00')
    expect(clockText(Date.parse('2026-11-29T23:59:00Z'), NOW, 0)).toBe('2026-11-29 23:59')
    // UTC+11: 13:30Z is 00:30 on the 2nd, so 12:59Z (23:59 local) is yesterday.
    expect(clockText(Date.parse('2026-12-01T12:59:00Z'), NOW, 660)).toBe('yesterday 23:59')
  })
})

describe('displayName', () => {
  it.each([
    ['dev', 'dev'],
    ['Prod_Admin-2', 'Prod_Admin-2'],
    ['a.b@c+d=e,f', 'a.b@c+d=e,f'],
    ['x y', '"x y"'],
    [' x', '" x"'],
    ['x ', '"x "'],
    ['', '""'],
    ['$(id)', '"$(id)"'],
    ["o'brien", '"o\'brien"'],
    ['a\nb', '"a\\nb"'],
    ['a\x1b[31mb', '"a\\u001b[31mb"'],
  ])('%j is shown as %s', (name, shown) => {
    expect(displayName(name)).toBe(shown)
  })

  it('quotes a name in every text loginNeed writes', () => {
    expect(loginNeed({ ...base, profile: 'x y', state: 'expiring', expiresAt: NOW + 9 * M })).toEqual({
      login: true,
      note: '"x y"\'s token expires at 13:39 (in 9m): logging in for a new one',
    })
  })
})
