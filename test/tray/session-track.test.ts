// The session book on its own (pure): what a look at the token cache, a login and an auth-expired
// answer do to one record, at the edges (the refresh window, a fresh start, the last sign of life).

import { describe, expect, it } from 'vitest'
import type { TokenGroup } from '../../src/core/token-groups.ts'
import type { SessionBook, TrackedSession } from '../../src/core/tray/session-track.ts'
import { observeTokens, sameBook, sessionEndOf, sessionEnded, sessionLoggedIn } from '../../src/core/tray/session-track.ts'
import type { TokenInput } from '../../src/core/types.ts'
import { group, min, NOW } from '../fakes/groups.ts'

const H = 3600_000
const ID = 'sso-session:corp'
const tok = (tag: string | undefined): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'u',
    region: 'r',
    hasAccessToken: true,
    expiresAt: new Date(min(60)).toISOString(),
    hasRefreshToken: true,
    hasClientId: true,
    hasClientSecret: true,
    registrationExpiresAt: undefined,
    ...(tag === undefined ? {} : { refreshTag: tag }),
  },
})
const corp = (expiresAt: number | null): TokenGroup => group('corp', 'refreshable', expiresAt)
const rec = (extra: Partial<TrackedSession> = {}): TrackedSession => ({ startedAt: min(-120), learnedMs: [], tag: 'a', ...extra })
const look = (book: SessionBook, before: TokenGroup | null, now: TokenGroup, tag: string | undefined, keep = false) =>
  observeTokens(book, [now], before ? [before] : [], new Map([['corp', tok(tag)]]), NOW, keep)

describe('session book: a look at the token cache', () => {
  it('a first sighting has no known start; a legacy token has no session', () => {
    expect(look({}, null, corp(min(60)), 'a')).toEqual({ [ID]: { startedAt: null, learnedMs: [], tag: 'a' } })
    expect(look({}, null, corp(min(60)), undefined)).toEqual({ [ID]: { startedAt: null, learnedMs: [], tag: null } })
    const legacy = group('old', 'valid', min(60), ['old'], { tokenKind: 'legacy-sso' })
    expect(observeTokens({}, [legacy], [], new Map([['old', tok('a')]]), NOW)).toEqual({})
  })

  it('the same refresh token: alive now when the access token moved later (a refresh worked), else unchanged', () => {
    const book = { [ID]: rec() }
    expect(look(book, corp(min(5)), corp(min(65)), 'a')).toEqual({ [ID]: rec({ aliveAt: NOW }) })
    // Only the same session's earlier look counts.
    const other = group('other', 'refreshable', min(5))
    expect(observeTokens(book, [corp(min(65))], [other, corp(min(65))], new Map([['corp', tok('a')]]), NOW)).toEqual({ [ID]: rec() })
    expect(look(book, corp(min(5)), corp(min(5)), 'a')).toEqual({ [ID]: rec() })
    expect(look(book, corp(min(65)), corp(min(5)), 'a')).toEqual({ [ID]: rec() })
    expect(look(book, corp(null), corp(min(65)), 'a')).toEqual({ [ID]: rec() })
    expect(look(book, corp(min(5)), corp(null), 'a')).toEqual({ [ID]: rec() })
    // Without a known start there is nothing to be alive since.
    expect(look({ [ID]: rec({ startedAt: null }) }, corp(min(5)), corp(min(65)), 'a')).toEqual({ [ID]: rec({ startedAt: null }) })
  })

  it('no refresh token any more: logged out, no session', () => {
    expect(look({ [ID]: rec() }, corp(min(5)), corp(min(65)), undefined)).toEqual({ [ID]: rec({ startedAt: null, tag: null }) })
  })

  it('a new refresh token while the tray was not looking: a start at an unknown time', () => {
    expect(look({ [ID]: rec() }, null, corp(min(65)), 'b')).toEqual({ [ID]: rec({ startedAt: null, tag: 'b' }) })
  })

  it('a new refresh token inside the refresh window may be a rotation (the session goes on); outside it is a login', () => {
    const inside = corp(min(14.99))
    expect(look({ [ID]: rec() }, inside, corp(min(65)), 'b')).toEqual({ [ID]: rec({ tag: 'b', aliveAt: NOW }) })
    expect(look({ [ID]: rec() }, inside, corp(min(14)), 'b')).toEqual({ [ID]: rec({ tag: 'b' }) })
    expect(look({ [ID]: rec() }, corp(null), corp(min(65)), 'b')).toEqual({ [ID]: rec({ tag: 'b' }) })
    expect(look({ [ID]: rec({ startedAt: null }) }, inside, corp(min(65)), 'b')).toEqual({ [ID]: rec({ startedAt: null, tag: 'b' }) })
    const login = { startedAt: NOW, learnedMs: [], tag: 'b', endedAt: null, aliveAt: null }
    expect(look({ [ID]: rec() }, corp(min(15)), corp(min(65)), 'b')).toEqual({ [ID]: login })
    // After an end, or from no refresh token at all, a new one is always a login.
    expect(look({ [ID]: rec({ endedAt: min(-1) }) }, inside, corp(min(65)), 'b')).toEqual({ [ID]: login })
    expect(look({ [ID]: rec({ tag: null }) }, inside, corp(min(65)), 'b')).toEqual({ [ID]: login })
  })

  it('an unreadable file keeps what was known; other sessions are dropped unless asked to keep them', () => {
    const book = { [ID]: rec(), 'sso-session:gone': rec({ tag: 'z' }) }
    const unreadable = new Map<string, TokenInput>([['corp', { status: 'unreadable', reason: 'partial write' }]])
    expect(observeTokens(book, [corp(min(60))], [], unreadable, NOW)).toEqual({ [ID]: rec() })
    expect(observeTokens({}, [corp(min(60))], [], unreadable, NOW)).toStrictEqual({})
    expect(look(book, corp(min(60)), corp(min(60)), 'a', true)).toEqual(book)
  })
})

describe('session book: logins and ends', () => {
  it('a verified login starts the session now, keeping the tag and what was learned', () => {
    expect(sessionLoggedIn({}, ID, NOW)).toEqual({ [ID]: { startedAt: NOW, learnedMs: [], tag: null, endedAt: null, aliveAt: null } })
    const book = { [ID]: rec({ learnedMs: [8 * H], endedAt: min(-5), aliveAt: min(-9) }) }
    expect(sessionLoggedIn(book, ID, NOW)).toEqual({ [ID]: { startedAt: NOW, learnedMs: [8 * H], tag: 'a', endedAt: null, aliveAt: null } })
  })

  it('an end learns the length up to the last sign of life, else up to now', () => {
    const started = min(-8 * 60)
    const ended = (aliveAt: number | null) => sessionEnded({ [ID]: rec({ startedAt: started, aliveAt }) }, ID, NOW)[ID]
    expect(ended(min(-30))).toEqual({ startedAt: null, learnedMs: [7.5 * H], tag: 'a', endedAt: NOW, aliveAt: null })
    expect(ended(null)?.learnedMs).toEqual([8 * H])
    // A sign of life not strictly between the start and now is no evidence.
    expect(ended(started)?.learnedMs).toEqual([8 * H])
    expect(ended(NOW)?.learnedMs).toEqual([8 * H])
    expect(ended(NOW + 1)?.learnedMs).toEqual([8 * H])
    expect(ended(started - 1)?.learnedMs).toEqual([8 * H])
    expect(ended(started + 15 * 60_000)?.learnedMs).toEqual([15 * 60_000])
  })

  it('no second end, no end without a record, and none in the first 15 minutes after a start', () => {
    const over = { [ID]: rec({ endedAt: min(-1) }) }
    expect(sessionEnded(over, ID, NOW)).toBe(over)
    expect(sessionEnded({}, ID, NOW)).toEqual({})
    const fresh = { [ID]: rec({ startedAt: NOW - 15 * 60_000 + 1 }) }
    expect(sessionEnded(fresh, ID, NOW)).toBe(fresh)
    const exactly = sessionEnded({ [ID]: rec({ startedAt: NOW - 15 * 60_000 }) }, ID, NOW)[ID]
    expect(exactly).toEqual({ startedAt: null, learnedMs: [15 * 60_000], tag: 'a', endedAt: NOW, aliveAt: null })
    // An end with no known start learns nothing but is still an end.
    expect(sessionEnded({ [ID]: rec({ startedAt: null }) }, ID, NOW)[ID]).toEqual({ startedAt: null, learnedMs: [], tag: 'a', endedAt: NOW, aliveAt: null })
  })
})

describe('session book: sameBook', () => {
  it('tells books apart by any field of any record, absent and null alike', () => {
    const a = { [ID]: rec({ learnedMs: [H] }) }
    expect(sameBook(a, { [ID]: rec({ learnedMs: [H] }) })).toBe(true)
    expect(sameBook(a, { [ID]: rec({ learnedMs: [H], endedAt: null, aliveAt: null }) })).toBe(true)
    expect(sameBook(a, {})).toBe(false)
    expect(sameBook({}, {})).toBe(true)
    expect(sameBook({}, a)).toBe(false)
    expect(sameBook(a, { other: rec({ learnedMs: [H] }) })).toBe(false)
    for (const change of [{ tag: 'b' }, { startedAt: NOW }, { endedAt: NOW }, { aliveAt: NOW }, { learnedMs: [2 * H] }, { learnedMs: [H, H] }]) {
      expect(sameBook(a, { [ID]: rec({ learnedMs: [H], ...change }) })).toBe(false)
      expect(sameBook({ [ID]: rec({ learnedMs: [H], ...change }) }, a)).toBe(false)
    }
  })
})

describe('session book: predicted end', () => {
  it('only sso-session tokens with a record have one', () => {
    const book = { [ID]: rec({ learnedMs: [8 * H] }), 'legacy-sso:x': rec({ learnedMs: [8 * H] }) }
    expect(sessionEndOf(book, { id: ID, name: 'corp', tokenKind: 'sso-session' }, null)?.sessionEndsAt).toBe(min(-120) + 8 * H)
    expect(sessionEndOf(book, { id: 'legacy-sso:x', name: 'x', tokenKind: 'legacy-sso' }, null)).toBeNull()
    expect(sessionEndOf(book, { id: 'sso-session:none', name: 'none', tokenKind: 'sso-session' }, null)).toBeNull()
  })
})
