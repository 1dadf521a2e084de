// Builders for token groups and tray states in pure tests of the tray's menu, icon and notices.

import type { TrayState } from '../../src/core/tray/state.ts'
import type { GroupProfile, TokenGroup } from '../../src/core/token-groups.ts'

export const NOW = Date.parse('2026-11-28T12:00:00Z')
export const min = (m: number) => NOW + m * 60_000

export function prof(name: string, extra: Partial<GroupProfile> = {}): GroupProfile {
  return { name, kind: 'sso-session', accountId: '111111111111', roleName: 'Admin', error: null, ...extra }
}

export function group(id: string, state: TokenGroup['state'], expiresAt: number | null, names: string[] = [id], extra: Partial<TokenGroup> = {}): TokenGroup {
  return {
    id: `sso-session:${id}`,
    label: `sso-session ${id}`,
    name: id,
    tokenKind: 'sso-session',
    state,
    expiresAt,
    registrationExpiresAt: null,
    reason: null,
    loginProfile: names[0] ?? null,
    profiles: names.map((n) => prof(n)),
    ...extra,
  }
}

/** A tray state showing these groups (no file data: menus built from it need none). */
export function view(groups: TokenGroup[], extra: Partial<TrayState> = {}): TrayState {
  return {
    data: null,
    groups,
    memory: { shown: {}, lastSeen: null },
    snoozes: {},
    logins: {},
    verifies: {},
    check: null,
    probes: {},
    notices: {},
    consoles: {},
    sessions: {},
    problem: null,
    scheduledAt: null,
    concurrency: 4,
    quitting: false,
    requests: {},
    autostart: null,
    utcOffsetMin: 0,
    ...extra,
  }
}
