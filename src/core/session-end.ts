// The real end of a refreshable session. sso-session tokens refresh silently until the Identity
// Center session itself ends (15 minutes to 90 days, 8 hours by default), and nothing in the
// cache says when that is. We know when a login produced the current refresh token; the length
// comes from a setting, or is learned from ends we saw (the smallest recent one wins). Pure.

export type SessionEndSource = 'setting' | 'learned'

export interface SessionRecord {
  /** When a login produced the current refresh token (epoch ms); null when unknown. */
  startedAt: number | null
  /** Session lengths seen end (ms), oldest first, at most LEARNED_KEEP. */
  learnedMs: number[]
}

export interface SessionEnd {
  sessionStartedAt: number | null
  sessionEndsAt: number | null
  sessionEndSource: SessionEndSource | null
  /** The length used, for texts such as "(8 h sessions)". */
  lengthMs: number | null
}

export const LEARNED_KEEP = 5
/** What Identity Center allows; an observation outside it is a clock change, not a session. */
const MIN_SESSION_MS = 15 * 60_000
const MAX_SESSION_MS = 90 * 24 * 3600_000

export const emptySessionRecord: SessionRecord = { startedAt: null, learnedMs: [] }

/** A login through the app, or a token file with a new refresh token, started a session at `at`. */
export function recordSessionStart(rec: SessionRecord, at: number): SessionRecord {
  return { ...rec, startedAt: at }
}

/**
 * A refresh or quiet probe failed because the session ended, at `at`. The length is learned only
 * from a start we saw and only when it is a length Identity Center can have.
 */
export function recordSessionEnded(rec: SessionRecord, at: number): SessionRecord {
  if (rec.startedAt === null) return rec
  const length = at - rec.startedAt
  const plausible = length >= MIN_SESSION_MS && length <= MAX_SESSION_MS
  return { startedAt: null, learnedMs: plausible ? [...rec.learnedMs, length].slice(-LEARNED_KEEP) : rec.learnedMs }
}

export function predictSessionEnd(rec: SessionRecord, settingHours: number | null): SessionEnd {
  const fromSetting = settingHours !== null && settingHours > 0 ? settingHours * 3600_000 : null
  const learned = rec.learnedMs.length > 0 ? Math.min(...rec.learnedMs) : null
  const lengthMs = fromSetting ?? learned
  const source: SessionEndSource | null = fromSetting !== null ? 'setting' : learned !== null ? 'learned' : null
  if (rec.startedAt === null || lengthMs === null) {
    return { sessionStartedAt: rec.startedAt, sessionEndsAt: null, sessionEndSource: null, lengthMs }
  }
  return { sessionStartedAt: rec.startedAt, sessionEndsAt: rec.startedAt + lengthMs, sessionEndSource: source, lengthMs }
}

/** 'warn' inside the warning window before the predicted end; 'past' once it has gone by. */
export function sessionEndPhase(end: SessionEnd, now: number, warnMs: number): 'none' | 'warn' | 'past' {
  if (end.sessionEndsAt === null) return 'none'
  if (now >= end.sessionEndsAt) return 'past'
  return end.sessionEndsAt - now <= warnMs ? 'warn' : 'none'
}

/**
 * `session_hours = 8` (every session) or `session_hours = corp=12, data=4, 8` (per sso-session,
 * with an optional default). Returns the hours for `session`, null when none applies, or an error.
 */
export function parseSessionHours(text: string): { byName: Map<string, number>; fallback: number | null } | { error: string } {
  const byName = new Map<string, number>()
  let fallback: number | null = null
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = part.lastIndexOf('=')
    const name = eq >= 0 ? part.slice(0, eq).trim() : null
    const hoursText = (eq >= 0 ? part.slice(eq + 1) : part).trim()
    const hours = /^\d+(\.\d+)?$/.test(hoursText) ? Number(hoursText) : NaN
    if (!(hours >= 0.25 && hours <= 24 * 90)) return { error: `"${part}": hours must be a number from 0.25 to 2160` }
    if (name === null) fallback = hours
    else if (name === '') return { error: `"${part}": the sso-session name is empty` }
    else byName.set(name, hours)
  }
  return { byName, fallback }
}

export function sessionHoursFor(parsed: { byName: Map<string, number>; fallback: number | null }, session: string): number | null {
  return parsed.byName.get(session) ?? parsed.fallback
}
