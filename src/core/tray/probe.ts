// The quiet refresh probe. Inside botocore's 15-minute refresh window an sso-session token is
// refreshed by the next AWS call; `sts get-caller-identity` is that call, so the tray makes it
// once per token to keep the token fresh without a login. A network failure (offline, VPN down)
// is retried with back-off, 1, 2, 4 … 30 minutes; any other answer ends the probing for that
// token. It never logs in and never opens a browser. Pure.

import type { Failure } from '../aws-types.ts'
import type { TokenGroup } from '../token-groups.ts'
import type { ProbeEntry } from './state.ts'

export const PROBE_BACKOFF_MAX_MS = 30 * 60_000

/** The wait before retry number `attempt` (1 after the first failure): 1, 2, 4 … 30 minutes. */
export function probeBackoffMs(attempt: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempt - 1), PROBE_BACKOFF_MAX_MS)
}

export function tokenKey(g: Pick<TokenGroup, 'id' | 'expiresAt'>): string {
  return `${g.id}|${g.expiresAt ?? 'none'}`
}

/**
 * The probes after a look: one per refreshable token (a new token starts over), none for the
 * rest. `due` names the groups whose probe should run now.
 */
export function planProbes(
  groups: readonly TokenGroup[],
  probes: Readonly<Record<string, ProbeEntry>>,
  now: number,
): { probes: Record<string, ProbeEntry>; due: string[] } {
  const next: Record<string, ProbeEntry> = {}
  const due: string[] = []
  for (const g of groups) {
    if (g.state !== 'refreshable' || g.loginProfile === null) continue
    const token = tokenKey(g)
    const old = probes[g.id]
    let p: ProbeEntry = old && old.token === token ? old : { token, attempts: 0, nextAt: now, running: false, lastError: null }
    if (!p.running && p.nextAt !== null && p.nextAt <= now) {
      p = { ...p, running: true }
      due.push(g.id)
    }
    next[g.id] = p
  }
  return { probes: next, due }
}

/** A probe's answer: retry network failures with back-off, stop on anything else. */
export function probeAnswered(p: ProbeEntry, failure: Failure | null, now: number): ProbeEntry {
  const attempts = p.attempts + 1
  if (failure && (failure.class === 'network' || failure.class === 'timeout')) {
    return { ...p, attempts, running: false, nextAt: now + probeBackoffMs(attempts), lastError: failure.message }
  }
  return { ...p, attempts, running: false, nextAt: null, lastError: null }
}

/** After a wake-up the network is often back: waiting retries (the probes with an error) run at once. */
export function probesAfterWake(probes: Readonly<Record<string, ProbeEntry>>, now: number): Record<string, ProbeEntry> {
  // probeAnswered sets lastError only together with a retry time, so lastError alone marks a retry.
  return Object.fromEntries(Object.entries(probes).map(([k, p]) => [k, p.lastError !== null ? { ...p, nextAt: now } : p]))
}
