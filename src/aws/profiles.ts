// Resolves each profile to its kind and SSO token the way botocore does: role_arn before SSO
// keys (the provider-chain order), sso_session references checked for consistency, and
// source_profile chains followed to their root with botocore's loop detection.

import type { Profile } from '../core/types.ts'
import type { Section } from './config-parse.ts'
import type { ProfileMap } from './profile-map.ts'

const STATIC_KEYS = ['aws_access_key_id', 'aws_secret_access_key'] as const
const ROLE_ARN = /^arn:[\w-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/

export function resolveProfiles(map: ProfileMap): Profile[] {
  return [...map.profiles.keys()].map((name) => resolveProfile(map, name))
}

export function resolveProfile(map: ProfileMap, name: string): Profile {
  const section = map.profiles.get(name) ?? {}
  if (has(section, 'role_arn') && !has(section, 'web_identity_token_file') && has(section, 'source_profile')) {
    return resolveChained(map, name, section)
  }
  return resolveDirect(map, name, section)
}

function resolveDirect(map: ProfileMap, name: string, c: Section): Profile {
  const base = blank(name, c)
  const sessionName = str(c, 'sso_session')
  if (sessionName !== undefined) return resolveSessionProfile(map, base, c, sessionName)
  if (!['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'].some((k) => has(c, k))) return base
  const startUrl = str(c, 'sso_start_url') ?? null
  const profile: Profile = {
    ...base,
    kind: 'legacy-sso',
    startUrl,
    ssoRegion: str(c, 'sso_region') ?? null,
    accountId: str(c, 'sso_account_id') ?? null,
    roleName: str(c, 'sso_role_name') ?? null,
    tokenKey: startUrl,
    tokenKind: startUrl === null ? null : 'legacy-sso',
  }
  const required = ['sso_start_url', 'sso_region', ...credentialKeysNeeded(c)]
  const missing = required.filter((k) => str(c, k) === undefined)
  if (missing.length > 0) {
    profile.configError = `The profile "${name}" is configured to use SSO but is missing required configuration: ${missing.join(', ')}`
  }
  return profile
}

// Runs once per profile on every uncached `status` (1,000 profiles: cold, interpreted code), so it
// builds the profile in one literal and allocates arrays only for the rare error message.
function resolveSessionProfile(map: ProfileMap, base: Profile, c: Section, sessionName: string): Profile {
  const session = map.ssoSessions.get(sessionName)
  const profile: Profile = {
    name: base.name,
    kind: 'sso-session',
    ssoSession: sessionName,
    startUrl: session ? (str(session, 'sso_start_url') ?? null) : null,
    ssoRegion: session ? (str(session, 'sso_region') ?? null) : null,
    accountId: str(c, 'sso_account_id') ?? null,
    roleName: str(c, 'sso_role_name') ?? null,
    region: base.region,
    sourceProfile: null,
    tokenKey: session ? sessionName : null,
    tokenKind: session ? 'sso-session' : null,
    configError: null,
  }
  if (!session) {
    profile.configError = `The specified sso-session does not exist: "${sessionName}" (add an [sso-session ${sessionName}] section)`
    return profile
  }
  for (const key in session) {
    if (!Object.hasOwn(session, key) || !Object.hasOwn(c, key)) continue
    const own = c[key]
    const value = session[key]
    if (own !== value && JSON.stringify(own) !== JSON.stringify(value)) {
      profile.configError = `The value for ${key} is inconsistent between profile (${show(own)}) and sso-session (${show(value)}).`
      return profile
    }
  }
  if (
    profile.startUrl === null ||
    profile.ssoRegion === null ||
    ((has(c, 'sso_account_id') || has(c, 'sso_role_name')) && (profile.accountId === null || profile.roleName === null))
  ) {
    const missing = [
      ...['sso_start_url', 'sso_region'].filter((k) => str(session, k) === undefined),
      ...credentialKeysNeeded(c).filter((k) => str(c, k) === undefined),
    ]
    profile.configError = `The profile "${base.name}" is configured to use SSO but is missing required configuration: ${missing.join(', ')}`
  }
  return profile
}

/** botocore's SSO credential provider applies once either of these is set, then needs both. */
function credentialKeysNeeded(c: Section): string[] {
  return has(c, 'sso_account_id') || has(c, 'sso_role_name') ? ['sso_role_name', 'sso_account_id'] : []
}

function resolveChained(map: ProfileMap, name: string, section: Section): Profile {
  const arn = ROLE_ARN.exec(str(section, 'role_arn') ?? '')
  const own = { ...blank(name, section), kind: 'chained' as const, accountId: arn?.[1] ?? null, roleName: arn?.[2] ?? null }
  const visited = [name]
  let parent = name
  let current = str(section, 'source_profile') ?? ''
  for (;;) {
    const src = map.profiles.get(current)
    if (!src) {
      return { ...own, configError: `The source_profile "${current}" referenced in the profile "${parent}" does not exist.` }
    }
    // botocore's _has_static_credentials: either key will do.
    const isStatic = STATIC_KEYS.some((k) => has(src, k))
    if (visited.includes(current) && !(current === parent && isStatic)) {
      return {
        ...own,
        configError: `Infinite loop in credential configuration detected. Attempting to load from profile ${current} which has already been visited. Visited profiles: ${visited.join(', ')}`,
      }
    }
    const continues = !isStatic && has(src, 'role_arn') && !has(src, 'web_identity_token_file') && has(src, 'source_profile')
    if (!continues) break
    visited.push(current)
    parent = current
    current = str(src, 'source_profile') ?? ''
  }
  const root = resolveDirect(map, current, map.profiles.get(current) ?? {})
  if (root.kind === 'other') return blank(name, section)
  return {
    ...own,
    ssoSession: root.ssoSession,
    startUrl: root.startUrl,
    ssoRegion: root.ssoRegion,
    sourceProfile: root.name,
    tokenKey: root.tokenKey,
    tokenKind: root.tokenKind,
    configError: root.configError === null ? null : `source profile "${root.name}": ${root.configError}`,
  }
}

function blank(name: string, c: Section): Profile {
  return {
    name,
    kind: 'other',
    ssoSession: null,
    startUrl: null,
    ssoRegion: null,
    accountId: null,
    roleName: null,
    region: str(c, 'region') ?? null,
    sourceProfile: null,
    tokenKey: null,
    tokenKind: null,
    configError: null,
  }
}

function has(c: Section, key: string): boolean {
  return Object.hasOwn(c, key)
}

/** A plain string value; nested sub-section values do not count as one. */
function str(c: Section, key: string): string | undefined {
  const v = Object.hasOwn(c, key) ? c[key] : undefined
  return typeof v === 'string' ? v : undefined
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}
