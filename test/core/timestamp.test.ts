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

  it.each([['2026-11-28T17:05:12'], ['garbage'], [''], [1_800_000_000], [null], ['2026-13-01T00:00:00Z']])('rejects %j', (v) => {
    expect(parseAwsTimestamp(v)).toBeUndefined()
  })
})
