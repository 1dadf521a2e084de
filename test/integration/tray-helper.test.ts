// The tray adapter against a fake helper that speaks systray2's protocol (no display needed).

import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createTrayHelper } from '../../src/adapters/tray-helper.ts'
import type { Tray } from '../../src/ports.ts'
import type { MenuAction } from '../../src/tray/menu.ts'
import { buildMenu } from '../../src/tray/menu.ts'
import { group, min, NOW, view } from '../fakes/groups.ts'

const FAKE = path.join(import.meta.dirname, '../fixtures/bin/fake-tray-helper')
const ASSETS = path.join(import.meta.dirname, '../../assets')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-helper-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

async function waitFor<T>(fn: () => T | undefined | false, ms = 8000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

let n = 0
function setup(mode = 'ok', env: Record<string, string> = { DISPLAY: ':99' }, platform: NodeJS.Platform = 'linux') {
  const dir = path.join(root, String(n++))
  mkdirSync(dir)
  const log = path.join(dir, 'stdin.log')
  const clicks = path.join(dir, 'clicks')
  const problems: string[] = []
  const logs: string[] = []
  const actions: MenuAction[] = []
  const tray: Tray = createTrayHelper({
    platform,
    env: { ...env, FAKE_TRAY_LOG: log, FAKE_TRAY_CLICKS: clicks, FAKE_TRAY_MODE: mode, PATH: process.env.PATH },
    assetsDir: ASSETS,
    binPath: FAKE,
    cacheDir: dir,
    log: (m) => logs.push(m),
    onUnavailable: (m) => problems.push(m),
  })
  tray.onAction((a) => actions.push(a))
  // Complete lines only: the fake may be half-way through appending the last one.
  const lines = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .slice(0, -1)
          .map((l) => JSON.parse(l) as Record<string, unknown>)
      : []
  const starts = () => (existsSync(`${log}.starts`) ? Number(readFileSync(`${log}.starts`, 'utf8')) : 0)
  const click = (id: number) => appendFileSync(clicks, `${id}\n`)
  return { tray, lines, starts, click, problems, logs, actions }
}

type Wire = { title: string; enabled: boolean; hidden: boolean; __id: number; items?: Wire[]; checked?: boolean; icon?: string; isTemplateIcon?: boolean }
const flat = (items: Wire[]): Wire[] => items.flatMap((i) => [i, ...flat(i.items ?? [])])
const idOf = (menu: { items: Wire[] }, title: string) => flat(menu.items).find((i) => i.title === title)?.__id ?? -1

const valid = () => buildMenu(view([group('corp', 'valid', min(60), ['dev', 'prod'])]), NOW)
const expired = () => buildMenu(view([group('corp', 'expired', min(-1), ['dev', 'prod'])]), NOW)

describe('tray helper adapter (fake helper)', () => {
  it('sends the whole menu once ready: fresh items with ids, no `checked`, no title on Linux, the icon bytes', async () => {
    const t = setup()
    t.tray.render(valid())
    const [menu] = await waitFor(() => t.lines().length > 0 && t.lines())
    const m = menu as { icon: string; title: string; tooltip: string; items: Wire[] }
    expect(m.title).toBe('')
    expect(m.tooltip).toBe('AWS SSO: All 2 SSO profiles ready; next expiry: corp in 1h 00m')
    expect(Buffer.from(m.icon, 'base64').equals(readFileSync(path.join(ASSETS, 'ok.png')))).toBe(true)
    const all = flat(m.items)
    expect(all.map((i) => i.__id)).toEqual(all.map((_, i) => i + 1)) // pre-order, from 1
    expect(all.some((i) => 'checked' in i)).toBe(false)
    expect(all.filter((i) => i.title === '<SEPARATOR>').length).toBeGreaterThan(0)
    const session = all.find((i) => i.title === '● corp — 1h 00m · 2 profiles')
    // The helper draws <SEPARATOR> only at the top level: in a submenu it is a disabled line.
    expect(session?.items?.filter((c) => !c.hidden).map((c) => c.title)).toEqual(['Log in', '────────────', 'dev', 'prod'])
    expect(session?.items?.find((c) => c.title === '────────────')?.enabled).toBe(false)
    // Spare slots, hidden, so a growing menu needs no new helper.
    expect(session?.items?.filter((c) => c.hidden).length).toBeGreaterThan(0)
    expect(
      session?.items
        ?.find((c) => c.title === 'dev')
        ?.items?.filter((c) => !c.hidden)
        .map((c) => c.title),
    ).toEqual(['Account 111111111111 / Admin', 'Verify', 'Copy export AWS_PROFILE=dev', 'Open console'])
    expect(t.logs.some((l) => l.includes('Gtk-WARNING'))).toBe(true) // stderr drained and logged
    await t.tray.dispose()
  })

  it('then sends only what changed: update-item by id, update-menu for a new icon', async () => {
    const t = setup()
    t.tray.render(valid())
    await waitFor(() => t.lines().length === 1)
    t.tray.render(valid()) // nothing changed: nothing sent
    t.tray.render(expired())
    await t.tray.dispose() // `exit` is the last line: everything before it has arrived
    const lines = await waitFor(() => t.lines().some((l) => l.type === 'exit') && t.lines())
    const updates = lines.slice(1, -1)
    expect(lines[0]).toHaveProperty('items')
    const items = updates.filter((u) => u.type === 'update-item').map((u) => u.item as Wire)
    expect(items.map((i) => i.title)).toEqual(['1 session needs login', '✕ corp — expired 1m ago · 2 profiles'])
    expect(updates.every((u) => u.type !== 'update-item' || u.seq_id === -1)).toBe(true)
    const menuUpdate = updates.find((u) => u.type === 'update-menu') as { menu: { icon: string } }
    expect(Buffer.from(menuUpdate.menu.icon, 'base64').equals(readFileSync(path.join(ASSETS, 'login.png')))).toBe(true)
  })

  it('turns clicks into actions, once per double delivery, ignoring disabled lines and submenu parents', async () => {
    const t = setup()
    t.tray.render(valid())
    const [menu] = await waitFor(() => t.lines().length > 0 && t.lines())
    const m = menu as { items: Wire[] }
    const loginId = idOf(m, 'Log in')
    t.click(loginId)
    t.click(loginId) // XEmbed hosts deliver submenu clicks twice
    t.click(idOf(m, '● corp — 1h 00m · 2 profiles')) // a parent (hover on some hosts)
    t.click(idOf(m, 'All 2 SSO profiles ready')) // disabled information line
    t.click(flat(m.items).find((i) => i.hidden)?.__id ?? -1) // a spare slot
    t.click(idOf(m, 'Check all profiles'))
    t.click(idOf(m, 'Quit')) // clicks arrive in order: once Quit is here, the others were handled
    await waitFor(() => t.actions.some((a) => a.type === 'quit'))
    expect(t.actions).toEqual([{ type: 'login', group: 'sso-session:corp' }, { type: 'check-all' }, { type: 'quit' }])
    await t.tray.dispose()
  })

  it('grows into its spare slots in place; starts a new helper only when the menu outgrows them', async () => {
    const t = setup()
    t.tray.render(valid())
    await waitFor(() => t.lines().length === 1)
    t.tray.render(buildMenu(view([group('corp', 'valid', min(60), ['dev', 'prod', 'qa'])]), NOW))
    const shown = await waitFor(() => t.lines().find((l) => l.type === 'update-item' && (l.item as Wire).title === 'qa'))
    expect((shown.item as Wire).hidden).toBe(false)
    // A login's lines replace "Log in" in place too.
    const logins = { 'sso-session:corp': { profile: 'dev', phase: 'waiting-user' as const, url: 'https://x/', userCode: 'ABCD-EFGH' } }
    t.tray.render(buildMenu(view([group('corp', 'expired', min(-1), ['dev', 'prod', 'qa'])], { logins }), NOW))
    await waitFor(() => t.lines().find((l) => l.type === 'update-item' && (l.item as Wire).title === "I've completed login"))
    expect(t.starts()).toBe(1)
    const many = ['a', 'b', 'c', 'd'].map((n) => group(n, 'valid', min(60)))
    t.tray.render(buildMenu(view(many), NOW))
    await waitFor(() => t.starts() === 2 && t.lines().filter((l) => 'items' in l).length === 2)
    const menus = t.lines().filter((l) => 'items' in l)
    expect(flat((menus[1] as { items: Wire[] }).items).some((i) => i.title === '● d — 1h 00m · 1 profile')).toBe(true)
    expect(t.lines().some((l) => l.type === 'exit')).toBe(true) // the old helper was told to exit
    await t.tray.dispose()
  })

  it('restarts a helper that dies, and shows the latest menu again', async () => {
    const t = setup('crash-once')
    t.tray.render(valid())
    await waitFor(() => t.starts() === 1 && t.lines().length === 1)
    t.tray.render(expired()) // arrives while the helper is dead or restarting
    await waitFor(() => t.lines().filter((l) => 'items' in l).length === 2, 10_000)
    expect(t.starts()).toBe(2)
    const last = t
      .lines()
      .filter((l) => 'items' in l)
      .pop() as { items: Wire[] }
    expect(flat(last.items).some((i) => i.title === '✕ corp — expired 1m ago · 2 profiles')).toBe(true)
    expect(t.logs.some((l) => l.startsWith('tray helper exited (2)'))).toBe(true)
    expect(t.problems).toEqual([])
    await t.tray.dispose()
  })

  it('names the fix when the helper cannot load its libraries, after a few tries', async () => {
    const t = setup('missing-lib')
    t.tray.render(valid())
    const [problem] = await waitFor(() => t.problems.length > 0 && t.problems, 15_000)
    expect(problem, t.logs.join('\n')).toMatch(/sudo apt-get install -y libayatana-appindicator3-1 libgtk-3-0/)
    expect(problem).toMatch(/libappindicator3\.so\.1/)
    expect(t.starts()).toBe(3)
    await t.tray.dispose()
  })

  it('on macOS: template icons (shape only), per-row state icons and the summary as menu-bar title', async () => {
    const t = setup('ok', {}, 'darwin')
    t.tray.render(buildMenu(view([group('corp', 'valid', min(60), ['dev']), group('old', 'expired', min(-1), ['legacy'])]), NOW))
    const [menu] = await waitFor(() => t.lines().length > 0 && t.lines())
    const m = menu as { icon: string; title: string; isTemplateIcon: boolean; items: Wire[] }
    const png = (f: string) => readFileSync(path.join(ASSETS, f)).toString('base64')
    expect([m.title, m.isTemplateIcon, m.icon === png('login-template.png')]).toEqual(['1 session needs login', true, true])
    const rows = m.items.filter((i) => i.icon !== undefined)
    expect(rows.map((i) => [i.title, i.icon === png(i.title.startsWith('●') ? 'ok-template.png' : 'login-template.png'), i.isTemplateIcon])).toEqual([
      ['✕ old — expired 1m ago · 1 profile', true, true],
      ['● corp — 1h 00m · 1 profile', true, true],
    ])
    await t.tray.dispose()
  })

  it('without a display, says so at once and starts nothing', async () => {
    const t = setup('ok', {})
    t.tray.render(valid())
    expect(t.problems).toEqual(['no display (DISPLAY and WAYLAND_DISPLAY are unset): the tray needs a desktop session. Notifications and the CLI still work.'])
    expect(t.starts()).toBe(0)
    await t.tray.dispose()
  })
})
