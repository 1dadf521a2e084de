// Pure resolution of paths and options from the environment, the home directory and our own
// optional settings file (~/.config/aws-sso-tray/config.ini, read with `ini`: it is our file,
// flat keys only, so ini's AWS-config quirks cannot bite). The environment wins over the file.

import path from 'node:path'
import { closest } from './core/suggest.ts'
import { OPTION_KEYS, OPTIONS, defaultValues, type QuietHours } from './settings-options.ts'

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
  checkConcurrency: number
  notifications: boolean
  quietHours: QuietHours | null
  /** Profile names or globs left out of the icon, menu and notices. */
  hide: string[]
  /** `session_hours` as written (parse with parseSessionHours), or null. */
  sessionHours: string | null
  /** Unknown keys and bad values, each naming where and what is expected; the default was used. */
  warnings: SettingWarning[]
}

export interface SettingWarning {
  /** "FILE:LINE" or the environment variable. */
  where: string
  key: string
  message: string
}

export type Env = Readonly<Record<string, string | undefined>>

/** Where each key of our settings file was written (1-based line), for warnings. */
export interface SettingsSource {
  path: string
  lines: ReadonlyMap<string, number>
}

export function settingsFilePath(env: Env, home: string): string {
  const base = env.XDG_CONFIG_HOME || path.join(home, '.config')
  return path.join(base, 'aws-sso-tray', 'config.ini')
}

/**
 * `file` is our settings file as parsed by `ini` (flat keys), or empty when there is none. The
 * environment wins over the file; a bad value in either is a warning and the default stands.
 */
export function resolveSettings(env: Env, home: string, file: Readonly<Record<string, unknown>> = {}, source?: SettingsSource): Settings {
  const values = defaultValues()
  const warnings: SettingWarning[] = []
  const fileWhere = (key: string) => (source ? `${source.path}:${source.lines.get(key) ?? '?'}` : 'settings file')
  for (const key of Object.keys(file)) {
    if (!OPTION_KEYS.includes(key)) {
      const near = closest(key, OPTION_KEYS)
      warnings.push({ where: fileWhere(key), key, message: `unknown setting "${key}"${near ? ` (did you mean ${near}?)` : ''}; ignored` })
    }
  }
  for (const o of OPTIONS) {
    const fromEnv = env[o.env] === '' ? undefined : env[o.env] // an empty variable counts as unset
    const fromFile = file[o.key]
    const text = fromEnv ?? (fromFile === undefined ? undefined : typeof fromFile === 'string' || typeof fromFile === 'boolean' ? String(fromFile) : null)
    if (text === undefined) continue
    const where = fromEnv !== undefined ? o.env : fileWhere(o.key)
    const parsed = text === null ? { error: 'bad' } : o.parse(text)
    if ('error' in parsed) {
      const detail = parsed.error === 'bad' ? '' : ` (${parsed.error})`
      warnings.push({
        where,
        key: o.key,
        message: `${o.key} = ${JSON.stringify(text ?? '[section]')}: expected ${o.expected}${detail}; using ${o.defaultText}`,
      })
      continue
    }
    ;(values as unknown as Record<string, unknown>)[o.key] = parsed.value
  }
  return {
    home,
    configFile: env.AWS_CONFIG_FILE ? expandPath(env.AWS_CONFIG_FILE, env, home) : path.join(home, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE ? expandPath(env.AWS_SHARED_CREDENTIALS_FILE, env, home) : path.join(home, '.aws', 'credentials'),
    // botocore ties the token cache to the home directory; AWS_CONFIG_FILE does not move it.
    cacheDir: path.join(home, '.aws', 'sso', 'cache'),
    settingsFile: settingsFilePath(env, home),
    warnMs: values.warn_minutes * 60_000,
    awsCommand: values.aws ?? 'aws',
    browserCommand: values.browser,
    deviceCode: values.device_code,
    urlTimeoutMs: values.url_timeout * 1000,
    checkConcurrency: values.check_concurrency,
    notifications: values.notifications,
    quietHours: values.quiet_hours,
    hide: values.hide,
    sessionHours: values.session_hours,
    warnings,
  }
}

/** A warning as one line for doctor, the log and the tray's menu. */
export function formatSettingWarning(w: SettingWarning): string {
  return `${w.where}: ${w.message}`
}

/**
 * Where each top-level key of our settings file is written (1-based), as `ini` reads it: the last
 * line wins for a repeated key, and keys under a `[section]` are the section's, not ours (the
 * section itself is recorded under its name, which is what a warning about it names).
 */
export function settingLines(text: string): Map<string, number> {
  const lines = new Map<string, number>()
  let inSection = false
  text.split(/\r?\n/).forEach((line, i) => {
    const section = /^\s*\[([^\]]*)\]/.exec(line)
    if (section) {
      inSection = true
      if (section[1] !== undefined && !lines.has(section[1])) lines.set(section[1], i + 1)
      return
    }
    const m = /^\s*([^=\s[;#][^=]*?)\s*=/.exec(line)
    if (m?.[1] && !inSection) lines.set(m[1], i + 1)
  })
  return lines
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
