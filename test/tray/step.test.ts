// The tray core's bookkeeping, step by step: (state, event, now) → { state, effects }.

import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import { initialTrayState, type LoadedData, type TrayEffect, type TrayEvent, type TrayState } from '../../src/core/tray/state.ts'
import { step } from '../../src/core/tray/step.ts'
import type { TokenInput } from '../../src/core/types.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const MIN = 60_000
const CONFIG = ['a', 'b', 'c', 'd', 'e']
  .map((n) => `[profile ${n}]\nsso_start_url = https://${n}.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n`)
  .join('')
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
function data(minutes: Record<string, number>): LoadedData {
  const tokens = new Map(Object.entries(minutes).map(([n, m]) => [`https://${n}.awsapps.com/start`, token(m)]))
  return {
    warnMs: 15 * MIN,
    configFile: '/h/.aws/config',
    profiles: resolveProfiles(buildProfileMap(parseConfigText(CONFIG, '/h/.aws/config'))),
    tokens,
    configErrors: [],
  }
}
const fresh = () => initialTrayState({ shown: {}, lastSeen: NOW - MIN, snoozes: {} }, NOW, 2)
function run(s0: TrayState, events: Array<[TrayEvent, number]>): { state: TrayState; effects: TrayEffect[] } {
  let state = s0
  const effects: TrayEffect[] = []
  for (const [e, now] of events) {
    const r = step(state, e, now)
    state = r.state
    effects.push(...r.effects)
  }
  return { state, effects }
}
const types = (fx: TrayEffect[]) => fx.map((e) => e.type)
const keyA = 'token:legacy-sso:https://a.awsapps.com/start'

describe('tray step', () => {
  it('a tick looks again (render, status files, next wake-up); a tick after a wall-clock jump re-reads instead', () => {
    const loaded = run(fresh(), [[{ type: 'loaded', data: data({ a: 300, b: 300, c: 300, d: 300, e: 300 }) }, NOW]])
    expect(types(loaded.effects)).toEqual(['render', 'status', 'wake-at'])
    const wake = loaded.effects.find((e) => e.type === 'wake-at')
    expect(wake).toEqual({ type: 'wake-at', at: NOW + MIN })
    expect(types(step(loaded.state, { type: 'tick', elapsedMono: MIN }, NOW + MIN).effects)).toEqual(['render', 'status', 'wake-at'])
    expect(types(step(loaded.state, { type: 'tick', elapsedMono: MIN }, NOW + 9 * 3600_000).effects)).toEqual(['log', 'load'])
  })

  it('one notice slot per session: the warning is replaced by the expiry, and closed once the token is fresh', () => {
    const s = run(fresh(), [[{ type: 'loaded', data: data({ a: 10, b: 300, c: 300, d: 300, e: 300 }) }, NOW]])
    expect(s.effects.filter((e) => e.type === 'notify').map((e) => e.type === 'notify' && [e.key, e.notice.title])).toEqual([
      [keyA, 'AWS SSO: a expires in 10m'],
    ])
    const expired = run(s.state, [[{ type: 'tick', elapsedMono: 10 * MIN }, NOW + 10 * MIN]])
    expect(expired.effects.filter((e) => e.type === 'notify').map((e) => e.type === 'notify' && [e.key, e.notice.title])).toEqual([
      [keyA, 'AWS SSO: a expired'],
    ])
    const again = run(expired.state, [[{ type: 'tick', elapsedMono: MIN }, NOW + 11 * MIN]])
    expect(types(again.effects)).not.toContain('notify')
    const renewed = run(again.state, [[{ type: 'loaded', data: data({ a: 480, b: 300, c: 300, d: 300, e: 300 }) }, NOW + 12 * MIN]])
    expect(renewed.effects.filter((e) => e.type === 'close-notice')).toEqual([{ type: 'close-notice', key: keyA }])
    expect(renewed.state.notices).toEqual({})
  })

  it('a notice snooze holds that session only, is saved, and is forgotten once over', () => {
    const s = run(fresh(), [
      [{ type: 'loaded', data: data({ a: 10, b: 300, c: 300, d: 300, e: 300 }) }, NOW],
      [{ type: 'notice-action', key: keyA, button: 'snooze' }, NOW + MIN],
    ])
    const saved = s.effects.filter((e) => e.type === 'save').pop()
    expect(saved?.type === 'save' && saved.memory.snoozes).toEqual({ 'legacy-sso:https://a.awsapps.com/start': NOW + 61 * MIN })
    const over = run(s.state, [[{ type: 'tick', elapsedMono: 69 * MIN }, NOW + 70 * MIN]])
    expect(over.state.snoozes).toEqual({})
    expect(types(over.effects)).toContain('save')
  })

  it('check all: at most `concurrency` in flight, the rest as answers come; a second click while it runs does nothing', () => {
    const s = run(fresh(), [
      [{ type: 'loaded', data: data({ a: 300, b: 300, c: 300, d: 300, e: 300 }) }, NOW],
      [{ type: 'menu', action: { type: 'check-all' } }, NOW],
    ])
    const started = (fx: TrayEffect[]) => fx.flatMap((e) => (e.type === 'verify' ? [e.profile.name] : []))
    expect(started(s.effects)).toEqual(['a', 'b'])
    expect(started(step(s.state, { type: 'menu', action: { type: 'check-all' } }, NOW).effects)).toEqual([])
    const ok = { account: '1', arn: 'arn:aws:sts::1:assumed-role/R/x', userId: 'u' }
    const next = run(s.state, [[{ type: 'verify-result', profile: 'a', purpose: 'check', group: null, result: ok }, NOW + 1]])
    expect(started(next.effects)).toEqual(['c'])
    expect(next.state.check).toMatchObject({ inFlight: ['b', 'c'], queue: ['d', 'e'], done: 1 })
  })

  it('after the notification server restarted, nothing is closed that it no longer shows; after Quit, nothing happens', () => {
    const s = run(fresh(), [
      [{ type: 'loaded', data: data({ a: 10, b: 300, c: 300, d: 300, e: 300 }) }, NOW],
      [{ type: 'notifier-restarted' }, NOW],
    ])
    expect(s.state.notices).toEqual({})
    const renewed = run(s.state, [[{ type: 'loaded', data: data({ a: 480, b: 300, c: 300, d: 300, e: 300 }) }, NOW + MIN]])
    expect(types(renewed.effects)).not.toContain('close-notice')
    const quit = run(renewed.state, [[{ type: 'menu', action: { type: 'quit' } }, NOW + MIN]])
    expect(types(quit.effects)).toEqual(['save', 'quit'])
    expect(step(quit.state, { type: 'menu', action: { type: 'login', group: 'legacy-sso:https://a.awsapps.com/start' } }, NOW + MIN).effects).toEqual([])
  })

  it('a notice click for a slot that is gone does nothing', () => {
    expect(step(fresh(), { type: 'notice-action', key: 'token:nope', button: 'login' }, NOW).effects).toEqual([])
  })
})
