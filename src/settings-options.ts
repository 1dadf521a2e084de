// The one table of settings: parsing, validation, `--help`, the commented template that
// Settings → Edit writes, `config show` and the README table all come from it. Pure.

import { parseSessionHours } from './core/session-end.ts'

export interface QuietHours {
  /** Minutes after midnight, local time. A span may cross midnight (22:00-08:00). */
  start: number
  end: number
}

export interface OptionValues {
  warn_minutes: number
  aws: string | null
  browser: string | null
  device_code: boolean
  url_timeout: number
  check_concurrency: number
  notifications: boolean
  quiet_hours: QuietHours | null
  hide: string[]
  session_hours: string | null
}

export type OptionKey = keyof OptionValues

export interface OptionSpec<K extends OptionKey = OptionKey> {
  key: K
  env: string
  /** What a valid value looks like, for warnings and docs. */
  expected: string
  default: OptionValues[K]
  /** The default as the docs write it. */
  defaultText: string
  help: string
  example: string
  parse(text: string): { value: OptionValues[K] } | { error: string }
}

const number =
  (min: number, max: number, integer = false) =>
  (text: string): { value: number } | { error: string } => {
    const t = text.trim()
    const ok = integer ? /^\d+$/.test(t) : /^\d+(\.\d+)?$/.test(t)
    const n = Number(t)
    return ok && n >= min && n <= max ? { value: n } : { error: 'bad' }
  }
const boolean = (text: string): { value: boolean } | { error: string } => {
  const t = text.trim().toLowerCase()
  if (['true', '1', 'yes', 'on'].includes(t)) return { value: true }
  if (['false', '0', 'no', 'off'].includes(t)) return { value: false }
  return { error: 'bad' }
}
const command = (text: string): { value: string | null } | { error: string } => (text.trim() === '' ? { error: 'bad' } : { value: text.trim() })

export function parseQuietHours(text: string): { value: QuietHours | null } | { error: string } {
  const t = text.trim()
  if (t === '' || t === 'off') return { value: null }
  const m = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(t)
  if (!m) return { error: 'bad' }
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number]
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return { error: 'bad' }
  const start = h1 * 60 + m1
  const end = h2 * 60 + m2
  return start === end ? { error: 'bad' } : { value: { start, end } }
}

export const OPTIONS: readonly OptionSpec[] = [
  {
    key: 'warn_minutes',
    env: 'AWS_SSO_TRAY_WARN_MINUTES',
    expected: 'minutes from 0 to 1440',
    default: 15,
    defaultText: '15',
    help: "Minutes before an expiry (a token, or a session's predicted end) to warn.",
    example: '30',
    parse: number(0, 1440),
  },
  {
    key: 'aws',
    env: 'AWS_SSO_TRAY_AWS',
    expected: 'a command or path',
    default: null,
    defaultText: 'aws from PATH',
    help: 'The AWS CLI v2 to run.',
    example: '/usr/local/bin/aws',
    parse: command,
  },
  {
    key: 'browser',
    env: 'AWS_SSO_TRAY_BROWSER',
    expected: 'a command or path',
    default: null,
    defaultText: 'the system browser',
    help: 'A browser command for login and console pages; the URL is passed as its last argument.',
    example: 'firefox',
    parse: command,
  },
  {
    key: 'device_code',
    env: 'AWS_SSO_TRAY_DEVICE_CODE',
    expected: 'true or false',
    default: false,
    defaultText: 'false',
    help: 'Log in with the device-code flow (the browser on another machine, remote desktops, WSL).',
    example: 'true',
    parse: boolean,
  },
  {
    key: 'url_timeout',
    env: 'AWS_SSO_TRAY_URL_TIMEOUT',
    expected: 'seconds from 1 to 600',
    default: 30,
    defaultText: '30',
    help: 'Seconds a login waits for the AWS CLI to print its URL before it gives up.',
    example: '60',
    parse: number(1, 600),
  },
  {
    key: 'check_concurrency',
    env: 'AWS_SSO_TRAY_CHECK_CONCURRENCY',
    expected: 'a whole number from 1 to 32',
    default: 4,
    defaultText: '4',
    help: 'How many profiles "Check all" and `check` verify at once.',
    example: '8',
    parse: number(1, 32, true),
  },
  {
    key: 'notifications',
    env: 'AWS_SSO_TRAY_NOTIFICATIONS',
    expected: 'true or false',
    default: true,
    defaultText: 'true',
    help: 'Desktop notifications (the icon and the menu always tell).',
    example: 'false',
    parse: boolean,
  },
  {
    key: 'quiet_hours',
    env: 'AWS_SSO_TRAY_QUIET_HOURS',
    expected: 'HH:MM-HH:MM (local time) or off',
    default: null,
    defaultText: 'off',
    help: 'Notices wait until the span ends; the icon still tells.',
    example: '22:00-08:00',
    parse: parseQuietHours,
  },
  {
    key: 'hide',
    env: 'AWS_SSO_TRAY_HIDE',
    expected: 'profile names or globs, separated by commas',
    default: [],
    defaultText: 'none',
    help: 'Profiles left out of the icon, the menu and notices (`status` still lists them, marked hidden).',
    example: 'sandbox-*, old-admin',
    parse: (text) => ({
      value: text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    }),
  },
  {
    key: 'session_hours',
    env: 'AWS_SSO_TRAY_SESSION_HOURS',
    expected: 'hours, or NAME=hours per sso-session, separated by commas',
    default: null,
    defaultText: 'learned',
    help: 'How long your Identity Center sessions last (warns before the real end of a refreshable session); unset: learned from the ends seen.',
    example: 'corp=12, 8',
    parse: (text) => {
      const p = parseSessionHours(text)
      return 'error' in p ? { error: p.error } : { value: text.trim() }
    },
  },
]

export const OPTION_KEYS: readonly string[] = OPTIONS.map((o) => o.key)

export function defaultValues(): OptionValues {
  return Object.fromEntries(OPTIONS.map((o) => [o.key, o.default])) as unknown as OptionValues
}

/** The commented file that Settings → Edit writes when there is none. */
export function settingsTemplate(): string {
  const lines = [
    '# aws-sso-tray settings. The environment (AWS_SSO_TRAY_*) wins over this file.',
    '# Uncomment a line to change it; `aws-sso-tray config show` prints what is in effect.',
    '',
  ]
  for (const o of OPTIONS) lines.push(`# ${o.help} Default: ${o.defaultText}.`, `# ${o.key} = ${o.example}`, '')
  return lines.join('\n')
}

/** The README's settings table (Markdown). */
export function settingsMarkdownTable(): string {
  const rows = OPTIONS.map((o) => `| \`${o.key}\` | \`${o.env}\` | ${o.defaultText} | ${o.help} e.g. \`${o.example}\` |`)
  return ['| setting | environment | default | what it does |', '|---|---|---|---|', ...rows].join('\n')
}

/** Lines for `--help`. */
export function settingsHelpLines(): string[] {
  const width = Math.max(...OPTIONS.map((o) => o.env.length))
  return OPTIONS.map((o) => `  ${o.env.padEnd(width)}  ${o.key} (default ${o.defaultText})`)
}
