// lookSessions and sessionRowText called directly, with recording notify and close fakes: the one
// warning before a predicted end, what holds it back, what it saves, and the book kept through a
// config error.

import { describe, expect, it } from 'vitest'
import { lookSessions, sessionRowText } from '../../src/core/tray/session-step.ts'
import type { OpenNotice, TrayEffect, TrayState } from '../../src/core/tray/state.ts'
import type { TokenInput } from '../../src/core/types.ts'
import { group, min, NOW, view } from '../fakes/groups.ts'

const H = 3600_000
const corp = group('corp', 'refreshable', min(30), ['dev'])
const tok: TokenInput = {
  status: 'read',
  facts: {
    startUrl: 'u',
    region: 'r',
    hasAccessToken: true,
    expiresAt: new Date(min(30)).toISOString(),
    hasRefreshToken: true,
    hasClientId: true,
    hasClientSecret: true,
    registrationExpiresAt: undefined,
    refreshTag: 't',
  },
}
/** A session started `ago` minutes before NOW; `session_hours = 8`, warnings 15 min ahead. */
function state(ago: number, extra: Partial<TrayState> = {}): TrayState {
  return view([corp], {
    data: { warnMs: 15 * 60_000, configFile: 'c', profiles: [], tokens: new Map([['corp', tok]]), configErrors: [], sessionHours: '8' },
    sessions: { [corp.id]: { startedAt: min(-ago), learnedMs: [], tag: 't' } },
    ...extra,
  })
}
function run(s: TrayState, previous = [corp]) {
  const fx: TrayEffect[] = []
  const told: Array<{ key: string; slot: OpenNotice; title: string }> = []
  const closed: string[] = []
  const next = lookSessions(
    s,
    previous,
    NOW,
    fx,
    (st, key, slot, notice) => {
      told.push({ key, slot, title: notice.title })
      return { ...st, notices: { ...st.notices, [key]: slot } }
    },
    (st, key) => {
      closed.push(key)
      const notices = { ...st.notices }
      delete notices[key]
      return { ...st, notices }
    },
  )
  return { next, fx, told, closed }
}

describe('session-end warning in a look', () => {
  it('warns once inside the warning time, remembering it in the saved memory', () => {
    const endsAt = min(-(8 * 60 - 10)) + 8 * H
    const { next, fx, told } = run(state(8 * 60 - 10))
    expect(told).toEqual([
      {
        key: `token:${corp.id}`,
        slot: { kind: 'session-end', group: corp.id, endsAt },
        title: "AWS SSO: corp's SSO session ends in about 10 min (8 h sessions)",
      },
    ])
    const shown = { [`${corp.id}|${endsAt}|session-end`]: NOW }
    expect(next.memory.shown).toEqual(shown)
    expect(fx).toEqual([{ type: 'save', memory: { shown, lastSeen: null, snoozes: {} } }])
    expect(run(next).told).toEqual([])
  })

  it('waits while an expiry notice holds the slot', () => {
    const s = state(8 * 60 - 10, { notices: { [`token:${corp.id}`]: { kind: 'token', group: corp.id } } })
    expect(run(s).told).toEqual([])
  })

  it('closes a warning whose end is gone or moved', () => {
    const open = { [`token:${corp.id}`]: { kind: 'session-end' as const, group: corp.id, endsAt: min(10) } }
    expect(run(state(8 * 60 - 10, { notices: open, sessions: {} })).closed).toEqual([`token:${corp.id}`])
    expect(run(state(60, { notices: open })).closed).toEqual([`token:${corp.id}`])
  })

  it('keeps the records of sessions not seen while the config has an error, else drops them', () => {
    const s = state(60, { groups: [] })
    expect(Object.keys(run(s, []).next.sessions)).toEqual([])
    const broken = { ...s, data: s.data && { ...s.data, configErrors: [{ file: 'c', line: 1, message: 'bad' }] } }
    expect(Object.keys(run(broken, []).next.sessions)).toEqual([corp.id])
  })
})

describe('session row text', () => {
  it('the row says the end only inside the warning time; the submenu line always', () => {
    expect(sessionRowText(state(60), corp, NOW)).toEqual({ row: null, line: 'Session ends in 7h 00m (8 h sessions, session_hours setting)' })
    expect(sessionRowText(state(8 * 60 - 10), corp, NOW)).toEqual({
      row: 'session ends in 10m',
      line: 'Session ends in 10m (8 h sessions, session_hours setting)',
    })
  })
})
