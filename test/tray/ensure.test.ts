// `ensure` requests in the tray core, step by step: who asks is shown, the person decides, the
// caller hears the login's events and one final event; one notice and one login per session.

import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import type { EnsureEvent } from '../../src/core/ensure-protocol.ts'
import type { MenuItem } from '../../src/core/tray/model.ts'
import { initialTrayState, type LoadedData, type TrayEffect, type TrayEvent, type TrayState } from '../../src/core/tray/state.ts'
import { step } from '../../src/core/tray/step.ts'
import type { TokenInput } from '../../src/core/types.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const MIN = 60_000
const CONFIG = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
[profile deploy]
role_arn = arn:aws:iam::2:role/Deploy
source_profile = dev
[profile other]
sso_start_url = https://other.awsapps.com/start
sso_region = us-east-1
sso_account_id = 3
sso_role_name = Read
[profile plain]
region = eu-west-1
`
const CORP = 'sso-session:corp'
const token = (minutes: number): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'u',
    region: 'r',
    hasAccessToken: true,
    expiresAt: new Date(NOW + minutes * MIN).toISOString(),
    hasRefreshToken: false,
    hasClientId: false,
    hasClientSecret: false,
    registrationExpiresAt: undefined,
  },
})
function data(corpMinutes: number, extra: Partial<LoadedData> = {}): LoadedData {
  const tokens = new Map([
    ['corp', token(corpMinutes)],
    ['https://other.awsapps.com/start', token(300)],
  ])
  return {
    warnMs: 15 * MIN,
    configFile: '/h/.aws/config',
    profiles: resolveProfiles(buildProfileMap(parseConfigText(CONFIG, '/h/.aws/config'))),
    tokens,
    configErrors: [],
    ...extra,
  }
}
const loaded = (corpMinutes: number, extra: Partial<LoadedData> = {}) =>
  run(initialTrayState({ shown: {}, lastSeen: NOW - MIN, snoozes: {} }, NOW, 2), [{ type: 'loaded', data: data(corpMinutes, extra) }]).state
function run(s0: TrayState, events: TrayEvent[], now = NOW): { state: TrayState; effects: TrayEffect[] } {
  let state = s0
  const effects: TrayEffect[] = []
  for (const e of events) {
    const r = step(state, e, now)
    state = r.state
    effects.push(...r.effects)
  }
  return { state, effects }
}
const ask = (id: string, profile = 'dev', requester = 'claude in ~/src/app'): TrayEvent => ({ type: 'ensure-request', id, profile, requester })
/** What each caller was sent, by id. */
const sent = (fx: TrayEffect[]) => {
  const out: Record<string, EnsureEvent[]> = {}
  for (const e of fx) if (e.type === 'ensure-send') (out[e.id] ??= []).push(e.event)
  return out
}
const notices = (fx: TrayEffect[]) =>
  fx.flatMap((e) => (e.type === 'notify' ? [[e.key, e.notice.title, e.notice.body, e.notice.buttons.map((b) => b.label)]] : []))
const logins = (fx: TrayEffect[]) => fx.flatMap((e) => (e.type === 'start-login' ? [e.profile.name] : []))
const flat = (items: readonly MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flat(i.items ?? [])])
const lastMenu = (fx: TrayEffect[]) => {
  const r = fx.filter((e) => e.type === 'render').pop()
  if (r?.type !== 'render') throw new Error('no render')
  return r.model
}
const titles = (fx: TrayEffect[]) => flat(lastMenu(fx).items).map((i) => i.title)

describe('ensure in the tray core', () => {
  it('a request for an expired token: requested, one notice naming profile, session and who asks (Log in, Not now), a menu line', () => {
    const r = run(loaded(-5), [ask('1')])
    expect(sent(r.effects)).toEqual({ '1': [{ type: 'requested', profile: 'dev', session: 'corp' }] })
    expect(notices(r.effects)).toEqual([[`ensure:${CORP}`, 'AWS SSO: log in to corp?', 'claude in ~/src/app asks for a login of dev.', ['Log in', 'Not now']]])
    expect(logins(r.effects)).toEqual([]) // nothing starts until the person says so
    const t = titles(r.effects)
    expect(t).toContain('dev: login requested by claude in ~/src/app')
    expect(t).toContain('Requested by claude in ~/src/app')
    expect(t).toContain('Not now')
  })

  it('Log in on the notice runs the usual login; the caller hears url, code, success, verified, then nothing more', () => {
    const asked = run(loaded(-5), [ask('1')]).state
    const go = run(asked, [{ type: 'notice-action', key: `ensure:${CORP}`, button: 'login' }])
    expect(logins(go.effects)).toEqual(['dev'])
    expect(go.effects).toContainEqual({ type: 'close-notice', key: `ensure:${CORP}` })
    expect(titles(go.effects).some((t) => t.includes('login requested'))).toBe(false)
    const reports: TrayEvent[] = [
      { type: 'login-report', group: CORP, report: { type: 'url', url: 'https://device.sso/?user_code=AB', flow: 'device' } },
      { type: 'login-report', group: CORP, report: { type: 'code', userCode: 'AB', prefilled: true } },
      { type: 'login-report', group: CORP, report: { type: 'success' } },
      { type: 'login-report', group: CORP, report: { type: 'verified', account: '111111111111', arn: 'arn:aws:sts::1:assumed-role/Admin/x' } },
    ]
    const done = run(go.state, [...reports, { type: 'login-ended', group: CORP, error: null }])
    expect(sent(done.effects)['1']).toEqual([
      { type: 'url', url: 'https://device.sso/?user_code=AB', flow: 'device' },
      { type: 'code', userCode: 'AB' },
      { type: 'success' },
      { type: 'verified', account: '111111111111', arn: 'arn:aws:sts::1:assumed-role/Admin/x' },
    ])
    expect(done.state.requests).toEqual({})
  })

  it('a login from the menu answers the request too; a failed one ends it with failed', () => {
    const asked = run(loaded(-5), [ask('1')]).state
    const r = run(asked, [
      { type: 'menu', action: { type: 'login', group: CORP } },
      { type: 'login-report', group: CORP, report: { type: 'failed', class: 'timeout', message: 'no URL within 30 s' } },
      { type: 'login-ended', group: CORP, error: null },
    ])
    expect(logins(r.effects)).toEqual(['dev'])
    expect(sent(r.effects)['1']).toEqual([{ type: 'failed', class: 'timeout', message: 'no URL within 30 s' }])
    expect(r.state.requests).toEqual({})
  })

  it('Not now: declined to every caller of that session, the notice closes, no login', () => {
    const asked = run(loaded(-5), [ask('1'), ask('2', 'deploy', 'bash in /tmp')]).state
    const r = run(asked, [{ type: 'notice-action', key: `ensure:${CORP}`, button: 'decline' }])
    expect(sent(r.effects)).toEqual({ '1': [{ type: 'declined', profile: 'dev' }], '2': [{ type: 'declined', profile: 'deploy' }] })
    expect(r.effects).toContainEqual({ type: 'close-notice', key: `ensure:${CORP}` })
    expect(logins(r.effects)).toEqual([])
    expect(r.state.requests).toEqual({})
    // The same from the session's submenu.
    const menu = run(asked, [{ type: 'menu', action: { type: 'decline', group: CORP } }])
    expect(Object.keys(sent(menu.effects))).toEqual(['1', '2'])
  })

  it('two requests for one session share one notice (replaced in place) and one login', () => {
    const r = run(loaded(-5), [ask('1'), ask('2', 'deploy', 'bash in /tmp')])
    const n = notices(r.effects)
    expect(n.map((x) => x[0])).toEqual([`ensure:${CORP}`, `ensure:${CORP}`])
    expect(n[1]?.[2]).toBe('claude in ~/src/app and bash in /tmp asks for a login of dev, deploy.')
    expect(titles(r.effects)).toContain('dev: login requested by claude in ~/src/app (+1 more)')
    const go = run(r.state, [
      { type: 'notice-action', key: `ensure:${CORP}`, button: 'login' },
      { type: 'login-report', group: CORP, report: { type: 'success' } },
    ])
    expect(logins(go.effects)).toEqual(['dev'])
    expect(sent(go.effects)).toEqual({ '1': [{ type: 'success' }], '2': [{ type: 'success' }] })
  })

  it('a request while a login runs joins it: no second login, no question, and it hears the URL it missed', () => {
    const running = run(loaded(-5), [
      { type: 'menu', action: { type: 'login', group: CORP } },
      { type: 'login-report', group: CORP, report: { type: 'url', url: 'https://corp.awsapps.com/start/#/device', flow: 'pkce' } },
    ]).state
    const r = run(running, [ask('7', 'deploy')])
    expect(logins(r.effects)).toEqual([])
    expect(notices(r.effects)).toEqual([])
    expect(sent(r.effects)['7']).toEqual([
      { type: 'requested', profile: 'deploy', session: 'corp' },
      { type: 'url', url: 'https://corp.awsapps.com/start/#/device', flow: 'pkce' },
    ])
    expect(r.state.requests['7']?.phase).toBe('following')
  })

  it('a caller that goes away: its question goes (or shrinks); a login the person started goes on', () => {
    const two = run(loaded(-5), [ask('1'), ask('2', 'deploy', 'bash in /tmp')]).state
    const one = run(two, [{ type: 'ensure-gone', id: '2' }])
    expect(notices(one.effects).map((n) => n[2])).toEqual(['claude in ~/src/app asks for a login of dev.'])
    const none = run(one.state, [{ type: 'ensure-gone', id: '1' }])
    expect(none.effects).toContainEqual({ type: 'close-notice', key: `ensure:${CORP}` })
    expect(none.state.requests).toEqual({})
    expect(titles(none.effects).some((t) => t.includes('login requested'))).toBe(false)
    // Gone after Log in: the login stays, nobody is sent anything.
    const started = run(loaded(-5), [ask('3'), { type: 'notice-action', key: `ensure:${CORP}`, button: 'login' }, { type: 'ensure-gone', id: '3' }])
    expect(started.state.logins[CORP]?.phase).toBe('waiting-url')
    expect(started.effects.filter((e) => e.type === 'cancel-login')).toEqual([])
    const later = run(started.state, [{ type: 'login-report', group: CORP, report: { type: 'success' } }])
    expect(sent(later.effects)).toEqual({})
  })

  it('a token that looks usable is checked with a quiet sts: verified at once, or asked about when it is not', () => {
    const asked = run(loaded(300), [ask('1', 'deploy')])
    expect(asked.effects.filter((e) => e.type === 'verify').map((e) => e.type === 'verify' && [e.profile.name, e.purpose])).toEqual([['deploy', 'ensure']])
    expect(notices(asked.effects)).toEqual([])
    const ok = run(asked.state, [
      {
        type: 'verify-result',
        profile: 'deploy',
        purpose: 'ensure',
        group: CORP,
        result: { account: '2', arn: 'arn:aws:sts::2:assumed-role/Deploy/x', userId: 'x' },
      },
    ])
    expect(sent(ok.effects)['1']).toEqual([{ type: 'verified', account: '2', arn: 'arn:aws:sts::2:assumed-role/Deploy/x' }])
    expect(ok.state.requests).toEqual({})
    const expired = run(asked.state, [
      { type: 'verify-result', profile: 'deploy', purpose: 'ensure', group: CORP, result: { class: 'auth-expired', message: 'Token has expired' } },
    ])
    expect(sent(expired.effects)).toEqual({})
    expect(notices(expired.effects).map((n) => n[1])).toEqual(['AWS SSO: log in to corp?'])
    // Any other failure (network, denied) would not be cured by a login: the caller is told.
    const net = run(asked.state, [
      { type: 'verify-result', profile: 'deploy', purpose: 'ensure', group: CORP, result: { class: 'network', message: 'cannot reach sts' } },
    ])
    expect(sent(net.effects)['1']).toEqual([{ type: 'failed', class: 'network', message: 'cannot reach sts' }])
  })

  it('refuses what it cannot ask about, in one final line: unknown, not SSO, hidden', () => {
    const s = loaded(-5, { hide: ['dep*'] })
    const r = run(s, [ask('a', 'nope'), ask('b', 'plain'), ask('c', 'deploy')])
    const out = sent(r.effects)
    expect(out.a).toEqual([{ type: 'failed', class: 'cli-error', message: 'profile "nope" is not in the AWS config the tray reads' }])
    expect(out.b?.[0]).toMatchObject({ type: 'failed', class: 'cli-error' })
    expect(out.c).toEqual([
      { type: 'failed', class: 'cli-error', message: 'profile "deploy" is hidden in the tray (hide setting): run aws-sso-tray login deploy' },
    ])
    expect(r.state.requests).toEqual({})
    expect(notices(r.effects)).toEqual([])
  })

  it('a login that cannot run at all ends the requests following it with the reason', () => {
    const r = run(loaded(-5), [
      ask('1'),
      { type: 'notice-action', key: `ensure:${CORP}`, button: 'login' },
      { type: 'login-ended', group: CORP, error: 'aws: AWS CLI v1 found (install v2)' },
    ])
    expect(sent(r.effects)['1']?.slice(1)).toEqual([{ type: 'failed', class: 'cli-error', message: 'aws: AWS CLI v1 found (install v2)' }])
  })

  it('is never retried by itself: after Not now, time passing starts nothing', () => {
    const declined = run(loaded(-5), [ask('1'), { type: 'notice-action', key: `ensure:${CORP}`, button: 'decline' }]).state
    const later = run(declined, [{ type: 'tick', elapsedMono: 60 * MIN }], NOW + 60 * MIN)
    expect(logins(later.effects)).toEqual([])
    expect(notices(later.effects)).toEqual([])
  })
})

describe('ensure when the token turns usable by other means', () => {
  it('a login from a terminal while the question waits: the notice goes, a quiet sts answers the callers', () => {
    const asked = run(loaded(-5), [ask('1')]).state
    const fixed = run(asked, [{ type: 'loaded', data: data(480) }])
    expect(fixed.effects).toContainEqual({ type: 'close-notice', key: `ensure:${CORP}` })
    expect(fixed.effects.filter((e) => e.type === 'verify').map((e) => e.type === 'verify' && [e.profile.name, e.purpose])).toEqual([['dev', 'ensure']])
    expect(titles(fixed.effects).some((t) => t.includes('login requested'))).toBe(false)
    const ok = run(fixed.state, [
      {
        type: 'verify-result',
        profile: 'dev',
        purpose: 'ensure',
        group: CORP,
        result: { account: '111111111111', arn: 'arn:aws:sts::1:assumed-role/Admin/x', userId: 'x' },
      },
    ])
    expect(sent(ok.effects)['1']).toEqual([{ type: 'verified', account: '111111111111', arn: 'arn:aws:sts::1:assumed-role/Admin/x' }])
  })
})
