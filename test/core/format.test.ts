// One duration format for menu, notices and the status table: whole minutes, rounded down.

import { describe, expect, it } from 'vitest'
import { formatAgo, formatDuration, formatRemaining } from '../../src/core/format.ts'

const s = 1000
const m = 60 * s
const h = 60 * m

describe('durations', () => {
  it.each([
    [0, 'under 1m'],
    [37 * s, 'under 1m'],
    [59 * s, 'under 1m'],
    [m, '1m'],
    [10 * m + 59 * s, '10m'],
    [59 * m + 59 * s, '59m'],
    [h, '1h 00m'],
    [3 * h + 12 * m + 30 * s, '3h 12m'],
    [47 * h + 59 * m, '47h 59m'],
    [48 * h, '2d 0h'],
    [52 * h + 30 * m, '2d 4h'],
    [-5 * m, 'under 1m'],
  ])('%i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('time left, or how long ago it expired; never seconds', () => {
    expect(formatRemaining(10 * m + 30 * s)).toBe('10m')
    expect(formatRemaining(0)).toBe('expired under 1m ago')
    expect(formatRemaining(-37 * s)).toBe('expired under 1m ago')
    expect(formatRemaining(-(h + 59 * m))).toBe('expired 1h 59m ago')
    expect(formatAgo(37 * s)).toBe('under 1m ago')
  })
})
