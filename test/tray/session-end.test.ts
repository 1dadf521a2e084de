// The real end of a refreshable session in the tray core, over sequences with a fixed clock: a
// login, silent refreshes, a failed refresh, a second day with the learned length, a setting that
// overrides, a clock change. Plus the refresh-token tag the cache parse gives, and the book's file
// form as `status` reads it.

import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSessionStore, sessionsFile } from '../../src/adapters/state-store.ts'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import { sha1Hex } from '../../src/aws/sha1.ts'
import { parseTokenFile } from '../../src/aws/token-cache.ts'
import { parseSessionBook, sessionFieldsFor } from '../../src/core/session-book.ts'
import { buildMenu } from '../../src/core/tray/menu-model.ts'
import type { MenuItem } from '../../src/core/tray/model.ts'
import { initialTrayState, type LoadedData, type TrayEffect, type TrayEvent, type TrayState } from '../../src/core/tray/state.ts'
import { step } from '../../src/core/tray/step.ts'
import type { TokenInput } from '../../src/core/types.ts'
import type { LoginState } from '../../src/core/login-machine.ts'
import type { SessionBook } from '../../src/core/session-book.ts'
import type { NotifyRequest } from '../../src/ports.ts'
import { resolveSettings } from '../../src/settings.ts'
import { createTrayApp, type Loaded } from '../../src/tray/app.ts'

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
/** A refreshable sso-session token: access token until `expires`, refresh token tagged `tag`. */
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
const data = (t: TokenInput, sessionHours: string | null = null): LoadedData => ({
  warnMs: 15 * MIN,
  configFile: '/h/.aws/config',
  profiles: resolveProfiles(buildProfileMap(parseConfigText(CONFIG, '/h/.aws/config'))),
  tokens: new Map([['corp', t]]),
  configErrors: [],
  sessionHours,
})
const authExpired = { class: 'auth-expired' as const, message: 'Token has expired and refresh failed' }

/** Feeds events at their times, keeping every effect. */
class Run {
  state: TrayState
  effects: TrayEffect[] = []
  constructor(start: number) {
    this.state = initialTrayState({ shown: {}, lastSeen: start, snoozes: {} }, start, 2)
  }
  at(now: number, ...events: TrayEvent[]): TrayEffect[] {
    const fx: TrayEffect[] = []
    for (const e of events) {
      const r = step(this.state, e, now)
      this.state = r.state
      fx.push(...r.effects)
    }
    this.effects.push(...fx)
    return fx
  }
  get rec() {
    return this.state.sessions[CORP]
  }
}
const notices = (fx: TrayEffect[]) => fx.flatMap((e) => (e.type === 'notify' ? [[e.key, e.notice.title, e.notice.buttons.map((b) => b.label).join()]] : []))
const flat = (items: readonly MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flat(i.items ?? [])])
const row = (s: TrayState, now: number) => flat(buildMenu(s, now).items).find((i) => i.key === `session:${CORP}`)?.title
const line = (s: TrayState, now: number) => flat(buildMenu(s, now).items).find((i) => i.key === `session:${CORP}:session-end`)?.title

describe('session end in the tray core', () => {
  it('day 1 learns the length from a failed refresh; day 2 predicts with it, warns once, and the row counts down', () => {
    const r = new Run(at('2026-12-01T08:00:00Z'))
    // 08:00 the tray starts on yesterday's token: its session start is unknown.
    r.at(at('2026-12-01T08:00:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T08:40:00Z'), 'aaaa1111')) })
    expect(r.rec).toMatchObject({ startedAt: null, tag: 'aaaa1111' })
    // 09:00 a login through the tray is verified: the session starts then.
    r.at(at('2026-12-01T09:00:00Z'), { type: 'menu', action: { type: 'login', group: CORP } })
    const saved = r.at(at('2026-12-01T09:00:00Z'), { type: 'login-report', group: CORP, report: { type: 'verified', account: '111111111111', arn: 'arn' } })
    expect(saved.filter((e) => e.type === 'save-sessions')).toHaveLength(1)
    r.at(
      at('2026-12-01T09:00:01Z'),
      { type: 'login-ended', group: CORP, error: null },
      { type: 'loaded', data: data(tok(at('2026-12-01T10:00:00Z'), 'bbbb2222')) },
    )
    expect(r.rec?.startedAt).toBe(at('2026-12-01T09:00:00Z'))
    // Silent refreshes inside the refresh window (one rotates the refresh token) keep the start.
    r.at(at('2026-12-01T09:50:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T10:50:00Z'), 'bbbb2222')) })
    r.at(at('2026-12-01T10:40:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T11:40:00Z'), 'cccc3333')) })
    expect(r.rec).toMatchObject({ startedAt: at('2026-12-01T09:00:00Z'), tag: 'cccc3333', learnedMs: [] })
    // No setting, nothing learned: no prediction, no session line.
    expect(line(r.state, at('2026-12-01T11:00:00Z'))).toBeUndefined()
    // The last refresh seen to work: 16:25 (the session was alive then).
    r.at(at('2026-12-01T16:25:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T17:25:00Z'), 'cccc3333')) })
    expect(r.rec?.aliveAt).toBe(at('2026-12-01T16:25:00Z'))
    // 17:10 the quiet probe fails as auth-expired: the session ended between 16:25 and 17:10. The
    // earlier bound is taken (a learned end is never late): 7 h 25 min learned.
    r.at(at('2026-12-01T17:10:00Z'), { type: 'verify-result', profile: 'dev', purpose: 'probe', group: CORP, result: authExpired })
    expect(r.rec).toMatchObject({ startedAt: null, learnedMs: [7 * H + 25 * MIN], endedAt: at('2026-12-01T17:10:00Z') })
    // A second failure of the same ended session learns nothing more.
    r.at(at('2026-12-01T18:00:00Z'), { type: 'verify-result', profile: 'dev', purpose: 'verify', group: null, result: authExpired })
    expect(r.rec?.learnedMs).toEqual([7 * H + 25 * MIN])

    // Day 2, 08:30: a login in a terminal (a new refresh token while the old token is expired: after an end, that is a login).
    r.at(at('2026-12-02T08:30:00Z'), { type: 'loaded', data: data(tok(at('2026-12-02T09:30:00Z'), 'dddd4444')) })
    expect(r.rec).toMatchObject({ startedAt: at('2026-12-02T08:30:00Z'), endedAt: null })
    expect(line(r.state, at('2026-12-02T09:00:00Z'))).toBe('Session ends in 6h 55m (7 h 25 min sessions, learned)')
    // 15:40: 15 min before the predicted 15:55: one notice with Log in, in the session's slot.
    const warned = r.at(at('2026-12-02T15:40:00Z'), { type: 'loaded', data: data(tok(at('2026-12-02T16:30:00Z'), 'dddd4444')) })
    expect(notices(warned)).toEqual([[`token:${CORP}`, "AWS SSO: corp's SSO session ends in about 15 min (7 h 25 min sessions)", 'Log in']])
    expect(warned.some((e) => e.type === 'save')).toBe(true) // remembered across restarts
    expect(row(r.state, at('2026-12-02T15:41:00Z'))).toBe('● corp — session ends in 14m · 1 profile')
    // Once per predicted end: later looks do not repeat it.
    expect(notices(r.at(at('2026-12-02T15:45:00Z'), { type: 'tick', elapsedMono: 5 * MIN }))).toEqual([])
    // Its Log in button starts the usual login.
    const click = r.at(at('2026-12-02T15:46:00Z'), { type: 'notice-action', key: `token:${CORP}`, button: 'login' })
    expect(click.filter((e) => e.type === 'start-login')).toHaveLength(1)
    // The login is verified: a new session, the warning goes.
    const fresh = r.at(
      at('2026-12-02T15:47:00Z'),
      { type: 'login-report', group: CORP, report: { type: 'verified', account: '1', arn: 'arn' } },
      { type: 'loaded', data: data(tok(at('2026-12-02T16:47:00Z'), 'eeee5555')) },
    )
    expect(fresh).toContainEqual({ type: 'close-notice', key: `token:${CORP}` })
    expect(r.rec?.startedAt).toBe(at('2026-12-02T15:47:00Z'))
  })

  it('the session_hours setting wins over what was learned and is named as the source', () => {
    const r = new Run(at('2026-12-01T09:00:00Z'))
    r.state = { ...r.state, sessions: { [CORP]: { startedAt: at('2026-12-01T09:00:00Z'), learnedMs: [10 * H], tag: 'aaaa1111', endedAt: null } } }
    r.at(at('2026-12-01T09:00:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T10:00:00Z'), 'aaaa1111'), 'corp=8, 12') })
    expect(line(r.state, at('2026-12-01T10:00:00Z'))).toBe('Session ends in 7h 00m (8 h sessions, session_hours setting)')
    expect(notices(r.at(at('2026-12-01T16:44:00Z'), { type: 'tick', elapsedMono: 0 }))).toEqual([])
    const fx = r.at(at('2026-12-01T16:45:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T17:30:00Z'), 'aaaa1111'), 'corp=8, 12') })
    expect(notices(fx)).toEqual([[`token:${CORP}`, "AWS SSO: corp's SSO session ends in about 15 min (8 h sessions)", 'Log in']])
    const body = fx.find((e) => e.type === 'notify')
    expect(body?.type === 'notify' && body.notice.body).toBe('Log in now to keep working. The session length is the session_hours setting.')
    // Once per predicted end, even after the notification server restarted (what it showed is gone; the memory stays).
    expect(notices(r.at(at('2026-12-01T16:45:30Z'), { type: 'notifier-restarted' }, { type: 'tick', elapsedMono: 30_000 }))).toEqual([])
    // Quiet hours hold the warning; it comes once they end (still before the end).
    const q = new Run(at('2026-12-01T09:00:00Z'))
    q.state = { ...q.state, sessions: { [CORP]: { startedAt: at('2026-12-01T09:00:00Z'), learnedMs: [], tag: 'aaaa1111', endedAt: null } } }
    const quiet = () => ({ ...data(tok(at('2026-12-01T17:30:00Z'), 'aaaa1111'), '8'), quietHours: { start: 16 * 60 + 30, end: 16 * 60 + 50 } })
    expect(notices(q.at(at('2026-12-01T16:45:00Z'), { type: 'loaded', data: quiet() }))).toEqual([])
    expect(notices(q.at(at('2026-12-01T16:50:00Z'), { type: 'loaded', data: quiet() }))).toHaveLength(1)
    // Another session's setting does not apply; the default does.
    r.at(at('2026-12-01T16:46:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T17:30:00Z'), 'aaaa1111'), 'data=4, 12') })
    expect(line(r.state, at('2026-12-01T16:46:00Z'))).toBe('Session ends in 4h 14m (12 h sessions, session_hours setting)')
  })

  it('a clock change: an end seen before the start, or months after, teaches nothing; a jump past the end warns no more', () => {
    const r = new Run(at('2026-12-01T09:00:00Z'))
    r.state = { ...r.state, sessions: { [CORP]: { startedAt: at('2026-12-01T09:00:00Z'), learnedMs: [], tag: 'aaaa1111', endedAt: null } } }
    r.at(at('2026-12-01T09:00:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T10:00:00Z'), 'aaaa1111')) })
    // The clock is set back a day, and a refresh fails then: no length is learned from that.
    r.at(at('2026-11-30T09:30:00Z'), { type: 'verify-result', profile: 'dev', purpose: 'probe', group: CORP, result: authExpired })
    expect(r.rec?.learnedMs).toEqual([])
    // With a setting, the clock set two days ahead: past the predicted end, no warning (the probe will tell), the line says so.
    const s = new Run(at('2026-12-01T09:00:00Z'))
    s.state = { ...s.state, sessions: { [CORP]: { startedAt: at('2026-12-01T09:00:00Z'), learnedMs: [], tag: 'aaaa1111', endedAt: null } } }
    s.at(at('2026-12-01T09:00:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T10:00:00Z'), 'aaaa1111'), '8') })
    const jumped = s.at(at('2026-12-03T09:00:00Z'), { type: 'loaded', data: data(tok(at('2026-12-03T10:00:00Z'), 'aaaa1111'), '8') })
    expect(notices(jumped)).toEqual([])
    expect(line(s.state, at('2026-12-03T09:00:00Z'))).toBe('Session may end any moment: due 40h 00m ago (8 h sessions, session_hours setting)')
  })

  it('a failure right after a new login is about the old token; a file caught mid-write or a restart keeps what is known', () => {
    const r = new Run(at('2026-12-01T09:00:00Z'))
    r.state = { ...r.state, sessions: { [CORP]: { startedAt: at('2026-12-01T09:00:00Z'), learnedMs: [], tag: 'aaaa1111', endedAt: null } } }
    r.at(at('2026-12-01T09:04:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T10:00:00Z'), 'aaaa1111')) })
    r.at(at('2026-12-01T09:05:00Z'), { type: 'verify-result', profile: 'dev', purpose: 'verify', group: null, result: authExpired })
    expect(r.rec).toMatchObject({ startedAt: at('2026-12-01T09:00:00Z'), endedAt: null })
    r.at(at('2026-12-01T09:06:00Z'), { type: 'loaded', data: data({ status: 'unreadable', reason: 'the token file is empty' }) })
    expect(r.rec).toMatchObject({ startedAt: at('2026-12-01T09:00:00Z'), tag: 'aaaa1111' })
    // A restart that finds another refresh token: changed unseen (a login or a rotation), so the start is unknown.
    const again = new Run(at('2026-12-01T12:00:00Z'))
    again.state = { ...again.state, sessions: { [CORP]: { startedAt: at('2026-12-01T09:00:00Z'), learnedMs: [8 * H], tag: 'aaaa1111', endedAt: null } } }
    again.at(at('2026-12-01T12:00:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T13:00:00Z'), 'ffff6666')) })
    expect(again.rec).toMatchObject({ startedAt: null, learnedMs: [8 * H], tag: 'ffff6666' })
    // The same one: the start stands.
    const same = new Run(at('2026-12-01T12:00:00Z'))
    same.state = { ...same.state, sessions: { [CORP]: { startedAt: at('2026-12-01T09:00:00Z'), learnedMs: [8 * H], tag: 'aaaa1111', endedAt: null } } }
    same.at(at('2026-12-01T12:00:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T13:00:00Z'), 'aaaa1111')) })
    expect(same.rec?.startedAt).toBe(at('2026-12-01T09:00:00Z'))
    // A new refresh token while the old access token had long to live cannot be a refresh: a login.
    same.at(at('2026-12-01T12:10:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T13:10:00Z'), 'gggg7777')) })
    expect(same.rec?.startedAt).toBe(at('2026-12-01T12:10:00Z'))
  })
})

describe('the refresh-token tag and the session book file', () => {
  it('sso-session tokens carry 8 hex of the SHA-1 of the refresh token, never the token; legacy ones none', () => {
    const text = JSON.stringify({
      startUrl: 'u',
      region: 'r',
      accessToken: 'SECRET-A',
      expiresAt: '2026-12-01T10:00:00Z',
      refreshToken: 'SECRET-REFRESH',
      clientId: 'c',
      clientSecret: 'SECRET-C',
      registrationExpiresAt: '2027-01-01T00:00:00Z',
    })
    const parsed = parseTokenFile(text, 'sso-session')
    expect(parsed.status === 'read' && parsed.facts.refreshTag).toBe(sha1Hex('SECRET-REFRESH').slice(0, 8))
    expect(JSON.stringify(parsed)).not.toMatch(/SECRET/)
    const legacy = parseTokenFile(text, 'legacy-sso')
    expect(legacy.status === 'read' && 'refreshTag' in legacy.facts).toBe(false)
    const empty = parseTokenFile(JSON.stringify({ refreshToken: '' }), 'sso-session')
    expect(empty.status === 'read' && 'refreshTag' in empty.facts).toBe(false)
  })

  it('is written 0600 and read back; a malformed file or entry is left out; status gets fields only for the token the tray saw', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sessions-')), 'state')
    const logs: string[] = []
    const store = createSessionStore(dir, (m) => logs.push(m))
    expect(await store.load()).toEqual({})
    const book = { [CORP]: { startedAt: at('2026-12-01T09:00:00Z'), learnedMs: [8 * H], tag: 'aaaa1111', endedAt: null, aliveAt: at('2026-12-01T09:45:00Z') } }
    await store.save(book)
    expect(statSync(sessionsFile(dir)).mode & 0o777).toBe(0o600)
    expect(await store.load()).toEqual(book)
    expect(readFileSync(sessionsFile(dir), 'utf8')).not.toMatch(/refreshToken|accessToken/)
    expect(parseSessionBook('not json')).toEqual({})
    expect(parseSessionBook(JSON.stringify({ a: 5, b: { startedAt: 'x', learnedMs: [1, 'y', -3], tag: 7 } }))).toEqual({
      b: { startedAt: null, learnedMs: [1], tag: null, endedAt: null, aliveAt: null },
    })

    const t = tok(at('2026-12-01T10:00:00Z'), 'aaaa1111')
    expect(sessionFieldsFor(book, 'corp', t, null)).toEqual({
      sessionStartedAt: '2026-12-01T09:00:00.000Z',
      sessionEndsAt: '2026-12-01T17:00:00.000Z',
      sessionEndSource: 'learned',
    })
    expect(sessionFieldsFor(book, 'corp', t, 'corp=10')).toMatchObject({ sessionEndsAt: '2026-12-01T19:00:00.000Z', sessionEndSource: 'setting' })
    // A login the tray did not see (another refresh token): nothing is known.
    expect(sessionFieldsFor(book, 'corp', tok(at('2026-12-01T10:00:00Z'), 'bbbb2222'), null)).toEqual({
      sessionStartedAt: null,
      sessionEndsAt: null,
      sessionEndSource: null,
    })
    expect(sessionFieldsFor(book, 'other', t, null)).toEqual({ sessionStartedAt: null, sessionEndsAt: null, sessionEndSource: null })
  })
})

describe('the session book through the shell (recording fakes)', () => {
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
  }

  it('is loaded at start, saved when a verified login starts a session, and the warning uses the session_hours setting', async () => {
    let now = at('2026-12-01T16:50:00Z')
    const settings = { ...resolveSettings({}, '/home/u'), sessionHours: '8' }
    const saved: SessionBook[] = []
    const shown: NotifyRequest[] = []
    const logins: Array<{ emit(r: unknown): void; finish(): void }> = []
    let tokens = new Map([['corp', tok(at('2026-12-01T17:20:00Z'), 'aaaa1111')]])
    const app = createTrayApp({
      clock: { now: () => now },
      monotonic: () => 0,
      timer: { set: () => null, clear: () => undefined },
      load: () =>
        Promise.resolve<Loaded>({
          settings,
          profiles: resolveProfiles(buildProfileMap(parseConfigText(CONFIG, settings.configFile))),
          tokens,
          configErrors: [],
        }),
      tray: { render: () => undefined, onAction: () => undefined, dispose: () => Promise.resolve() },
      notifier: { notify: (n) => (shown.push(n), { close: () => undefined }), dispose: () => undefined },
      clipboard: { write: () => Promise.resolve() },
      browser: { open: () => Promise.resolve() },
      openPath: () => Promise.resolve(),
      ensureSettingsFile: () => Promise.resolve(settings.settingsFile),
      fileExists: () => true,
      watch: () => ({ close: () => undefined }),
      memory: { load: () => Promise.resolve({ shown: {}, lastSeen: now, snoozes: {} }), save: () => Promise.resolve() },
      sessions: {
        load: () => Promise.resolve({ [CORP]: { startedAt: at('2026-12-01T09:00:00Z'), learnedMs: [], tag: 'aaaa1111', endedAt: null } }),
        save: (b) => (saved.push(b), Promise.resolve()),
      },
      login: (_root, emit) => new Promise<LoginState>((resolve) => logins.push({ emit: emit, finish: () => resolve({} as LoginState) })),
      verify: () => Promise.resolve({ account: '1', arn: 'arn', userId: 'x' }),
      iconPath: (n) => `/icons/${n}.png`,
      log: () => undefined,
      concurrency: 2,
    })
    await app.start()
    expect(app.state()?.sessions[CORP]?.startedAt).toBe(at('2026-12-01T09:00:00Z'))
    expect(shown.map((n) => [n.title, n.replaceKey])).toEqual([["AWS SSO: corp's SSO session ends in about 10 min (8 h sessions)", `token:${CORP}`]])
    expect(saved).toEqual([]) // nothing changed yet
    now = at('2026-12-01T16:52:00Z')
    app.event({ type: 'notice-action', key: `token:${CORP}`, button: 'login' })
    await settle()
    expect(logins).toHaveLength(1)
    tokens = new Map([['corp', tok(at('2026-12-01T17:45:00Z'), 'bbbb2222')]])
    logins[0]?.emit({ type: 'verified', account: '1', arn: 'arn' })
    logins[0]?.finish()
    await settle()
    expect(saved.at(-1)?.[CORP]).toMatchObject({ startedAt: at('2026-12-01T16:52:00Z'), tag: 'bbbb2222' })
    expect(app.state()?.notices[`token:${CORP}`]).toBeUndefined()
  })
})

describe('the session-ended notice of the quiet probe', () => {
  // The probe's sts failed as auth-expired; the reload it asks for still finds the token file
  // refreshable (the CLI's failed refresh leaves it as it was): the notice must stay until the
  // token changes.
  it('stays through the reload that still finds the token refreshable, and goes with a new login', () => {
    const r = new Run(at('2026-12-01T17:00:00Z'))
    const key = `token:${CORP}`
    const about = (fx: TrayEffect[]) => fx.flatMap((e) => ((e.type === 'notify' || e.type === 'close-notice') && e.key === key ? [e.type] : []))
    // The access token ran out at 16:55; the refresh token is there: refreshable, so the tray probes.
    const first = r.at(at('2026-12-01T17:00:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T16:55:00Z'), 'aaaa1111')) })
    expect(first.some((e) => e.type === 'verify' && e.purpose === 'probe')).toBe(true)
    const probe = r.at(at('2026-12-01T17:00:05Z'), { type: 'verify-result', profile: 'dev', purpose: 'probe', group: CORP, result: authExpired })
    expect(about(probe)).toEqual(['notify'])
    expect(probe.some((e) => e.type === 'load')).toBe(true)
    expect(about(r.at(at('2026-12-01T17:00:06Z'), { type: 'loaded', data: data(tok(at('2026-12-01T16:55:00Z'), 'aaaa1111')) }))).toEqual([])
    expect(about(r.at(at('2026-12-01T17:05:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T16:55:00Z'), 'aaaa1111')) }))).toEqual([])
    // A login in a terminal writes a new token: the notice no longer applies.
    expect(about(r.at(at('2026-12-01T17:15:00Z'), { type: 'loaded', data: data(tok(at('2026-12-01T18:15:00Z'), 'bbbb2222')) }))).toEqual(['close-notice'])
  })
})
