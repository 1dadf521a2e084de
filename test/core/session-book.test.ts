import { describe, expect, it } from 'vitest'
import { NO_SESSION, parseSessionBook, sessionFieldsFor, settingHours, withSessionFields, type SessionBook } from '../../src/core/session-book.ts'
import { buildStatusReport } from '../../src/core/status-report.ts'
import type { Profile, TokenInput } from '../../src/core/types.ts'

const H = 3600_000
const START = Date.parse('2026-12-01T09:00:00Z')
const tok = (refreshTag?: string): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'u',
    region: 'r',
    hasAccessToken: true,
    expiresAt: '2026-12-01T10:00:00Z',
    hasRefreshToken: true,
    hasClientId: true,
    hasClientSecret: true,
    registrationExpiresAt: '2026-12-30T00:00:00Z',
    ...(refreshTag === undefined ? {} : { refreshTag }),
  },
})
const profile = (name: string, extra: Partial<Profile> = {}): Profile => ({
  name,
  kind: 'sso-session',
  ssoSession: 'corp',
  startUrl: 'https://corp.awsapps.com/start',
  ssoRegion: 'eu-west-1',
  accountId: '1',
  roleName: 'Admin',
  region: null,
  sourceProfile: null,
  tokenKey: 'corp',
  tokenKind: 'sso-session',
  configError: null,
  ...extra,
})

describe('parseSessionBook', () => {
  it('reads a well-formed entry as it was written', () => {
    const entry = { startedAt: START, learnedMs: [8 * H, 12 * H], tag: 'aaaa1111', endedAt: START + H, aliveAt: START + 2 * H }
    expect(parseSessionBook(JSON.stringify({ 'sso-session:corp': entry }))).toEqual({ 'sso-session:corp': entry })
  })

  it('takes anything but a JSON object as an empty book', () => {
    for (const text of ['not json', 'null', '5', '"text"', 'true', '[{"startedAt":1,"tag":"x"}]']) expect(parseSessionBook(text), text).toEqual({})
  })

  it('leaves out entries that are no object, and fields that are no finite time or positive length', () => {
    // 1e999 is valid JSON that parses to Infinity.
    const text = '{"a":null,"b":5,"c":{"startedAt":1e999,"learnedMs":[1,"y",-3,0,1e999],"tag":7,"endedAt":1e999,"aliveAt":"x"},"d":{"learnedMs":"8h"},"e":{}}'
    const empty = { startedAt: null, learnedMs: [], tag: null, endedAt: null, aliveAt: null }
    expect(parseSessionBook(text)).toEqual({ c: { ...empty, learnedMs: [1] }, d: empty, e: empty })
  })
})

describe('settingHours', () => {
  it('gives the hours for the session, null when unset, and counts a malformed setting as unset', () => {
    expect(settingHours(null, 'corp')).toBeNull()
    expect(settingHours('corp=10, 8', 'corp')).toBe(10)
    expect(settingHours('corp=10, 8', 'data')).toBe(8)
    expect(settingHours('corp=10', 'data')).toBeNull()
    expect(settingHours('corp=ten', 'corp')).toBeNull()
  })
})

describe('sessionFieldsFor', () => {
  const book: SessionBook = { 'sso-session:corp': { startedAt: START, learnedMs: [8 * H], tag: 'aaaa1111' } }

  it('gives the start and the predicted end while the token holds the refresh token the book saw', () => {
    expect(sessionFieldsFor(book, 'corp', tok('aaaa1111'), null)).toEqual({
      sessionStartedAt: '2026-12-01T09:00:00.000Z',
      sessionEndsAt: '2026-12-01T17:00:00.000Z',
      sessionEndSource: 'learned',
    })
  })

  it('knows nothing when neither the book nor the token file has a refresh-token tag', () => {
    const untagged: SessionBook = { 'sso-session:corp': { startedAt: START, learnedMs: [8 * H], tag: null } }
    expect(sessionFieldsFor(untagged, 'corp', tok(), null)).toBe(NO_SESSION)
    expect(sessionFieldsFor(book, 'corp', undefined, null)).toBe(NO_SESSION)
    expect(sessionFieldsFor(book, 'corp', { status: 'missing' }, null)).toBe(NO_SESSION)
  })

  it('gives nulls, not the epoch, for a start or an end it does not know', () => {
    const noStart: SessionBook = { 'sso-session:corp': { startedAt: null, learnedMs: [8 * H], tag: 'aaaa1111' } }
    expect(sessionFieldsFor(noStart, 'corp', tok('aaaa1111'), null)).toEqual(NO_SESSION)
    const noLength: SessionBook = { 'sso-session:corp': { startedAt: START, learnedMs: [], tag: 'aaaa1111' } }
    expect(sessionFieldsFor(noLength, 'corp', tok('aaaa1111'), null)).toEqual({
      sessionStartedAt: '2026-12-01T09:00:00.000Z',
      sessionEndsAt: null,
      sessionEndSource: null,
    })
  })
})

describe('withSessionFields', () => {
  const NOW = START + H / 2
  const book: SessionBook = {
    'sso-session:corp': { startedAt: START, learnedMs: [8 * H], tag: 'aaaa1111' },
    // What a legacy token's key would look up, were legacy tokens (they never refresh) given a session.
    'sso-session:https://old.awsapps.com/start': { startedAt: START, learnedMs: [8 * H], tag: 'aaaa1111' },
  }
  const legacy = profile('old', {
    kind: 'legacy-sso',
    ssoSession: null,
    startUrl: 'https://old.awsapps.com/start',
    tokenKey: 'https://old.awsapps.com/start',
    tokenKind: 'legacy-sso',
  })
  const profiles = [profile('dev'), legacy, profile('plain', { kind: 'other', tokenKey: null, tokenKind: null })]
  const tokens = new Map<string, TokenInput>([
    ['corp', tok('aaaa1111')],
    ['https://old.awsapps.com/start', tok('aaaa1111')],
  ])
  // Built inside each test, so that the report code counts as run by that test.
  const statusReport = () => buildStatusReport({ profiles, tokens, cacheFiles: new Map(), configErrors: [], now: NOW, thresholds: { warnMs: 15 * 60_000 } })

  it('adds session fields to sso-session tokens only, and nothing to profiles without a token', () => {
    const report = statusReport()
    const out = withSessionFields(report, profiles, tokens, book, null)
    expect(
      out.profiles.map((p) => [p.name, p.token && { start: p.token.sessionStartedAt, end: p.token.sessionEndsAt, source: p.token.sessionEndSource }]),
    ).toEqual([
      ['dev', { start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T17:00:00.000Z', source: 'learned' }],
      ['old', { start: null, end: null, source: null }],
      ['plain', null],
    ])
    expect(out.profiles[2]).toBe(report.profiles[2])
    expect(out.profiles[0]?.token?.state).toBe(report.profiles[0]?.token?.state)
  })

  it('uses the session_hours setting before what it learned', () => {
    expect(withSessionFields(statusReport(), profiles, tokens, book, 'corp=10').profiles[0]?.token).toMatchObject({
      sessionEndsAt: '2026-12-01T19:00:00.000Z',
      sessionEndSource: 'setting',
    })
  })

  it('gives empty session fields to a reported profile missing from the profile list', () => {
    const out = withSessionFields(statusReport(), [], tokens, book, null)
    expect(out.profiles[0]?.token).toMatchObject(NO_SESSION)
  })
})
