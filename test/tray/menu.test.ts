// The menu model: one row per token, ordered by urgency, found here by what they say and do
// (never by key: a renamed key must not let an absence check pass).

import { describe, expect, it } from 'vitest'
import { buildMenu, MAX_SESSION_ROWS, type MenuAction, type MenuItem, type MenuModel } from '../../src/tray/menu.ts'
import { iconFor } from '../../src/tray/icons.ts'
import { group, min, NOW, prof, view } from '../fakes/groups.ts'

const flat = (items: readonly MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flat(i.items ?? [])])
const titles = (items: readonly MenuItem[]) => items.filter((i) => !i.separator).map((i) => i.title)
/** The row whose title starts with `prefix`, anywhere in the tree. */
const row = (m: MenuModel, prefix: string) => flat(m.items).find((i) => i.title.startsWith(prefix))
/** Every item that would send this action. */
const acting = (m: MenuModel, a: MenuAction) => flat(m.items).filter((i) => JSON.stringify(i.action) === JSON.stringify(a))

describe('buildMenu', () => {
  it('top: summary and Check all; then one row per session, most urgent first, with symbol, name, time and profile count', () => {
    const m = buildMenu(
      view([group('corp', 'valid', min(192), ['dev', 'prod']), group('data', 'expired', min(-119), ['etl', 'bi']), group('ops', 'expiring', min(9))]),
      NOW,
    )
    expect(titles(m.items)).toEqual([
      '1 session needs login, 1 expiring',
      'Check all profiles',
      '✕ data — expired 1h 59m ago · 2 profiles',
      '◐ ops — 9m left · 1 profile',
      '● corp — 3h 12m · 2 profiles',
      'Refresh',
      'Open AWS config',
      'Settings',
      'Quit',
    ])
    expect(m.icon).toBe('login')
    expect([row(m, '◐ ops')?.icon, row(m, 'ops')?.icon]).toEqual(['expiring', 'expiring'])
    expect(m.title).toBe('1 session needs login, 1 expiring')
    expect(m.tooltip).toBe('AWS SSO: 1 session needs login, 1 expiring; next expiry: ops in 9m')
  })

  it('orders needs login, expiring, error, login running, then usable by time left', () => {
    const groups = [
      group('late', 'valid', min(300)),
      group('soon', 'valid', min(60)),
      group('busy', 'expired', min(-1)),
      group('broken', 'invalid', null),
      group('warn', 'expiring', min(5)),
      group('gone', 'missing', null),
      group('fresh', 'refreshable', min(10)),
    ]
    const m = buildMenu(view(groups, { logins: { 'sso-session:busy': { profile: 'busy', phase: 'waiting-user', url: 'https://x/', userCode: null } } }), NOW)
    const names = m.items.filter((i) => i.items && i.title.includes(' — ')).map((i) => i.title.split(' ')[1])
    expect(names).toEqual(['gone', 'warn', 'broken', 'busy', 'fresh', 'soon', 'late'])
  })

  it('a session submenu: Log in, then each profile with account, role, Verify, Copy export and Open console', () => {
    const m = buildMenu(view([group('corp', 'expired', min(-5), ['dev', 'prod'])]), NOW)
    const session = row(m, '✕ corp')
    expect(titles(session?.items ?? [])).toEqual(['Log in', 'dev', 'prod'])
    expect(session?.items?.[0]).toMatchObject({ enabled: true, action: { type: 'login', group: 'sso-session:corp' } })
    const dev = session?.items?.find((i) => i.title === 'dev')
    expect(titles(dev?.items ?? [])).toEqual(['Account 111111111111 / Admin', 'Verify', 'Copy export AWS_PROFILE=dev', 'Open console'])
    expect(acting(m, { type: 'copy-export', profile: 'prod' })).toHaveLength(1)
    expect(acting(m, { type: 'verify', profile: 'dev' })).toHaveLength(1)
  })

  it('while a login waits: its lines replace Log in, with the device code; ⋯ distinct from ↻', () => {
    const g = group('corp', 'expired', min(-1), ['dev', 'prod'])
    const idle = buildMenu(view([g]), NOW)
    for (const t of ['copy-url', 'open-url', 'confirm', 'cancel'] as const) expect(acting(idle, { type: t, group: g.id })).toEqual([])
    expect(flat(idle.items).some((i) => i.title.startsWith('Code:'))).toBe(false)

    const busy = buildMenu(view([g], { logins: { [g.id]: { profile: 'dev', phase: 'waiting-user', url: 'https://device.sso/', userCode: 'ABCD-EFGH' } } }), NOW)
    expect(busy.icon).toBe('busy')
    const session = row(busy, '… corp')
    expect(session?.title).toBe('… corp — waiting for the browser… · 2 profiles')
    expect(titles(session?.items ?? []).slice(0, 6)).toEqual([
      'Waiting for the browser…',
      'Code: ABCD-EFGH',
      'Copy login URL',
      'Open login URL',
      "I've completed login",
      'Cancel login',
    ])
    expect(acting(busy, { type: 'confirm', group: g.id })).toHaveLength(1)
    expect(acting(busy, { type: 'login', group: g.id })).toEqual([])
    expect(buildMenu(view([group('r', 'refreshable', min(-3))]), NOW).items.find((i) => i.title.includes(' r '))?.title).toBe(
      '↻ r — refreshes silently · 1 profile',
    )
  })

  it('a failed check shows on the profile and its session row until a success or a new token', () => {
    const g = group('corp', 'valid', min(190), ['dev', 'prod'])
    const token = `${g.id}|${g.expiresAt}`
    const failed = { ok: false, text: 'Token has expired and refresh failed (auth-expired)', at: min(-2), running: false, token }
    const m = buildMenu(view([g], { verifies: { prod: failed } }), NOW)
    expect(row(m, '● corp')?.title).toBe('● corp — 3h 10m · 2 profiles, 1 check failed')
    const prod = row(m, '⚠ prod')
    expect(titles(prod?.items ?? [])).toContain('Check failed 2m ago: Token has expired and refresh failed (auth-expired)')
    const renewed = group('corp', 'valid', min(480), ['dev', 'prod'])
    const after = buildMenu(view([renewed], { verifies: { prod: failed } }), NOW)
    expect(row(after, '● corp')?.title).toBe('● corp — 8h 00m · 2 profiles')
    expect(row(after, '⚠ prod')).toBeUndefined()
    const ok = buildMenu(view([g], { verifies: { prod: { ...failed, ok: true, text: '111111111111 Admin/x' } } }), NOW)
    expect(row(ok, '● corp')?.title).toBe('● corp — 3h 10m · 2 profiles')
  })

  it('shows check progress, then a summary naming the failures', () => {
    const groups = [group('corp', 'valid', min(60), ['dev', 'prod'])]
    const running = buildMenu(view(groups, { check: { queue: ['x'], inFlight: ['prod'], total: 40, done: 12, failed: [], finishedAt: null } }), NOW)
    // The same item (same key) while it runs, and no result line until it has one.
    expect(acting(running, { type: 'check-all' })).toMatchObject([{ key: 'check-all', title: 'Checking 12/40…', enabled: false }])
    expect(titles(running.items).filter((t) => t.startsWith('Last check'))).toEqual([])
    const done = buildMenu(view(groups, { check: { queue: [], inFlight: [], total: 40, done: 40, failed: ['prod', 'qa'], finishedAt: min(-2) } }), NOW)
    expect(acting(done, { type: 'check-all' })).toMatchObject([{ title: 'Check all profiles', enabled: true }])
    expect(titles(done.items)).toContain('Last check 2m ago: 2 of 40 failed (prod, qa)')
  })

  it('counts errors as the rows show them: a session in error is one, whatever its profiles', () => {
    const m = buildMenu(view([group('research', 'invalid', null, ['r1', 'r2', 'r3']), group('corp', 'valid', min(192), ['dev'])]), NOW)
    expect(titles(m.items)[0]).toBe('1 error')
  })

  it('shows a profile config error on its profile and the file error at the top', () => {
    const g = group('corp', 'valid', min(60), ['dev', 'ok'])
    g.profiles = [prof('dev', { error: 'missing sso_role_name' }), prof('ok')]
    const m = buildMenu(
      view([g], {
        data: {
          warnMs: 15 * 60_000,
          configFile: 'c',
          profiles: [],
          tokens: new Map(),
          configErrors: [{ file: '/h/.aws/config', line: 7, message: 'duplicate section' }],
        },
      }),
      NOW,
    )
    expect(row(m, '● corp')?.title).toBe('● corp — 1h 00m · 2 profiles, 1 broken')
    expect(titles(row(m, '⚠ dev')?.items ?? [])).toContain('⚠ missing sso_role_name')
    expect(row(m, '⚠ dev')?.items?.find((i) => i.title === 'Verify')?.enabled).toBe(false)
    expect(titles(m.items)).toContain('⚠ /h/.aws/config:7: duplicate section')
    expect(m.icon).toBe('error')
  })

  it('offers snooze, then resume while snoozed (no hidden items anywhere)', () => {
    const groups = [group('corp', 'valid', min(60))]
    const plain = buildMenu(view(groups), NOW)
    expect(acting(plain, { type: 'resume-notifications' })).toEqual([])
    expect(flat(plain.items).some((i) => i.hidden)).toBe(false)
    const m = buildMenu(view(groups, { snoozes: { '*': min(45) } }), NOW)
    expect(titles(row(m, 'Settings')?.items ?? [])).toEqual([
      'Warn 15m before expiry',
      'Notifications snoozed for 45m',
      'Resume notifications',
      'Edit settings…',
    ])
    expect(acting(m, { type: 'snooze', minutes: 60 })).toEqual([])
  })

  it('says what to do with no profiles', () => {
    const m = buildMenu(view([]), NOW)
    expect(titles(m.items)).toEqual([
      'No SSO profiles',
      'Check all profiles',
      'No SSO profiles. Create one with: aws configure sso',
      'Refresh',
      'Open AWS config',
      'Settings',
      'Quit',
    ])
    expect(m.icon).toBe('none')
    expect(acting(m, { type: 'check-all' })[0]?.enabled).toBe(false)
    expect(m.activate).toEqual({ type: 'refresh' })
  })

  it('past about 25 sessions the usable ones fold into one submenu; the bottom items stay', () => {
    const usable = Array.from({ length: 1000 }, (_, i) => group(`s${String(i).padStart(4, '0')}`, 'valid', min(60 + i)))
    const m = buildMenu(view([group('x', 'expired', min(-1)), ...usable, group('y', 'expiring', min(3))]), NOW)
    expect(m.items.length).toBeLessThanOrEqual(MAX_SESSION_ROWS + 8) // fits an 800 px screen
    expect(titles(m.items)).toEqual([
      '1 session needs login, 1 expiring',
      'Check all profiles',
      '✕ x — expired 1m ago · 1 profile',
      '◐ y — 3m left · 1 profile',
      '1000 more sessions',
      'Refresh',
      'Open AWS config',
      'Settings',
      'Quit',
    ])
    expect(row(m, '1000 more sessions')?.items?.[0]?.title).toBe('● s0000 — 1h 00m · 1 profile')
    const few = buildMenu(view(usable.slice(0, MAX_SESSION_ROWS)), NOW)
    expect(few.items.some((i) => i.title.endsWith('more sessions'))).toBe(false)
  })

  it('left click: reopens a waiting login page, else logs in the most urgent session, else refreshes', () => {
    const a = group('a', 'expiring', min(5))
    const b = group('b', 'expired', min(-5))
    expect(buildMenu(view([a, b]), NOW).activate).toEqual({ type: 'login', group: b.id })
    expect(buildMenu(view([a]), NOW).activate).toEqual({ type: 'login', group: a.id })
    expect(buildMenu(view([group('c', 'valid', min(60))]), NOW).activate).toEqual({ type: 'refresh' })
    const logins = { [b.id]: { profile: 'b', phase: 'waiting-user' as const, url: 'https://x/', userCode: null } }
    expect(buildMenu(view([a, b], { logins }), NOW).activate).toEqual({ type: 'open-url', group: b.id })
  })

  it('past the row limit with more urgent sessions than rows: all but one row urgent, the rest folded', () => {
    const urgent = Array.from({ length: 30 }, (_, i) => group(`u${String(i).padStart(2, '0')}`, 'expired', min(-1 - i)))
    const fine = Array.from({ length: 5 }, (_, i) => group(`f${i}`, 'valid', min(60 + i)))
    const m = buildMenu(view([...urgent, ...fine]), NOW)
    const sessions = m.items.filter((i) => i.title.includes(' — '))
    expect(sessions).toHaveLength(MAX_SESSION_ROWS - 1)
    expect(row(m, '11 more sessions')).toMatchObject({ key: 'more-sessions', enabled: true, action: null })
  })

  it('a reason shows only on a session in error; a probe failure only on a refreshable one', () => {
    const probes = (id: string) => ({ [id]: { token: 't', attempts: 1, nextAt: min(2), running: false, lastError: 'offline' } })
    const valid = group('v', 'valid', min(60), ['v'], { reason: 'stale reason' })
    const m = buildMenu(view([valid], { probes: probes(valid.id) }), NOW)
    expect(flat(m.items).filter((i) => i.title.includes('stale reason') || i.title.includes('Quiet refresh failed'))).toEqual([])
    // A session in error without a known reason has no reason line.
    const unexplained = buildMenu(view([group('x', 'invalid', null)]), NOW)
    expect(flat(unexplained.items).filter((i) => i.title.startsWith('⚠ ') && !i.title.includes(' — '))).toEqual([])
  })

  it('Open console needs a usable token when no login is possible (no login profile)', () => {
    const enabled = (state: 'valid' | 'expiring' | 'refreshable' | 'expired') =>
      buildMenu(view([group('c', state, min(state === 'expired' ? -5 : 10), ['c'], { loginProfile: null })]), NOW)
    for (const s of ['valid', 'expiring', 'refreshable'] as const) expect(acting(enabled(s), { type: 'console', profile: 'c' })[0]?.enabled, s).toBe(true)
    expect(acting(enabled('expired'), { type: 'console', profile: 'c' })[0]?.enabled).toBe(false)
  })

  it('summary: a session whose every profile is broken needs no login; one profile is "profile"; the next known expiry', () => {
    const allBroken = group('b', 'expired', min(-5), ['b'])
    allBroken.profiles = [prof('b', { error: 'sso_role_name is missing' })]
    expect(buildMenu(view([allBroken]), NOW).title).toBe('1 error')
    const oneFine = group('m', 'expired', min(-5), ['m1', 'm2'])
    oneFine.profiles = [prof('m1', { error: 'sso_role_name is missing' }), prof('m2')]
    expect(buildMenu(view([oneFine]), NOW).title).toBe('1 session needs login, 1 error')
    expect(titles(buildMenu(view([group('a', 'valid', min(60))]), NOW).items)[0]).toBe('All 1 SSO profile ready')
    const m = buildMenu(view([group('n', 'valid', null), group('a', 'valid', min(60))]), NOW)
    expect(m.tooltip).toBe('AWS SSO: All 2 SSO profiles ready; next expiry: a in 1h 00m')
  })

  it('has no module-level memory: the same state gives equal models, built afresh', () => {
    const v = view([group('corp', 'valid', min(90), ['r1'])])
    const a = buildMenu(v, NOW)
    const b = buildMenu(v, NOW)
    expect(b).toEqual(a)
    expect(b.items).not.toBe(a.items)
  })
})

describe('iconFor (precedence)', () => {
  const err = [{ file: 'f', line: 1, message: 'm' }]
  const broken = group('bad', 'invalid', null, ['bad'], { reason: 'sso_session does-not-exist is not defined' })
  it.each([
    ['all valid', [group('a', 'valid', min(60))], [], 'ok'],
    ['refreshable counts as fine', [group('a', 'valid', min(60)), group('b', 'refreshable', min(-1))], [], 'ok'],
    ['expiring over valid', [group('a', 'valid', min(60)), group('b', 'expiring', min(5))], [], 'expiring'],
    ['needs login over expiring', [group('a', 'expiring', min(5)), group('b', 'missing', null)], [], 'login'],
    ['needs login over a broken profile', [group('a', 'expired', min(-5)), broken], [], 'login'],
    ['expiring over a broken profile', [group('a', 'expiring', min(5)), broken], [], 'expiring'],
    ['needs login over a config error', [group('a', 'expired', min(-5))], err, 'login'],
    ['a config error over fine tokens', [group('a', 'valid', min(60))], err, 'error'],
    ['a broken profile over fine tokens', [group('a', 'valid', min(60)), broken], [], 'error'],
    ['no profiles, config error', [], err, 'error'],
    ['no profiles', [], [], 'none'],
  ] as const)('%s', (_, groups, configErrors, icon) => {
    expect(iconFor([...groups], {}, [...configErrors])).toBe(icon)
  })
  it("a profile's own config error is the profile's problem, not the token's", () => {
    const withBroken = (state: 'valid' | 'expired', names: string[], brokenNames: string[]) =>
      group('a', state, min(state === 'valid' ? 60 : -5), names, {
        profiles: names.map((n) => prof(n, brokenNames.includes(n) ? { error: 'sso_role_name is missing' } : {})),
      })
    // Every profile of an expired token broken: nothing to log in with, so the broken config shows.
    expect(iconFor([withBroken('expired', ['x', 'y'], ['x', 'y'])], {}, [])).toBe('error')
    // One profile still fine: the token needs a login.
    expect(iconFor([withBroken('expired', ['x', 'y'], ['x'])], {}, [])).toBe('login')
    // A fine token with one broken profile.
    expect(iconFor([withBroken('valid', ['x', 'y'], ['y'])], {}, [])).toBe('error')
    expect(iconFor([withBroken('valid', ['x', 'y'], [])], {}, [])).toBe('ok')
  })

  it('a login in progress wins over everything', () => {
    const a = group('a', 'expired', min(-5))
    expect(iconFor([a, broken], { [a.id]: { profile: 'a', phase: 'waiting-url', url: null, userCode: null } }, err)).toBe('busy')
    expect(iconFor([a], { [a.id]: { profile: 'a', phase: 'failed', url: null, userCode: null } }, [])).toBe('login')
    // A verified login is over: the token's state shows again.
    const b = group('b', 'valid', min(60))
    expect(iconFor([b], { [b.id]: { profile: 'b', phase: 'verified', url: null, userCode: null } }, [])).toBe('ok')
  })
})
