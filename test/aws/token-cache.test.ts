import { describe, expect, it } from 'vitest'
import { cacheFileName, cacheKey, parseTokenFile } from '../../src/aws/token-cache.ts'

describe('cacheKey (botocore SSOTokenLoader)', () => {
  it('matches the known vectors', () => {
    expect(cacheKey('my-sso')).toBe('0ad374308c5a4e22f723adf10145eafad7c4031c')
    expect(cacheKey('https://my-sso-portal.awsapps.com/start')).toBe('c7aaaf71fcc8777ae2475525ed049d39fe16c484')
  })

  it('hashes the start URL verbatim (a trailing #/ changes the file)', () => {
    expect(cacheKey('https://x.awsapps.com/start#/')).not.toBe(cacheKey('https://x.awsapps.com/start'))
  })

  // botocore: hashlib.sha1(name_or_url.encode('utf-8')).hexdigest(), as written: no lower-casing,
  // no trimming of `/` or `#/`. Each line is a different file in ~/.aws/sso/cache (values from Python).
  it.each([
    ['MySSO', 'e732653c190f9f3a193bcae69e43ac0b6a4a06dd'],
    ['My-SSO', 'db114456a227d5005d8650098b148a2d5bc1b44e'],
    ['my-sso', '0ad374308c5a4e22f723adf10145eafad7c4031c'],
    ['Corp SSO', '123fed88c666ff0509c677642535a3a64b2d21bc'],
    ['dév', '5e8b63eeb2045e416ee729a90c81b9615854b244'],
    ['https://My-Portal.awsapps.com/start', '4cae91969a54e64f5d40460dc14012c6e2af8e4c'],
    ['https://my-portal.awsapps.com/start', '79461503020acf8488a5104359fd5c903aa41b8b'],
    ['https://my-portal.awsapps.com/start/', '99c58ab8368af39a7d1e1c9e2c5cafc11effdc6d'],
    ['https://my-portal.awsapps.com/start#/', 'a09780351eac00c390291baefd0f5c80dde430df'],
    ['https://my-portal.awsapps.com/start/#/', '7d7d848d87701ecb692d5cf45605c072fcf1c118'],
  ])('%s → %s', (key, hex) => {
    expect(cacheKey(key)).toBe(hex)
    expect(cacheFileName(key)).toBe(`${hex}.json`)
  })
})

describe('parseTokenFile', () => {
  it('keeps only the presence of secrets, never their values', () => {
    const parsed = parseTokenFile(
      JSON.stringify({
        startUrl: 'u',
        region: 'r',
        accessToken: 'SECRET-A',
        expiresAt: '2026-11-28T17:05:12Z',
        refreshToken: 'SECRET-R',
        clientId: 'id',
        clientSecret: 'SECRET-C',
        registrationExpiresAt: '2027-01-01T00:00:00Z',
      }),
    )
    expect(JSON.stringify(parsed)).not.toMatch(/SECRET/)
    expect(parsed).toEqual({
      status: 'read',
      facts: {
        startUrl: 'u',
        region: 'r',
        hasAccessToken: true,
        expiresAt: '2026-11-28T17:05:12Z',
        hasRefreshToken: true,
        hasClientId: true,
        hasClientSecret: true,
        registrationExpiresAt: '2027-01-01T00:00:00Z',
      },
    })
  })

  it('keeps non-string startUrl/region as null and values of any type for the times', () => {
    expect(parseTokenFile(JSON.stringify({ startUrl: 5, region: null, expiresAt: 1_800_000_000, registrationExpiresAt: null }))).toEqual({
      status: 'read',
      facts: {
        startUrl: null,
        region: null,
        hasAccessToken: false,
        expiresAt: 1_800_000_000,
        hasRefreshToken: false,
        hasClientId: false,
        hasClientSecret: false,
        registrationExpiresAt: null,
      },
    })
    expect(parseTokenFile('{}')).toEqual({
      status: 'read',
      facts: {
        startUrl: null,
        region: null,
        hasAccessToken: false,
        expiresAt: undefined,
        hasRefreshToken: false,
        hasClientId: false,
        hasClientSecret: false,
        registrationExpiresAt: undefined,
      },
    })
  })

  it('tags an sso-session refresh token with 8 hex of its SHA-1, and nothing else', () => {
    const file = (refreshToken: unknown) => JSON.stringify({ accessToken: 'A', expiresAt: '2026-11-28T17:05:12Z', refreshToken })
    const tag = (text: string, kind: 'sso-session' | 'legacy-sso' | null) => {
      const parsed = parseTokenFile(text, kind)
      return parsed.status === 'read' ? parsed.facts.refreshTag : 'not read'
    }
    expect(tag(file('SECRET-R'), 'sso-session')).toBe('36f2b792') // hashlib.sha1(b'SECRET-R').hexdigest()[:8]
    expect(JSON.stringify(parseTokenFile(file('SECRET-R'), 'sso-session'))).not.toMatch(/SECRET/)
    expect(tag(file('SECRET-R'), 'legacy-sso')).toBeUndefined()
    expect(tag(file('SECRET-R'), null)).toBeUndefined()
    expect(tag(file(''), 'sso-session')).toBeUndefined()
    expect(tag(file(42), 'sso-session')).toBeUndefined()
    expect(tag(JSON.stringify({ accessToken: 'A' }), 'sso-session')).toBeUndefined()
  })

  it('counts a key as present whatever its value (botocore tests `key in token`)', () => {
    const parsed = parseTokenFile(JSON.stringify({ accessToken: null, refreshToken: '', clientId: 0, clientSecret: false }))
    expect(parsed.status === 'read' && parsed.facts).toMatchObject({ hasAccessToken: true, hasRefreshToken: true, hasClientId: true, hasClientSecret: true })
  })

  it.each([
    ['', 'the token file is empty (a login may be writing it; check again in a moment)'],
    [' \n\t', 'the token file is empty (a login may be writing it; check again in a moment)'],
    ['{"accessToken": "x", "expiresAt": ', 'the token file is not valid JSON (a new login rewrites it)'],
    ['[]', 'the token file does not hold a JSON object'],
    ['null', 'the token file does not hold a JSON object'],
    ['42', 'the token file does not hold a JSON object'],
  ])('%j → unreadable: %s', (text, reason) => {
    expect(parseTokenFile(text)).toEqual({ status: 'unreadable', reason })
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
