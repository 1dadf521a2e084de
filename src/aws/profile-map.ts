// botocore's build_profile_map plus Session.full_config: which sections are profiles and
// sso-sessions, and how the credentials file merges in. Section names go through shlex.split
// and count only when they yield exactly two words (`[profile a b]` is silently ignored).

import type { ParsedConfig, Section } from './config-parse.ts'
import { shlexSplit } from './py-text.ts'

export interface ProfileMap {
  /** Profile name → merged keys. Map order = `aws configure list-profiles` order. */
  profiles: Map<string, Section>
  ssoSessions: Map<string, Section>
}

export function buildProfileMap(config: ParsedConfig, credentials?: ParsedConfig): ProfileMap {
  const profiles = new Map<string, Section>()
  const ssoSessions = new Map<string, Section>()
  for (const [key, values] of config.sections) {
    if (key.startsWith('profile')) setNamed(profiles, key, values)
    else if (key.startsWith('sso-session')) setNamed(ssoSessions, key, values)
    else if (key === 'default') profiles.set(key, values)
  }
  // Credentials sections are profile names as written; their keys win over the config's.
  for (const [name, values] of credentials?.sections ?? []) {
    profiles.set(name, { ...profiles.get(name), ...values })
  }
  return { profiles, ssoSessions }
}

function setNamed(target: Map<string, Section>, key: string, values: Section): void {
  const parts = shlexSplit(key)
  if (parts?.length === 2 && parts[1] !== undefined) target.set(parts[1], values)
}
