// Which icon the tray shows: the worst state over all tokens. Pure.

import { isUsable } from '../core/token-state.ts'
import { needsLogin, type TokenGroup } from '../core/token-groups.ts'
import type { TrayView } from './view.ts'

export type IconName = 'ok' | 'expiring' | 'login' | 'error' | 'busy' | 'none'

export const ICON_NAMES: readonly IconName[] = ['ok', 'expiring', 'login', 'error', 'busy', 'none']

/**
 * Precedence: a login in progress (the user is acting on it) > a broken config or token file
 * (every command fails) > a token that needs a login > one about to expire > all fine.
 */
export function iconFor(view: Pick<TrayView, 'groups' | 'logins' | 'configErrors'>): IconName {
  if ([...view.logins.values()].some((l) => l.phase !== 'verified' && l.phase !== 'failed')) return 'busy'
  if (view.groups.length === 0) return view.configErrors.length > 0 ? 'error' : 'none'
  const rows = view.groups.flatMap((g) => g.profiles.map((p) => (p.error !== null ? 'invalid' : g.state)))
  if (view.configErrors.length > 0 || rows.includes('invalid')) return 'error'
  if (rows.some((s) => needsLogin(s))) return 'login'
  if (rows.includes('expiring')) return 'expiring'
  return rows.every((s) => isUsable(s)) ? 'ok' : 'error'
}

/** Asset file for an icon: ICO on Windows, template-safe PNG (shape only) on macOS, colour elsewhere. */
export function iconFile(name: IconName, platform: NodeJS.Platform): string {
  if (platform === 'win32') return `${name}.ico`
  if (platform === 'darwin') return `${name}-template.png`
  return `${name}.png`
}

export function countNeedingLogin(groups: readonly TokenGroup[]): number {
  return groups.reduce((n, g) => n + g.profiles.filter((p) => p.error === null && needsLogin(g.state)).length, 0)
}
