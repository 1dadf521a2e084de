import { describe, expect, it } from 'vitest'
import { buildMenu, menuShape, type MenuItem } from '../../src/tray/menu.ts'
import { iconFor } from '../../src/tray/icons.ts'
import { group, min, NOW, prof, view } from '../fakes/groups.ts'

const find = (items: readonly MenuItem[], key: string): MenuItem => {
  for (const i of items) {
    if (i.key === key) return i
    const inner = i.items ? find(i.items, key) : undefined
    if (inner) return inner
  }
  return undefined as unknown as MenuItem
}
const visible = (i: MenuItem | undefined) => (i && !i.hidden ? i.title : undefined)

describe('buildMenu', () => {
  it('groups profiles by token, with state and time left as text and symbol', () => {
    const m = buildMenu(view([group('corp', 'valid', min(192), ['dev', 'prod']), group('old', 'expired', min(-5), ['legacy'])]), NOW)
    const titles = m.items.filter((i) => !i.hidden && !i.separator).map((i) => i.title)
    expect(titles.slice(0, 6)).toEqual([
      '1 needs login',
      'sso-session corp · 2 profiles, one login',
      '● dev — 3h 12m',
      '● prod — 3h 12m',
      'sso-session old',
      '✕ legacy — expired 5m ago',
    ])
    expect(m.icon).toBe('login')
    expect(m.title).toBe('1 needs login')
    expect(m.tooltip).toBe('AWS SSO: 1 needs login; next expiry: dev in 3h 12m')
  })

  it('says refreshable tokens refresh silently, and shows expiring ones with a half symbol', () => {
    const m = buildMenu(view([group('a', 'refreshable', min(-3)), group('b', 'expiring', min(9))]), NOW)
    expect(visible(find(m.items, 'profile:a'))).toBe('↻ a — refreshes silently')
    expect(visible(find(m.items, 'profile:b'))).toBe('◐ b — 9m left')
    expect(m.icon).toBe('expiring')
  })

  it('offers login-wait actions only while a login waits, with the device code', () => {
    const g = group('corp', 'expired', min(-1), ['dev', 'prod'])
    const idle = buildMenu(view([g]), NOW)
    expect(['copy', 'open', 'code', 'confirm', 'cancel'].map((k) => visible(find(idle.items, `profile:dev:${k}`)))).toEqual([undefined, undefined, undefined, undefined, undefined])
    expect(find(idle.items, 'profile:dev:login')).toMatchObject({ title: 'Log in', enabled: true, action: { type: 'login', profile: 'dev' } })

    const logins = new Map([[g.id, { profile: 'dev', phase: 'waiting-user' as const, url: 'https://device.sso/', userCode: 'ABCD-EFGH' }]])
    const busy = buildMenu(view([g], { logins }), NOW)
    expect(busy.icon).toBe('busy')
    expect(visible(find(busy.items, 'profile:dev'))).toBe('⟳ dev — waiting for the browser…')
    // The sibling sharing the token shows the same login: one login serves both.
    expect(visible(find(busy.items, 'profile:prod'))).toBe('⟳ prod — waiting for the browser…')
    expect(['copy', 'open', 'code', 'confirm', 'cancel'].map((k) => visible(find(busy.items, `profile:prod:${k}`)))).toEqual([
      'Copy login URL', 'Open login URL', 'Code: ABCD-EFGH', "I've completed login", 'Cancel login',
    ])
    expect(find(busy.items, 'profile:prod:confirm').action).toEqual({ type: 'confirm', group: g.id })
    expect(find(busy.items, 'profile:dev:login').enabled).toBe(false)
  })

  it('keeps one shape for one profile set, whatever the state', () => {
    const g = (s: 'valid' | 'expired') => group('corp', s, min(s === 'valid' ? 60 : -1), ['dev', 'prod'])
    const a = buildMenu(view([g('valid')]), NOW)
    const logins = new Map([['sso-session:corp', { profile: 'dev', phase: 'waiting-user' as const, url: 'u', userCode: null }]])
    const b = buildMenu(view([g('expired')], { logins, check: { running: true, done: 1, total: 2 }, problem: 'x', snoozedUntil: min(30), configErrors: [{ file: 'f', line: 1, message: 'm' }] }), NOW)
    expect(menuShape(b.items)).toBe(menuShape(a.items))
    expect(menuShape(buildMenu(view([group('corp', 'valid', min(60), ['dev'])]), NOW).items)).not.toBe(menuShape(a.items))
  })

  it('shows check progress, then a summary naming the failures', () => {
    const groups = [group('corp', 'valid', min(60), ['dev', 'prod'])]
    const running = buildMenu(view(groups, { check: { running: true, done: 12, total: 40 } }), NOW)
    expect(find(running.items, 'check-all')).toMatchObject({ title: 'Checking 12/40…', enabled: false })
    const done = buildMenu(view(groups, { check: { running: false, total: 40, failed: ['prod', 'qa'], at: min(-2) } }), NOW)
    expect(find(done.items, 'check-all')).toMatchObject({ title: 'Check all profiles', enabled: true })
    expect(visible(find(done.items, 'check-result'))).toBe('Last check (2m ago): 2 of 40 failed (prod, qa)')
  })

  it('shows a profile config error on its row and the file error at the top', () => {
    const g = group('corp', 'valid', min(60), ['dev'])
    g.profiles = [prof('dev', { error: 'missing sso_role_name' })]
    const m = buildMenu(view([g], { configErrors: [{ file: '/h/.aws/config', line: 7, message: 'duplicate section' }] }), NOW)
    expect(visible(find(m.items, 'profile:dev'))).toBe('⚠ dev — error')
    expect(visible(find(m.items, 'profile:dev:error'))).toBe('⚠ missing sso_role_name')
    expect(visible(find(m.items, 'config-error'))).toBe('⚠ /h/.aws/config:7: duplicate section')
    expect(find(m.items, 'profile:dev:login').enabled).toBe(false)
    expect(m.icon).toBe('error')
  })

  it('offers snooze, then resume while snoozed', () => {
    const groups = [group('corp', 'valid', min(60))]
    expect(visible(find(buildMenu(view(groups), NOW).items, 'settings:resume'))).toBeUndefined()
    const m = buildMenu(view(groups, { snoozedUntil: min(45) }), NOW)
    expect(find(m.items, 'settings:snooze')).toMatchObject({ title: 'Notifications snoozed for 45m', enabled: false })
    expect(visible(find(m.items, 'settings:resume'))).toBe('Resume notifications')
  })

  it('says what to do with no profiles', () => {
    const m = buildMenu(view([]), NOW)
    expect(m.items[0]?.title).toBe('No SSO profiles')
    expect(visible(find(m.items, 'empty'))).toBe('No SSO profiles. Create one with: aws configure sso')
    expect(m.icon).toBe('none')
    expect(find(m.items, 'check-all').enabled).toBe(false)
  })
})

describe('iconFor', () => {
  it.each([
    [[group('a', 'valid', min(60))], 'ok'],
    [[group('a', 'valid', min(60)), group('b', 'refreshable', min(-1))], 'ok'],
    [[group('a', 'valid', min(60)), group('b', 'expiring', min(5))], 'expiring'],
    [[group('a', 'expiring', min(5)), group('b', 'missing', null)], 'login'],
    [[group('a', 'missing', null), group('b', 'invalid', null)], 'error'],
  ] as const)('%#: worst state wins', (groups, icon) => {
    expect(iconFor(view([...groups]))).toBe(icon)
  })
})

describe('time texts', () => {
  it('count from the whole minute, so all rows change together and never show stale seconds', () => {
    const groups = [group('a', 'valid', min(90) + 40_000), group('b', 'expiring', min(0) + 30_000), group('c', 'expired', min(0) - 20_000)]
    const m = buildMenu(view(groups), NOW + 45_000) // 12:00:45
    expect(['profile:a', 'profile:b', 'profile:c'].map((k) => visible(find(m.items, k)))).toEqual([
      '● a — 1h 30m', '◐ b — under 1m left', '✕ c — expired under 1m ago',
    ])
  })
})

describe('submenu reuse', () => {
  it('returns the same submenu objects while a profile\'s actions do not change, new ones when they do', () => {
    const g = group('reuse', 'valid', min(90), ['r1'])
    const a = find(buildMenu(view([g]), NOW).items, 'profile:r1')
    const b = find(buildMenu(view([g]), NOW + 60_000).items, 'profile:r1')
    expect(b.title).not.toBe(a.title) // the time text moved on
    expect(b.items).toBe(a.items) // its actions did not
    const logins = new Map([[g.id, { profile: 'r1', phase: 'waiting-user' as const, url: 'https://x/', userCode: 'AAAA-BBBB' }]])
    const c = find(buildMenu(view([g], { logins }), NOW + 60_000).items, 'profile:r1')
    expect(c.items).not.toBe(a.items)
    expect(c.items?.find((i) => i.key === 'profile:r1:code')?.title).toBe('Code: AAAA-BBBB')
  })
})
