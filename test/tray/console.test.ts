// Open console and Open access portal in the tray: the pure step (one click, a login first when the
// token needs one, a failed login ends it) and the shell with recording fakes (the console effect
// goes through the injected openConsole, so no network is needed).

import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import type { LoginState } from '../../src/core/login-machine.ts'
import { buildMenu } from '../../src/core/tray/menu-model.ts'
import type { MenuItem } from '../../src/core/tray/model.ts'
import { initialTrayState, type LoadedData, type TrayEffect, type TrayEvent, type TrayState } from '../../src/core/tray/state.ts'
import { step } from '../../src/core/tray/step.ts'
import type { Profile, TokenInput } from '../../src/core/types.ts'
import { AppError } from '../../src/errors.ts'
import type { NotifyRequest } from '../../src/ports.ts'
import { resolveSettings } from '../../src/settings.ts'
import { createTrayApp, type Loaded } from '../../src/tray/app.ts'

const NOW = Date.parse('2026-12-01T09:00:00Z')
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
`
const CORP = 'sso-session:corp'
const token = (minutes: number): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'https://corp.awsapps.com/start',
    region: 'us-east-1',
    hasAccessToken: true,
    expiresAt: new Date(NOW + minutes * MIN).toISOString(),
    hasRefreshToken: false,
    hasClientId: false,
    hasClientSecret: false,
    registrationExpiresAt: undefined,
  },
})
const profiles = () => resolveProfiles(buildProfileMap(parseConfigText(CONFIG, '/h/.aws/config')))
const data = (tokens: Record<string, TokenInput>): LoadedData => ({
  warnMs: 15 * MIN,
  configFile: '/h/.aws/config',
  profiles: profiles(),
  tokens: new Map(Object.entries(tokens)),
  configErrors: [],
})

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
const loaded = (minutes: number | null) =>
  run(initialTrayState({ shown: {}, lastSeen: NOW - MIN, snoozes: {} }, NOW, 2), [
    { type: 'loaded', data: data(minutes === null ? {} : { corp: token(minutes) }) },
  ]).state
const opened = (fx: TrayEffect[]) => fx.flatMap((e) => (e.type === 'open-console' ? [e.profile.name] : []))
const flat = (items: readonly MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flat(i.items ?? [])])
const menuItem = (s: TrayState, key: string) => flat(buildMenu(s, NOW).items).find((i) => i.key === key)

describe('tray: Open console (pure step)', () => {
  it('a usable token: one click opens the console for that profile (chained ones too), the item waits meanwhile', () => {
    const s = loaded(300)
    expect(menuItem(s, 'profile:dev:console')).toMatchObject({ title: 'Open console', enabled: true, action: { type: 'console', profile: 'dev' } })
    const click = run(s, [{ type: 'menu', action: { type: 'console', profile: 'deploy' } }])
    expect(opened(click.effects)).toEqual(['deploy'])
    expect(click.effects.map((e) => e.type)).not.toContain('start-login')
    expect(menuItem(click.state, 'profile:deploy:console')).toMatchObject({ title: 'Opening console…', enabled: false })
    // A second click while it opens does nothing; the answer frees the item again.
    expect(opened(run(click.state, [{ type: 'menu', action: { type: 'console', profile: 'deploy' } }]).effects)).toEqual([])
    const done = run(click.state, [{ type: 'console-result', profile: 'deploy', error: null }])
    expect(done.state.consoles).toEqual({})
    expect(menuItem(done.state, 'profile:deploy:console')).toMatchObject({ title: 'Open console', enabled: true })
  })

  it('an expired token: the click logs in first, and the console opens once that login is verified', () => {
    const s = loaded(-5)
    const click = run(s, [{ type: 'menu', action: { type: 'console', profile: 'dev' } }])
    expect(click.effects.filter((e) => e.type === 'start-login').map((e) => e.type === 'start-login' && e.profile.name)).toEqual(['dev'])
    expect(opened(click.effects)).toEqual([])
    expect(menuItem(click.state, 'profile:dev:console')).toMatchObject({ title: 'Open console (after login)…', enabled: false })
    const progress = run(click.state, [{ type: 'login-report', group: CORP, report: { type: 'success' } }])
    expect(opened(progress.effects)).toEqual([])
    const verified = run(progress.state, [
      { type: 'login-report', group: CORP, report: { type: 'verified', account: '111111111111', arn: 'arn:aws:sts::1:assumed-role/Admin/x' } },
    ])
    expect(opened(verified.effects)).toEqual(['dev'])
    // Once, however the login ends afterwards.
    expect(opened(run(verified.state, [{ type: 'login-ended', group: CORP, error: null }]).effects)).toEqual([])
  })

  it('a missing token: the click is the consent for one login, never more; a failed or cancelled login ends it', () => {
    const s = loaded(null)
    const click = run(s, [{ type: 'menu', action: { type: 'console', profile: 'dev' } }])
    expect(click.effects.filter((e) => e.type === 'start-login')).toHaveLength(1)
    const failed = run(click.state, [
      { type: 'login-report', group: CORP, report: { type: 'failed', class: 'auth-expired', message: 'the login was denied' } },
      { type: 'login-ended', group: CORP, error: null },
    ])
    expect(opened(failed.effects)).toEqual([])
    expect(failed.effects.filter((e) => e.type === 'start-login')).toEqual([])
    expect(failed.state.consoles).toEqual({})
    // A login that could not run at all also ends the wait.
    const impossible = run(click.state, [{ type: 'login-ended', group: CORP, error: 'aws not found' }])
    expect(impossible.state.consoles).toEqual({})
    expect(opened(impossible.effects)).toEqual([])
  })

  it('a click while that session already logs in joins the login instead of starting another', () => {
    const s = run(loaded(-5), [{ type: 'menu', action: { type: 'login', group: CORP } }]).state
    const click = run(s, [{ type: 'menu', action: { type: 'console', profile: 'deploy' } }])
    expect(click.effects.filter((e) => e.type === 'start-login')).toEqual([])
    const verified = run(click.state, [{ type: 'login-report', group: CORP, report: { type: 'verified', account: '1', arn: 'arn' } }])
    expect(opened(verified.effects)).toEqual(['deploy'])
  })

  it('a failure: a notice and a menu line in plain words, and the item works again', () => {
    const s = run(loaded(300), [{ type: 'menu', action: { type: 'console', profile: 'dev' } }]).state
    const why = 'the AWS sign-in endpoint refused the role credentials (HTTP 400) (the role may not allow console access)'
    const failed = run(s, [{ type: 'console-result', profile: 'dev', error: why }])
    const notice = failed.effects.find((e) => e.type === 'notify')
    expect(notice?.type === 'notify' && [notice.key, notice.notice.title, notice.notice.body]).toEqual([
      'console:dev',
      'AWS SSO: cannot open the console for dev',
      why,
    ])
    expect(menuItem(failed.state, 'profile:dev:console-error')?.title).toBe(`⚠ Console: ${why}`)
    expect(menuItem(failed.state, 'profile:dev:console')).toMatchObject({ enabled: true })
    expect(opened(run(failed.state, [{ type: 'menu', action: { type: 'console', profile: 'dev' } }]).effects)).toEqual(['dev'])
  })

  it('a refreshable token whose session ended: the auth failure of the CLI brings the usual login once, then the console; a second failure is shown', () => {
    const s = run(loaded(300), [{ type: 'menu', action: { type: 'console', profile: 'dev' } }]).state
    const expired = run(s, [
      {
        type: 'console-result',
        profile: 'dev',
        error: 'cannot get role credentials for "dev" (auth-expired): Token has expired and refresh failed',
        authExpired: true,
      },
    ])
    expect(expired.effects.filter((e) => e.type === 'start-login')).toHaveLength(1)
    expect(expired.effects.filter((e) => e.type === 'notify')).toEqual([])
    const verified = run(expired.state, [{ type: 'login-report', group: CORP, report: { type: 'verified', account: '1', arn: 'arn' } }])
    expect(opened(verified.effects)).toEqual(['dev'])
    const again = run(verified.state, [
      { type: 'console-result', profile: 'dev', error: 'cannot get role credentials for "dev" (auth-expired): still', authExpired: true },
    ])
    expect(again.effects.filter((e) => e.type === 'start-login')).toEqual([])
    expect(again.state.consoles.dev).toMatchObject({ phase: 'failed' })
  })

  it('Open access portal opens the session start URL; a profile that does not exist does nothing', () => {
    const s = loaded(300)
    expect(menuItem(s, `session:${CORP}:portal`)).toMatchObject({ title: 'Open access portal', action: { type: 'open-portal', group: CORP } })
    expect(run(s, [{ type: 'menu', action: { type: 'open-portal', group: CORP } }]).effects).toEqual([
      { type: 'open-url', url: 'https://corp.awsapps.com/start' },
    ])
    const nope = run(s, [{ type: 'menu', action: { type: 'console', profile: 'nope' } }])
    expect(nope.effects.filter((e) => e.type !== 'render')).toEqual([])
    expect(nope.state.consoles).toEqual({})
  })

  it('greyed out where a click could do nothing: a broken profile, or no token and no profile to log in with', () => {
    const s = loaded(null)
    expect(menuItem(s, 'profile:dev:console')).toMatchObject({ enabled: true })
    const noLogin = { ...s, groups: s.groups.map((g) => ({ ...g, loginProfile: null })) }
    expect(menuItem(noLogin, 'profile:dev:console')).toMatchObject({ enabled: false })
    const broken = { ...s, groups: s.groups.map((g) => ({ ...g, profiles: g.profiles.map((p) => ({ ...p, error: 'no sso_role_name' })) })) }
    expect(menuItem(broken, 'profile:dev:console')).toMatchObject({ enabled: false })
  })
})

describe('tray: Open console through the shell (recording fakes)', () => {
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
  }
  function harness(tokens: Record<string, TokenInput>, openConsole: (p: Profile) => Promise<void>) {
    const settings = resolveSettings({}, '/home/u')
    const notices: NotifyRequest[] = []
    const logs: string[] = []
    const copied: string[] = []
    const urls: string[] = []
    const asked: string[] = []
    const logins: Array<{ emit(r: never): void; finish(): void }> = []
    let listener: (a: never) => void = () => undefined
    let tokenMap = new Map(Object.entries(tokens))
    const app = createTrayApp({
      clock: { now: () => NOW },
      monotonic: () => 0,
      timer: { set: () => null, clear: () => undefined },
      load: () =>
        Promise.resolve<Loaded>({
          settings,
          profiles: resolveProfiles(buildProfileMap(parseConfigText(CONFIG, settings.configFile))),
          tokens: tokenMap,
          configErrors: [],
        }),
      tray: { render: () => undefined, onAction: (l) => (listener = l as never), dispose: () => Promise.resolve() },
      notifier: { notify: (n) => (notices.push(n), { close: () => undefined }), dispose: () => undefined },
      clipboard: { write: (t) => (copied.push(t), Promise.resolve()) },
      browser: { open: (u) => (urls.push(u), Promise.resolve()) },
      openPath: () => Promise.resolve(),
      ensureSettingsFile: () => Promise.resolve(settings.settingsFile),
      fileExists: () => true,
      watch: () => ({ close: () => undefined }),
      memory: { load: () => Promise.resolve({ shown: {}, lastSeen: NOW, snoozes: {} }), save: () => Promise.resolve() },
      login: (_root, emit) => new Promise<LoginState>((resolve) => logins.push({ emit: emit, finish: () => resolve({} as LoginState) })),
      verify: () => Promise.resolve({ account: '111111111111', arn: 'arn:aws:sts::1:assumed-role/Admin/x', userId: 'x' }),
      openConsole: (p) => (asked.push(p.name), openConsole(p)),
      iconPath: (n) => `/icons/${n}.png`,
      log: (m) => logs.push(m),
      concurrency: 2,
    })
    return {
      app,
      notices,
      logs,
      copied,
      urls,
      asked,
      logins,
      click: (a: unknown) => listener(a as never),
      setTokens: (t: Record<string, TokenInput>) => (tokenMap = new Map(Object.entries(t))),
    }
  }

  it('a click calls the injected console opener once for that profile; success shows no notice', async () => {
    const h = harness({ corp: token(300) }, () => Promise.resolve())
    await h.app.start()
    h.click({ type: 'console', profile: 'dev' })
    await settle()
    expect(h.asked).toEqual(['dev'])
    expect(h.notices).toEqual([])
    expect(h.app.state()?.consoles).toEqual({})
  })

  it('a failure reaches the person as a notice with the fix, and never a credential; nothing is copied', async () => {
    const h = harness({ corp: token(300) }, () =>
      Promise.reject(
        new AppError('cannot get role credentials for "dev" (auth-expired): the SSO session has expired', { hint: 'run: aws-sso-tray login dev' }),
      ),
    )
    await h.app.start()
    h.click({ type: 'console', profile: 'dev' })
    await settle()
    expect(h.notices.map((n) => [n.title, n.body, n.replaceKey])).toEqual([
      [
        'AWS SSO: cannot open the console for dev',
        'cannot get role credentials for "dev" (auth-expired): the SSO session has expired (run: aws-sso-tray login dev)',
        'console:dev',
      ],
    ])
    expect(h.copied).toEqual([])
    expect(h.urls).toEqual([])
  })

  it('an auth-expired failure (the cause the console command gives) is told to the core as such: it logs in instead of a notice', async () => {
    let calls = 0
    const h = harness({ corp: token(300) }, () =>
      ++calls === 1
        ? Promise.reject(
            new AppError('cannot get role credentials for "dev" (auth-expired): expired', { cause: { class: 'auth-expired', message: 'expired' } }),
          )
        : Promise.resolve(),
    )
    await h.app.start()
    h.click({ type: 'console', profile: 'dev' })
    await settle()
    expect(h.logins).toHaveLength(1)
    expect(h.notices).toEqual([])
    h.logins[0]?.emit({ type: 'verified', account: '111111111111', arn: 'arn' } as never)
    await settle()
    expect(h.asked).toEqual(['dev', 'dev'])
  })

  it('an expired token: the shell runs the one login, then opens the console after it is verified', async () => {
    const h = harness({ corp: token(-5) }, () => Promise.resolve())
    await h.app.start()
    h.click({ type: 'console', profile: 'deploy' })
    await settle()
    expect(h.logins).toHaveLength(1)
    expect(h.asked).toEqual([])
    h.setTokens({ corp: token(480) })
    h.logins[0]?.emit({ type: 'verified', account: '111111111111', arn: 'arn' } as never)
    await settle()
    expect(h.asked).toEqual(['deploy'])
    h.logins[0]?.finish()
    await settle()
    expect(h.asked).toEqual(['deploy'])
  })
})
