import type { Env } from '../settings.ts'

// Credentials in the environment would shadow the profile for some commands, and AWS_PROFILE
// would confuse which profile is meant: children get the rest of the environment, not these.
const DROP = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE']

export function awsChildEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !DROP.includes(k)) out[k] = v
  return out
}
