import { describe, expect, it } from 'vitest'
import { buildStatusReport, statusExitCode, type StatusInput } from '../../src/core/status-report.ts'
import type { Profile, TokenInput } from '../../src/core/types.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString()
const profile = (name: string, extra: Partial<Profile> = {}): Profile => ({
  name,
  kind: 'sso-session',
  ssoSession: 'corp',
  startUrl: 'https://corp.awsapps.com/start',
  ssoRegion: 'eu-west-1',
  accountId: '111111111111',
  roleName: 'Admin',
  region: null,
  sourceProfile: null,
  tokenKey: 'corp',
  tokenKind: 'sso-session',
  configError: null,
  ...extra,
})
const read = (expiresAt: string, extra: Record<string, unknown> = {}): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'u',
    region: 'r',
    hasAccessToken: true,
    expiresAt,
    hasRefreshToken: false,
    hasClientId: false,
    hasClientSecret: false,
    registrationExpiresAt: undefined,
    ...extra,
  },
})
const input = (profiles: Profile[], tokens: Record<string, TokenInput>, extra: Partial<StatusInput> = {}): StatusInput => ({
  profiles,
  tokens: new Map(Object.entries(tokens)),
  cacheFiles: new Map(Object.keys(tokens).map((k) => [k, `/h/.aws/sso/cache/${k}.json`])),
  configErrors: [],
  now: NOW,
  thresholds: { warnMs: 15 * 60_000 },
  ...extra,
})

describe('buildStatusReport', () => {
  it('reports every field of a profile and its token', () => {
    const report = buildStatusReport(input([profile('dev', { sourceProfile: 'x' })], { corp: read(at(60)) }))
    expect(report).toEqual({
      generatedAt: '2026-11-28T12:00:00.000Z',
      configErrors: [],
      profiles: [
        {
          name: 'dev',
          kind: 'sso-session',
          ssoSession: 'corp',
          startUrl: 'https://corp.awsapps.com/start',
          ssoRegion: 'eu-west-1',
          accountId: '111111111111',
          roleName: 'Admin',
          sourceProfile: 'x',
          token: { state: 'valid', expiresAt: '2026-11-28T13:00:00.000Z', cacheFile: '/h/.aws/sso/cache/corp.json', refreshableUntil: null },
          error: null,
        },
      ],
    })
  })

  it('says until when a refreshable token can refresh', () => {
    const refresh = { hasRefreshToken: true, hasClientId: true, hasClientSecret: true, registrationExpiresAt: at(600) }
    const [p] = buildStatusReport(input([profile('dev')], { corp: read(at(-5), refresh) })).profiles
    expect(p?.token).toEqual({
      state: 'refreshable',
      expiresAt: '2026-11-28T11:55:00.000Z',
      cacheFile: '/h/.aws/sso/cache/corp.json',
      refreshableUntil: '2026-11-28T22:00:00.000Z',
    })
    const [q] = buildStatusReport(input([profile('dev')], { corp: read(at(60), refresh) })).profiles
    expect(q?.token?.refreshableUntil).toBeNull()
  })

  it('evaluates a shared token once per kind: the same file is refreshable for sso-session, expired for legacy', () => {
    const refresh = { hasRefreshToken: true, hasClientId: true, hasClientSecret: true, registrationExpiresAt: at(600) }
    const report = buildStatusReport(
      input([profile('a'), profile('b'), profile('old', { kind: 'legacy-sso', tokenKind: 'legacy-sso' })], { corp: read(at(-5), refresh) }),
    )
    expect(report.profiles.map((p) => p.token?.state)).toEqual(['refreshable', 'refreshable', 'expired'])
  })

  it('treats a token absent from the reads as missing, with no cache file known', () => {
    const [p] = buildStatusReport(input([profile('dev', { tokenKey: 'other' })], {})).profiles
    expect(p?.token).toEqual({ state: 'missing', expiresAt: null, cacheFile: null, refreshableUntil: null })
    expect(p?.error).toBeNull()
  })

  it('gives non-SSO profiles no token, and broken profiles an invalid one with the reason', () => {
    const report = buildStatusReport(
      input(
        [
          profile('plain', { kind: 'other', tokenKey: null, tokenKind: null }),
          profile('dangling', { tokenKey: null, tokenKind: null, configError: 'sso_session "ghost" is not defined' }),
          profile('noregion', { configError: 'the sso-session has no sso_region' }),
          profile('corrupt', { tokenKey: 'bad' }),
        ],
        { corp: read(at(60)), bad: { status: 'unreadable', reason: 'the token file is not valid JSON (a new login rewrites it)' } },
      ),
    )
    expect(report.profiles.map((p) => [p.name, p.token, p.error])).toEqual([
      ['plain', null, null],
      ['dangling', { state: 'invalid', expiresAt: null, cacheFile: null, refreshableUntil: null }, 'sso_session "ghost" is not defined'],
      [
        'noregion',
        { state: 'invalid', expiresAt: '2026-11-28T13:00:00.000Z', cacheFile: '/h/.aws/sso/cache/corp.json', refreshableUntil: null },
        'the sso-session has no sso_region',
      ],
      [
        'corrupt',
        { state: 'invalid', expiresAt: null, cacheFile: '/h/.aws/sso/cache/bad.json', refreshableUntil: null },
        'the token file is not valid JSON (a new login rewrites it)',
      ],
    ])
  })

  it('gives a profile without a token key or kind an invalid token, and a non-SSO profile no token error', () => {
    const report = buildStatusReport(
      input(
        [
          profile('nokey', { tokenKey: null, tokenKind: null }),
          profile('keyless', { tokenKey: null }),
          profile('nokind', { tokenKind: null }),
          profile('other', { kind: 'other', tokenKind: 'sso-session', tokenKey: 'bad' }),
        ],
        { corp: read(at(60)), bad: { status: 'unreadable', reason: 'broken' } },
      ),
    )
    expect(report.profiles.map((p) => [p.name, p.token, p.error])).toEqual([
      ['nokey', { state: 'invalid', expiresAt: null, cacheFile: null, refreshableUntil: null }, null],
      ['keyless', { state: 'invalid', expiresAt: null, cacheFile: null, refreshableUntil: null }, null],
      ['nokind', { state: 'invalid', expiresAt: null, cacheFile: '/h/.aws/sso/cache/corp.json', refreshableUntil: null }, null],
      ['other', null, null],
    ])
  })

  it('shares one token object between the profiles of one token and kind; a refused profile gets its own', () => {
    const report = buildStatusReport(
      input(
        [
          profile('a'),
          profile('b'),
          profile('old', { kind: 'legacy-sso', tokenKind: 'legacy-sso' }),
          profile('refused', { configError: 'the sso-session has no sso_region' }),
          profile('c'),
        ],
        { corp: read(at(60)) },
      ),
    )
    const [a, b, old, refused, c] = report.profiles
    expect(a?.token).toBe(b?.token)
    expect(c?.token).toBe(a?.token)
    expect(old?.token).not.toBe(a?.token)
    expect(refused?.token).not.toBe(a?.token)
    expect(refused?.token).toEqual({
      state: 'invalid',
      expiresAt: '2026-11-28T13:00:00.000Z',
      cacheFile: '/h/.aws/sso/cache/corp.json',
      refreshableUntil: null,
    })
    expect(a?.token).toEqual({ state: 'valid', expiresAt: '2026-11-28T13:00:00.000Z', cacheFile: '/h/.aws/sso/cache/corp.json', refreshableUntil: null })
  })

  it('gives every profile of an unreadable token its reason, and a refused one its own', () => {
    const report = buildStatusReport(
      input([profile('a'), profile('b'), profile('refused', { configError: 'no sso_region' })], { corp: { status: 'unreadable', reason: 'broken' } }),
    )
    expect(report.profiles.map((p) => [p.name, p.token?.state, p.error])).toEqual([
      ['a', 'invalid', 'broken'],
      ['b', 'invalid', 'broken'],
      ['refused', 'invalid', 'no sso_region'],
    ])
  })

  it('marks hidden profiles with hidden: true as their last key, and no other profile', () => {
    const report = buildStatusReport(
      input(
        [profile('dev'), profile('old-1'), profile('plain', { kind: 'other', tokenKey: null, tokenKind: null })],
        { corp: read(at(60)) },
        { hide: ['old-*', 'plain'] },
      ),
    )
    expect(report.profiles.map((p) => Object.keys(p).at(-1))).toEqual(['error', 'hidden', 'hidden'])
    expect(report.profiles.map((p) => p.hidden)).toEqual([undefined, true, true])
    const none = buildStatusReport(input([profile('old-1')], { corp: read(at(60)) }, { hide: [] }))
    expect(Object.keys(none.profiles[0] ?? {})).not.toContain('hidden')
  })

  it('says when the report was made, in UTC with milliseconds', () => {
    expect(buildStatusReport(input([], {}, { now: NOW + 7 })).generatedAt).toBe('2026-11-28T12:00:00.007Z')
  })

  it('copies the config errors', () => {
    const problems = [{ file: '/h/.aws/config', line: 3, message: 'duplicate section [profile a]' }]
    const report = buildStatusReport(input([], {}, { configErrors: problems }))
    expect(report.configErrors).toEqual(problems)
    expect(report.configErrors).not.toBe(problems)
  })
})

describe('statusExitCode', () => {
  const report = (states: Array<string | null>, configErrors = 0) => ({
    generatedAt: '',
    configErrors: Array.from({ length: configErrors }, () => ({ file: 'f', line: 1, message: 'm' })),
    profiles: states.map((s, i) => ({
      name: `p${i}`,
      kind: 'sso-session' as const,
      ssoSession: null,
      startUrl: null,
      ssoRegion: null,
      accountId: null,
      roleName: null,
      sourceProfile: null,
      token: s === null ? null : { state: s as 'valid', expiresAt: null, cacheFile: null, refreshableUntil: null },
      error: null,
    })),
  })

  it.each([
    [[], 0, 0],
    [[], 1, 0],
    [[null], 1, 0],
    [['valid', 'expiring', 'refreshable', null], 0, 0],
    [['valid'], 1, 1],
    [['valid', 'expired'], 0, 1],
    [['missing'], 0, 1],
    [['invalid', null], 0, 1],
  ] as const)('%j with %i config errors → %i', (states, errors, code) => {
    expect(statusExitCode(report([...states], errors))).toBe(code)
  })
})
