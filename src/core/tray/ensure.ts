// `ensure` requests in the tray core: pure helpers step.ts uses. A request waits for the person
// (asked), a quiet sts (checking: the token looked usable), or a login (following). Every
// request of a session shares that session's one notice and its one login; the caller hears
// the login's events and a final one, after which its connection ends.

import type { EnsureEvent } from '../ensure-protocol.ts'
import type { LoginReport } from '../login-machine.ts'
import type { EnsureEntry, LoginEntry, TrayEffect, TrayState } from './state.ts'

export const ensureNoticeKey = (group: string): string => `ensure:${group}`

/** The requests of one session (in arrival order), optionally of one phase. */
export function requestsOf(s: TrayState, group: string, phase?: EnsureEntry['phase']): Array<[string, EnsureEntry]> {
  return Object.entries(s.requests).filter(([, r]) => r.group === group && (phase === undefined || r.phase === phase))
}

/** What a login report means to a caller following that login. */
export function ensureEventOf(r: LoginReport): EnsureEvent {
  switch (r.type) {
    case 'url':
      return { type: 'url', url: r.url, flow: r.flow }
    case 'code':
      return { type: 'code', userCode: r.userCode }
    case 'success':
      return { type: 'success' }
    case 'verified':
      return { type: 'verified', account: r.account, arn: r.arn }
    case 'failed':
      return { type: 'failed', class: r.class, message: r.message }
    case 'note':
      return { type: 'note', message: r.message }
  }
}

/** What a caller that joins a running login has missed: its URL and code so far. */
export function catchUp(l: LoginEntry): EnsureEvent[] {
  const out: EnsureEvent[] = []
  if (l.url !== null) out.push({ type: 'url', url: l.url, flow: l.flow ?? 'unknown' })
  if (l.userCode !== null) out.push({ type: 'code', userCode: l.userCode })
  return out
}

/** Sends `event` to the given requests; final events drop them from the state. */
export function sendTo(s: TrayState, ids: readonly string[], event: EnsureEvent, fx: TrayEffect[]): TrayState {
  if (ids.length === 0) return s
  for (const id of ids) fx.push({ type: 'ensure-send', id, event })
  if (event.type !== 'verified' && event.type !== 'failed' && event.type !== 'declined') return s
  const requests = { ...s.requests }
  for (const id of ids) delete requests[id]
  return { ...s, requests }
}

/** Moves requests to another phase. */
export function withPhase(s: TrayState, ids: readonly string[], phase: EnsureEntry['phase']): TrayState {
  if (ids.length === 0) return s
  const requests = { ...s.requests }
  for (const id of ids) {
    const r = requests[id]
    if (r) requests[id] = { ...r, phase }
  }
  return { ...s, requests }
}
