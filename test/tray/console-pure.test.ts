// The console helpers of the tray core called directly, with recording fakes for the step's
// startLogin and notify: which clicks do nothing, which log in first, which consoles a login's end
// opens or drops, and the access portal's URL check.

import { describe, expect, it } from 'vitest'
import { consoleFailedNotice, consolesAfterLogin, onConsoleClick, onConsoleResult, portalUrl } from '../../src/core/tray/console.ts'
import type { NoticeSpec } from '../../src/core/tray/notice-texts.ts'
import type { LoginEntry, OpenNotice, TrayEffect, TrayState } from '../../src/core/tray/state.ts'
import type { Profile } from '../../src/core/types.ts'
import { group, min, NOW, prof, view } from '../fakes/groups.ts'

function profile(name: string, extra: Partial<Profile> = {}): Profile {
  return {
    name,
    kind: 'sso-session',
    ssoSession: 'corp',
    startUrl: 'https://corp.awsapps.com/start',
    ssoRegion: 'us-east-1',
    accountId: '111111111111',
    roleName: 'Admin',
    region: null,
    sourceProfile: null,
    tokenKey: 'corp',
    tokenKind: 'sso-session',
    configError: null,
    ...extra,
  }
}
const LOGIN: LoginEntry = { profile: 'dev', phase: 'waiting-url', url: null, userCode: null }

/** A startLogin that records its calls and starts (or, when `starts` is false, refuses). */
function fakeStart(starts = true) {
  const calls: string[] = []
  const start = (s: TrayState, g: string, _now: number, fx: TrayEffect[]): TrayState => {
    calls.push(g)
    if (!starts) return s
    fx.push({ type: 'log', message: `start ${g}` })
    return { ...s, logins: { ...s.logins, [g]: LOGIN } }
  }
  return { calls, start }
}
function fakeNotify() {
  const told: Array<{ key: string; slot: OpenNotice; notice: NoticeSpec }> = []
  const notify = (s: TrayState, key: string, slot: OpenNotice, notice: NoticeSpec): TrayState => {
    told.push({ key, slot, notice })
    return { ...s, notices: { ...s.notices, [key]: slot } }
  }
  return { told, notify }
}

const corp = group('corp', 'expired', min(-5), ['dev', 'prod'])
const ops = group('ops', 'valid', min(60), ['ops'])
const broken = group('bad', 'invalid', null, ['bad'])
function state(extra: Partial<TrayState> = {}): TrayState {
  return view([corp, ops, broken], {
    data: {
      warnMs: 15 * 60_000,
      configFile: 'c',
      profiles: [profile('dev'), profile('prod'), profile('ops'), profile('bad'), profile('lost'), profile('odd', { configError: 'sso_role_name is missing' })],
      tokens: new Map(),
      configErrors: [],
    },
    ...extra,
  })
}

describe('console click', () => {
  it('does nothing without the profile, its session, a working config, or while the console is on its way', () => {
    const { calls, start } = fakeStart()
    const fx: TrayEffect[] = []
    for (const name of ['nobody', 'lost', 'bad']) expect(onConsoleClick(state(), name, NOW, fx, start)).toEqual(state())
    const s = state({ groups: [corp, { ...ops, profiles: [prof('ops'), prof('odd', { error: 'sso_role_name is missing' })] }] })
    expect(onConsoleClick(s, 'odd', NOW, fx, start)).toBe(s)
    const opening = state({ consoles: { ops: { group: ops.id, phase: 'opening', error: null } } })
    expect(onConsoleClick(opening, 'ops', NOW, fx, start)).toBe(opening)
    const noData = view([corp])
    expect(onConsoleClick(noData, 'dev', NOW, fx, start)).toBe(noData)
    expect(fx).toEqual([])
    expect(calls).toEqual([])
  })

  it('a usable token opens the console at once (a failed one may be tried again); an unusable one logs in first, joining a running login', () => {
    const { calls, start } = fakeStart()
    const fx: TrayEffect[] = []
    const retried = onConsoleClick(state({ consoles: { ops: { group: ops.id, phase: 'failed', error: 'x' } } }), 'ops', NOW, fx, start)
    expect(retried.consoles).toEqual({ ops: { group: ops.id, phase: 'opening', error: null } })
    expect(fx).toEqual([{ type: 'open-console', profile: profile('ops') }])
    expect(onConsoleClick(state(), 'prod', NOW, fx, start).consoles).toEqual({ prod: { group: corp.id, phase: 'login', error: null } })
    expect(calls).toEqual([corp.id])
    const joined = onConsoleClick(state({ logins: { [corp.id]: LOGIN } }), 'dev', NOW, fx, start)
    expect(joined.consoles).toEqual({ dev: { group: corp.id, phase: 'login', error: null } })
    expect(calls).toEqual([corp.id])
    // A login that cannot start leaves no console waiting for it.
    const refused = fakeStart(false)
    expect(onConsoleClick(state(), 'dev', NOW, fx, refused.start)).toEqual(state())
  })
})

describe('console after a login', () => {
  const waiting = (extra: Partial<TrayState> = {}) =>
    state({
      consoles: {
        dev: { group: corp.id, phase: 'login', error: null },
        gone: { group: corp.id, phase: 'login', error: null },
        prod: { group: corp.id, phase: 'failed', error: 'x' },
        ops: { group: ops.id, phase: 'login', error: null },
      },
      ...extra,
    })

  it('verified: the consoles waiting for that session open (marked as logged in); others stay as they were', () => {
    const fx: TrayEffect[] = []
    const after = consolesAfterLogin(waiting(), corp.id, true, fx)
    expect(after.consoles).toEqual({
      dev: { group: corp.id, phase: 'opening', error: null, loggedIn: true },
      prod: { group: corp.id, phase: 'failed', error: 'x' },
      ops: { group: ops.id, phase: 'login', error: null },
    })
    expect(fx).toEqual([{ type: 'open-console', profile: profile('dev') }])
  })

  it('failed: they are dropped; nothing waiting: the state is untouched', () => {
    const fx: TrayEffect[] = []
    expect(consolesAfterLogin(waiting(), corp.id, false, fx).consoles).toEqual({
      prod: { group: corp.id, phase: 'failed', error: 'x' },
      ops: { group: ops.id, phase: 'login', error: null },
    })
    const none = state()
    expect(consolesAfterLogin(none, corp.id, true, fx)).toBe(none)
    expect(consolesAfterLogin(waiting({ data: null }), corp.id, true, fx).consoles).toEqual({
      prod: { group: corp.id, phase: 'failed', error: 'x' },
      ops: { group: ops.id, phase: 'login', error: null },
    })
    expect(fx).toEqual([])
  })
})

describe('console result', () => {
  const opening = (loggedIn?: boolean) =>
    state({
      consoles: {
        dev: { group: corp.id, phase: 'opening', error: null, ...(loggedIn === undefined ? {} : { loggedIn }) },
        ops: { group: ops.id, phase: 'opening', error: null },
      },
    })

  it('opened: the entry goes, the others stay; a result for no entry changes nothing', () => {
    const { start } = fakeStart()
    const { notify } = fakeNotify()
    const fx: TrayEffect[] = []
    expect(onConsoleResult(opening(), 'dev', null, false, NOW, fx, notify, start).consoles).toEqual({ ops: { group: ops.id, phase: 'opening', error: null } })
    const s = opening()
    expect(onConsoleResult(s, 'prod', 'x', false, NOW, fx, notify, start)).toBe(s)
    expect(fx).toEqual([])
  })

  it('failed: logged, told once in its own slot, shown in the menu', () => {
    const { calls, start } = fakeStart()
    const { told, notify } = fakeNotify()
    const fx: TrayEffect[] = []
    const after = onConsoleResult(opening(), 'dev', 'no role credentials', false, NOW, fx, notify, start)
    expect(after.consoles.dev).toEqual({ group: corp.id, phase: 'failed', error: 'no role credentials' })
    expect(after.consoles.ops).toEqual({ group: ops.id, phase: 'opening', error: null })
    expect(fx).toEqual([{ type: 'log', message: 'console for dev: no role credentials' }])
    expect(told).toEqual([{ key: 'console:dev', slot: { kind: 'other', group: null }, notice: consoleFailedNotice('dev', 'no role credentials') }])
    expect(calls).toEqual([])
  })

  it('an ended session logs in once (joining a running login); after that login, or when none can start, it fails', () => {
    const fx: TrayEffect[] = []
    const first = fakeStart()
    const relogin = onConsoleResult(opening(), 'dev', 'expired', true, NOW, fx, fakeNotify().notify, first.start)
    expect(relogin.consoles.dev).toEqual({ group: corp.id, phase: 'login', error: null })
    expect(first.calls).toEqual([corp.id])
    const running = fakeStart()
    const joined = onConsoleResult(opening(), 'dev', 'expired', true, NOW, fx, fakeNotify().notify, running.start)
    expect(joined.consoles.dev?.phase).toBe('login')
    const joinedRunning = onConsoleResult({ ...opening(), logins: { [corp.id]: LOGIN } }, 'dev', 'expired', true, NOW, fx, fakeNotify().notify, running.start)
    expect(joinedRunning.consoles.dev?.phase).toBe('login')
    expect(running.calls).toEqual([corp.id])
    const twice = fakeStart()
    expect(onConsoleResult(opening(true), 'dev', 'expired', true, NOW, fx, fakeNotify().notify, twice.start).consoles.dev?.phase).toBe('failed')
    expect(twice.calls).toEqual([])
    const refused = fakeStart(false)
    expect(onConsoleResult(opening(), 'dev', 'expired', true, NOW, fx, fakeNotify().notify, refused.start).consoles.dev?.phase).toBe('failed')
  })

  it('the failure notice', () => {
    expect(consoleFailedNotice('dev', 'no role credentials')).toEqual({
      title: 'AWS SSO: cannot open the console for dev',
      body: 'no role credentials',
      buttons: [],
      urgency: 'normal',
      icon: 'error',
    })
  })
})

describe('access portal', () => {
  it("is the login profile's start URL, when it is http(s)", () => {
    const url = (startUrl: string | null, loginProfile: string | null = 'dev') =>
      portalUrl(
        view([{ ...corp, loginProfile }], {
          data: {
            warnMs: 0,
            configFile: 'c',
            profiles: [profile('prod', { startUrl: 'https://prod/' }), profile('dev', { startUrl })],
            tokens: new Map(),
            configErrors: [],
          },
        }),
        corp.id,
      )
    expect(url('https://corp.awsapps.com/start')).toBe('https://corp.awsapps.com/start')
    expect(url('HTTP://corp.example/start')).toBe('HTTP://corp.example/start')
    expect(url('corp.awsapps.com/start')).toBeNull()
    expect(url('ftp://x/?https://y')).toBeNull()
    expect(url(null)).toBeNull()
    expect(url('https://x', null)).toBeNull()
    expect(portalUrl(state(), 'sso-session:gone')).toBeNull()
    expect(portalUrl(view([corp]), corp.id)).toBeNull()
  })
})
