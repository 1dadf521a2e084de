// Quiet hours in local time. The core never asks the OS for the zone: the shell hands in the
// offset (minutes east of UTC) with each event, so these stay pure and testable in any zone.

/** The `quiet_hours` setting: minutes after local midnight; the span may cross midnight. */
export interface QuietHours {
  start: number
  end: number
}

const DAY_MIN = 24 * 60

/** Minutes after local midnight. */
export function localMinuteOfDay(now: number, utcOffsetMin: number): number {
  const m = Math.floor((now + utcOffsetMin * 60_000) / 60_000)
  return ((m % DAY_MIN) + DAY_MIN) % DAY_MIN
}

/** True inside the span; a span may cross midnight (22:00-08:00). The end minute is outside. */
export function inQuietHours(q: QuietHours | null | undefined, now: number, utcOffsetMin: number): boolean {
  if (!q) return false
  const m = localMinuteOfDay(now, utcOffsetMin)
  return q.start < q.end ? m >= q.start && m < q.end : m >= q.start || m < q.end
}

/** The wall time (ms) the current quiet span ends: the start of its end minute. */
export function quietEndsAt(q: QuietHours, now: number, utcOffsetMin: number): number {
  const m = localMinuteOfDay(now, utcOffsetMin)
  const minuteStart = now - (((now % 60_000) + 60_000) % 60_000)
  const ahead = (((q.end - m) % DAY_MIN) + DAY_MIN) % DAY_MIN || DAY_MIN
  return minuteStart + ahead * 60_000
}
