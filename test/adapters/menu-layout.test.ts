// The dbusmenu layout: key → id stability, revisions only for shape changes, property diffs only
// for what changed, and which ids a click may act on. No D-Bus.

import { describe, expect, it } from 'vitest'
import { escapeLabel, MenuLayout, propsOf, ROOT_ID } from '../../src/adapters/dbus/menu-layout.ts'
import type { Item as MenuItem } from '../../src/adapters/dbus/tray-types.ts'

const item = (key: string, title: string, extra: Partial<MenuItem> = {}): MenuItem => ({
  key,
  title,
  enabled: true,
  hidden: false,
  separator: false,
  action: { type: 'refresh' },
  ...extra,
})
const sep = (key: string): MenuItem => ({ key, title: '', enabled: false, hidden: false, separator: true, action: null })
const profile = (name: string, left: string, sub?: MenuItem[]): MenuItem =>
  item(`profile:${name}`, `● ${name} — ${left}`, { action: null, items: sub ?? [item(`profile:${name}:login`, 'Log in', { action: { type: 'check-all' } })] })
const menu = (...profiles: MenuItem[]) => [
  item('summary', 'All fine', { enabled: false, action: null }),
  sep('sep'),
  ...profiles,
  item('quit', 'Quit', { action: { type: 'quit' } }),
]

describe('menu layout', () => {
  it('the first render is a layout (revision 1), with props only where they differ from the defaults', () => {
    const l = new MenuLayout()
    const c = l.update(menu(profile('dev', '1h')))
    expect(c).toEqual({ layout: { revision: 1, parent: ROOT_ID }, updated: [], removed: [] })
    const id = (k: string) => l.idOf(k) as number
    expect(l.root.children).toEqual(['summary', 'sep', 'profile:dev', 'quit'].map(id))
    expect(l.nodes.get(id('summary'))?.props).toEqual({ label: 'All fine', enabled: false })
    expect(l.nodes.get(id('sep'))?.props).toEqual({ type: 'separator' })
    expect(l.nodes.get(id('profile:dev'))?.props).toEqual({ label: '● dev — 1h', 'children-display': 'submenu' })
    expect(l.nodes.get(id('profile:dev'))?.children).toEqual([id('profile:dev:login')])
    expect(new Set([...l.nodes.keys()]).size).toBe(6)
  })

  it('a changed label, enabled or visible is a property update for that id only, with no new revision', () => {
    const l = new MenuLayout()
    l.update(menu(profile('dev', '1h'), profile('prod', '2h')))
    const ids = new Map(['profile:dev', 'profile:prod', 'quit', 'profile:dev:login'].map((k) => [k, l.idOf(k)]))
    const c = l.update(menu(profile('dev', '59m'), profile('prod', '2h')))
    expect(c.layout).toBeNull()
    expect(c.updated).toEqual([[l.idOf('profile:dev'), { label: '● dev — 59m' }]])
    expect(c.removed).toEqual([])
    for (const [k, id] of ids) expect(l.idOf(k)).toBe(id)
    // Disabled and hidden, then back: set as non-defaults, then removed (= default again).
    const off = l.update(menu(profile('dev', '59m', [item('profile:dev:login', 'Log in', { enabled: false, hidden: true })]), profile('prod', '2h')))
    expect(off).toEqual({ layout: null, updated: [[l.idOf('profile:dev:login'), { enabled: false, visible: false }]], removed: [] })
    const on = l.update(menu(profile('dev', '59m'), profile('prod', '2h')))
    expect(on).toEqual({ layout: null, updated: [], removed: [[l.idOf('profile:dev:login'), ['enabled', 'visible']]] })
    expect(l.revision).toBe(1)
  })

  it('an added profile is a new revision; existing keys keep their ids, the new ones get fresh ids', () => {
    const l = new MenuLayout()
    l.update(menu(profile('dev', '1h')))
    const before = { dev: l.idOf('profile:dev'), login: l.idOf('profile:dev:login'), quit: l.idOf('quit') }
    const maxBefore = Math.max(...l.nodes.keys())
    const c = l.update(menu(profile('dev', '1h'), profile('qa', '3h')))
    expect(c.layout).toEqual({ revision: 2, parent: ROOT_ID })
    expect({ dev: l.idOf('profile:dev'), login: l.idOf('profile:dev:login'), quit: l.idOf('quit') }).toEqual(before)
    expect(l.idOf('profile:qa')).toBeGreaterThan(maxBefore)
    expect(l.root.children.at(-2)).toBe(l.idOf('profile:qa'))
  })

  it('a removed profile drops its ids for good: a returning key gets a new id', () => {
    const l = new MenuLayout()
    l.update(menu(profile('dev', '1h'), profile('qa', '3h')))
    const qa = l.idOf('profile:qa') as number
    const qaLogin = l.idOf('profile:qa:login') as number
    expect(l.update(menu(profile('dev', '1h'))).layout).toEqual({ revision: 2, parent: ROOT_ID })
    expect(l.nodes.has(qa)).toBe(false)
    expect(l.nodes.has(qaLogin)).toBe(false)
    expect(l.clickable(qaLogin)).toBeNull()
    l.update(menu(profile('dev', '1h'), profile('qa', '3h')))
    expect(l.idOf('profile:qa')).not.toBe(qa)
  })

  it('a change inside one submenu names that submenu as the parent to re-read', () => {
    const l = new MenuLayout()
    l.update(menu(profile('dev', '1h')))
    const c = l.update(menu(profile('dev', '1h', [item('profile:dev:login', 'Log in'), item('profile:dev:cancel', 'Cancel login')])))
    expect(c.layout).toEqual({ revision: 2, parent: l.idOf('profile:dev') })
  })

  it('a reorder is a layout change with the same ids', () => {
    const l = new MenuLayout()
    l.update(menu(profile('a', '1h'), profile('b', '1h')))
    const [a, b] = [l.idOf('profile:a'), l.idOf('profile:b')]
    expect(l.update(menu(profile('b', '1h'), profile('a', '1h'))).layout?.revision).toBe(2)
    expect([l.idOf('profile:a'), l.idOf('profile:b')]).toEqual([a, b])
  })

  it('the same objects again (a memoised submenu) change nothing and keep their ids alive', () => {
    const l = new MenuLayout()
    const sub = [item('profile:dev:login', 'Log in')]
    l.update(menu(profile('dev', '1h', sub)))
    const c = l.update(menu(profile('dev', '59m', sub)))
    expect(c).toEqual({ layout: null, updated: [[l.idOf('profile:dev'), { label: '● dev — 59m' }]], removed: [] })
    expect(l.idOf('profile:dev:login')).toBeDefined()
    expect(l.update(menu(profile('dev', '59m', sub)))).toEqual({ layout: null, updated: [], removed: [] })
  })

  it('only enabled, visible leaves with an action are clickable (not parents, separators, info lines)', () => {
    const l = new MenuLayout()
    l.update(menu(profile('dev', '1h'), item('gone', 'Hidden', { hidden: true }), item('off', 'Off', { enabled: false })))
    expect(l.clickable(l.idOf('profile:dev:login') as number)?.action).toEqual({ type: 'check-all' })
    expect(l.clickable(l.idOf('quit') as number)?.action).toEqual({ type: 'quit' })
    for (const k of ['profile:dev', 'sep', 'summary', 'gone', 'off']) expect(l.clickable(l.idOf(k) as number)).toBeNull()
    expect(l.clickable(ROOT_ID)).toBeNull()
    expect(l.clickable(9999)).toBeNull()
  })

  it('a repeated key gets an id of its own instead of taking the first one', () => {
    const l = new MenuLayout()
    l.update([item('x', 'one'), item('x', 'two')])
    expect(new Set(l.root.children).size).toBe(2)
  })

  it('labels escape the mnemonic marker; separators carry no label', () => {
    expect(escapeLabel('dev_admin__x')).toBe('dev__admin____x')
    expect(propsOf(item('k', 'my_profile'))).toEqual({ label: 'my__profile' })
    expect(propsOf({ ...sep('s'), hidden: true })).toEqual({ type: 'separator', visible: false })
  })

  it('each shown field alone is a change: title, enabled, hidden, separator, having a submenu', () => {
    const base = item('k', 'Text', { action: { type: 'refresh' } })
    const variants: Array<[Partial<MenuItem>, object]> = [
      [{ title: 'Other' }, { label: 'Other' }],
      [{ enabled: false }, { enabled: false }],
      [{ hidden: true }, { visible: false }],
      [{ items: [] }, { 'children-display': 'submenu' }],
    ]
    for (const [change, props] of variants) {
      const l = new MenuLayout()
      l.update([base])
      const c = l.update([{ ...base, ...change }])
      expect(c.updated).toEqual([[l.idOf('k'), props]])
    }
    const l = new MenuLayout()
    l.update([base])
    expect(l.update([{ ...base, separator: true }])).toEqual({
      layout: null,
      updated: [[l.idOf('k'), { type: 'separator' }]],
      removed: [[l.idOf('k'), ['label']]],
    })
  })

  it('changes under two parents at once: the whole menu is re-read (parent 0)', () => {
    const l = new MenuLayout()
    l.update(menu(profile('a', '1h'), profile('b', '1h')))
    const more = (name: string) => [item(`profile:${name}:login`, 'Log in'), item(`profile:${name}:x`, 'More')]
    expect(l.update(menu(profile('a', '1h', more('a')), profile('b', '1h', more('b')))).layout).toEqual({ revision: 2, parent: ROOT_ID })
  })

  it('an empty menu is still a first layout', () => {
    expect(new MenuLayout().update([]).layout).toEqual({ revision: 1, parent: ROOT_ID })
  })

  it('repeated keys keep distinct ids, the same ones across renders', () => {
    const l = new MenuLayout()
    const three = () => [item('x', 'one'), item('x', 'two'), item('x', 'three')]
    l.update(three())
    const ids = [...l.root.children]
    expect(new Set(ids).size).toBe(3)
    expect(l.update(three()).layout).toBeNull()
    expect(l.root.children).toEqual(ids)
  })
})
