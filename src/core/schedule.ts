// When the tray must look again: the next moment a token changes state (warning, refresh window,
// expiry, registration end), a snooze ends, a quiet-probe retry is due, or the wall-clock minute
// turns (the "time left" texts are whole minutes, all redrawn together once a minute, whatever the
// expiry times). No polling: between those moments nothing the user needs changes. Pure.

import type { TokenGroup } from './token-groups.ts'
import { REFRESH_WINDOW_MS } from './types.ts'

/** Upper bound between looks, so a missed wake-up (suspend stops monotonic timers) heals itself. */
export const MAX_SLEEP_MS = 60_000

export function nextWakeAt(groups: readonly TokenGroup[], now: number, warnMs: number, others: readonly number[] = []): number {
  let next = now + MAX_SLEEP_MS
  const consider = (t: number | null) => {
    if (t !== null && t > now && t < next) next = t
  }
  for (const g of groups) {
    if (g.expiresAt !== null) {
      consider(g.expiresAt - warnMs)
      consider(g.expiresAt - REFRESH_WINDOW_MS)
      consider(g.expiresAt)
    }
    consider(g.registrationExpiresAt)
  }
  for (const t of others) consider(t)
  consider(minuteOf(now) + 60_000)
  return next
}

/**
 * A wall-clock jump: the wall clock moved much further than the monotonic clock (suspend, or the
 * clock was set). Either way every state must be re-read at once.
 */
export function isClockJump(wallDelta: number, monotonicDelta: number, toleranceMs = 5_000): boolean {
  return Math.abs(wallDelta - monotonicDelta) > toleranceMs
}

/** The start of the wall-clock minute: the time base of every "time left" text. */
export function minuteOf(now: number): number {
  return now - (((now % 60_000) + 60_000) % 60_000)
}
