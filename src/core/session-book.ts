// The session book: per sso-session token, when a login produced the current refresh token and
// the session lengths seen end. The tray keeps it (sessions.json in its state folder); `status`
// only reads it, through this small module, to say when each session is predicted to end. Pure.

import { isoTime } from './iso-time.ts'
import { parseSessionHours, predictSessionEnd, sessionHoursFor, type SessionEndSource, type SessionRecord } from './session-end.ts'
import type { StatusReport } from './status-report.ts'
import type { Profile, TokenInput } from './types.ts'

export interface TrackedSession extends SessionRecord {
  /** The refresh-token tag last seen (TokenFacts.refreshTag); null while the file had none. */
  tag: string | null
  /** When we saw the session end (absent or null: not since its start). A refresh cannot follow an end, so the next new refresh token is a login. */
  endedAt?: number | null
  /** The last time a silent refresh was seen to succeed (the session was alive then); absent or null: not since the start. */
  aliveAt?: number | null
}

/** By token group id (`sso-session:NAME`). */
export type SessionBook = Record<string, TrackedSession>

/** The fields `status --json` gives each token. */
export interface SessionFields {
  sessionStartedAt: string | null
  sessionEndsAt: string | null
  sessionEndSource: SessionEndSource | null
}

export const NO_SESSION: SessionFields = { sessionStartedAt: null, sessionEndsAt: null, sessionEndSource: null }

/** The file's text as a book; anything malformed is left out (the tray learns it again). */
export function parseSessionBook(text: string): SessionBook {
  let o: unknown
  try {
    o = JSON.parse(text)
  } catch {
    return {}
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return {}
  const book: SessionBook = {}
  for (const [id, v] of Object.entries(o)) {
    if (typeof v !== 'object' || v === null) continue
    const r = v as Record<string, unknown>
    const startedAt = typeof r.startedAt === 'number' && Number.isFinite(r.startedAt) ? r.startedAt : null
    const learnedMs = Array.isArray(r.learnedMs) ? r.learnedMs.filter((n): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0) : []
    const tag = typeof r.tag === 'string' ? r.tag : null
    const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
    book[id] = { startedAt, learnedMs, tag, endedAt: time(r.endedAt), aliveAt: time(r.aliveAt) }
  }
  return book
}

/** Hours from the `session_hours` setting for this sso-session; a malformed setting counts as unset (doctor reports it). */
export function settingHours(sessionHours: string | null, session: string): number | null {
  if (sessionHours === null) return null
  const parsed = parseSessionHours(sessionHours)
  return 'error' in parsed ? null : sessionHoursFor(parsed, session)
}

/**
 * What `status` says of an sso-session token's session. The start counts only while the token
 * file still holds the refresh token the tray saw (a login while the tray was not running is a
 * session the book knows nothing of).
 */
export function sessionFieldsFor(book: Readonly<SessionBook>, session: string, input: TokenInput | undefined, sessionHours: string | null): SessionFields {
  const rec = book[`sso-session:${session}`]
  const tag = input?.status === 'read' ? (input.facts.refreshTag ?? null) : null
  if (!rec || tag === null || rec.tag !== tag) return NO_SESSION
  const end = predictSessionEnd(rec, settingHours(sessionHours, session))
  return {
    // isoTime: toISOString would load the local time zone for `status` (~0.17 ms).
    sessionStartedAt: end.sessionStartedAt === null ? null : isoTime(end.sessionStartedAt),
    sessionEndsAt: end.sessionEndsAt === null ? null : isoTime(end.sessionEndsAt),
    sessionEndSource: end.sessionEndSource,
  }
}

/** The report with every token's session fields (null where nothing is known, or the token is no sso-session). */
export function withSessionFields(
  report: StatusReport,
  profiles: readonly Profile[],
  tokens: ReadonlyMap<string, TokenInput>,
  book: Readonly<SessionBook>,
  sessionHours: string | null,
): StatusReport {
  const byName = new Map(profiles.map((p) => [p.name, p]))
  return {
    ...report,
    profiles: report.profiles.map((ps) => {
      if (ps.token === null) return ps
      const p = byName.get(ps.name)
      const fields =
        p && p.tokenKind === 'sso-session' && p.tokenKey !== null ? sessionFieldsFor(book, p.tokenKey, tokens.get(p.tokenKey), sessionHours) : NO_SESSION
      return { ...ps, token: { ...ps.token, ...fields } }
    }),
  }
}
