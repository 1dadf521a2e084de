// The tray app with recording fakes for every port: no display, no processes, a settable clock.

import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import type { Failure } from '../../src/aws/classify-error.ts'
import type { CallerIdentity } from '../../src/aws/verify.ts'
import type { LoginReport, LoginState } from '../../src/core/login-machine.ts'
import type { NoticeMemory } from '../../src/core/notify-policy.ts'
import type { Profile, TokenInput } from '../../src/core/types.ts'
import { resolveSettings } from '../../src/settings.ts'
import { createTrayApp, type Loaded } from '../../src/tray/app.ts'
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
const facts = (minutes: number, refresh = false): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'u', region: 'r', hasAccessToken: true, expiresAt: new Date(NOW + minutes * 60_000).toISOString(),
    hasRefreshToken: refresh, hasClientId: refresh, hasClientSecret: refresh,
    registrationExpiresAt: refresh ? new Date(NOW + 90 * 86_400_000).toISOString() : undefined,
  },
})
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms))
/** Waits (up to 5 s, however loaded the machine) for a real timer's effect instead of guessing its delay. */
async function until<T>(fn: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = fn()
    if (v !== undefined) return v
    await tick(10)
  }
  throw new Error('timed out')
}

type Memory = NoticeMemory & { snoozes: Record<string, number> }

function harness(tokens: Record<string, TokenInput>, opts: { verify?: (p: Profile) => CallerIdentity | Failure; loginError?: Error; memory?: Memory } = {}) {
  let now = NOW
  let mono = 0
  const settings = resolveSettings({}, '/home/u')
  const profiles = resolveProfiles(buildProfileMap(parseConfigText(CONFIG, settings.configFile)))
  let tokenMap = new Map(Object.entries(tokens))
  const renders: MenuModel[] = []
  const notices: Array<NotifyRequest & { act(id: string): void; closed: boolean }> = []
  const logins: Array<{ root: string; emit(r: LoginReport): void; finish(): void; signal: AbortSignal; confirmed: boolean }> = []
  const verified: string[] = []
  let saved: Memory | null = null
  let loads = 0
  let disposed = 0
  let failLoad = false
  let actionListener: (a: MenuAction) => void = () => undefined
  let pending: { fn: () => void; ms: number } | null = null
  const app = createTrayApp({
    clock: { now: () => now },
    monotonic: () => mono,
    timer: { set: (fn, ms) => ((pending = { fn, ms }), pending), clear: (h) => (pending === h ? (pending = null) : undefined) },
    load: () => {
      loads++
      if (failLoad) return Promise.reject(new Error('cannot read /home/u/.aws/config (EACCES)'))
      return Promise.resolve<Loaded>({ settings, profiles, tokens: tokenMap, configErrors: [] })
    },
    tray: { render: (m) => renders.push(m), onAction: (l) => (actionListener = l), dispose: () => (disposed++, Promise.resolve()) },
    notifier: {
      notify: (n, act) => {
        const entry = { ...n, act, closed: false }
        notices.push(entry)
        return { close: () => void (entry.closed = true) }
      },
      dispose: () => disposed++,
    },
    clipboard: { write: () => Promise.resolve() },
    browser: { open: () => Promise.resolve() },
    openPath: () => Promise.resolve(),
    ensureSettingsFile: () => Promise.resolve(settings.settingsFile),
    fileExists: () => true,
    watch: () => ({ close: () => undefined }),
    memory: { load: () => Promise.resolve(opts.memory ?? { shown: {}, lastSeen: NOW - 1000, snoozes: {} }), save: (m) => ((saved = m), Promise.resolve()) },
    login: (root, emit, controls) =>
      opts.loginError ? Promise.reject(opts.loginError) : new Promise<LoginState>((resolve) => {
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
      return Promise.resolve(opts.verify?.(p) ?? { account: '111111111111', arn: `arn:aws:sts::1:assumed-role/Admin/${p.name}`, userId: 'x' })
    },
    iconPath: (n) => `/assets/${n}.png`,
    log: () => undefined,
    concurrency: 2,
  })
  const last = () => renders[renders.length - 1] as MenuModel
  const titles = () => flat(last().items).filter((i) => !i.hidden && !i.separator).map((i) => i.title)
  return {
    app, renders, notices, logins, verified, last, titles,
    click: (a: MenuAction) => actionListener(a),
    setNow: (t: number, monoAdvance = t - now) => ((mono += monoAdvance), (now = t)),
    setTokens: (t: Record<string, TokenInput>) => (tokenMap = new Map(Object.entries(t))),
    failLoad: (v: boolean) => (failLoad = v),
    saved: () => saved, loads: () => loads, disposed: () => disposed,
    /** The app's next wake-up: its delay, and a way to fire it now. */
    timer: () => pending,
  }
}
const flat = (items: readonly MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flat(i.items ?? [])])

describe('tray app', () => {
  it('shows every group, warns once about an expiring token, and remembers it', async () => {
    const h = harness({ corp: facts(10), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    expect(h.last().items.filter((i) => !i.hidden && !i.separator).map((i) => i.title).slice(0, 5)).toEqual(['2 expiring', 'sso-session corp · 2 profiles, one login', '◐ dev — 10m left', '◐ deploy — 10m left', 'https://old.awsapps.com/start'])
    expect(h.last().icon).toBe('expiring')
    expect(h.notices.map((n) => [n.title, n.buttons.map((b) => b.id)])).toEqual([['AWS SSO: dev and deploy expires in 10m', ['login', 'snooze']]])
    expect(Object.keys(h.saved()?.shown ?? {})).toHaveLength(1)
    h.click({ type: 'refresh' })
    await tick()
    expect(h.notices).toHaveLength(1)
    await h.app.quit()
  })

  it('a notification click logs in through the SSO root, shows the code, confirms, and reloads when done', async () => {
    const h = harness({ corp: facts(-5), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    expect(h.notices).toEqual([]) // expired before the last look: old news, the icon says it
    h.click({ type: 'login', profile: 'deploy' })
    expect(h.logins.map((l) => l.root)).toEqual(['dev'])
    expect(h.last().icon).toBe('busy')
    const login = h.logins[0]!
    login.emit({ type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/', flow: 'device' })
    login.emit({ type: 'code', userCode: 'WDQK-RTLM' })
    expect(h.titles()).toContain('Code: WDQK-RTLM')
    const approve = await until(() => h.notices.find((n) => n.title === 'AWS SSO: approve the login for deploy'))
    expect(approve.body).toContain('WDQK-RTLM')
    approve.act('confirm')
    await tick()
    expect(login.confirmed).toBe(true)
    login.emit({ type: 'verified', account: '111111111111', arn: 'arn' })
    h.setTokens({ corp: facts(480), 'https://old.awsapps.com/start': facts(300) })
    login.finish()
    await tick(10)
    expect(h.notices.map((n) => n.title)).toContain('AWS SSO: logged in as deploy')
    expect(h.titles()).toContain('● dev — 8h 00m')
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
    await tick()
    expect(h.logins).toHaveLength(1)
    expect(h.logins[0]!.confirmed).toBe(true)
    const urlNotice = await until(() => h.notices.find((n) => n.title.startsWith('AWS SSO: approve the login')))
    expect([notice.closed, urlNotice.closed]).toEqual([false, false])
    // The login ends with a fresh token: both notices no longer apply and leave the screen.
    h.setTokens({ corp: facts(480), 'https://old.awsapps.com/start': facts(300) })
    h.logins[0]!.emit({ type: 'verified', account: '1', arn: 'arn' })
    h.logins[0]!.finish()
    await tick(10)
    expect([notice.closed, urlNotice.closed]).toEqual([true, true])
    await h.app.quit()
  })

  it('check all: progress, then a summary naming failures; never retries on its own', async () => {
    const h = harness({ corp: facts(300), 'https://old.awsapps.com/start': facts(300) }, {
      verify: (p) => (p.name === 'old' ? { class: 'auth-expired', message: 'Token has expired and refresh failed' } : { account: '1', arn: 'arn:aws:sts::1:assumed-role/Admin/x', userId: 'u' }),
    })
    await h.app.start()
    h.click({ type: 'check-all' })
    expect(h.titles()).toContain('Checking 0/3…')
    await tick(10)
    expect(h.renders.some((r) => flat(r.items).some((i) => i.title === 'Checking 2/3…'))).toBe(true)
    expect(h.verified.sort()).toEqual(['deploy', 'dev', 'old'])
    expect(h.titles()).toContain('Last check (just now): 1 of 3 failed (old)')
    expect(h.notices.map((n) => n.title)).toEqual(['AWS SSO: 1 of 3 profiles failed'])
    await h.app.quit()
  })

  it('refreshable tokens: one quiet verification; a notice only when the session has ended', async () => {
    const h = harness({ corp: facts(5, true), 'https://old.awsapps.com/start': facts(300) }, {
      verify: () => ({ class: 'auth-expired', message: 'Token has expired and refresh failed' }),
    })
    await h.app.start()
    await tick(10)
    expect(h.verified).toEqual(['dev'])
    expect(h.notices.map((n) => n.title)).toEqual(['AWS SSO: dev and deploy needs a new login'])
    h.click({ type: 'refresh' })
    await tick(10)
    expect(h.verified).toEqual(['dev'])
    expect(Object.keys(h.saved()?.shown ?? {}).some((k) => k.endsWith('|session-ended'))).toBe(true)
    await h.app.quit()
  })

  it('sets its one timer for the warning moment and warns when it fires, without re-reading files', async () => {
    const h = harness({ corp: facts(15 + 0.5), 'https://old.awsapps.com/start': facts(900) })
    await h.app.start()
    expect(h.notices).toEqual([])
    expect(h.timer()?.ms).toBe(30_000 + 5)
    const loads = h.loads()
    h.setNow(NOW + (h.timer()?.ms ?? 0)) // timers fire at or after their time
    h.timer()?.fn()
    expect(h.notices.map((n) => n.title)).toEqual(['AWS SSO: dev and deploy expires in 15m'])
    expect(h.loads()).toBe(loads)
    await h.app.quit()
  })

  it('after a sleep through the expiry: re-reads the files and tells the expiry once', async () => {
    const h = harness({ corp: facts(20), 'https://old.awsapps.com/start': facts(900) })
    await h.app.start()
    const loads = h.loads()
    h.setNow(NOW + 3 * 3600_000, 60_000) // the wall clock ran 3 h, the monotonic one 1 min
    h.timer()?.fn()
    await tick(10)
    expect(h.loads()).toBeGreaterThan(loads)
    expect(h.notices.map((n) => n.title)).toEqual(['AWS SSO: dev and deploy expired'])
    await h.app.quit()
  })

  it('an unreadable config becomes a menu line; the app keeps going and recovers', async () => {
    const h = harness({ corp: facts(300), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    h.failLoad(true)
    h.click({ type: 'refresh' })
    await tick(10)
    expect(h.titles()).toContain('⚠ cannot read the AWS config: cannot read /home/u/.aws/config (EACCES)')
    h.failLoad(false)
    h.click({ type: 'refresh' })
    await tick(10)
    expect(h.titles().some((t) => t.startsWith('⚠'))).toBe(false)
    h.app.reportProblem('aws-sso-tray: tray icon unavailable', 'the tray helper cannot load its libraries')
    h.app.reportProblem('aws-sso-tray: tray icon unavailable', 'the tray helper cannot load its libraries')
    expect(h.notices.map((n) => n.title)).toEqual(['aws-sso-tray: tray icon unavailable'])
    expect(h.titles()).toContain('⚠ the tray helper cannot load its libraries')
    await h.app.quit()
  })

  it('a login the CLI cannot run (AWS CLI v1) ends in a notice with the fix, and the menu recovers', async () => {
    const { AppError } = await import('../../src/errors.ts')
    const h = harness({ corp: facts(-5), 'https://old.awsapps.com/start': facts(300) }, {
      loginError: new AppError('aws is not AWS CLI v2 (found 1.45.11): it cannot run aws sso login', { hint: 'run aws-sso-tray doctor for the fix' }),
    })
    await h.app.start()
    h.click({ type: 'login', profile: 'dev' })
    await tick(10)
    expect(h.notices.map((n) => [n.title, n.body])).toEqual([[
      'AWS SSO: cannot log in dev', 'aws is not AWS CLI v2 (found 1.45.11): it cannot run aws sso login (run aws-sso-tray doctor for the fix)',
    ]])
    expect(h.last().icon).toBe('login')
    expect(h.titles()).toContain('Log in')
    await h.app.quit()
  })

  it('a snooze outlives a restart', async () => {
    const first = harness({ corp: facts(300), 'https://old.awsapps.com/start': facts(300) })
    await first.app.start()
    first.click({ type: 'snooze', minutes: 60 })
    await first.app.quit()
    expect(first.saved()?.snoozes['*']).toBe(NOW + 3_600_000)
    const second = harness({ corp: facts(10), 'https://old.awsapps.com/start': facts(300) }, { memory: first.saved() as Memory })
    await second.app.start()
    expect(second.notices).toEqual([])
    expect(second.titles()).toContain('Resume notifications')
    await second.app.quit()
  })

  it('quit cancels a running login, waits for its clean-up, and stops tray and notifier', async () => {
    const h = harness({ corp: facts(-5), 'https://old.awsapps.com/start': facts(300) })
    await h.app.start()
    h.click({ type: 'login', profile: 'dev' })
    h.click({ type: 'quit' })
    await h.app.done
    expect(h.logins[0]?.signal.aborted).toBe(true)
    expect(h.disposed()).toBe(2)
    expect(h.notices).toEqual([]) // a cancelled login is not a failure worth a notice
  })
})
