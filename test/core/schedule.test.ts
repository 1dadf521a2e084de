import { describe, expect, it } from 'vitest'
import { isClockJump, MAX_SLEEP_MS, nextWakeAt } from '../../src/core/schedule.ts'
import { group, min, NOW } from '../fakes/groups.ts'

const WARN = 15 * 60_000

describe('nextWakeAt', () => {
  it('wakes at the warning moment when it is the next change', () => {
    const exp = min(15) + 10_000 // warning due in 10 s
    expect(nextWakeAt([group('a', 'valid', exp)], NOW, WARN)).toBe(NOW + 10_000)
  })
  it('wakes once a minute, on the wall-clock minute, whatever the expiry times', () => {
    const groups = [group('a', 'valid', min(120) + 25_000), group('b', 'valid', min(300) + 7_000)]
    expect(nextWakeAt(groups, NOW + 12_345, WARN)).toBe(NOW + 60_000)
    expect(nextWakeAt([], NOW, WARN)).toBe(NOW + MAX_SLEEP_MS)
  })
  it('wakes at a registration end and at extra moments (snooze ends)', () => {
    const g = group('a', 'refreshable', min(-10), ['a'], { registrationExpiresAt: NOW + 3_000 })
    expect(nextWakeAt([g], NOW, WARN)).toBe(NOW + 3_000)
    expect(nextWakeAt([], NOW, WARN, [NOW + 1_234, NOW - 5])).toBe(NOW + 1_234)
  })
})

describe('nextWakeAt: each moment a token changes state', () => {
  // A warning window longer than the refresh window, so the two moments differ.
  const LONG_WARN = 30 * 60_000
  it('wakes at the warning moment, then at the refresh window, then at the expiry', () => {
    const exp = min(30) + 40_000
    expect(nextWakeAt([group('a', 'valid', exp)], NOW, LONG_WARN)).toBe(NOW + 40_000)
    // Each time 20 s before the moment, inside one wall-clock minute, so the minute tick comes later.
    expect(nextWakeAt([group('a', 'expiring', exp)], min(15) + 20_000, LONG_WARN)).toBe(min(15) + 40_000)
    expect(nextWakeAt([group('a', 'expiring', exp)], exp - 20_000, LONG_WARN)).toBe(exp)
  })
})

describe('isClockJump', () => {
  it('tolerates a drift of exactly the tolerance, not one millisecond more', () => {
    expect(isClockJump(65_000, 60_000)).toBe(false)
    expect(isClockJump(65_001, 60_000)).toBe(true)
    expect(isClockJump(55_000, 60_000)).toBe(false)
    expect(isClockJump(54_999, 60_000)).toBe(true)
    expect(isClockJump(1_000, 0, 999)).toBe(true)
  })

  it('flags a suspend (wall clock ran on, monotonic did not) and a clock set back', () => {
    expect(isClockJump(3_600_000, 60_000)).toBe(true)
    expect(isClockJump(-120_000, 60_000)).toBe(true)
    expect(isClockJump(60_300, 60_000)).toBe(false)
  })
})
