// The settings the tray core honours: hide, notifications = false, quiet hours (local time, spans
// across midnight), settings warnings, Start at login; and status.line / status.json per look.

import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import type { MenuItem } from '../../src/core/tray/model.ts'
import { inQuietHours, localMinuteOfDay, quietEndsAt } from '../../src/core/tray/quiet-hours.ts'
import { initialTrayState, type LoadedData, type TrayEffect, type TrayEvent, type TrayState } from '../../src/core/tray/state.ts'
import { step } from '../../src/core/tray/step.ts'
import type { TokenInput } from '../../src/core/types.ts'

const MIN = 60_000
/** 21:50 UTC; with offset +60 it is 22:50 local. */
const NOW = Date.parse('2026-11-28T21:50:00Z')
const CONFIG = ['dev', 'sandbox-1', 'sandbox-2']
  .map((n) => `[profile ${n}]\nsso_start_url = https://${n}.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n`)
  .join('')
const token = (minutes: number, now = NOW): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'u',
    region: 'r',
    hasAccessToken: true,
    expiresAt: new Date(now + minutes * MIN).toISOString(),
    hasRefreshToken: false,
    hasClientId: false,
    hasClientSecret: false,
    registrationExpiresAt: undefined,
  },
})
function data(minutes: Record<string, number>, extra: Partial<LoadedData> = {}): LoadedData {
  const tokens = new Map(Object.entries(minutes).map(([n, m]) => [`https://${n}.awsapps.com/start`, token(m)]))
  const cacheFiles = new Map(Object.keys(minutes).map((n) => [`https://${n}.awsapps.com/start`, `/h/.aws/sso/cache/${n}.json`]))
  return {
    warnMs: 15 * MIN,
    configFile: '/h/.aws/config',
    profiles: resolveProfiles(buildProfileMap(parseConfigText(CONFIG, '/h/.aws/config'))),
    tokens,
    cacheFiles,
    configErrors: [],
    ...extra,
  }
}
const fresh = () => initialTrayState({ shown: {}, lastSeen: NOW - MIN, snoozes: {} }, NOW, 2)
function run(s0: TrayState, events: Array<[TrayEvent, number]>, offset = 0): { state: TrayState; effects: TrayEffect[] } {
  let state = s0
  const effects: TrayEffect[] = []
  for (const [e, now] of events) {
    const r = step(state, e, now, offset)
    state = r.state
    effects.push(...r.effects)
  }
  return { state, effects }
}
const flat = (items: readonly MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flat(i.items ?? [])])
const menu = (fx: TrayEffect[]) => {
  const r = fx.filter((e) => e.type === 'render').pop()
  if (r?.type !== 'render') throw new Error('no render')
  return r.model
}
const titles = (fx: TrayEffect[]) => flat(menu(fx).items).map((i) => i.title)
const noticeTitles = (fx: TrayEffect[]) => fx.flatMap((e) => (e.type === 'notify' ? [e.notice.title] : []))
const status = (fx: TrayEffect[]) => {
  const r = fx.filter((e) => e.type === 'status').pop()
  if (r?.type !== 'status') throw new Error('no status')
  return r
}

describe('quiet hours (pure)', () => {
  it.each([
    // [span, local time, inside]
    [{ start: 22 * 60, end: 8 * 60 }, '22:00', true],
    [{ start: 22 * 60, end: 8 * 60 }, '23:59', true],
    [{ start: 22 * 60, end: 8 * 60 }, '00:00', true],
    [{ start: 22 * 60, end: 8 * 60 }, '07:59', true],
    [{ start: 22 * 60, end: 8 * 60 }, '08:00', false],
    [{ start: 22 * 60, end: 8 * 60 }, '21:59', false],
    [{ start: 12 * 60, end: 13 * 60 + 30 }, '12:00', true],
    [{ start: 12 * 60, end: 13 * 60 + 30 }, '13:29', true],
    [{ start: 12 * 60, end: 13 * 60 + 30 }, '13:30', false],
    [{ start: 12 * 60, end: 13 * 60 + 30 }, '11:59', false],
  ])('%o at %s local → %s', (span, local, inside) => {
    // Local = UTC + 120 min: the same local minute from a UTC time two hours earlier.
    const utc = Date.parse(`2026-11-28T${local}:30Z`) - 120 * MIN
    expect(inQuietHours(span, utc, 120)).toBe(inside)
  })

  it('the local minute follows the offset across midnight both ways; the span ends at its end minute', () => {
    const t = Date.parse('2026-11-28T23:30:00Z')
    expect(localMinuteOfDay(t, 60)).toBe(30) // 00:30 the next day
    expect(localMinuteOfDay(t, -300)).toBe(18 * 60 + 30)
    expect(localMinuteOfDay(Date.parse('2026-11-28T00:10:00Z'), -60)).toBe(23 * 60 + 10)
    // 23:30 local (offset +60 → 22:30Z), span 22:00-08:00: ends 08:00 local = 07:00Z the next day.
    expect(new Date(quietEndsAt({ start: 22 * 60, end: 8 * 60 }, Date.parse('2026-11-28T22:30:20Z'), 60)).toISOString()).toBe('2026-11-29T07:00:00.000Z')
    expect(inQuietHours(null, t, 0)).toBe(false)
  })
})

describe('tray settings', () => {
  it('hide: hidden profiles leave the icon, the menu, the notices and the status line; status.json marks them hidden', () => {
    const r = run(fresh(), [[{ type: 'loaded', data: data({ dev: 300, 'sandbox-1': -5, 'sandbox-2': 10 }, { hide: ['sandbox-*'] }) }, NOW]])
    const m = menu(r.effects)
    expect(titles(r.effects).filter((t) => t.includes(' — '))).toEqual(['● https://dev.awsapps.com/start — 5h 00m · 1 profile'])
    expect(m.icon).toBe('ok')
    expect(noticeTitles(r.effects)).toEqual([])
    const st = status(r.effects)
    expect(st.line).toBe('aws ✓')
    expect(st.report.profiles.map((p) => [p.name, p.hidden ?? false, p.token?.cacheFile])).toEqual([
      ['dev', false, '/h/.aws/sso/cache/dev.json'],
      ['sandbox-1', true, '/h/.aws/sso/cache/sandbox-1.json'],
      ['sandbox-2', true, '/h/.aws/sso/cache/sandbox-2.json'],
    ])
    // Without the setting they are there.
    const all = run(fresh(), [[{ type: 'loaded', data: data({ dev: 300, 'sandbox-1': -5, 'sandbox-2': 10 }) }, NOW]])
    expect(noticeTitles(all.effects)).toEqual(['AWS SSO: sandbox-2 expires in 10m'])
    expect(status(all.effects).line).toBe('aws ✕ sandbox-1')
  })

  it('status: each look hands the shell the line and the report (same time base), also on a minute tick', () => {
    const r = run(fresh(), [[{ type: 'loaded', data: data({ dev: 14, 'sandbox-1': 300, 'sandbox-2': 300 }) }, NOW]])
    expect(status(r.effects).line).toBe('aws ◐ dev 14m')
    expect(status(r.effects).report.generatedAt).toBe(new Date(NOW).toISOString())
    const tick = run(r.state, [[{ type: 'tick', elapsedMono: MIN }, NOW + MIN]])
    expect(status(tick.effects).line).toBe('aws ◐ dev 13m')
  })

  it('notifications = false: no notices at all, the icon and the menu still tell', () => {
    const r = run(fresh(), [[{ type: 'loaded', data: data({ dev: 10, 'sandbox-1': 300, 'sandbox-2': 300 }, { notifications: false }) }, NOW]])
    expect(r.effects.filter((e) => e.type === 'notify')).toEqual([])
    expect(menu(r.effects).icon).toBe('expiring')
    expect(titles(r.effects)).toContain('Notifications are off (notifications = false)')
    // A login's own notices stay off too.
    const login = run(r.state, [
      [{ type: 'menu', action: { type: 'login', group: 'legacy-sso:https://dev.awsapps.com/start' } }, NOW],
      [{ type: 'login-report', group: 'legacy-sso:https://dev.awsapps.com/start', report: { type: 'url', url: 'https://x/', flow: 'device' } }, NOW],
    ])
    expect(login.effects.filter((e) => e.type === 'notify')).toEqual([])
  })

  it('quiet hours 22:00-08:00 (local, UTC+1): the warning waits, the tray wakes at 08:00 local, and what is still relevant is shown once', () => {
    const quiet = { start: 22 * 60, end: 8 * 60 }
    // 22:50 local: dev expires in 10m.
    const r = run(fresh(), [[{ type: 'loaded', data: data({ dev: 10, 'sandbox-1': 600, 'sandbox-2': 600 }, { quietHours: quiet }) }, NOW]], 60)
    expect(noticeTitles(r.effects)).toEqual([])
    expect(menu(r.effects).icon).toBe('expiring') // the icon still tells
    expect(titles(r.effects)).toContain('Quiet hours 22:00–08:00: notices wait')
    // Ticks through the night stay silent (the expiry at 23:00 local included).
    const night = run(
      r.state,
      [
        [{ type: 'tick', elapsedMono: 10 * MIN }, NOW + 10 * MIN],
        [{ type: 'tick', elapsedMono: 5 * 60 * MIN }, NOW + 310 * MIN],
      ],
      60,
    )
    expect(noticeTitles(night.effects)).toEqual([])
    // 07:59 local: a wake-up is set no later than the end of the span.
    const end = Date.parse('2026-11-29T07:00:00Z')
    const lateNight = run(night.state, [[{ type: 'tick', elapsedMono: end - MIN - (NOW + 310 * MIN) }, end - MIN]], 60)
    const wake = lateNight.effects.filter((e) => e.type === 'wake-at').pop()
    expect(wake?.type === 'wake-at' && wake.at).toBe(end)
    // 08:00 local: the expiry (still relevant: dev still needs a login) is shown, once.
    const morning = run(lateNight.state, [[{ type: 'tick', elapsedMono: MIN }, end]], 60)
    expect(noticeTitles(morning.effects)).toEqual(['AWS SSO: dev expired'])
    const after = run(morning.state, [[{ type: 'tick', elapsedMono: MIN }, end + MIN]], 60)
    expect(noticeTitles(after.effects)).toEqual([])
  })

  it('quiet hours are local: the same UTC instant is quiet at UTC+1 and not at UTC-5', () => {
    const d = data({ dev: 10, 'sandbox-1': 600, 'sandbox-2': 600 }, { quietHours: { start: 22 * 60, end: 8 * 60 } })
    expect(noticeTitles(run(fresh(), [[{ type: 'loaded', data: d }, NOW]], 60).effects)).toEqual([])
    expect(noticeTitles(run(fresh(), [[{ type: 'loaded', data: d }, NOW]], -300).effects)).toEqual(['AWS SSO: dev expires in 10m'])
  })

  it('settings warnings: a menu line, and a log line each when it first appears (not on every reload)', () => {
    const warnings = ['/h/.config/aws-sso-tray/config.ini:3: warn_minutes = "soon": expected minutes from 0 to 1440; using 15', 'AWS_SSO_TRAY_HIDE: bad']
    const r = run(fresh(), [[{ type: 'loaded', data: data({ dev: 300, 'sandbox-1': 300, 'sandbox-2': 300 }, { warnings }) }, NOW]])
    expect(titles(r.effects)).toContain(`⚠ ${warnings[0]} (+1 more)`)
    const logs = (fx: TrayEffect[]) => fx.flatMap((e) => (e.type === 'log' ? [e.message] : []))
    expect(logs(r.effects)).toEqual(warnings.map((w) => `settings: ${w}`))
    const again = run(r.state, [[{ type: 'loaded', data: data({ dev: 300, 'sandbox-1': 300, 'sandbox-2': 300 }, { warnings }) }, NOW + MIN]])
    expect(logs(again.effects)).toEqual([])
    const fixed = run(again.state, [[{ type: 'loaded', data: data({ dev: 300, 'sandbox-1': 300, 'sandbox-2': 300 }) }, NOW + 2 * MIN]])
    expect(titles(fixed.effects).some((t) => t.startsWith('⚠'))).toBe(false)
  })

  it('Start at login: a toggle in Settings once the shell reports it; a click asks the shell; an error is a menu line', () => {
    const loaded = run(fresh(), [[{ type: 'loaded', data: data({ dev: 300, 'sandbox-1': 300, 'sandbox-2': 300 }) }, NOW]])
    expect(titles(loaded.effects).some((t) => t.includes('Start at login'))).toBe(false)
    const off = run(loaded.state, [[{ type: 'autostart-status', enabled: false, error: null }, NOW]])
    const item = flat(menu(off.effects).items).find((i) => i.title === 'Start at login')
    expect(item?.action).toEqual({ type: 'autostart', enable: true })
    expect(run(off.state, [[{ type: 'menu', action: { type: 'autostart', enable: true } }, NOW]]).effects).toEqual([{ type: 'autostart', enable: true }])
    const on = run(off.state, [[{ type: 'autostart-status', enabled: true, error: null }, NOW]])
    expect(flat(menu(on.effects).items).find((i) => i.title === '✓ Start at login')?.action).toEqual({ type: 'autostart', enable: false })
    const bad = run(off.state, [
      [
        {
          type: 'autostart-status',
          enabled: false,
          error: 'Start at login: /h/.config/autostart/aws-sso-tray.desktop exists and was not written by aws-sso-tray',
        },
        NOW,
      ],
    ])
    expect(titles(bad.effects)).toContain('⚠ Start at login: /h/.config/autostart/aws-sso-tray.desktop exists and was not written by aws-sso-tray')
  })
})
