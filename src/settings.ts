// Pure resolution of paths and options from the environment, the home directory and our own
// optional settings file (~/.config/aws-sso-tray/config.ini, read with `ini`: it is our file,
// flat keys only, so ini's AWS-config quirks cannot bite). The environment wins over the file.

import path from 'node:path'

export interface Settings {
  home: string
  configFile: string
  credentialsFile: string
  cacheDir: string
  /** Our own settings file (may not exist). */
  settingsFile: string
  warnMs: number
  /** The AWS CLI to run: AWS_SSO_TRAY_AWS, else `aws` from PATH. */
  awsCommand: string
  /** A browser command (argv[0] only; the URL is passed as the last argument). */
  browserCommand: string | null
  /** Log in with the device-code flow (a browser on another machine, remote desktops). */
  deviceCode: boolean
  /** How long a login waits for the CLI to print its URL (AWS_SSO_TRAY_URL_TIMEOUT / url_timeout, seconds). */
  urlTimeoutMs: number
}

export type Env = Readonly<Record<string, string | undefined>>

const DEFAULT_WARN_MINUTES = 15
const DEFAULT_URL_TIMEOUT_S = 30

export function settingsFilePath(env: Env, home: string): string {
  const base = env.XDG_CONFIG_HOME || path.join(home, '.config')
  return path.join(base, 'aws-sso-tray', 'config.ini')
}

/** `file` is our settings file as parsed by `ini` (flat keys), or empty when there is none. */
export function resolveSettings(env: Env, home: string, file: Readonly<Record<string, unknown>> = {}): Settings {
  const fromFile = (k: string): string | undefined => (typeof file[k] === 'string' ? file[k] : undefined)
  const warnText = env.AWS_SSO_TRAY_WARN_MINUTES ?? fromFile('warn_minutes')
  const urlText = env.AWS_SSO_TRAY_URL_TIMEOUT ?? fromFile('url_timeout')
  const urlTimeoutS = urlText !== undefined && /^\d+(\.\d+)?$/.test(urlText.trim()) && Number(urlText) > 0 ? Number(urlText) : DEFAULT_URL_TIMEOUT_S
  const warnMinutes = warnText !== undefined && /^\d+(\.\d+)?$/.test(warnText.trim()) ? Number(warnText) : DEFAULT_WARN_MINUTES
  return {
    home,
    configFile: env.AWS_CONFIG_FILE ? expandPath(env.AWS_CONFIG_FILE, env, home) : path.join(home, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE
      ? expandPath(env.AWS_SHARED_CREDENTIALS_FILE, env, home)
      : path.join(home, '.aws', 'credentials'),
    // botocore ties the token cache to the home directory; AWS_CONFIG_FILE does not move it.
    cacheDir: path.join(home, '.aws', 'sso', 'cache'),
    settingsFile: settingsFilePath(env, home),
    warnMs: warnMinutes * 60_000,
    awsCommand: env.AWS_SSO_TRAY_AWS || fromFile('aws') || 'aws',
    browserCommand: env.AWS_SSO_TRAY_BROWSER || fromFile('browser') || null,
    deviceCode: isTrue(env.AWS_SSO_TRAY_DEVICE_CODE ?? fromFile('device_code') ?? file.device_code),
    urlTimeoutMs: urlTimeoutS * 1000,
  }
}

/** Python's os.path.expandvars then expanduser, as botocore applies them to file paths. */
export function expandPath(p: string, env: Env, home: string): string {
  const vars = p.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name
    return env[key] ?? whole
  })
  if (vars === '~' || vars.startsWith('~/')) return home + vars.slice(1)
  return vars
}

/** HOME as botocore sees it (USERPROFILE on Windows), else the OS answer passed in. */
export function resolveHome(env: Env, platform: string, osHome: string): string {
  return (platform === 'win32' ? env.USERPROFILE : env.HOME) || osHome
}

/** "true", "1", "yes", "on" (any case), or an ini boolean. */
function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(true|1|yes|on)$/i.test(v.trim()))
}
