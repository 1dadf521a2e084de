// Parses the `expiresAt` forms found in SSO cache files the way botocore's dateutil accepts them:
// `2026-11-28T17:05:12Z`, the early-v2 `...UTC` suffix, `+00:00`/`+0000` offsets, fractions,
// and a space instead of `T`. A time without a zone is rejected, as botocore fails on it
// ("can't subtract offset-naive and offset-aware datetimes").

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$/i

/** Epoch milliseconds, or undefined when botocore could not compare this value with now. */
export function parseAwsTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const m = ISO.exec(value.trim())
  if (!m) return undefined
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = ''] = m
  const ms = Number((frac + '000').slice(0, 3))
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms)
  if (Number.isNaN(base) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined
  }
  return base - zoneOffsetMs(zone)
}

function zoneOffsetMs(zone: string): number {
  const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)
  if (!z) return 0
  const sign = z[1] === '-' ? -1 : 1
  return sign * (Number(z[2]) * 60 + Number(z[3] ?? '0')) * 60_000
}
