// A simulated month of tray life, run through the pure core in milliseconds: nights asleep,
// mornings awake (sometimes told by the system, sometimes only by the clock jump), logins that
// succeed and fail, tokens that expire, refresh quietly or fail to refresh while offline, config
// edits (a new profile, a broken one, a fix), tray helper and notification bus restarts.
//
// It asserts what must hold over any length of run: the state stays bounded, no notice is told
// twice, no expiry goes untold, a login starts exactly once per click and never by itself (not
// after a failure either).

import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import type { CallerIdentity, Failure } from '../../src/core/aws-types.ts'
import type { LoginReport } from '../../src/core/login-machine.ts'
import type { TrayMemory } from '../../src/core/notify-policy.ts'
import { initialTrayState, type LoadedData, type TrayEffect, type TrayEvent, type TrayState } from '../../src/core/tray/state.ts'
import { step } from '../../src/core/tray/step.ts'
import type { TokenInput } from '../../src/core/types.ts'

const START = Date.parse('2026-11-02T08:00:00Z') // a Monday morning
const HOUR = 3600_000
const DAY = 24 * HOUR
const WARN = 15 * 60_000
const BASE = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[sso-session data]
sso_start_url = https://data.awsapps.com/start
sso_region = eu-west-1
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
[profile prod]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = Read
[profile etl]
sso_session = data
sso_account_id = 333333333333
sso_role_name = Etl
[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = us-west-2
sso_account_id = 444444444444
sso_role_name = Read
`
const QA = `[profile qa]
sso_session = corp
sso_account_id = 555555555555
sso_role_name = Admin
`
const BROKEN = `[profile broken]
sso_session = does-not-exist
sso_account_id = 666666666666
sso_role_name = Read
`
/** A device code the page shows filled in. */
const codeReport = (userCode: string): LoginReport => ({ type: 'code', userCode, prefilled: true })
const OLD_URL = 'https://old.awsapps.com/start'

function token(expiresAt: number, refresh: boolean): TokenInput {
  return {
    status: 'read',
    facts: {
      startUrl: 'u',
      region: 'r',
      hasAccessToken: true,
      expiresAt: new Date(expiresAt).toISOString(),
      hasRefreshToken: refresh,
      hasClientId: refresh,
      hasClientSecret: refresh,
      registrationExpiresAt: refresh ? new Date(START + 90 * DAY).toISOString() : undefined,
    },
  }
}

interface Scheduled {
  at: number
  what: string
  run(): void
}

function simulate() {
  let now = START
  // The world: config text, token files, the network.
  let config = BASE
  const tokens = new Map<string, TokenInput>([
    ['corp', token(START + 2 * HOUR, false)],
    ['data', token(START + 50 * 60_000, true)],
    [OLD_URL, token(START + 3 * HOUR, false)],
  ])
  const expiryOf = (key: string) => {
    const t = tokens.get(key)
    return t?.status === 'read' ? Date.parse(String(t.facts.expiresAt)) : null
  }
  let offline = false
  const world = (): LoadedData => ({
    warnMs: WARN,
    configFile: '/home/u/.aws/config',
    profiles: resolveProfiles(buildProfileMap(parseConfigText(config, '/home/u/.aws/config'))),
    tokens: new Map(tokens),
    configErrors: [],
  })
  const groupKey = (group: string) => (group === 'sso-session:corp' ? 'corp' : group === 'sso-session:data' ? 'data' : OLD_URL)

  // What the tray did, as the world saw it.
  const told: string[] = []
  const onScreen = new Map<string, string>()
  let loginsStarted = 0
  let loginClicks = 0
  let probes = 0
  let renders = 0
  let memory: TrayMemory = { shown: {}, lastSeen: null, snoozes: {} }
  /** The one timer the tray has set (a holder: closures set it). */
  const clock: { timer: { at: number; setAt: number } | null } = { timer: null }
  const expiredTokens: Array<{ group: string; expiresAt: number }> = []
  const max = { shown: 0, notices: 0, probes: 0, verifies: 0, logins: 0, snoozes: 0, groups: 0 }

  const counts: Record<string, number> = {}
  const shownByDay: number[] = []
  let state: TrayState = initialTrayState(memory, now, 4)
  const queue: TrayEvent[] = []
  const agenda: Scheduled[] = []
  let unsorted = false
  const later = (at: number, what: string, run: () => void) => {
    agenda.push({ at, what, run })
    unsorted = true
  }

  /** Replaces a token file; an old one past its expiry was an expiry the user had to hear of. */
  function writeToken(key: string, group: string, t: TokenInput) {
    const old = expiryOf(key)
    if (old !== null && old > START && old <= now && group !== 'sso-session:data') expiredTokens.push({ group, expiresAt: old })
    tokens.set(key, t)
  }

  function dispatch(e: TrayEvent) {
    queue.push(e)
    while (queue.length > 0) {
      const ev = queue.shift() as TrayEvent
      counts[ev.type] = (counts[ev.type] ?? 0) + 1
      const r = step(state, ev, now)
      state = r.state
      for (const fx of r.effects) perform(fx)
      max.shown = Math.max(max.shown, Object.keys(state.memory.shown).length)
      max.notices = Math.max(max.notices, Object.keys(state.notices).length)
      max.probes = Math.max(max.probes, Object.keys(state.probes).length)
      max.verifies = Math.max(max.verifies, Object.keys(state.verifies).length)
      max.logins = Math.max(max.logins, Object.keys(state.logins).length)
      max.snoozes = Math.max(max.snoozes, Object.keys(state.snoozes).length)
      max.groups = Math.max(max.groups, state.groups.length)
    }
  }

  function perform(fx: TrayEffect) {
    switch (fx.type) {
      case 'render':
        renders++
        return
      case 'notify': {
        const g = state.groups.find((x) => `token:${x.id}` === fx.key)
        told.push(`${fx.key}|${g?.expiresAt ?? ''}|${fx.notice.title}`)
        onScreen.set(fx.key, fx.notice.title)
        return user(fx.key, fx.notice.title)
      }
      case 'close-notice':
        onScreen.delete(fx.key)
        return
      case 'load':
        queue.push({ type: 'loaded', data: world() })
        return
      case 'start-login':
        loginsStarted++
        return runLogin(fx.group)
      case 'verify': {
        const { profile, purpose, group } = fx
        if (purpose === 'probe') probes++
        let result: CallerIdentity | Failure = { account: '1', arn: 'arn:aws:sts::1:assumed-role/Admin/x', userId: 'u' }
        if (purpose === 'probe' && offline) result = { class: 'network', message: 'Could not connect to the endpoint URL' }
        else if (purpose === 'probe') writeToken('data', 'sso-session:data', token(now + HOUR, true)) // botocore refreshed it
        queue.push({ type: 'verify-result', profile: profile.name, purpose, group, result })
        return
      }
      case 'save':
        memory = fx.memory
        return
      case 'wake-at':
        clock.timer = { at: fx.at, setAt: now }
        return
      default:
        return
    }
  }

  /** The user: answers corp's notices with a login; on some days the login fails once. */
  function user(key: string, title: string) {
    if (key === 'token:sso-session:corp' && /expire|expired/.test(title)) {
      later(now + 2 * 60_000, 'click Log in on the notice', () => {
        if (state.notices[key] && !state.logins['sso-session:corp']) {
          loginClicks++
          dispatch({ type: 'notice-action', key, button: 'login' })
        }
      })
    }
    if (key === 'login:sso-session:corp' && title.includes('failed')) {
      later(now + 10 * 60_000, 'click Log in again', () => {
        if (!state.logins['sso-session:corp']) {
          loginClicks++
          dispatch({ type: 'notice-action', key, button: 'login' })
        }
      })
    }
  }

  let loginNo = 0
  function runLogin(group: string) {
    const fails = ++loginNo % 4 === 0
    later(now + 30_000, 'login shows its URL', () => {
      dispatch({ type: 'login-report', group, report: { type: 'url', url: 'https://device.sso/', flow: 'device' } })
      dispatch({ type: 'login-report', group, report: codeReport('ABCD-EFGH') })
    })
    later(now + 90_000, 'login ends', () => {
      if (fails) dispatch({ type: 'login-report', group, report: { type: 'failed', class: 'access-denied', message: 'the sign-in was denied' } })
      else {
        writeToken(groupKey(group), group, token(now + (group === 'sso-session:corp' ? 8 : 12) * HOUR, false))
        dispatch({ type: 'login-report', group, report: { type: 'verified', account: '1', arn: 'arn' } })
      }
      dispatch({ type: 'login-ended', group, error: null })
    })
  }

  // The month's script.
  for (let d = 0; d < 30; d++) {
    const day = START + d * DAY
    const morning = day // 08:00
    if (d > 0) {
      later(morning, 'wake up', () => {
        shownByDay.push(Object.keys(state.memory.shown).length)
        if (d % 2 === 0) dispatch({ type: 'wake' }) // told by the system
        // else only the monotonic timer firing after a long wall-clock gap tells
        const t = clock.timer
        if (t) dispatch({ type: 'tick', elapsedMono: t.at - t.setAt })
      })
    }
    later(morning + 30 * 60_000, 'log in to the legacy session from the menu', () => {
      if (state.groups.find((g) => g.id === `sso-session:${OLD_URL}` || g.name === OLD_URL)?.state === 'expired') {
        const g = state.groups.find((x) => x.name === OLD_URL)
        if (g && !state.logins[g.id]) {
          loginClicks++
          dispatch({ type: 'menu', action: { type: 'login', group: g.id } })
        }
      }
    })
    later(day + 4 * HOUR, 'offline for half an hour', () => (offline = true))
    later(day + 4.5 * HOUR, 'back online', () => (offline = false))
    if (d % 5 === 1) later(day + 3 * HOUR, 'snooze notifications for an hour', () => dispatch({ type: 'menu', action: { type: 'snooze', minutes: 60 } }))
    if (d === 4) later(day + 4 * HOUR, 'tray helper restarts', () => dispatch({ type: 'tray-restarted' }))
    if (d === 11) later(day + 4 * HOUR, 'notification bus restarts', () => (onScreen.clear(), dispatch({ type: 'notifier-restarted' })))
    if (d === 9) later(day + 2 * HOUR, 'add profile qa', () => ((config = BASE + QA), dispatch({ type: 'files-changed' })))
    if (d === 19) later(day + 2 * HOUR, 'remove profile qa', () => ((config = BASE), dispatch({ type: 'files-changed' })))
    if (d === 14) later(day + 2 * HOUR, 'a broken profile', () => ((config = BASE + BROKEN), dispatch({ type: 'files-changed' })))
    if (d === 15) later(day + 2 * HOUR, 'the broken profile fixed', () => ((config = BASE), dispatch({ type: 'files-changed' })))
    if (d % 3 === 0) later(day + 6 * HOUR, 'check all profiles', () => dispatch({ type: 'menu', action: { type: 'check-all' } }))
    later(day + 10 * HOUR, 'sleep', () => undefined) // 18:00: nothing runs until the morning
  }

  const asleep = (t: number) => {
    return (t - START) % DAY >= 10 * HOUR // 18:00 to 08:00
  }

  dispatch({ type: 'loaded', data: world() })
  const end = START + 30 * DAY
  let guard = 0
  while (now < end && guard++ < 1_000_000) {
    if (unsorted) agenda.sort((a, b) => a.at - b.at)
    unsorted = false
    const nextAgenda = agenda[0]?.at ?? Infinity
    const t = clock.timer
    const nextTimer = t && !asleep(t.at) ? t.at : Infinity
    const next = Math.min(nextAgenda, nextTimer)
    if (next === Infinity || next >= end) break
    now = Math.max(now, next)
    if (next === nextAgenda) (agenda.shift() as Scheduled).run()
    else {
      clock.timer = null
      if (t) dispatch({ type: 'tick', elapsedMono: t.at - t.setAt })
    }
  }
  for (const [key, group] of [
    ['corp', 'sso-session:corp'],
    [OLD_URL, `legacy-sso:${OLD_URL}`],
  ] as const) {
    const e = expiryOf(key)
    if (e !== null && e <= now) expiredTokens.push({ group, expiresAt: e })
  }
  return {
    told,
    loginsStarted,
    loginClicks,
    probes,
    renders,
    max,
    state,
    expiredTokens,
    memory,
    guard,
    shownByDay,
    steps: Object.values(counts).reduce((a, b) => a + b, 0),
  }
}

describe('a simulated month of tray life', () => {
  const r = simulate()

  it('runs the whole month: every awake minute looked at, the script played to its end', () => {
    expect(r.guard).toBeLessThan(1_000_000)
    expect(r.steps).toBeGreaterThan(30 * 10 * 60) // 10 awake hours a day, a look a minute
    expect(r.renders).toBeGreaterThan(30 * 10 * 60)
    expect(r.shownByDay).toHaveLength(29)
  })

  it('keeps its state bounded: no map grows with time', () => {
    expect(r.max.groups).toBeLessThanOrEqual(4)
    expect(r.max.notices).toBeLessThanOrEqual(r.max.groups * 2 + 4)
    expect(r.max.probes).toBeLessThanOrEqual(1)
    expect(r.max.verifies).toBeLessThanOrEqual(6)
    // What a removed profile left behind is gone with it.
    expect(Object.keys(r.state.verifies).sort()).toEqual(['dev', 'etl', 'old', 'prod'])
    expect(r.max.logins).toBeLessThanOrEqual(3)
    expect(r.max.snoozes).toBeLessThanOrEqual(3)
    // Shown notices are forgotten after a week: a week's worth at most, whatever the run length.
    const week2 = Math.max(...r.shownByDay.slice(7, 14))
    const week4 = Math.max(...r.shownByDay.slice(21))
    expect(week4).toBeLessThanOrEqual(week2 + 3)
    expect(r.max.shown).toBeLessThanOrEqual(50)
  })

  it('never tells a notice twice', () => {
    const tokenNotices = r.told.filter((t) => t.startsWith('token:'))
    expect(tokenNotices.length).toBeGreaterThan(30)
    expect(new Set(tokenNotices).size).toBe(tokenNotices.length)
  })

  it('loses no expiry: every token that expired was told once as expired', () => {
    expect(r.expiredTokens.length).toBeGreaterThan(20)
    const missing = r.expiredTokens.filter((e) => !r.told.some((t) => t.startsWith(`token:${e.group}|${e.expiresAt}|`) && / expired$/.test(t)))
    expect(missing).toEqual([])
  })

  it('starts a login exactly once per click, never by itself, not after a failure either', () => {
    expect(r.loginClicks).toBeGreaterThan(30)
    expect(r.loginsStarted).toBe(r.loginClicks)
    expect(r.told.filter((t) => t.includes('login to corp failed')).length).toBeGreaterThan(3)
  })

  it('keeps the refreshable session fresh with quiet probes, retrying only while offline', () => {
    expect(r.probes).toBeGreaterThan(30 * 8)
    expect(r.told.some((t) => t.startsWith('token:sso-session:data'))).toBe(false)
  })
})
