// Human text for durations. Pure.

/** "3h 12m", "45m", "30s", "2d 4h"; negative durations read "expired 5m ago". */
export function formatRemaining(ms: number): string {
  if (ms <= 0) return `expired ${formatDuration(-ms)} ago`
  return formatDuration(ms)
}

export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`
  return `${Math.floor(h / 24)}d ${h % 24}h`
}

/** formatRemaining at minute resolution (for texts refreshed once a minute): no stale seconds. */
export function formatRemainingMinutes(ms: number): string {
  if (ms > 0 && ms < 60_000) return 'under 1m'
  if (ms <= 0 && ms > -60_000) return 'expired under 1m ago'
  return formatRemaining(ms)
}
