// The tray's record of when each refreshable session began, kept in its state file so that a
// restart knows it too. A session starts when a login through the tray is verified, or when the
// token file shows a refresh token we have not seen (a login elsewhere). It ends when a quiet probe
// or a verification fails as auth-expired; the length seen then is learned (core/session-end.ts).
// Only sso-session tokens refresh, so only they have sessions here. Pure.

import { REFRESH_WINDOW_MS, type TokenInput } from '../types.ts'
import { settingHours, type SessionBook, type TrackedSession } from '../session-book.ts'
import { emptySessionRecord, predictSessionEnd, recordSessionEnded, recordSessionStart, type SessionEnd } from '../session-end.ts'
import type { TokenGroup } from '../token-groups.ts'

export type { SessionBook, TrackedSession } from '../session-book.ts'

/** A failure this soon after a start was about the token before that login, not the new session. */
const FRESH_START_MS = 15 * 60_000

export function isSessionGroup(g: Pick<TokenGroup, 'tokenKind'>): boolean {
  return g.tokenKind === 'sso-session'
}

/** The token-cache key of a group: its id after the kind (`sso-session:corp` → `corp`). */
export function groupTokenKey(groupId: string): string {
  return groupId.slice(groupId.indexOf(':') + 1)
}

export function refreshTagOf(input: TokenInput | undefined): string | null {
  return input?.status === 'read' ? (input.facts.refreshTag ?? null) : null
}

/**
 * The book after a look at the token cache. A refresh token we have not seen is a new login,
 * except when the old access token was inside botocore's refresh window: a silent refresh may
 * rotate the refresh token, so that change says nothing about the session (the tray's own logins
 * are recorded when verified). The first sighting of a token (no record yet) has no known start.
 */
export function observeTokens(
  book: Readonly<SessionBook>,
  groups: readonly TokenGroup[],
  previous: readonly TokenGroup[],
  tokens: ReadonlyMap<string, TokenInput>,
  now: number,
  keepOthers = false,
): SessionBook {
  const next: SessionBook = keepOthers ? { ...book } : {}
  for (const g of groups) {
    if (!isSessionGroup(g)) continue
    const input = tokens.get(groupTokenKey(g.id))
    const rec = book[g.id]
    // A file caught mid-write says nothing: keep what we knew.
    if (input?.status === 'unreadable') {
      if (rec) next[g.id] = rec
      continue
    }
    const tag = refreshTagOf(input)
    const before = previous.find((x) => x.id === g.id)
    // A later access-token expiry under the same session: a silent refresh worked, so the session was alive now.
    const refreshed = before !== undefined && before.expiresAt !== null && g.expiresAt !== null && g.expiresAt > before.expiresAt
    if (!rec) next[g.id] = { ...emptySessionRecord, tag }
    else if (tag === rec.tag) next[g.id] = refreshed && rec.startedAt !== null ? { ...rec, aliveAt: now } : rec
    else if (tag === null)
      next[g.id] = { ...rec, startedAt: null, tag } // logged out: no session
    else {
      // Changed while we were not looking (the tray was not running): a login or a rotation, when unknown.
      if (before === undefined) next[g.id] = { ...rec, startedAt: null, tag }
      else {
        const ended = rec.endedAt !== undefined && rec.endedAt !== null
        const mayBeRefresh = !ended && rec.tag !== null && (before.expiresAt === null || before.expiresAt - now < REFRESH_WINDOW_MS)
        next[g.id] = mayBeRefresh ? { ...rec, tag, ...(refreshed && rec.startedAt !== null ? { aliveAt: now } : {}) } : started(rec, tag, now)
      }
    }
  }
  return next
}

/** A login through the tray was verified: its session starts now. */
export function sessionLoggedIn(book: Readonly<SessionBook>, groupId: string, now: number): SessionBook {
  const rec = book[groupId] ?? { ...emptySessionRecord, tag: null }
  return { ...book, [groupId]: started(rec, rec.tag, now) }
}

function started(rec: TrackedSession, tag: string | null, now: number): TrackedSession {
  return { ...recordSessionStart(rec, now), tag, endedAt: null, aliveAt: null }
}

/**
 * A probe or verification of the session's token failed as auth-expired: the session ended. It
 * ended somewhere after the last refresh seen to work; that moment is taken as the end, so a
 * learned length is never longer than the real one and its warning never comes late.
 */
export function sessionEnded(book: Readonly<SessionBook>, groupId: string, now: number): SessionBook {
  const rec = book[groupId]
  if (!rec || (rec.endedAt ?? null) !== null) return book
  if (rec.startedAt !== null && now - rec.startedAt < FRESH_START_MS) return book
  const alive = rec.aliveAt ?? null
  const end = rec.startedAt !== null && alive !== null && alive > rec.startedAt && alive < now ? alive : now
  return { ...book, [groupId]: { ...recordSessionEnded(rec, end), tag: rec.tag, endedAt: now, aliveAt: null } }
}

/** The predicted end of a group's session, with the `session_hours` setting (raw text) applied. */
export function sessionEndOf(book: Readonly<SessionBook>, g: Pick<TokenGroup, 'id' | 'name' | 'tokenKind'>, sessionHours: string | null): SessionEnd | null {
  if (!isSessionGroup(g)) return null
  const rec = book[g.id]
  if (!rec) return null
  return predictSessionEnd(rec, settingHours(sessionHours, g.name))
}

export function sameBook(a: Readonly<SessionBook>, b: Readonly<SessionBook>): boolean {
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((k) => {
    const x = a[k]
    const y = b[k]
    return (
      x !== undefined &&
      y !== undefined &&
      x.tag === y.tag &&
      x.startedAt === y.startedAt &&
      (x.endedAt ?? null) === (y.endedAt ?? null) &&
      (x.aliveAt ?? null) === (y.aliveAt ?? null) &&
      x.learnedMs.join() === y.learnedMs.join()
    )
  })
}
