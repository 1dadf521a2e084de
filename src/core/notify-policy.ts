// Which notifications to show now, given the token groups, what was already shown (persisted, so
// a restart, sleep or lock never repeats one) and the snoozes. Pure: `now` is an argument.
//
// Events are keyed by group and expiry time, so a new token (after a login) brings new events and
// the old ones are forgotten. Expiries that happened while the app was not looking (asleep, not
// running) are still told once, but an expiry older than the last time we looked is not news.

import { formatDuration } from './format.ts'
import type { TokenGroup } from './token-groups.ts'
import type { ConfigProblem } from './status-report.ts'

export type NoticeKind = 'expiring' | 'expired' | 'session-ended' | 'config-error' | 'summary'

export interface Notice {
  key: string
  kind: NoticeKind
  /** The group the click acts on (null for config errors and summaries). */
  group: string | null
  /** The profile "Log in" runs for. */
  profile: string | null
  title: string
  body: string
}

export interface NoticeMemory {
  /** Event key → when it was shown (or deliberately skipped). */
  shown: Record<string, number>
  /** The last evaluation time; expiries before it are old news. Null on a first run. */
  lastSeen: number | null
}

/** What the tray remembers across restarts: shown notices and running snoozes. */
export interface TrayMemory extends NoticeMemory {
  /** Group id (or '*') → snoozed until. */
  snoozes: Record<string, number>
}

export interface PolicyInput {
  groups: readonly TokenGroup[]
  configErrors: readonly ConfigProblem[]
  memory: NoticeMemory
  now: number
  /** Group id (or '*' for all) → snoozed until. */
  snoozes: Readonly<Record<string, number>>
}

export interface PolicyResult {
  notices: Notice[]
  memory: NoticeMemory
}

/** More notices than this at once become one summary (a week away must not bring twenty). */
export const MAX_SEPARATE = 3
/** Shown-event records older than this past their expiry are dropped. */
const FORGET_MS = 7 * 24 * 3600_000

export function decideNotices(input: PolicyInput): PolicyResult {
  const { now } = input
  const shown: Record<string, number> = {}
  for (const [k, at] of Object.entries(input.memory.shown)) if (now - at < FORGET_MS) shown[k] = at
  const since = input.memory.lastSeen ?? now
  const due: Notice[] = []
  const snoozed = (group: string): boolean => isSnoozed(input.snoozes, group, now)

  for (const g of input.groups) {
    if (g.expiresAt === null || g.loginProfile === null) continue
    const names = g.profiles.map((p) => p.name)
    const base = `${g.id}|${g.expiresAt}`
    const warnKey = `${base}|expiring`
    const expiredKey = `${base}|expired`
    // Refreshable tokens are the quiet probe's business (core/tray/probe.ts), not a notice.
    if (g.state === 'expiring' && !(warnKey in shown)) {
      if (snoozed(g.id)) continue
      due.push({
        key: warnKey,
        kind: 'expiring',
        group: g.id,
        profile: g.loginProfile,
        title: `AWS SSO: ${who(names)} ${verb(names, 'expires', 'expire')} in ${formatDuration(g.expiresAt - now)}`,
        body: `Log in again now to avoid "Token has expired" mid-task.${shares(g)}`,
      })
    } else if (g.state === 'expired' && !(expiredKey in shown)) {
      // Expired before the last look (or before a first run): old news, recorded silently.
      if (g.expiresAt < since) {
        shown[expiredKey] = now
        shown[warnKey] = now
        continue
      }
      if (snoozed(g.id)) continue
      shown[warnKey] = now // after expiry, a late warning would only confuse
      due.push({
        key: expiredKey,
        kind: 'expired',
        group: g.id,
        profile: g.loginProfile,
        title: `AWS SSO: ${who(names)} expired`,
        body: `The AWS CLI will fail with "Token has expired" until you log in.${shares(g)}`,
      })
    }
  }

  if (input.configErrors.length > 0) {
    const first = input.configErrors[0] as ConfigProblem
    const key = `config|${input.configErrors.map((e) => `${e.file}:${e.line}:${e.message}`).join('|')}`
    if (!(key in shown) && !snoozed('config')) {
      due.push({
        key,
        kind: 'config-error',
        group: null,
        profile: null,
        title: 'AWS config cannot be read',
        body: `${first.file}:${first.line}: ${first.message}`,
      })
    }
  }

  for (const n of due) shown[n.key] = now
  const notices = due.length > MAX_SEPARATE ? [summary(due, now)] : due
  return { notices, memory: { shown, lastSeen: now } }
}

/** Notices for `group` are held: all are snoozed ('*'), or that group is. */
export function isSnoozed(snoozes: Readonly<Record<string, number>>, group: string, now: number): boolean {
  return (snoozes['*'] ?? 0) > now || (snoozes[group] ?? 0) > now
}

/** The quiet verification failed because the session itself ended: tell the user once. */
export function sessionEndedNotice(g: TokenGroup, message: string): Notice {
  return {
    key: `${g.id}|${g.expiresAt ?? 'none'}|session-ended`,
    kind: 'session-ended',
    group: g.id,
    profile: g.loginProfile,
    title: `AWS SSO: ${who(g.profiles.map((p) => p.name))} ${verb(
      g.profiles.map((p) => p.name),
      'needs',
      'need',
    )} a new login`,
    body: `The SSO session ended and the AWS CLI could not refresh it (${message}).${shares(g)}`,
  }
}

function summary(due: readonly Notice[], now: number): Notice {
  const names = due.flatMap((n) => (n.profile ? [n.profile] : []))
  return {
    key: `summary|${now}`,
    kind: 'summary',
    group: null,
    profile: null,
    title: `AWS SSO: ${due.length} sessions need attention`,
    body: `${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}. Open the tray menu to log in.`,
  }
}

/** "dev expires", "dev and prod expire", "dev and 2 more expire". */
function verb(names: readonly string[], one: string, many: string): string {
  return names.length === 1 ? one : many
}

function who(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ')
  return `${names[0] ?? ''} and ${names.length - 1} more`
}

function shares(g: TokenGroup): string {
  return g.profiles.length > 1 ? ` One login covers ${g.profiles.map((p) => p.name).join(', ')}.` : ''
}
