// Human text for durations: one formatter for the menu, the notices and the `status` table, so
// the same token reads the same everywhere. Whole minutes, rounded down (a text never promises
// more time than is left, and never shows seconds that go stale between once-a-minute redraws).
// Pure.

/** "3h 12m", "45m", "2d 4h"; under a minute reads "under 1m". */
export function formatDuration(ms: number): string {
  const m = Math.floor(Math.max(0, ms) / 60_000)
  if (m < 1) return 'under 1m'
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`
  return `${Math.floor(h / 24)}d ${h % 24}h`
}

/** Time left until an expiry: "3h 12m", or "expired 5m ago" once it has passed. */
export function formatRemaining(ms: number): string {
  return ms > 0 ? formatDuration(ms) : `expired ${formatAgo(-ms)}`
}

/** How long ago something happened: "5m ago", "under 1m ago". */
export function formatAgo(ms: number): string {
  return `${formatDuration(ms)} ago`
}
