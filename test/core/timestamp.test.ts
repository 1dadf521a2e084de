import { describe, expect, it } from 'vitest'
import { parseAwsTimestamp } from '../../src/core/timestamp.ts'

const T = Date.parse('2026-11-28T17:05:12Z')

describe('parseAwsTimestamp', () => {
  it.each([
    ['2026-11-28T17:05:12Z', T],
    ['2026-11-28T17:05:12UTC', T],
    ['2026-11-28T17:05:12+00:00', T],
    ['2026-11-28T17:05:12+0000', T],
    ['2026-11-28 17:05:12 UTC', T],
    ['2026-11-28T17:05:12.123456Z', T + 123],
    ['2026-11-28T19:05:12+02:00', T],
    ['2026-11-28T12:05:12-05:00', T],
  ])('%s', (text, ms) => {
    expect(parseAwsTimestamp(text)).toBe(ms)
  })

  // Each of these is read the same way by dateutil (checked with botocore's own parser).
  it.each([
    ['2026-11-28T17:05Z', T - 12_000],
    ['2026-11-28T17:05:12,5Z', T + 500],
    ['2026-11-28T17:05:12.1Z', T + 100],
    ['2026-11-28T17:05:12.12Z', T + 120],
    ['2026-11-28T17:05:12 Z', T],
    ['2026-11-28T17:05:12z', T],
    ['2026-11-28T17:05:12GMT', T],
    ['2026-11-28T19:05:12+02', T],
    ['2026-11-28T11:35:12-0530', T],
    ['2026-11-28T22:35:12+05:30', T],
    ['  2026-11-28T17:05:12Z\n', T],
    ['2026-12-31T23:59:59Z', Date.UTC(2026, 11, 31, 23, 59, 59)],
    ['2026-01-01T00:00:00Z', Date.UTC(2026, 0, 1)],
  ])('also %j', (text, ms) => {
    expect(parseAwsTimestamp(text)).toBe(ms)
  })

  it.each([
    ['2026-11-28T17:05:12'],
    ['garbage'],
    [''],
    [1_800_000_000],
    [null],
    [undefined],
    [{}],
    ['2026-13-01T00:00:00Z'],
    ['2026-11-32T00:00:00Z'],
    ['2026-11-28T24:00:00Z'],
    ['2026-11-28T17:60:00Z'],
    ['2026-11-28T17:05:60Z'],
    ['x2026-11-28T17:05:12Z'],
    ['2026-11-28T17:05:12Zx'],
    ['2026-11-28T17:05:12.Z'],
    ['2026-11-28T17:05:12 CET'],
    ['2026-11-28X17:05:12Z'],
  ])('rejects %j', (v) => {
    expect(parseAwsTimestamp(v)).toBeUndefined()
  })
})
