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

describe('isClockJump', () => {
  it('flags a suspend (wall clock ran on, monotonic did not) and a clock set back', () => {
    expect(isClockJump(3_600_000, 60_000)).toBe(true)
    expect(isClockJump(-120_000, 60_000)).toBe(true)
    expect(isClockJump(60_300, 60_000)).toBe(false)
  })
})
