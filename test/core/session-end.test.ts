import { describe, expect, it } from 'vitest'
import {
  emptySessionRecord,
  parseSessionHours,
  predictSessionEnd,
  recordSessionEnded,
  recordSessionStart,
  sessionEndPhase,
  sessionHoursFor,
} from '../../src/core/session-end.ts'

const at = (s: string) => Date.parse(s)
const H = 3600_000
const WARN = 15 * 60_000

describe('the real end of a refreshable session', () => {
  it('learns the length from a seen end, predicts the next day, and a setting overrides', () => {
    // Day 1: a login at 09:00; silent refreshes change nothing here; nothing known about the length yet.
    let rec = recordSessionStart(emptySessionRecord, at('2026-12-01T09:00:00Z'))
    expect(predictSessionEnd(rec, null)).toEqual({ sessionStartedAt: at('2026-12-01T09:00:00Z'), sessionEndsAt: null, sessionEndSource: null, lengthMs: null })
    // 17:00: a refresh fails because the session ended: 8 h learned, no session now.
    rec = recordSessionEnded(rec, at('2026-12-01T17:00:00Z'))
    expect(rec).toEqual({ startedAt: null, learnedMs: [8 * H] })
    expect(predictSessionEnd(rec, null).sessionEndsAt).toBeNull()
    // Day 2: a login at 08:30 → ends about 16:30, learned.
    rec = recordSessionStart(rec, at('2026-12-02T08:30:00Z'))
    const end = predictSessionEnd(rec, null)
    expect(end).toEqual({
      sessionStartedAt: at('2026-12-02T08:30:00Z'),
      sessionEndsAt: at('2026-12-02T16:30:00Z'),
      sessionEndSource: 'learned',
      lengthMs: 8 * H,
    })
    expect(sessionEndPhase(end, at('2026-12-02T16:14:59Z'), WARN)).toBe('none')
    expect(sessionEndPhase(end, at('2026-12-02T16:15:00Z'), WARN)).toBe('warn')
    expect(sessionEndPhase(end, at('2026-12-02T16:29:59Z'), WARN)).toBe('warn')
    expect(sessionEndPhase(end, at('2026-12-02T16:30:00Z'), WARN)).toBe('past')
    // A setting wins over what was learned.
    expect(predictSessionEnd(rec, 12)).toEqual({
      sessionStartedAt: at('2026-12-02T08:30:00Z'),
      sessionEndsAt: at('2026-12-02T20:30:00Z'),
      sessionEndSource: 'setting',
      lengthMs: 12 * H,
    })
  })

  it('the smallest recent length wins; only the last five are kept', () => {
    let rec = emptySessionRecord
    const lengths = [9, 8, 12, 10, 11, 9.5]
    let t = at('2026-12-01T00:00:00Z')
    for (const h of lengths) {
      rec = recordSessionEnded(recordSessionStart(rec, t), t + h * H)
      t += 24 * H
    }
    expect(rec.learnedMs).toEqual([8, 12, 10, 11, 9.5].map((h) => h * H))
    expect(predictSessionEnd(recordSessionStart(rec, t), null).lengthMs).toBe(8 * H)
  })

  it('a clock change is not a session length', () => {
    const start = recordSessionStart(emptySessionRecord, at('2026-12-01T09:00:00Z'))
    // The clock was set back: the end seems to come before the start.
    expect(recordSessionEnded(start, at('2026-12-01T08:00:00Z'))).toEqual({ startedAt: null, learnedMs: [] })
    // Shorter than Identity Center allows (15 min) or longer than 90 days: not learned either.
    expect(recordSessionEnded(start, at('2026-12-01T09:14:59Z')).learnedMs).toEqual([])
    expect(recordSessionEnded(start, at('2026-12-01T09:15:00Z')).learnedMs).toEqual([15 * 60_000])
    expect(recordSessionEnded(start, at('2026-12-01T09:00:00Z') + 90 * 24 * H + 1).learnedMs).toEqual([])
    // An end without a start we saw teaches nothing.
    expect(recordSessionEnded(emptySessionRecord, at('2026-12-01T17:00:00Z'))).toEqual(emptySessionRecord)
  })

  it('reads session_hours: one default, per session, and errors that name the part', () => {
    const p = parseSessionHours('corp=12, data = 4, 8')
    if ('error' in p) throw new Error(p.error)
    expect(sessionHoursFor(p, 'corp')).toBe(12)
    expect(sessionHoursFor(p, 'data')).toBe(4)
    expect(sessionHoursFor(p, 'other')).toBe(8)
    const only = parseSessionHours('corp=12')
    if ('error' in only) throw new Error(only.error)
    expect(sessionHoursFor(only, 'other')).toBeNull()
    expect(parseSessionHours('lots')).toEqual({ error: '"lots": hours must be a number from 0.25 to 2160' })
    expect(parseSessionHours('corp=0.1')).toEqual({ error: '"corp=0.1": hours must be a number from 0.25 to 2160' })
    expect(parseSessionHours('=8')).toEqual({ error: '"=8": the sso-session name is empty' })
    expect(parseSessionHours('2161')).toEqual({ error: '"2161": hours must be a number from 0.25 to 2160' })
    expect(parseSessionHours('2160')).toEqual({ byName: new Map(), fallback: 2160 })
  })
})

describe('session ends: exact limits', () => {
  const start = recordSessionStart(emptySessionRecord, at('2026-12-01T09:00:00Z'))

  it('learns a session of exactly 90 days, the longest Identity Center allows', () => {
    expect(recordSessionEnded(start, at('2026-12-01T09:00:00Z') + 90 * 24 * H).learnedMs).toEqual([90 * 24 * H])
  })

  it('an end without a seen start teaches nothing, even one an hour after the epoch', () => {
    expect(recordSessionEnded(emptySessionRecord, H)).toEqual({ startedAt: null, learnedMs: [] })
  })

  it('a setting of zero or less is no setting: what was learned applies', () => {
    const rec = { startedAt: at('2026-12-01T09:00:00Z'), learnedMs: [8 * H] }
    for (const hours of [0, -1]) {
      expect(predictSessionEnd(rec, hours)).toEqual({
        sessionStartedAt: rec.startedAt,
        sessionEndsAt: rec.startedAt + 8 * H,
        sessionEndSource: 'learned',
        lengthMs: 8 * H,
      })
    }
    expect(predictSessionEnd({ startedAt: rec.startedAt, learnedMs: [] }, 0)).toEqual({
      sessionStartedAt: rec.startedAt,
      sessionEndsAt: null,
      sessionEndSource: null,
      lengthMs: null,
    })
  })

  it('nothing to warn of while the end is unknown', () => {
    expect(sessionEndPhase({ sessionStartedAt: null, sessionEndsAt: null, sessionEndSource: null, lengthMs: null }, at('2026-12-01T09:00:00Z'), WARN)).toBe(
      'none',
    )
  })

  it('session_hours: a quarter hour is the least, decimals are hours, empty parts and spaces are ignored', () => {
    expect(parseSessionHours('0.25')).toEqual({ byName: new Map(), fallback: 0.25 })
    expect(parseSessionHours('0.24')).toEqual({ error: '"0.24": hours must be a number from 0.25 to 2160' })
    expect(parseSessionHours(' corp = 8.5 ,, 4, ')).toEqual({ byName: new Map([['corp', 8.5]]), fallback: 4 })
    expect(parseSessionHours('corp=12,  lots')).toEqual({ error: '"lots": hours must be a number from 0.25 to 2160' })
  })

  it('session_hours: only plain decimal numbers, not what JavaScript would also read as one', () => {
    for (const text of ['1e1', '0x10', '8h', 'h8', '+8', '8.', '.5']) {
      expect(parseSessionHours(text), text).toEqual({ error: `"${text}": hours must be a number from 0.25 to 2160` })
    }
  })
})
