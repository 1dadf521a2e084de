import type { Env } from '../settings.ts'

// Credentials in the environment would shadow the profile for some commands, and AWS_PROFILE
// would confuse which profile is meant: children get the rest of the environment, not these.
const DROP = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE']

export function awsChildEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !DROP.includes(k)) out[k] = v
  return out
}

/**
 * The whole environment of the CLI in the login pane (run under `env -i`): what `aws sso login`
 * needs (AWS settings, PATH, HOME, locale, proxies, CA bundles), nothing the tmux server or the
 * desktop session would add, and none of the variables awsChildEnv drops.
 */
// Case-insensitive: Windows spells them `Path`, `SystemRoot`; there the CLI also needs its home
// (USERPROFILE), the system folders Python's networking loads from, and where temp files go.
const PANE_KEEP =
  /^(AWS_|PATH$|HOME$|USER$|LANG$|LC_|TMPDIR$|SSL_CERT_|REQUESTS_CA_BUNDLE$|NODE_EXTRA_CA_CERTS$|HTTPS?_PROXY$|NO_PROXY$|USERPROFILE$|SYSTEMROOT$|WINDIR$|APPDATA$|LOCALAPPDATA$|TEMP$|TMP$|PATHEXT$|COMSPEC$|HOMEDRIVE$|HOMEPATH$)/i

export function awsPaneEnv(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(awsChildEnv(env)).filter(([k]) => PANE_KEEP.test(k)))
}
