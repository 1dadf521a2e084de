// Date.prototype.toISOString's text, worked out without a Date: V8 loads the local time zone
// (/etc/localtime and ICU's zone data) the first time a process calls toISOString, ~0.17 ms of
// every `status` run, although an ISO time in UTC never needs it.

const DAY_MS = 86_400_000
/** 9999-12-31T23:59:59.999Z: the last instant with a four-digit year. */
const LAST_MS = 253_402_300_799_999

/** `new Date(ms).toISOString()`, the same text for every `ms` (and the same RangeError for NaN). */
export function isoTime(ms: number): string {
  // Whole milliseconds from 1970 to year 9999 here; the rest (earlier years, six-digit years,
  // fractions, NaN) through Date, which defines them.
  if (!(ms >= 0 && ms <= LAST_MS && Number.isInteger(ms))) return new Date(ms).toISOString()
  const days = Math.floor(ms / DAY_MS)
  const t = ms - days * DAY_MS
  // Howard Hinnant's civil_from_days: the proleptic Gregorian calendar in 400-year eras from 0000-03-01.
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  const ss = Math.floor(t / 1000)
  // One join of parts (two-digit ones made once): a template literal built ~10 intermediate strings.
  const milli = t % 1000
  return [
    year,
    '-',
    two(month),
    '-',
    two(day),
    'T',
    two(Math.floor(ss / 3600)),
    ':',
    two(Math.floor(ss / 60) % 60),
    ':',
    two(ss % 60),
    '.',
    two(Math.floor(milli / 10)),
    milli % 10,
    'Z',
  ].join('')
}

const TWO: string[] = []

function two(n: number): string {
  return (TWO[n] ??= n < 10 ? `0${n}` : String(n))
}
