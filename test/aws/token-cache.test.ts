import { describe, expect, it } from 'vitest'
import { cacheKey, parseTokenFile } from '../../src/aws/token-cache.ts'

describe('cacheKey (botocore SSOTokenLoader)', () => {
  it('matches the known vectors', () => {
    expect(cacheKey('my-sso')).toBe('0ad374308c5a4e22f723adf10145eafad7c4031c')
    expect(cacheKey('https://my-sso-portal.awsapps.com/start')).toBe('c7aaaf71fcc8777ae2475525ed049d39fe16c484')
  })

  it('hashes the start URL verbatim (a trailing #/ changes the file)', () => {
    expect(cacheKey('https://x.awsapps.com/start#/')).not.toBe(cacheKey('https://x.awsapps.com/start'))
  })
})

describe('parseTokenFile', () => {
  it('keeps only the presence of secrets, never their values', () => {
    const parsed = parseTokenFile(JSON.stringify({
      startUrl: 'u', region: 'r', accessToken: 'SECRET-A', expiresAt: '2026-11-28T17:05:12Z',
      refreshToken: 'SECRET-R', clientId: 'id', clientSecret: 'SECRET-C', registrationExpiresAt: '2027-01-01T00:00:00Z',
    }))
    expect(JSON.stringify(parsed)).not.toMatch(/SECRET/)
    expect(parsed).toEqual({
      status: 'read',
      facts: { startUrl: 'u', region: 'r', hasAccessToken: true, expiresAt: '2026-11-28T17:05:12Z', hasRefreshToken: true, hasClientId: true, hasClientSecret: true, registrationExpiresAt: '2027-01-01T00:00:00Z' },
    })
  })

  it.each([
    [undefined, 'missing'],
    ['', 'unreadable'],
    ['{"accessToken": "x", "expiresAt": ', 'unreadable'],
    ['[1,2]', 'unreadable'],
    ['"text"', 'unreadable'],
  ])('%j → %s', (text, status) => {
    expect(parseTokenFile(text).status).toBe(status)
  })
})
