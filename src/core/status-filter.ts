// `status --session/--state/--account`: which profiles to show. Values may repeat and may be comma
// lists; within one option any value matches, across options all must. A session or account that
// no profile has is a usage error with a suggestion (a typo would otherwise show an empty, happy
// list). Pure.

import { closest } from './suggest.ts'
import type { Profile, TokenState } from './types.ts'

export const TOKEN_STATES: readonly TokenState[] = ['valid', 'refreshable', 'expiring', 'expired', 'missing', 'invalid']

export interface StatusFilter {
  sessions: string[]
  states: TokenState[]
  accounts: string[]
}

export type FilterParse = { filter: StatusFilter } | { error: string }

/** Splits repeated and comma-separated option values; empty pieces are dropped. */
export function splitValues(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '')
}

/** Checks the values against the profiles at hand. */
export function parseStatusFilter(
  raw: { session?: readonly string[]; state?: readonly string[]; account?: readonly string[] },
  profiles: readonly Pick<Profile, 'ssoSession' | 'startUrl' | 'accountId'>[],
): FilterParse {
  const states = splitValues(raw.state)
  for (const s of states) {
    if (!(TOKEN_STATES as readonly string[]).includes(s)) {
      const near = closest(s, TOKEN_STATES)
      return { error: `unknown state "${s}"${near ? ` — did you mean ${near}?` : ''} (states: ${TOKEN_STATES.join(', ')})` }
    }
  }
  const sessions = splitValues(raw.session)
  const known = [...new Set(profiles.flatMap((p) => [p.ssoSession, p.startUrl]).filter((s): s is string => s !== null))]
  for (const s of sessions) {
    if (!known.some((k) => sameSession(s, k))) {
      const near = closest(s, known)
      return { error: `no profile uses the sso-session or start URL "${s}"${near ? ` — did you mean ${near}?` : ''}` }
    }
  }
  const accounts = splitValues(raw.account)
  const accountIds = [...new Set(profiles.map((p) => p.accountId).filter((a): a is string => a !== null))]
  for (const a of accounts) {
    if (!accountIds.includes(a)) {
      const near = closest(a, accountIds)
      return { error: `no profile uses account ${JSON.stringify(a)}${near ? ` — did you mean ${near}?` : ''}` }
    }
  }
  return { filter: { sessions, states: states as TokenState[], accounts } }
}

export function isFilterEmpty(f: StatusFilter): boolean {
  return f.sessions.length === 0 && f.states.length === 0 && f.accounts.length === 0
}

/** Whether a profile (with its state, null for non-SSO profiles) passes the filter. */
export function passesFilter(f: StatusFilter, p: Pick<Profile, 'ssoSession' | 'startUrl' | 'accountId'>, state: TokenState | null): boolean {
  if (f.sessions.length > 0 && !f.sessions.some((s) => (p.ssoSession !== null && s === p.ssoSession) || (p.startUrl !== null && sameSession(s, p.startUrl)))) {
    return false
  }
  if (f.states.length > 0 && (state === null || !f.states.includes(state))) return false
  if (f.accounts.length > 0 && (p.accountId === null || !f.accounts.includes(p.accountId))) return false
  return true
}

/** A session name matches itself; a start URL matches with or without its trailing "/", "#" or "#/". */
function sameSession(wanted: string, known: string): boolean {
  return wanted === known || (known.includes('://') && bareUrl(wanted) === bareUrl(known))
}

function bareUrl(u: string): string {
  return u.replace(/#\/?$/, '').replace(/\/+$/, '')
}
