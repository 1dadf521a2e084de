// Profiles grouped by the token they share (one sso-session, or one legacy start URL): one login
// serves the whole group, so the tray shows, warns and logs in per group. Pure.

import { computeTokenState } from './token-state.ts'
import type { Profile, ProfileKind, Thresholds, TokenEvaluation, TokenInput, TokenKind, TokenState } from './types.ts'

export interface GroupProfile {
  name: string
  kind: ProfileKind
  accountId: string | null
  roleName: string | null
  /** Why the CLI refuses this profile; its state is then `invalid` whatever the token says. */
  error: string | null
}

export interface TokenGroup {
  /** Stable across reloads while the config names the same token. */
  id: string
  /** "sso-session corp" or the start URL. */
  label: string
  /** What the menu calls the session: the sso-session's name, or the legacy start URL. */
  name: string
  tokenKind: TokenKind | null
  state: TokenState
  expiresAt: number | null
  registrationExpiresAt: number | null
  reason: string | null
  /** The profile `aws sso login` runs with (chained profiles cannot log in themselves). */
  loginProfile: string | null
  profiles: GroupProfile[]
}

/** Groups SSO profiles (and chains rooted in them) by token. Non-SSO profiles are left out. */
export function buildTokenGroups(profiles: readonly Profile[], tokens: ReadonlyMap<string, TokenInput>, now: number, thresholds: Thresholds): TokenGroup[] {
  const groups = new Map<string, TokenGroup>()
  const byName = new Map(profiles.map((p) => [p.name, p]))
  for (const p of profiles) {
    if (p.kind === 'other') continue
    const id = groupId(p)
    let g = groups.get(id)
    if (!g) {
      const ev: TokenEvaluation =
        p.tokenKey !== null && p.tokenKind !== null
          ? computeTokenState(tokens.get(p.tokenKey) ?? { status: 'missing' }, p.tokenKind, now, thresholds)
          : { state: 'invalid', expiresAt: null, registrationExpiresAt: null, reason: p.configError }
      g = {
        id,
        label: groupLabel(p),
        name: p.ssoSession ?? p.startUrl ?? p.name,
        tokenKind: p.tokenKind,
        state: ev.state,
        expiresAt: ev.expiresAt,
        registrationExpiresAt: ev.registrationExpiresAt,
        reason: ev.reason,
        loginProfile: null,
        profiles: [],
      }
      groups.set(id, g)
    }
    g.profiles.push({ name: p.name, kind: p.kind, accountId: p.accountId, roleName: p.roleName, error: p.configError })
    // The first profile that can log in decides: a direct SSO profile itself, a chained one through
    // its source (always a direct SSO profile, aws/profiles.ts), so a chosen one is never replaced.
    if (g.loginProfile === null) {
      const candidate = p.kind === 'chained' ? p.sourceProfile : p.name
      if (candidate !== null && byName.get(candidate)?.configError === null) g.loginProfile = candidate
    }
  }
  return [...groups.values()]
}

function groupId(p: Profile): string {
  if (p.tokenKey !== null && p.tokenKind !== null) return `${p.tokenKind}:${p.tokenKey}`
  // No usable token (misconfigured): a group of its own, so the error is shown where it belongs.
  return `broken:${p.name}`
}

function groupLabel(p: Profile): string {
  if (p.ssoSession !== null) return `sso-session ${p.ssoSession}`
  return p.startUrl ?? p.name
}

/** State of one profile row: its own config error overrides the shared token. */
export function profileState(g: TokenGroup, p: GroupProfile): TokenState {
  return p.error !== null ? 'invalid' : g.state
}

export function needsLogin(state: TokenState): boolean {
  return state === 'expired' || state === 'missing'
}
