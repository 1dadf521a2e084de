// Builders for token groups in pure tests of the tray's menu, icon and notification policy.

import type { GroupProfile, TokenGroup } from '../../src/core/token-groups.ts'
import type { TrayView } from '../../src/tray/view.ts'

export const NOW = Date.parse('2026-11-28T12:00:00Z')
export const min = (m: number) => NOW + m * 60_000

export function prof(name: string, extra: Partial<GroupProfile> = {}): GroupProfile {
  return { name, kind: 'sso-session', accountId: '111111111111', roleName: 'Admin', error: null, ...extra }
}

export function group(id: string, state: TokenGroup['state'], expiresAt: number | null, names: string[] = [id], extra: Partial<TokenGroup> = {}): TokenGroup {
  return {
    id: `sso-session:${id}`, label: `sso-session ${id}`, tokenKind: 'sso-session', state, expiresAt,
    registrationExpiresAt: null, reason: null, loginProfile: names[0] ?? null, profiles: names.map((n) => prof(n)), ...extra,
  }
}

export function view(groups: TokenGroup[], extra: Partial<TrayView> = {}): TrayView {
  return { groups, logins: new Map(), verifies: new Map(), check: null, configErrors: [], problem: null, snoozedUntil: null, warnMs: 15 * 60_000, ...extra }
}
