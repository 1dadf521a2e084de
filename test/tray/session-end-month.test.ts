// A month of workdays through the pure tray core: an Identity Center session of 8 hours, a login
// through the tray each workday morning at a different time, the quiet probe refreshing the
// token (the refresh token rotating each time) until the session ends, and the clock read every
// 5 minutes. Nothing is configured: the length is learned from the first day's end.

import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import { LEARNED_KEEP } from '../../src/core/session-end.ts'
import { initialTrayState, type LoadedData, type TrayEffect, type TrayEvent, type TrayState } from '../../src/core/tray/state.ts'
import { step } from '../../src/core/tray/step.ts'
import type { TokenInput } from '../../src/core/types.ts'

const MIN = 60_000
const H = 60 * MIN
const DAY = 24 * H
const START = Date.parse('2026-12-07T00:00:00Z') // a Monday
const REAL_LENGTH = 8 * H
const CORP = 'sso-session:corp'
const PROFILES = resolveProfiles(
  buildProfileMap(
    parseConfigText(
      `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
`,
      '/h/.aws/config',
    ),
  ),
)

function simulate() {
  let state: TrayState = initialTrayState({ shown: {}, lastSeen: START, snoozes: {} }, START, 2)
  let expiresAt = START - DAY
  let tag = 0
  let sessionStart = -Infinity
  const warnings: Array<{ at: number; realEnd: number; title: string }> = []
  const notices: string[] = []
  const token = (): TokenInput => ({
    status: 'read',
    facts: {
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      hasAccessToken: true,
      expiresAt: new Date(expiresAt).toISOString(),
      hasRefreshToken: true,
      hasClientId: true,
      hasClientSecret: true,
      registrationExpiresAt: new Date(START + 90 * DAY).toISOString(),
      refreshTag: `t${tag}`,
    },
  })
  const data = (): LoadedData => ({
    warnMs: 15 * MIN,
    configFile: '/h/.aws/config',
    profiles: PROFILES,
    tokens: new Map([['corp', token()]]),
    configErrors: [],
  })
  const feed = (now: number, first: TrayEvent) => {
    const queue: TrayEvent[] = [first]
    for (let e = queue.shift(); e !== undefined; e = queue.shift()) {
      const r = step(state, e, now)
      state = r.state
      for (const fx of r.effects) react(now, fx, queue)
    }
  }
  // The world: the AWS CLI refreshes while the session lives, and fails once it has ended.
  const react = (now: number, fx: TrayEffect, queue: TrayEvent[]) => {
    if (fx.type === 'load') queue.push({ type: 'loaded', data: data() })
    if (fx.type === 'notify') {
      notices.push(fx.notice.title)
      if (fx.notice.title.includes('SSO session ends')) warnings.push({ at: now, realEnd: sessionStart + REAL_LENGTH, title: fx.notice.title })
    }
    if (fx.type === 'verify' && fx.purpose === 'probe') {
      const alive = now < sessionStart + REAL_LENGTH
      if (alive) {
        expiresAt = now + H
        tag++
      }
      queue.push({
        type: 'verify-result',
        profile: fx.profile.name,
        purpose: 'probe',
        group: fx.group,
        result: alive ? { account: '111111111111', arn: 'arn', userId: 'x' } : { class: 'auth-expired', message: 'Token has expired and refresh failed' },
      })
    }
  }
  feed(START, { type: 'loaded', data: data() })
  for (let day = 0; day < 30; day++) {
    const weekday = day % 7 < 5
    // Logins between 08:30 and 09:55, a different time each day.
    const loginAt = START + day * DAY + 8 * H + 30 * MIN + ((day * 35) % 90) * MIN
    for (let now = START + day * DAY + 5 * MIN; now <= START + (day + 1) * DAY; now += 5 * MIN) {
      feed(now, { type: 'tick', elapsedMono: 5 * MIN })
      if (weekday && now === loginAt) {
        feed(now, { type: 'menu', action: { type: 'login', group: CORP } })
        sessionStart = now
        expiresAt = now + H
        tag++
        feed(now, { type: 'login-report', group: CORP, report: { type: 'verified', account: '111111111111', arn: 'arn' } })
        feed(now, { type: 'login-ended', group: CORP, error: null })
      }
    }
  }
  return { state, warnings, notices }
}

describe('session end over a month of workdays', () => {
  const { state, warnings, notices } = simulate()

  it('learns the length on the first day and warns once each later workday, before the real end and at most 65 min early', () => {
    const days = warnings.map((w) => Math.floor((w.at - START) / DAY))
    const workdays = Array.from({ length: 30 }, (_, d) => d).filter((d) => d % 7 < 5)
    expect(days).toEqual(workdays.slice(1))
    for (const w of warnings) {
      expect(w.at).toBeLessThan(w.realEnd)
      expect(w.realEnd - w.at).toBeLessThanOrEqual(65 * MIN)
      expect(w.title).toMatch(/^AWS SSO: corp's SSO session ends in about 15 min \(7 h \d\d min sessions\)$/)
    }
  })

  it('keeps one small record: at most the last few lengths, none longer than the real session', () => {
    expect(Object.keys(state.sessions)).toEqual([CORP])
    const learned = state.sessions[CORP]?.learnedMs ?? []
    expect(learned.length).toBeGreaterThan(0)
    expect(learned.length).toBeLessThanOrEqual(LEARNED_KEEP)
    for (const l of learned) expect(l).toBeLessThanOrEqual(REAL_LENGTH)
    expect(Object.keys(state.memory.shown).length).toBeLessThan(100)
  })

  it('stays quiet otherwise: each workday the warning (from the second on), the login notice and the session-ended notice, nothing else', () => {
    const kinds = new Map<string, number>()
    for (const t of notices) {
      const kind = t.includes('SSO session ends')
        ? 'warning'
        : t.startsWith('AWS SSO: logged in')
          ? 'logged in'
          : t.includes('needs a new login')
            ? 'session ended'
            : t
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
    }
    // One more session end than logins: the tray starts on Monday night with last week's ended session.
    expect(Object.fromEntries(kinds)).toEqual({ warning: 21, 'logged in': 22, 'session ended': 23 })
  })
})
