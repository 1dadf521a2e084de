// The tray menu built from the tray state: one row per token (sso-session or legacy start URL),
// since one login serves every profile of a token. Pure: a function of (state, now), no caches.
//
//   summary line · Check all profiles · [last check] · [config error] · [problem]
//   ─ sessions, most urgent first (past MAX_SESSION_ROWS the usable ones fold into one submenu)
//   ─ Refresh · Open AWS config · Settings ▸ · Quit          (always reachable)

import { formatAgo, formatDuration, formatRemaining } from '../format.ts'
import type { ConfigProblem } from '../status-report.ts'
import { needsLogin, type GroupProfile, type TokenGroup } from '../token-groups.ts'
import type { TokenState } from '../types.ts'
import { iconFor } from './icon.ts'
import type { IconName, MenuAction, MenuItem, MenuModel } from './model.ts'
import type { LoginEntry, ProbeEntry, TrayState } from './state.ts'
import { tokenKey } from './probe.ts'
import { consoleMenuText, portalUrl } from './console.ts'
import { sessionRowText } from './session-step.ts'
import { inQuietHours } from './quiet-hours.ts'

/** Sessions shown at the top level before the usable ones fold (about 25 rows fit 800 px). */
export const MAX_SESSION_ROWS = 25

const SYMBOL: Record<TokenState, string> = {
  valid: '●',
  refreshable: '↻',
  expiring: '◐',
  expired: '✕',
  missing: '○',
  invalid: '⚠',
}
/** A running login: distinct from ↻ (refreshable) at menu size. */
const BUSY = '…'
const ROW_ICON: Record<TokenState, IconName> = {
  valid: 'ok',
  refreshable: 'ok',
  expiring: 'expiring',
  expired: 'login',
  missing: 'login',
  invalid: 'error',
}

/** Urgency rank: needs login, expiring, error, login running, then usable (by time left). */
export function urgency(g: TokenGroup, login: LoginEntry | undefined): number {
  if (isActive(login)) return 3
  if (needsLogin(g.state)) return 0
  if (g.state === 'expiring') return 1
  if (g.state === 'invalid') return 2
  return 4
}

export function orderSessions(groups: readonly TokenGroup[], logins: Readonly<Record<string, LoginEntry>>): TokenGroup[] {
  return [...groups].sort(
    (a, b) => urgency(a, logins[a.id]) - urgency(b, logins[b.id]) || (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.name.localeCompare(b.name),
  )
}

export function buildMenu(s: TrayState, now: number): MenuModel {
  const configErrors = s.data?.configErrors ?? []
  const summary = summarise(s, now)
  const items: MenuItem[] = [info('summary', summary.long)]
  items.push(checkItem(s))
  if (s.check && s.check.finishedAt !== null) items.push(info('check-result', checkLine(s.check.total, s.check.failed, s.check.finishedAt, now)))
  if (configErrors.length > 0) items.push(info('config-error', configErrorLine(configErrors)))
  if (s.problem !== null) items.push(info('problem', `⚠ ${s.problem}`))
  const warnings = s.data?.warnings ?? []
  if (warnings.length > 0) items.push(info('settings-warning', `⚠ ${warnings[0]}${warnings.length > 1 ? ` (+${warnings.length - 1} more)` : ''}`))
  items.push(...requestLines(s))
  items.push(separator('sep-sessions'))

  const ordered = orderSessions(s.groups, s.logins)
  const rows = ordered.map((g) => sessionItem(s, g, now))
  if (rows.length === 0) items.push(info('empty', 'No SSO profiles. Create one with: aws configure sso'))
  else if (rows.length <= MAX_SESSION_ROWS) items.push(...rows)
  else {
    const urgent = ordered.filter((g) => urgency(g, s.logins[g.id]) < 4).length
    const top = Math.min(urgent, MAX_SESSION_ROWS - 1)
    const folded = rows.slice(top)
    items.push(...rows.slice(0, top), { ...item('more-sessions', `${folded.length} more sessions`, null), items: folded })
  }

  const snoozedUntil = (s.snoozes['*'] ?? 0) > now ? (s.snoozes['*'] ?? now) : null
  const warnMs = s.data?.warnMs ?? 15 * 60_000
  items.push(
    separator('sep-actions'),
    item('refresh', 'Refresh', { type: 'refresh' }),
    item('open-config', 'Open AWS config', { type: 'open-config' }),
    {
      ...item('settings', 'Settings', null),
      items: [
        info('settings:warn', `Warn ${formatDuration(warnMs)} before expiry`),
        snoozedUntil === null
          ? item('settings:snooze', 'Snooze notifications for 1 h', { type: 'snooze', minutes: 60 })
          : info('settings:snoozed', `Notifications snoozed for ${formatDuration(snoozedUntil - now)}`),
        ...(snoozedUntil === null ? [] : [item('settings:resume', 'Resume notifications', { type: 'resume-notifications' })]),
        ...noticeLines(s, now),
        ...autostartItems(s),
        item('settings:edit', 'Edit settings…', { type: 'open-settings' }),
      ],
    },
    item('quit', 'Quit', { type: 'quit' }),
  )
  return { icon: iconFor(s.groups, s.logins, configErrors), title: summary.short, tooltip: summary.tooltip, activate: activation(s, ordered), items }
}

/**
 * A left click on the icon: the one obvious thing. A login waiting for the browser opens its
 * page again (the tab is easily lost); else the most urgent session that needs a login (or is
 * about to expire) logs in; else the tray re-reads everything.
 */
function activation(s: TrayState, ordered: readonly TokenGroup[]): MenuAction {
  const waiting = ordered.find((g) => isActive(s.logins[g.id]) && s.logins[g.id]?.url)
  if (waiting) return { type: 'open-url', group: waiting.id }
  const due = ordered.find((g) => !isActive(s.logins[g.id]) && canLogIn(g) && (needsLogin(g.state) || g.state === 'expiring'))
  return due ? { type: 'login', group: due.id } : { type: 'refresh' }
}

/** "dev: login requested by claude in ~/src/app", one per session asked; a click logs in. */
function requestLines(s: TrayState): MenuItem[] {
  const out: MenuItem[] = []
  for (const g of s.groups) {
    const asked = Object.values(s.requests).filter((r) => r.group === g.id && r.phase === 'asked')
    const [first] = asked
    if (!first) continue
    const more = asked.length > 1 ? ` (+${asked.length - 1} more)` : ''
    out.push(item(`request:${g.id}`, `${first.profile}: login requested by ${first.requester}${more}`, { type: 'login', group: g.id }, canLogIn(g)))
  }
  return out
}

function noticeLines(s: TrayState, now: number): MenuItem[] {
  const d = s.data
  if (d?.notifications === false) return [info('settings:notifications', 'Notifications are off (notifications = false)')]
  const q = d?.quietHours
  if (!q) return []
  const quiet = inQuietHours(q, now, s.utcOffsetMin)
  return [info('settings:quiet', `Quiet hours ${clock(q.start)}–${clock(q.end)}${quiet ? ': notices wait' : ''}`)]
}

function autostartItems(s: TrayState): MenuItem[] {
  const a = s.autostart
  if (!a) return []
  const out = [item('settings:autostart', `${a.enabled ? '✓ ' : ''}Start at login`, { type: 'autostart', enable: !a.enabled })]
  if (a.error !== null) out.push(info('settings:autostart-error', `⚠ ${a.error}`))
  return out
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

function checkItem(s: TrayState): MenuItem {
  const c = s.check
  if (c && c.finishedAt === null) return item('check-all', `Checking ${c.done}/${c.total}…`, { type: 'check-all' }, false)
  return item('check-all', 'Check all profiles', { type: 'check-all' }, s.groups.length > 0)
}

/** The failed checks that still apply: made for the token the group has now. */
function failedChecks(s: TrayState, g: TokenGroup): GroupProfile[] {
  const token = tokenKey(g)
  return g.profiles.filter((p) => {
    const v = s.verifies[p.name]
    return v !== undefined && !v.running && !v.ok && v.token === token
  })
}

function sessionItem(s: TrayState, g: TokenGroup, now: number): MenuItem {
  const login = s.logins[g.id]
  const active = isActive(login)
  const failed = failedChecks(s, g)
  const n = g.profiles.length
  const parts = [`${n} profile${n === 1 ? '' : 's'}`]
  if (failed.length > 0) parts.push(`${failed.length} check${failed.length === 1 ? '' : 's'} failed`)
  const broken = g.profiles.filter((p) => p.error !== null).length
  if (broken > 0 && g.state !== 'invalid') parts.push(`${broken} broken`)
  const symbol = active ? BUSY : SYMBOL[g.state]
  const ending = sessionRowText(s, g, now)
  const text = active && login ? loginPhaseText(login).toLowerCase() : (ending.row ?? stateText(g, s.probes[g.id], now))
  const key = `session:${g.id}`
  const items: MenuItem[] = [...loginItems(g, login, key)]
  if (ending.line !== null) items.push(info(`${key}:session-end`, ending.line))
  if (portalUrl(s, g.id) !== null) items.push(item(`${key}:portal`, 'Open access portal', { type: 'open-portal', group: g.id }))
  const asked = Object.values(s.requests).filter((r) => r.group === g.id && r.phase === 'asked')
  if (asked.length > 0) {
    items.push(
      info(`${key}:requested`, `Requested by ${[...new Set(asked.map((r) => r.requester))].join(', ')}`),
      item(`${key}:decline`, 'Not now', { type: 'decline', group: g.id }),
    )
  }
  if (g.state === 'invalid' && g.reason !== null) items.push(info(`${key}:reason`, `⚠ ${g.reason}`))
  const probe = s.probes[g.id]
  if (g.state === 'refreshable' && probe?.lastError && probe.nextAt !== null) {
    items.push(info(`${key}:probe`, `Quiet refresh failed: ${probe.lastError}`))
  }
  items.push(separator(`${key}:sep`), ...g.profiles.map((p) => profileItem(s, g, p, now)))
  return {
    ...item(key, `${symbol} ${g.name} — ${text} · ${parts.join(', ')}`, null),
    icon: active ? 'busy' : failed.length > 0 ? 'error' : ROW_ICON[g.state],
    items,
  }
}

function loginItems(g: TokenGroup, login: LoginEntry | undefined, key: string): MenuItem[] {
  if (!login || !isActive(login)) return [item(`${key}:login`, 'Log in', { type: 'login', group: g.id }, canLogIn(g))]
  const out = [info(`${key}:phase`, loginPhaseText(login))]
  if (login.userCode !== null) out.push(info(`${key}:code`, `Code: ${login.userCode}`))
  if (login.url !== null) {
    out.push(
      item(`${key}:copy`, 'Copy login URL', { type: 'copy-url', group: g.id }),
      item(`${key}:open`, 'Open login URL', { type: 'open-url', group: g.id }),
      item(`${key}:confirm`, "I've completed login", { type: 'confirm', group: g.id }),
    )
  }
  out.push(item(`${key}:cancel`, 'Cancel login', { type: 'cancel', group: g.id }))
  return out
}

function profileItem(s: TrayState, g: TokenGroup, p: GroupProfile, now: number): MenuItem {
  const key = `profile:${p.name}`
  const v = s.verifies[p.name]
  const current = v !== undefined && !v.running && v.token === tokenKey(g)
  const bad = p.error !== null || (current && !v.ok)
  const lines: MenuItem[] = [info(`${key}:account`, accountLine(p))]
  if (p.error !== null) lines.push(info(`${key}:error`, `⚠ ${p.error}`))
  if (v && !v.running) lines.push(info(`${key}:result`, `${v.ok ? 'Verified' : 'Check failed'} ${formatAgo(now - v.at)}: ${v.text}`))
  lines.push(
    item(`${key}:verify`, v?.running ? 'Verifying…' : 'Verify', { type: 'verify', profile: p.name }, p.error === null && !v?.running),
    item(`${key}:export`, `Copy export AWS_PROFILE=${p.name}`, { type: 'copy-export', profile: p.name }),
  )
  const con = consoleMenuText(s.consoles[p.name])
  // Usable, or a login can make it so: a click that could do nothing is greyed out.
  const reachable = g.state === 'valid' || g.state === 'expiring' || g.state === 'refreshable' || canLogIn(g)
  lines.push(item(`${key}:console`, con.title, { type: 'console', profile: p.name }, con.enabled && p.error === null && g.state !== 'invalid' && reachable))
  if (con.error !== null) lines.push(info(`${key}:console-error`, `⚠ Console: ${con.error}`))
  return { ...item(key, `${bad ? '⚠ ' : ''}${p.name}`, null), icon: bad ? 'error' : ROW_ICON[g.state], items: lines }
}

function stateText(g: TokenGroup, probe: ProbeEntry | undefined, now: number): string {
  const left = g.expiresAt === null ? '' : formatRemaining(g.expiresAt - now)
  switch (g.state) {
    case 'valid':
      return left
    case 'expiring':
      return `${left} left`
    case 'refreshable':
      return probe?.lastError && probe.nextAt !== null ? `refresh failed, retry in ${formatDuration(probe.nextAt - now)}` : 'refreshes silently'
    case 'expired':
      return left || 'expired'
    case 'missing':
      return 'not logged in'
    case 'invalid':
      return 'error'
  }
}

export function isActive(l: LoginEntry | undefined): l is LoginEntry {
  return l !== undefined && l.phase !== 'verified' && l.phase !== 'failed'
}

function canLogIn(g: TokenGroup): boolean {
  return g.loginProfile !== null && g.state !== 'invalid'
}

function loginPhaseText(l: LoginEntry): string {
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

function accountLine(p: GroupProfile): string {
  return `${p.kind === 'chained' ? 'Role ' : 'Account '}${p.accountId ?? '?'} / ${p.roleName ?? '?'}`
}

function configErrorLine(errors: readonly ConfigProblem[]): string {
  const [first] = errors
  if (!first) return ''
  const more = errors.length > 1 ? ` (+${errors.length - 1} more)` : ''
  return `⚠ ${first.file}:${first.line}: ${first.message}${more}`
}

function checkLine(total: number, failed: readonly string[], at: number, now: number): string {
  const when = formatAgo(now - at)
  if (failed.length === 0) return `Last check ${when}: all ${total} verified`
  const names = failed.slice(0, 3).join(', ') + (failed.length > 3 ? ', …' : '')
  return `Last check ${when}: ${failed.length} of ${total} failed (${names})`
}

interface Summary {
  short: string
  long: string
  tooltip: string
}

function summarise(s: TrayState, now: number): Summary {
  const groups = s.groups
  const configErrors = s.data?.configErrors ?? []
  const healthy = groups.filter((g) => g.profiles.some((p) => p.error === null))
  const active = groups.filter((g) => isActive(s.logins[g.id]))
  const needLogin = healthy.filter((g) => needsLogin(g.state) && !isActive(s.logins[g.id])).length
  const expiring = healthy.filter((g) => g.state === 'expiring' && !isActive(s.logins[g.id])).length
  // Counted as the rows show them: a session in error is one, whatever its profile count; a
  // broken profile in a working session is one more; each config problem is one.
  const errors = groups.reduce((n, g) => n + (g.state === 'invalid' ? 1 : g.profiles.filter((p) => p.error !== null).length), 0) + configErrors.length
  const parts: string[] = []
  if (active.length > 0) parts.push(`logging in to ${active.map((g) => g.name).join(', ')}`)
  if (needLogin > 0) parts.push(`${needLogin} session${needLogin === 1 ? ' needs' : 's need'} login`)
  if (expiring > 0) parts.push(`${expiring} expiring`)
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`)
  const short = parts.join(', ')
  const profiles = groups.reduce((n, g) => n + g.profiles.length, 0)
  const long =
    groups.length === 0
      ? configErrors.length > 0
        ? 'AWS config cannot be read'
        : 'No SSO profiles'
      : short === ''
        ? `All ${profiles} SSO profile${profiles === 1 ? '' : 's'} ready`
        : short.charAt(0).toUpperCase() + short.slice(1)
  // The tooltip adds the next expiry, the one thing a glance at the icon cannot tell.
  const next = groups
    .filter((g) => (g.state === 'valid' || g.state === 'expiring') && g.expiresAt !== null)
    .sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0))[0]
  const nextText = next && next.expiresAt !== null ? `; next expiry: ${next.name} in ${formatDuration(next.expiresAt - now)}` : ''
  return { short, long, tooltip: `AWS SSO: ${long}${nextText}` }
}

function item(key: string, title: string, action: MenuAction | null, enabled = true): MenuItem {
  return { key, title, enabled, hidden: false, separator: false, action }
}

function info(key: string, title: string): MenuItem {
  return { key, title, enabled: false, hidden: false, separator: false, action: null }
}

function separator(key: string): MenuItem {
  return { key, title: '', enabled: false, hidden: false, separator: true, action: null }
}
