// The tray app (thin shell + pure core) with recording fakes for every port: no display, no
// processes, a settable clock and a timer fired by hand. Promises settle with `settle()` (one turn
// of the event loop), never with a guessed delay.

import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import type { CallerIdentity, Failure } from '../../src/core/aws-types.ts'
import type { EnsureEvent } from '../../src/core/ensure-protocol.ts'
import type { LoginReport, LoginState } from '../../src/core/login-machine.ts'
import type { TrayMemory } from '../../src/core/notify-policy.ts'
import type { ConfigProblem } from '../../src/core/status-report.ts'
import type { Profile, TokenInput } from '../../src/core/types.ts'
import { resolveSettings } from '../../src/settings.ts'
import { createTrayApp, type EnsureCaller, type Loaded, type TrayAppDeps } from '../../src/tray/app.ts'
import type { MenuAction, MenuItem, MenuModel } from '../../src/tray/menu.ts'
import type { NotifyRequest } from '../../src/ports.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
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
[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = us-west-2
sso_account_id = 3
sso_role_name = Read
`
const BROKEN = `[profile broken]
sso_session = does-not-exist
sso_account_id = 4
sso_role_name = Read
`
const CORP = 'sso-session:corp'
export const facts = (minutes: number, refresh = false, now = NOW): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'u',
    region: 'r',
    hasAccessToken: true,
    expiresAt: new Date(now + minutes * 60_000).toISOString(),
    hasRefreshToken: refresh,
    hasClientId: refresh,
    hasClientSecret: refresh,
    registrationExpiresAt: refresh ? new Date(now + 90 * 86_400_000).toISOString() : undefined,
  },
})
/** One turn of the event loop: resolved promises (fake loads, verifications) have run. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
}
/** A device code the user types (the page did not come with it filled in). */
const codeReport = (userCode: string): LoginReport => ({ type: 'code', userCode, prefilled: false })
const OK: CallerIdentity = { account: '111111111111', arn: 'arn:aws:sts::1:assumed-role/Admin/x', userId: 'x' }
const flat = (items: readonly MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flat(i.items ?? [])])

type Notice = NotifyRequest & { act(id: string): void; closed: boolean; replaced: boolean }

export function harness(
  tokens: Record<string, TokenInput>,
  opts: {
    verify?: (p: Profile) => CallerIdentity | Failure | Promise<CallerIdentity | Failure>
    loginError?: Error
    memory?: TrayMemory
    config?: string
    env?: Record<string, string>
    deps?: Partial<TrayAppDeps>
  } = {},
) {
  let now = NOW
  let mono = 0
  const settings = resolveSettings(opts.env ?? {}, '/home/u')
  let profiles = resolveProfiles(buildProfileMap(parseConfigText(opts.config ?? CONFIG, settings.configFile)))
  let configErrors: ConfigProblem[] = []
  let tokenMap = new Map(Object.entries(tokens))
  const renders: MenuModel[] = []
  const notices: Notice[] = []
  const logins: Array<{ root: string; emit(r: LoginReport): void; finish(): void; signal: AbortSignal; confirmed: boolean }> = []
  const verified: string[] = []
  const copied: string[] = []
  const saves: TrayMemory[] = []
  let loads = 0
  let disposed = 0
  let failLoad = false
  let garbleLoad = false
  const logs: string[] = []
  let actionListener: (a: MenuAction) => void = () => undefined
  let pending: { fn: () => void; ms: number } | null = null
  const app = createTrayApp({
    clock: { now: () => now },
    monotonic: () => mono,
    timer: { set: (fn, ms) => ((pending = { fn, ms }), pending), clear: (h) => (pending === h ? (pending = null) : undefined) },
    load: () => {
      loads++
      if (failLoad) return Promise.reject(new Error('cannot read /home/u/.aws/config (EACCES)'))
      // Garbled: data no code path expects (stands in for a bug in the core).
      if (garbleLoad) return Promise.resolve({ settings, profiles: null, tokens: tokenMap, configErrors } as unknown as Loaded)
      return Promise.resolve<Loaded>({ settings, profiles, tokens: tokenMap, configErrors })
    },
    tray: { render: (m) => renders.push(m), onAction: (l) => (actionListener = l), dispose: () => (disposed++, Promise.resolve()) },
    notifier: {
      notify: (n, act) => {
        // Same replaceKey: the earlier notice is replaced in place (as over D-Bus).
        for (const o of notices) if (n.replaceKey !== undefined && o.replaceKey === n.replaceKey && !o.closed) o.replaced = true
        const entry: Notice = { ...n, act, closed: false, replaced: false }
        notices.push(entry)
        return { close: () => void (entry.closed = true) }
      },
      dispose: () => disposed++,
    },
    clipboard: { write: (t) => (copied.push(t), Promise.resolve()) },
    browser: { open: () => Promise.resolve() },
    openPath: () => Promise.resolve(),
    ensureSettingsFile: () => Promise.resolve(settings.settingsFile),
    fileExists: () => true,
    watch: () => ({ close: () => undefined }),
    memory: { load: () => Promise.resolve(opts.memory ?? { shown: {}, lastSeen: NOW - 1000, snoozes: {} }), save: (m) => (saves.push(m), Promise.resolve()) },
    login: (root, emit, controls) =>
      opts.loginError
        ? Promise.reject(opts.loginError)
        : new Promise<LoginState>((resolve) => {
            const entry = { root: root.name, emit, signal: controls.signal, confirmed: false, finish: () => resolve({} as LoginState) }
            void controls.confirmed.then(() => (entry.confirmed = true))
            controls.signal.addEventListener('abort', () => {
              emit({ type: 'failed', class: 'cancelled', message: 'the login was cancelled' })
              resolve({} as LoginState)
            })
            logins.push(entry)
          }),
    verify: (p) => {
      verified.push(p.name)
      return Promise.resolve(opts.verify?.(p) ?? OK)
    },
    iconPath: (n) => `/assets/${n}.png`,
    log: (m) => logs.push(m),
    concurrency: 2,
    ...opts.deps,
  })
  const last = () => renders[renders.length - 1] as MenuModel
  const titles = () =>
    flat(last().items)
      .filter((i) => !i.separator)
      .map((i) => i.title)
  return {
    app,
    renders,
    notices,
    logins,
    verified,
    copied,
    last,
    titles,
    /** Notices still on screen (neither closed nor replaced). */
    showing: () => notices.filter((n) => !n.closed && !n.replaced).map((n) => n.title),
    click: (a: MenuAction) => actionListener(a),
    setNow: (t: number, monoAdvance = t - now) => ((mono += monoAdvance), (now = t)),
    now: () => now,
    setTokens: (t: Record<string, TokenInput>) => (tokenMap = new Map(Object.entries(t))),
    setConfig: (text: string, errors: ConfigProblem[] = []) => {
      profiles = resolveProfiles(buildProfileMap(parseConfigText(text, settings.configFile)))
      configErrors = errors
    },
    failLoad: (v: boolean) => (failLoad = v),
    garbleLoad: (v: boolean) => (garbleLoad = v),
    logs,
    saved: () => saves[saves.length - 1] ?? null,
    saves,
    loads: () => loads,
    disposed: () => disposed,
    /** The app's next wake-up: its delay, and a way to fire it now. */
    timer: () => pending,
    /** Lets the wall and monotonic clocks run to the timer's moment and fires it. */
    fire: async () => {
      const t = pending
      if (!t) throw new Error('no timer set')
      mono += t.ms
      now += t.ms
      t.fn()
      await settle()
    },
  }
}

describe('tray app', () => {
  it('shows every session, warns once about an expiring token, remembers it; Refresh re-reads and does not repeat it', async () => {
    const h = harness({ corp: facts(10), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    expect(
      h
        .last()
        .items.filter((i) => i.items && i.title.includes(' — '))
        .map((i) => i.title),
    ).toEqual(['◐ corp — 10m left · 2 profiles', '● https://old.awsapps.com/start — 5h 00m · 1 profile'])
    expect(h.last().icon).toBe('expiring')
    expect(h.notices.map((n) => [n.title, n.buttons.map((b) => b.id), n.replaceKey])).toEqual([
      ['AWS SSO: dev and deploy expire in 10m', ['login', 'snooze'], `token:${CORP}`],
    ])
    expect(Object.keys(h.saved()?.shown ?? {})).toHaveLength(1)
    const loads = h.loads()
    h.click({ type: 'refresh' })
    await settle()
    expect(h.loads()).toBe(loads + 1) // the refresh happened
    expect(h.notices).toHaveLength(1)
    await h.app.quit()
  })

  it('"expires in" becomes "expired" in place, and the notice leaves once the token is fresh', async () => {
    const h = harness({ corp: facts(10), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    h.setNow(NOW + 10 * 60_000 + 1)
    h.timer()?.fn()
    await settle()
    expect(h.notices.map((n) => [n.title, n.replaceKey, n.replaced])).toEqual([
      ['AWS SSO: dev and deploy expire in 10m', `token:${CORP}`, true],
      ['AWS SSO: dev and deploy expired', `token:${CORP}`, false],
    ])
    h.setTokens({ corp: facts(480), 'https://old.awsapps.com/start': facts(300) })
    h.app.event({ type: 'files-changed' })
    await settle()
    expect(h.showing()).toEqual([])
    await h.app.quit()
  })

  it('a click logs in through the SSO root, the approve notice gains the code in place, confirms, and reloads when done', async () => {
    const h = harness({ corp: facts(-5), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    expect(h.notices).toEqual([]) // expired before the last look: old news, the icon says it
    expect(h.last().activate).toEqual({ type: 'login', group: CORP })
    h.click(h.last().activate)
    expect(h.logins.map((l) => l.root)).toEqual(['dev'])
    expect(h.last().icon).toBe('busy')
    const login = h.logins[0]!
    login.emit({ type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/', flow: 'device' })
    login.emit(codeReport('WDQK-RTLM'))
    expect(h.titles()).toContain('Code: WDQK-RTLM')
    expect(h.showing()).toEqual(['AWS SSO: approve the login for corp'])
    const approve = h.notices.find((n) => !n.replaced && n.title === 'AWS SSO: approve the login for corp')!
    expect(approve.body).toBe('The sign-in page is open and its URL is on the clipboard. Enter the code WDQK-RTLM on the page.')
    approve.act('confirm')
    await settle()
    expect(login.confirmed).toBe(true)
    login.emit({ type: 'verified', account: '111111111111', arn: 'arn' })
    h.setTokens({ corp: facts(480), 'https://old.awsapps.com/start': facts(300) })
    login.finish()
    await settle()
    expect(h.showing()).toEqual(['AWS SSO: logged in to corp']) // in place of the approve notice
    expect(h.titles()).toContain('● corp — 8h 00m · 2 profiles')
    expect(h.last().icon).toBe('ok')
    await h.app.quit()
  })

  it('clicking an expiry notice while that login waits confirms it instead of starting another', async () => {
    const h = harness({ corp: facts(10), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    const notice = h.notices[0]!
    notice.act('login')
    h.logins[0]!.emit({ type: 'url', url: 'https://x/', flow: 'pkce' })
    notice.act('login')
    await settle()
    expect(h.logins).toHaveLength(1)
    expect(h.logins[0]!.confirmed).toBe(true)
    expect(h.showing()).toEqual(['AWS SSO: dev and deploy expire in 10m', 'AWS SSO: approve the login for corp'])
    // The login ends with a fresh token: the expiry notice no longer applies and leaves the screen.
    h.setTokens({ corp: facts(480), 'https://old.awsapps.com/start': facts(300) })
    h.logins[0]!.emit({ type: 'verified', account: '1', arn: 'arn' })
    h.logins[0]!.finish()
    await settle()
    expect(notice.closed).toBe(true)
    expect(h.showing()).toEqual(['AWS SSO: logged in to corp'])
    await h.app.quit()
  })

  it('check all: at most `concurrency` at once, progress, a summary naming failures, failures on the rows; never retries', async () => {
    let inFlight = 0
    let most = 0
    const h = harness(
      { corp: facts(300), 'https://old.awsapps.com/start': facts(300) },
      {
        verify: async (p) => {
          most = Math.max(most, ++inFlight)
          await new Promise((r) => setImmediate(r))
          inFlight--
          return p.name === 'old' ? { class: 'auth-expired', message: 'Token has expired and refresh failed' } : OK
        },
      },
    )
    await h.app.start()
    h.click({ type: 'check-all' })
    expect(h.titles()).toContain('Checking 0/3…')
    await settle()
    expect(most).toBe(2)
    expect(h.renders.some((r) => flat(r.items).some((i) => i.title === 'Checking 2/3…'))).toBe(true)
    expect(h.verified.sort()).toEqual(['deploy', 'dev', 'old'])
    expect(h.titles()).toContain('Last check under 1m ago: 1 of 3 failed (old)')
    expect(h.titles()).toContain('● https://old.awsapps.com/start — 5h 00m · 1 profile, 1 check failed')
    expect(h.titles()).toContain('⚠ old')
    expect(h.notices.map((n) => n.title)).toEqual(['AWS SSO: 1 of 3 profiles failed'])
    h.setNow(NOW + 3600_000)
    h.click({ type: 'refresh' })
    await settle()
    expect(h.verified).toHaveLength(3)
    await h.app.quit()
  })

  it('refreshable tokens: one quiet probe per token; network failures retried after 1, 2, 4 min; an ended session told once', async () => {
    const answers: Array<CallerIdentity | Failure> = [
      { class: 'network', message: 'Could not connect to the endpoint URL' },
      { class: 'network', message: 'Could not connect to the endpoint URL' },
      { class: 'auth-expired', message: 'Token has expired and refresh failed' },
    ]
    const h = harness({ corp: facts(5, true), 'https://old.awsapps.com/start': facts(300) }, { verify: () => answers.shift() ?? OK })
    await h.app.start()
    await settle()
    expect(h.verified).toEqual(['dev'])
    expect(h.titles()).toContain('↻ corp — refresh failed, retry in 1m · 2 profiles')
    const probedAt = [h.now()]
    const untilProbe = async () => {
      const n = h.verified.length
      for (let i = 0; i < 100 && h.verified.length === n; i++) await h.fire()
      probedAt.push(h.now())
    }
    await untilProbe()
    await untilProbe()
    expect(probedAt.map((t, i) => Math.round((t - (probedAt[i - 1] ?? t)) / 60_000))).toEqual([0, 1, 2])
    expect(h.verified).toEqual(['dev', 'dev', 'dev'])
    expect(h.notices.map((n) => n.title)).toEqual(['AWS SSO: dev and deploy need a new login'])
    const loads = h.loads()
    h.click({ type: 'refresh' })
    await settle()
    expect(h.loads()).toBe(loads + 1) // the refresh happened, and probed nothing again
    expect(h.verified).toHaveLength(3)
    expect(h.notices).toHaveLength(1)
    expect(h.logins).toEqual([]) // never a login by itself
    expect(Object.keys(h.saved()?.shown ?? {}).some((k) => k.endsWith('|session-ended'))).toBe(true)
    await h.app.quit()
  })

  it('sets its one timer for the warning moment and warns when it fires, without re-reading files', async () => {
    const h = harness({ corp: facts(15 + 0.5), 'https://old.awsapps.com/start': facts(900) })
    await h.app.start()
    expect(h.notices).toEqual([])
    expect(h.timer()?.ms).toBe(30_000 + 5)
    const loads = h.loads()
    await h.fire()
    expect(h.notices.map((n) => n.title)).toEqual(['AWS SSO: dev and deploy expire in 14m'])
    expect(h.loads()).toBe(loads)
    await h.app.quit()
  })

  it('after a sleep through the expiry: re-reads the files and tells the expiry once', async () => {
    const h = harness({ corp: facts(20), 'https://old.awsapps.com/start': facts(900) })
    await h.app.start()
    const loads = h.loads()
    h.setNow(NOW + 3 * 3600_000, 60_000) // the wall clock ran 3 h, the monotonic one 1 min
    h.timer()?.fn()
    await settle()
    expect(h.loads()).toBe(loads + 1)
    expect(h.notices.map((n) => n.title)).toEqual(['AWS SSO: dev and deploy expired'])
    await h.app.quit()
  })

  it('an unreadable config becomes a menu line; the app keeps going and recovers', async () => {
    const h = harness({ corp: facts(300), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    h.failLoad(true)
    h.click({ type: 'refresh' })
    await settle()
    expect(h.titles()).toContain('⚠ cannot read the AWS config: cannot read /home/u/.aws/config (EACCES)')
    h.failLoad(false)
    h.click({ type: 'refresh' })
    await settle()
    expect(h.titles().some((t) => t.startsWith('⚠'))).toBe(false)
    h.app.reportProblem('aws-sso-tray: tray icon unavailable', 'the tray helper cannot load its libraries')
    h.app.reportProblem('aws-sso-tray: tray icon unavailable', 'the tray helper cannot load its libraries')
    expect(h.notices.map((n) => n.title)).toEqual(['aws-sso-tray: tray icon unavailable'])
    expect(h.titles()).toContain('⚠ the tray helper cannot load its libraries')
    await h.app.quit()
  })

  it('a bug in the core drops that one event, logged; the tray keeps going', async () => {
    const h = harness({ corp: facts(300), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    h.garbleLoad(true)
    h.click({ type: 'refresh' })
    await settle()
    expect(h.logs.some((l) => l.startsWith('internal error on loaded: '))).toBe(true)
    h.garbleLoad(false)
    h.setTokens({ corp: facts(-5), 'https://old.awsapps.com/start': facts(300) })
    h.click({ type: 'refresh' })
    await settle()
    expect(h.last().icon).toBe('login')
    await h.app.quit()
  })

  it('config errors show on the icon; a token that needs action wins over them', async () => {
    const h = harness({ corp: facts(300), 'https://old.awsapps.com/start': facts(300) }, { config: CONFIG + BROKEN })
    await h.app.start()
    expect(h.last().icon).toBe('error')
    expect(h.titles().find((t) => t.includes('does-not-exist'))).toMatch(/^⚠ does-not-exist — error · 1 profile$/)
    h.setConfig(CONFIG, [{ file: '/home/u/.aws/config', line: 3, message: 'duplicate section' }])
    h.click({ type: 'refresh' })
    await settle()
    expect(h.last().icon).toBe('error')
    expect(h.titles()).toContain('⚠ /home/u/.aws/config:3: duplicate section')
    h.setConfig(CONFIG + BROKEN, [{ file: '/home/u/.aws/config', line: 3, message: 'duplicate section' }])
    h.setTokens({ corp: facts(-5), 'https://old.awsapps.com/start': facts(10) })
    h.click({ type: 'refresh' })
    await settle()
    expect(h.last().icon).toBe('login')
    h.setTokens({ corp: facts(300), 'https://old.awsapps.com/start': facts(10) })
    h.click({ type: 'refresh' })
    await settle()
    expect(h.last().icon).toBe('expiring')
    await h.app.quit()
  })

  it('never starts a login again after a failure: logins start only on clicks', async () => {
    const h = harness({ corp: facts(-5), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    h.click({ type: 'login', group: CORP })
    h.logins[0]!.emit({ type: 'failed', class: 'auth-expired', message: 'the sign-in was denied' })
    h.logins[0]!.finish()
    await settle()
    expect(h.showing()).toEqual(['AWS SSO: login to corp failed'])
    for (let i = 0; i < 30; i++) await h.fire() // half an hour of looks
    h.app.event({ type: 'wake' })
    h.app.event({ type: 'files-changed' })
    await settle()
    expect(h.logins).toHaveLength(1)
    h.notices.find((n) => n.title === 'AWS SSO: login to corp failed')!.act('login') // "Log in again"
    expect(h.logins).toHaveLength(2)
    await h.app.quit()
  })

  it('a login the CLI cannot run (AWS CLI v1) ends in a notice with the fix, and the menu recovers', async () => {
    const { AppError } = await import('../../src/errors.ts')
    const h = harness(
      { corp: facts(-5), 'https://old.awsapps.com/start': facts(300) },
      {
        loginError: new AppError('aws is not AWS CLI v2 (found 1.45.11): it cannot run aws sso login', { hint: 'run aws-sso-tray doctor for the fix' }),
      },
    )
    await h.app.start()
    h.click({ type: 'login', group: CORP })
    await settle()
    expect(h.notices.map((n) => [n.title, n.body])).toEqual([
      ['AWS SSO: cannot log in to corp', 'aws is not AWS CLI v2 (found 1.45.11): it cannot run aws sso login (run aws-sso-tray doctor for the fix)'],
    ])
    expect(h.last().icon).toBe('login')
    expect(h.titles()).toContain('Log in')
    await h.app.quit()
  })

  it('copies a quoted export line for a hostile profile name', async () => {
    const h = harness({ corp: facts(300), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    h.click({ type: 'copy-export', profile: 'dev' })
    h.click({ type: 'copy-export', profile: "x'; rm -rf ~" })
    await settle()
    expect(h.copied).toEqual(['export AWS_PROFILE=dev', `export AWS_PROFILE='x'\\''; rm -rf ~'`])
    await h.app.quit()
  })

  it('a snooze outlives a restart', async () => {
    const first = harness({ corp: facts(300), 'https://old.awsapps.com/start': facts(300) })
    await first.app.start()
    first.click({ type: 'snooze', minutes: 60 })
    await first.app.quit()
    expect(first.saved()?.snoozes['*']).toBe(NOW + 3_600_000)
    const second = harness({ corp: facts(10), 'https://old.awsapps.com/start': facts(300) }, { memory: first.saved() as TrayMemory })
    await second.app.start()
    expect(second.notices).toEqual([])
    expect(second.titles()).toContain('Resume notifications')
    await second.app.quit()
  })

  it('quit cancels a running login, waits for its clean-up, and stops tray and notifier', async () => {
    const h = harness({ corp: facts(-5), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    h.click({ type: 'login', group: CORP })
    h.click({ type: 'quit' })
    await h.app.done
    expect(h.logins[0]?.signal.aborted).toBe(true)
    expect(h.disposed()).toBe(2)
    expect(h.notices).toEqual([]) // a cancelled login is not a failure worth a notice
  })
})

/** A recording `ensure` caller: what it was sent, whether its socket ended, and a way to go away. */
function caller(profile: string, program = 'claude', cwd = '/home/u/src/app') {
  const events: EnsureEvent[] = []
  let gone: () => void = () => undefined
  const c: EnsureCaller & { events: EnsureEvent[]; leave(): void } = {
    request: { profile, requester: { program, cwd, pid: 42 } },
    send: (e) => void events.push(e),
    onGone: (l) => void (gone = l),
    events,
    leave: () => gone(),
  }
  return c
}

describe('tray app: ensure, status files, settings', () => {
  it('keeps status.line and status.json current (at start and on each minute tick) and removes them at quit', async () => {
    const writes: Array<[string, string]> = []
    let removed = 0
    const h = harness(
      { corp: facts(20), 'https://old.awsapps.com/start': facts(300) },
      { deps: { statusFiles: { write: (l, j) => void writes.push([l, j]), remove: () => void removed++ } } },
    )
    await h.app.start()
    expect(writes.at(-1)?.[0]).toBe('aws ✓')
    const json = JSON.parse(writes.at(-1)?.[1] ?? '{}') as { generatedAt: string; profiles: Array<{ name: string; token: { state: string } | null }> }
    expect(json.generatedAt).toBe(new Date(NOW).toISOString())
    expect(json.profiles.map((p) => [p.name, p.token?.state])).toEqual([
      ['dev', 'valid'],
      ['deploy', 'valid'],
      ['old', 'valid'],
    ])
    await h.fire() // a minute on: still ready
    expect(writes.at(-1)?.[0]).toBe('aws ✓')
    await h.fire()
    await h.fire()
    await h.fire()
    await h.fire() // just past 5 minutes on: inside the 15-minute warning, whole minutes left
    expect(writes.at(-1)?.[0]).toBe('aws ◐ corp 14m')
    await h.app.quit()
    expect(removed).toBe(1)
  })

  it('a status file that cannot be written is a log line, never the end of the tray', async () => {
    const h = harness(
      { corp: facts(300), 'https://old.awsapps.com/start': facts(300) },
      {
        deps: {
          statusFiles: {
            write: () => {
              throw new Error('EACCES')
            },
            remove: () => undefined,
          },
        },
      },
    )
    await h.app.start()
    expect(h.logs).toContain('cannot write the status files: EACCES')
    h.click({ type: 'refresh' })
    await settle()
    expect(h.titles()).toContain('All 3 SSO profiles ready')
    await h.app.quit()
  })

  it('ensure: a caller is shown by program and folder; Log in runs one login; the caller hears it to verified and its connection ends', async () => {
    let onCaller: ((c: EnsureCaller) => void) | null = null
    let closed = 0
    const h = harness(
      { corp: facts(-5), 'https://old.awsapps.com/start': facts(300) },
      {
        deps: { home: '/home/u', listenEnsure: (cb) => ((onCaller = cb), Promise.resolve({ close: () => (closed++, Promise.resolve()) })) },
      },
    )
    await h.app.start()
    const a = caller('dev')
    const b = caller('deploy', 'bash', '/tmp')
    onCaller!(a)
    onCaller!(b)
    expect(h.showing()).toEqual(['AWS SSO: log in to corp?'])
    const notice = h.notices.at(-1)!
    expect(notice.body).toBe('claude in ~/src/app and bash in /tmp asks for a login of dev, deploy.')
    expect(h.titles()).toContain('dev: login requested by claude in ~/src/app (+1 more)')
    notice.act('login')
    await settle()
    expect(h.logins.map((l) => l.root)).toEqual(['dev'])
    h.logins[0]!.emit({ type: 'url', url: 'https://device.sso/?user_code=AB', flow: 'device' })
    h.logins[0]!.emit({ type: 'verified', account: '111111111111', arn: 'arn:aws:sts::1:assumed-role/Admin/x' })
    h.logins[0]!.finish()
    await settle()
    for (const c of [a, b]) {
      expect(c.events.map((e) => e.type)).toEqual(['requested', 'url', 'verified'])
    }
    // The socket closing after the final event is not a caller going away: nothing more happens.
    a.leave()
    await settle()
    expect(h.logs.filter((l) => l.startsWith('internal error'))).toEqual([])
    await h.app.quit()
    expect(closed).toBe(1)
  })

  it('ensure: a caller that leaves takes its question with it; callers still waiting at quit hear failed', async () => {
    let onCaller: ((c: EnsureCaller) => void) | null = null
    const h = harness(
      { corp: facts(-5), 'https://old.awsapps.com/start': facts(-5) },
      {
        deps: { home: '/home/u', listenEnsure: (cb) => ((onCaller = cb), Promise.resolve({ close: () => Promise.resolve() })) },
      },
    )
    await h.app.start()
    const a = caller('dev')
    const b = caller('old')
    onCaller!(a)
    onCaller!(b)
    expect(h.showing()).toEqual(['AWS SSO: log in to corp?', 'AWS SSO: log in to https://old.awsapps.com/start?'])
    a.leave()
    await settle()
    expect(h.showing()).toEqual(['AWS SSO: log in to https://old.awsapps.com/start?'])
    await h.app.quit()
    expect(b.events.at(-1)).toEqual({ type: 'failed', class: 'cancelled', message: 'the tray quit' })
  })

  it('quiet hours are read in the local time the shell reports: 13:00 at UTC+1 is inside 12:30-13:30, 12:00 at UTC is not', async () => {
    const env = { AWS_SSO_TRAY_QUIET_HOURS: '12:30-13:30' }
    const quiet = harness({ corp: facts(10), 'https://old.awsapps.com/start': facts(300) }, { env, deps: { utcOffsetMin: () => 60 } })
    await quiet.app.start()
    expect(quiet.notices).toEqual([])
    expect(quiet.titles()).toContain('Quiet hours 12:30–13:30: notices wait')
    await quiet.app.quit()
    const awake = harness({ corp: facts(10), 'https://old.awsapps.com/start': facts(300) }, { env, deps: { utcOffsetMin: () => 0 } })
    await awake.app.start()
    expect(awake.notices.map((n) => n.title)).toEqual(['AWS SSO: dev and deploy expire in 10m'])
    await awake.app.quit()
  })

  it('settings: hide from the environment leaves profiles out; Start at login is switched through the shell, its error shown', async () => {
    let enabled = false
    let fail = false
    const h = harness(
      { corp: facts(-5), 'https://old.awsapps.com/start': facts(300) },
      {
        env: { AWS_SSO_TRAY_HIDE: 'dev,deploy' },
        deps: {
          autostart: {
            enabled: () => enabled,
            set: (on) => {
              if (fail) throw new Error('exists and was not written by aws-sso-tray')
              enabled = on
            },
          },
        },
      },
    )
    await h.app.start()
    expect(h.titles().filter((t) => t.includes(' — '))).toEqual(['● https://old.awsapps.com/start — 5h 00m · 1 profile'])
    expect(h.notices).toEqual([])
    h.click({ type: 'autostart', enable: true })
    await settle()
    expect(enabled).toBe(true)
    expect(h.titles()).toContain('✓ Start at login')
    fail = true
    h.click({ type: 'autostart', enable: false })
    await settle()
    expect(h.titles()).toContain('⚠ Start at login: exists and was not written by aws-sso-tray')
    expect(h.titles()).toContain('✓ Start at login')
    await h.app.quit()
  })
})
