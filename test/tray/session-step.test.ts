// The session-end texts and book updates of the tray step, called directly (pure): the warning's
// words at the edges of its time formats, and which answers end which session.

import { describe, expect, it } from 'vitest'
import type { SessionEnd } from '../../src/core/session-end.ts'
import { lengthText, sessionAuthExpired, sessionEndingNotice, sessionLoginVerified } from '../../src/core/tray/session-step.ts'
import type { TrayEffect } from '../../src/core/tray/state.ts'
import { group, min, NOW, view } from '../fakes/groups.ts'

const H = 3600_000
const end = (endsAt: number, lengthMs: number | null, source: SessionEnd['sessionEndSource']): SessionEnd => ({
  sessionStartedAt: null,
  sessionEndsAt: endsAt,
  sessionEndSource: source,
  lengthMs,
})

describe('session-end texts', () => {
  it('says a length as a person would', () => {
    expect([null, 45 * 60_000, 59.4 * 60_000, 59.5 * 60_000, H, 8 * H, 8 * H + 15 * 60_000].map(lengthText)).toEqual([
      '?',
      '45 min',
      '59 min',
      '1 h',
      '1 h',
      '8 h',
      '8 h 15 min',
    ])
  })

  it('the warning: minutes under an hour (at least 1), hours past it; where the length comes from', () => {
    expect(sessionEndingNotice('corp', end(min(14.9), 8 * H, 'learned'), NOW)).toEqual({
      title: "AWS SSO: corp's SSO session ends in about 14 min (8 h sessions)",
      body: 'Log in now to keep working. The session length is learned from the sessions seen end; set session_hours if it is wrong.',
      buttons: [{ id: 'login', label: 'Log in' }],
      urgency: 'normal',
      icon: 'expiring',
    })
    const setting = sessionEndingNotice('corp', end(min(60), 12 * H, 'setting'), NOW)
    expect(setting.title).toBe("AWS SSO: corp's SSO session ends in about 1h 00m (12 h sessions)")
    expect(setting.body).toBe('Log in now to keep working. The session length is the session_hours setting.')
    expect(sessionEndingNotice('corp', end(min(59.99), 8 * H, 'learned'), NOW).title).toContain('about 59 min')
    expect(sessionEndingNotice('corp', end(min(-3), 8 * H, 'learned'), NOW).title).toContain('about 1 min')
    expect(sessionEndingNotice('corp', end(min(0.5), 8 * H, 'learned'), NOW).title).toContain('about 1 min')
  })
})

describe('session book updates from the step', () => {
  const corp = group('corp', 'refreshable', min(30), ['dev', 'prod'])
  const data = group('data', 'refreshable', min(30), ['etl'])
  const legacy = group('old', 'valid', min(30), ['old'], { tokenKind: 'legacy-sso' })
  const started = { startedAt: min(-8 * 60), learnedMs: [], tag: 't' }
  const s = view([corp, data, legacy], {
    sessions: { [corp.id]: started, [data.id]: started, [legacy.id]: started },
  })
  const ended = (r: { sessions: Record<string, { endedAt?: number | null }> }) =>
    Object.entries(r.sessions).flatMap(([id, x]) => (x.endedAt != null ? [id] : []))

  it('an auth-expired answer ends the session of the group named, else of the profile', () => {
    const fx: TrayEffect[] = []
    expect(ended(sessionAuthExpired(s, 'dev', data.id, NOW, fx))).toEqual([data.id])
    expect(ended(sessionAuthExpired(s, 'prod', null, NOW, fx))).toEqual([corp.id])
    expect(fx.map((e) => e.type)).toEqual(['save-sessions', 'save-sessions'])
  })

  it('legacy tokens and unknown groups or profiles have no session to end or start', () => {
    const fx: TrayEffect[] = []
    expect(sessionAuthExpired(s, 'old', null, NOW, fx)).toBe(s)
    expect(sessionAuthExpired(s, 'nobody', null, NOW, fx)).toBe(s)
    expect(sessionAuthExpired(s, 'dev', 'sso-session:gone', NOW, fx)).toBe(s)
    expect(sessionLoginVerified(s, legacy.id, NOW, fx)).toBe(s)
    expect(sessionLoginVerified(s, 'sso-session:gone', NOW, fx)).toBe(s)
    expect(fx).toEqual([])
    expect(sessionLoginVerified(s, data.id, NOW, fx).sessions[data.id]?.startedAt).toBe(NOW)
  })
})
