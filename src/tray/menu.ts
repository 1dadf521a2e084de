// buildMenu(view, now) → the whole tray menu as data (no systray2 types). Pure.
//
// The shape (keys and nesting) depends only on the profile set: every optional line exists in
// every render and is merely hidden, because the tray helper cannot add or remove items after
// start. A changed shape makes the adapter restart the helper.

import { formatDuration, formatRemainingMinutes as formatRemaining } from '../core/format.ts'
import { minuteOf } from '../core/schedule.ts'
import { profileState, type GroupProfile, type TokenGroup } from '../core/token-groups.ts'
import type { TokenState } from '../core/types.ts'
import { countNeedingLogin, iconFor, type IconName } from './icons.ts'
import type { LoginView, TrayView } from './view.ts'

export type MenuAction =
  | { type: 'login'; profile: string }
  | { type: 'verify'; profile: string }
  | { type: 'copy-url'; group: string }
  | { type: 'open-url'; group: string }
  | { type: 'confirm'; group: string }
  | { type: 'cancel'; group: string }
  | { type: 'check-all' }
  | { type: 'refresh' }
  | { type: 'open-config' }
  | { type: 'open-settings' }
  | { type: 'snooze'; minutes: number }
  | { type: 'resume-notifications' }
  | { type: 'quit' }

export interface MenuItem {
  /** Stable identity across renders; the adapter maps it to the helper's item ids. */
  key: string
  title: string
  enabled: boolean
  hidden: boolean
  separator: boolean
  action: MenuAction | null
  /** A per-item icon, for the OSes that show one (macOS); Linux ignores them. */
  icon?: IconName
  items?: MenuItem[]
}

export interface MenuModel {
  icon: IconName
  /** Short text next to the icon where the OS shows one (macOS); empty when all is well. */
  title: string
  tooltip: string
  items: MenuItem[]
}

const SYMBOL: Record<TokenState, string> = {
  valid: '●', refreshable: '↻', expiring: '◐', expired: '✕', missing: '○', invalid: '⚠',
}
const BUSY = '⟳'
const ROW_ICON: Record<TokenState, IconName> = {
  valid: 'ok', refreshable: 'ok', expiring: 'expiring', expired: 'login', missing: 'login', invalid: 'error',
}

export function buildMenu(view: TrayView, exactNow: number): MenuModel {
  // Texts count from the whole minute so that they all change together, once a minute (states
  // come from the view, computed at the exact time).
  const now = minuteOf(exactNow)
  // Only the profiles of this render keep their submenus (a removed profile's are dropped).
  const kept: Submenus = new Map()
  const summary = summarise(view, now)
  const items: MenuItem[] = [
    info('summary', summary.long),
    info('config-error', configErrorLine(view), view.configErrors.length === 0),
    info('problem', `⚠ ${view.problem ?? ''}`, view.problem === null),
    separator('sep-top'),
  ]
  view.groups.forEach((g, gi) => {
    if (gi > 0) items.push(separator(`sep-group:${g.id}`))
    items.push(info(`group:${g.id}`, groupTitle(g)))
    for (const p of g.profiles) items.push(profileItem(view, g, p, now, kept))
  })
  if (view.groups.length === 0) items.push(info('empty', 'No SSO profiles. Create one with: aws configure sso'))
  const check = view.check
  const snoozed = view.snoozedUntil !== null && view.snoozedUntil > now
  items.push(
    separator('sep-actions'),
    item('check-all', check?.running ? `Checking ${check.done}/${check.total}…` : 'Check all profiles', { type: 'check-all' }, { enabled: !check?.running && view.groups.length > 0 }),
    info('check-result', check && !check.running ? checkLine(check.total, check.failed, check.at, now) : '', !check || check.running),
    item('refresh', 'Refresh', { type: 'refresh' }),
    item('open-config', 'Open AWS config', { type: 'open-config' }),
    {
      ...item('settings', 'Settings', null),
      items: [
        info('settings:warn', `Warn ${formatDuration(view.warnMs)} before expiry`),
        item('settings:snooze', snoozed ? `Notifications snoozed for ${formatDuration((view.snoozedUntil ?? now) - now)}` : 'Snooze notifications for 1 h', { type: 'snooze', minutes: 60 }, { enabled: !snoozed }),
        item('settings:resume', 'Resume notifications', { type: 'resume-notifications' }, { hidden: !snoozed }),
        item('settings:edit', 'Edit settings…', { type: 'open-settings' }),
      ],
    },
    separator('sep-quit'),
    item('quit', 'Quit', { type: 'quit' }),
  )
  submenus = kept
  return { icon: iconFor(view), title: summary.short, tooltip: summary.tooltip, items }
}

/**
 * A profile's submenu changes only on a login, a verification or an error, not with the clock:
 * the same objects are returned while their inputs stay the same, so the adapter can skip them
 * (the once-a-minute update then touches only the row titles). Output is a function of input.
 */
type Submenus = Map<string, { key: string; items: MenuItem[] }>
let submenus: Submenus = new Map()

function profileItem(view: TrayView, g: TokenGroup, p: GroupProfile, now: number, kept: Submenus): MenuItem {
  const login = view.logins.get(g.id)
  const active = login !== undefined && login.phase !== 'verified' && login.phase !== 'failed'
  const waiting = active && login.url !== null
  const verify = view.verifies.get(p.name)
  const k = `profile:${p.name}`
  const canLogin = g.loginProfile !== null && p.error === null
  const state = profileState(g, p)
  const verifyText = verify && !verify.running ? `${verify.ok ? 'Verified' : 'Verify failed'} ${ago(now - verify.at)}: ${verify.text}` : ''
  const error = state === 'invalid' ? (p.error ?? g.reason) : null
  const key = [g.id, active ? `${login.phase}|${login.url ?? ''}|${login.userCode ?? ''}` : '', verify?.running ?? '', verifyText, error ?? '', canLogin, p.accountId, p.roleName, p.kind].join('\0')
  let memo = submenus.get(k)
  if (memo?.key !== key) {
    memo = {
      key,
      items: [
        item(`${k}:login`, active ? loginPhaseText(login) : 'Log in', { type: 'login', profile: p.name }, { enabled: canLogin && !active }),
        item(`${k}:verify`, verify?.running ? 'Verifying…' : 'Verify', { type: 'verify', profile: p.name }, { enabled: p.error === null && !verify?.running }),
        item(`${k}:copy`, 'Copy login URL', { type: 'copy-url', group: g.id }, { hidden: !waiting }),
        item(`${k}:open`, 'Open login URL', { type: 'open-url', group: g.id }, { hidden: !waiting }),
        info(`${k}:code`, `Code: ${login?.userCode ?? ''}`, !active || login.userCode === null),
        item(`${k}:confirm`, "I've completed login", { type: 'confirm', group: g.id }, { hidden: !waiting }),
        item(`${k}:cancel`, 'Cancel login', { type: 'cancel', group: g.id }, { hidden: !active }),
        info(`${k}:account`, accountLine(p), p.accountId === null && p.roleName === null),
        info(`${k}:verify-result`, verifyText, verifyText === ''),
        info(`${k}:error`, `⚠ ${error ?? ''}`, error === null),
      ],
    }
  }
  kept.set(k, memo)
  return {
    ...item(k, profileTitle(g, p, login, now), null),
    icon: active ? 'busy' : ROW_ICON[state],
    items: memo.items,
  }
}

export function profileTitle(g: TokenGroup, p: GroupProfile, login: LoginView | undefined, now: number): string {
  if (login && login.phase !== 'verified' && login.phase !== 'failed') return `${BUSY} ${p.name} — ${loginPhaseText(login).toLowerCase()}`
  const state = profileState(g, p)
  return `${SYMBOL[state]} ${p.name} — ${stateText(state, g.expiresAt, now)}`
}

function stateText(state: TokenState, expiresAt: number | null, now: number): string {
  const left = expiresAt === null ? '' : formatRemaining(expiresAt - now)
  switch (state) {
    case 'valid':
      return left
    case 'expiring':
      return `${left} left`
    case 'refreshable':
      return 'refreshes silently'
    case 'expired':
      return left || 'expired'
    case 'missing':
      return 'not logged in'
    case 'invalid':
      return 'error'
  }
}

function loginPhaseText(l: LoginView): string {
  switch (l.phase) {
    case 'waiting-url':
      return 'Starting login…'
    case 'waiting-user':
      return 'Waiting for the browser…'
    case 'verifying':
      return 'Verifying…'
    default:
      return 'Log in'
  }
}

/** No time here: the rows carry it, and a header that changed every minute would double the updates. */
function groupTitle(g: TokenGroup): string {
  const n = g.profiles.length
  return n === 1 ? g.label : `${g.label} · ${n} profiles, one login`
}

function accountLine(p: GroupProfile): string {
  return `${p.kind === 'chained' ? 'Role ' : ''}${p.accountId ?? '?'} / ${p.roleName ?? '?'}`
}

function configErrorLine(view: TrayView): string {
  const [first] = view.configErrors
  if (!first) return ''
  const more = view.configErrors.length > 1 ? ` (+${view.configErrors.length - 1} more)` : ''
  return `⚠ ${first.file}:${first.line}: ${first.message}${more}`
}

function checkLine(total: number, failed: readonly string[], at: number, now: number): string {
  const when = ago(now - at)
  if (failed.length === 0) return `Last check (${when}): all ${total} verified`
  const names = failed.slice(0, 3).join(', ') + (failed.length > 3 ? ', …' : '')
  return `Last check (${when}): ${failed.length} of ${total} failed (${names})`
}

function ago(ms: number): string {
  return ms < 60_000 ? 'just now' : `${formatDuration(ms)} ago`
}

interface Summary {
  short: string
  long: string
  tooltip: string
}

function summarise(view: TrayView, now: number): Summary {
  const profiles = view.groups.flatMap((g) => g.profiles.map((p) => ({ g, p, state: profileState(g, p) })))
  const needLogin = countNeedingLogin(view.groups)
  const errors = profiles.filter((r) => r.state === 'invalid').length + (view.configErrors.length > 0 ? 1 : 0)
  const expiring = profiles.filter((r) => r.state === 'expiring').length
  const parts: string[] = []
  if (needLogin > 0) parts.push(`${needLogin} need${needLogin === 1 ? 's' : ''} login`)
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`)
  if (expiring > 0) parts.push(`${expiring} expiring`)
  const busy = [...view.logins.values()].filter((l) => l.phase !== 'verified' && l.phase !== 'failed')
  if (busy.length > 0) parts.unshift(`logging in ${busy.map((l) => l.profile).join(', ')}`)
  const short = parts.join(', ')
  const long =
    profiles.length === 0 ? (view.configErrors.length > 0 ? 'AWS config cannot be read' : 'No SSO profiles')
    : short === '' ? `All ${profiles.length} SSO profile${profiles.length === 1 ? '' : 's'} ready`
    : short.charAt(0).toUpperCase() + short.slice(1)
  // The tooltip adds the next expiry, the one thing a glance at the icon cannot tell.
  const next = view.groups
    .filter((g) => (g.state === 'valid' || g.state === 'expiring') && g.expiresAt !== null)
    .sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0))[0]
  const nextText = next && next.expiresAt !== null ? `; next expiry: ${next.profiles[0]?.name ?? next.label} in ${formatDuration(next.expiresAt - now)}` : ''
  return { short, long, tooltip: `AWS SSO: ${long}${nextText}` }
}

function item(key: string, title: string, action: MenuAction | null, o: { enabled?: boolean; hidden?: boolean } = {}): MenuItem {
  return { key, title, enabled: o.enabled ?? true, hidden: o.hidden ?? false, separator: false, action }
}

function info(key: string, title: string, hidden = false): MenuItem {
  return { key, title, enabled: false, hidden, separator: false, action: null }
}

function separator(key: string): MenuItem {
  return { key, title: '', enabled: false, hidden: false, separator: true, action: null }
}

/** The shape the helper was started with: keys and nesting only. */
export function menuShape(items: readonly MenuItem[]): string {
  return items.map((i) => (i.items ? `${i.key}[${menuShape(i.items)}]` : i.key)).join(',')
}
