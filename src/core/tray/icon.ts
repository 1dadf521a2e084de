// Which icon the tray shows. Pure.

import { isUsable } from '../token-state.ts'
import { needsLogin, type TokenGroup } from '../token-groups.ts'
import type { ConfigProblem } from '../status-report.ts'
import type { IconName } from './model.ts'
import type { LoginEntry } from './state.ts'

/**
 * Precedence: a login in progress (the user is acting on it) > a token that needs a login > one
 * about to expire > a broken config or profile > all fine. A token that needs action comes before
 * a config error: one broken profile must not hide an expired session behind a steady ⚠.
 */
export function iconFor(groups: readonly TokenGroup[], logins: Readonly<Record<string, LoginEntry>>, configErrors: readonly ConfigProblem[]): IconName {
  if (Object.values(logins).some((l) => l.phase !== 'verified' && l.phase !== 'failed')) return 'busy'
  if (groups.length === 0) return configErrors.length > 0 ? 'error' : 'none'
  // A profile's own config error does not make the shared token need a login.
  const tokens = groups.filter((g) => g.profiles.some((p) => p.error === null))
  if (tokens.some((g) => needsLogin(g.state))) return 'login'
  if (tokens.some((g) => g.state === 'expiring')) return 'expiring'
  const rows = groups.flatMap((g) => g.profiles.map((p) => (p.error !== null ? 'invalid' : g.state)))
  if (configErrors.length > 0) return 'error'
  return rows.every((s) => isUsable(s)) ? 'ok' : 'error'
}
