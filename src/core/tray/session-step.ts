// The session-end part of the tray step (step.ts calls in here): keeping the session book up to
// date on each look, a login or an auth-expired answer, and the one warning before a predicted
// end. Pure: the notice and close helpers of step.ts come in as arguments.

import { formatDuration } from '../format.ts'
import { isSnoozed } from '../notify-policy.ts'
import { sessionEndPhase, type SessionEnd } from '../session-end.ts'
import type { TokenGroup } from '../token-groups.ts'
import { isUsable } from '../token-state.ts'
import { isActive } from './menu-model.ts'
import { inQuietHours } from './quiet-hours.ts'
import type { NoticeSpec } from './notice-texts.ts'
import { observeTokens, sameBook, sessionEnded, sessionEndOf, sessionLoggedIn, type SessionBook } from './session-track.ts'
import type { OpenNotice, TrayEffect, TrayState } from './state.ts'

type Notify = (s: TrayState, key: string, slot: OpenNotice, notice: NoticeSpec, fx: TrayEffect[]) => TrayState
type Close = (s: TrayState, key: string, fx: TrayEffect[]) => TrayState

/** After a look: the book follows the token files, and a session about to end says so once. */
export function lookSessions(s: TrayState, previous: readonly TokenGroup[], now: number, fx: TrayEffect[], notify: Notify, close: Close): TrayState {
  const data = s.data
  if (!data) return s
  let next = withBook(s, observeTokens(s.sessions, s.groups, previous, data.tokens, now, data.configErrors.length > 0), fx)
  for (const g of next.groups) {
    const key = `token:${g.id}`
    const end = sessionEndOf(next.sessions, g, data.sessionHours ?? null)
    const open = next.notices[key]
    // A new login (or a changed setting) moved the end: the old warning no longer applies.
    if (open?.kind === 'session-end' && open.endsAt !== end?.sessionEndsAt) next = close(next, key, fx)
    if (!end || end.sessionEndsAt === null || !isUsable(g.state) || isActive(next.logins[g.id])) continue
    if (sessionEndPhase(end, now, data.warnMs) !== 'warn') continue
    const shownKey = `${g.id}|${end.sessionEndsAt}|session-end`
    // An expiry notice in the slot is the more urgent news; this one waits its turn.
    const slotTaken = next.notices[key] !== undefined
    // Quiet hours hold it unmarked: still relevant when they end, it is shown then.
    if (shownKey in next.memory.shown || slotTaken || isSnoozed(next.snoozes, g.id, now) || inQuietHours(data.quietHours, now, next.utcOffsetMin)) continue
    next = { ...next, memory: { ...next.memory, shown: { ...next.memory.shown, [shownKey]: now } } }
    fx.push({ type: 'save', memory: { ...next.memory, snoozes: next.snoozes } })
    next = notify(next, key, { kind: 'session-end', group: g.id, endsAt: end.sessionEndsAt }, sessionEndingNotice(g.name, end, now), fx)
  }
  return next
}

/** A login through the tray was verified: its session starts now. */
export function sessionLoginVerified(s: TrayState, group: string, now: number, fx: TrayEffect[]): TrayState {
  const g = s.groups.find((x) => x.id === group)
  if (!g || g.tokenKind !== 'sso-session') return s
  return withBook(s, sessionLoggedIn(s.sessions, group, now), fx)
}

/**
 * An sts call for `profile` failed as auth-expired: the refresh token no longer works, so the
 * session ended now (a failure right after a new login is about the old token and is ignored).
 */
export function sessionAuthExpired(s: TrayState, profile: string, group: string | null, now: number, fx: TrayEffect[]): TrayState {
  const g = s.groups.find((x) => (group !== null ? x.id === group : x.profiles.some((p) => p.name === profile)))
  if (!g || g.tokenKind !== 'sso-session') return s
  return withBook(s, sessionEnded(s.sessions, g.id, now), fx)
}

/** The row's and submenu's words while an end is known: "session ends in 14m" inside the warning. */
export function sessionRowText(s: TrayState, g: TokenGroup, now: number): { row: string | null; line: string | null } {
  const data = s.data
  const end = data ? sessionEndOf(s.sessions, g, data.sessionHours ?? null) : null
  if (!data || !end || end.sessionEndsAt === null || !isUsable(g.state)) return { row: null, line: null }
  const left = end.sessionEndsAt - now
  const phase = sessionEndPhase(end, now, data.warnMs)
  const how = `${lengthText(end.lengthMs)} sessions, ${end.sessionEndSource === 'setting' ? 'session_hours setting' : 'learned'}`
  return {
    row: phase === 'warn' ? `session ends in ${formatDuration(left)}` : null,
    line: phase === 'past' ? `Session may end any moment: due ${formatDuration(-left)} ago (${how})` : `Session ends in ${formatDuration(left)} (${how})`,
  }
}

export function sessionEndingNotice(session: string, end: SessionEnd, now: number): NoticeSpec {
  const left = Math.max(0, (end.sessionEndsAt ?? now) - now)
  const source = end.sessionEndSource === 'setting' ? 'the session_hours setting' : 'learned from the sessions seen end; set session_hours if it is wrong'
  return {
    title: `AWS SSO: ${session}'s SSO session ends in about ${aboutText(left)} (${lengthText(end.lengthMs)} sessions)`,
    body: `Log in now to keep working. The session length is ${source}.`,
    buttons: [{ id: 'login', label: 'Log in' }],
    urgency: 'normal',
    icon: 'expiring',
  }
}

/** "15 min" under an hour, else "1h 05m". */
function aboutText(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  return minutes < 60 ? `${Math.max(1, minutes)} min` : formatDuration(ms)
}

/** "8 h", "8 h 15 min", "45 min": the length as a person would say it. */
export function lengthText(ms: number | null): string {
  if (ms === null) return '?'
  const minutes = Math.round(ms / 60_000)
  if (minutes < 60) return `${minutes} min`
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return m === 0 ? `${h} h` : `${h} h ${m} min`
}

function withBook(s: TrayState, book: SessionBook, fx: TrayEffect[]): TrayState {
  if (sameBook(book, s.sessions)) return s
  fx.push({ type: 'save-sessions', sessions: book })
  return { ...s, sessions: book }
}
