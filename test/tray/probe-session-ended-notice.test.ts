// The notice that a refreshable session has ended (the quiet probe's sts failed as auth-expired)
// stays on screen through the reload that follows, where the token file still looks
// refreshable; it goes when the token changes (a new login).

import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import { initialTrayState, type LoadedData, type TrayEffect, type TrayEvent, type TrayState } from '../../src/core/tray/state.ts'
import { step } from '../../src/core/tray/step.ts'
import type { TokenInput } from '../../src/core/types.ts'

const at = (s: string) => Date.parse(s)
const MIN = 60_000
const H = 3600_000
const CORP = 'sso-session:corp'
const CONFIG = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
`
const tok = (expires: number, tag: string): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'https://corp.awsapps.com/start',
    region: 'us-east-1',
    hasAccessToken: true,
    expiresAt: new Date(expires).toISOString(),
    hasRefreshToken: true,
    hasClientId: true,
    hasClientSecret: true,
    registrationExpiresAt: new Date(expires + 80 * 24 * H).toISOString(),
    refreshTag: tag,
  },
})
const data = (t: TokenInput): LoadedData => ({
  warnMs: 15 * MIN,
  configFile: '/h/.aws/config',
  profiles: resolveProfiles(buildProfileMap(parseConfigText(CONFIG, '/h/.aws/config'))),
  tokens: new Map([['corp', t]]),
  configErrors: [],
  sessionHours: null,
})
const authExpired = { class: 'auth-expired' as const, message: 'Token has expired and refresh failed' }

function run(start: number) {
  let state: TrayState = initialTrayState({ shown: {}, lastSeen: start, snoozes: {} }, start, 2)
  return (now: number, ...events: TrayEvent[]): TrayEffect[] => {
    const fx: TrayEffect[] = []
    for (const e of events) {
      const r = step(state, e, now)
      state = r.state
      fx.push(...r.effects)
    }
    return fx
  }
}
const about = (fx: TrayEffect[], key: string) => fx.flatMap((e) => ((e.type === 'notify' || e.type === 'close-notice') && e.key === key ? [e.type] : []))

describe('the session-ended notice of the quiet probe', () => {
  it('stays through the reload that still finds the token refreshable, and goes with a new login', () => {
    const go = run(at('2026-12-01T17:00:00Z'))
    const key = `token:${CORP}`
    // The access token ran out at 16:55; the refresh token is there: refreshable, so the tray probes.
    const first = go(at('2026-12-01T17:00:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T16:55:00Z'), 'aaaa1111')) })
    expect(first.some((e) => e.type === 'verify' && e.purpose === 'probe')).toBe(true)
    const probe = go(at('2026-12-01T17:00:05Z'), { type: 'verify-result', profile: 'dev', purpose: 'probe', group: CORP, result: authExpired })
    expect(about(probe, key)).toEqual(['notify'])
    expect(probe.some((e) => e.type === 'load')).toBe(true)
    // The reload it asked for: the CLI's failed refresh left the token file as it was.
    const reload = go(at('2026-12-01T17:00:06Z'), { type: 'loaded', data: data(tok(at('2026-12-01T16:55:00Z'), 'aaaa1111')) })
    expect(about(reload, key)).toEqual([])
    const later = go(at('2026-12-01T17:05:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T16:55:00Z'), 'aaaa1111')) })
    expect(about(later, key)).toEqual([])
    // A login in a terminal writes a new token: the notice no longer applies.
    const login = go(at('2026-12-01T17:15:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T18:15:00Z'), 'bbbb2222')) })
    expect(about(login, key)).toEqual(['close-notice'])
  })
})
