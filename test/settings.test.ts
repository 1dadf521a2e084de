import { describe, expect, it } from 'vitest'
import { formatSettingWarning, resolveSettings, settingLines } from '../src/settings.ts'
import { OPTIONS, parseQuietHours, settingsHelpLines, settingsMarkdownTable, settingsTemplate } from '../src/settings-options.ts'

describe('resolveSettings', () => {
  it('defaults', () => {
    const s = resolveSettings({}, '/home/u')
    expect(s).toMatchObject({
      configFile: '/home/u/.aws/config',
      credentialsFile: '/home/u/.aws/credentials',
      cacheDir: '/home/u/.aws/sso/cache',
      settingsFile: '/home/u/.config/aws-sso-tray/config.ini',
      warnMs: 15 * 60_000,
      awsCommand: 'aws',
      browserCommand: null,
      deviceCode: false,
      urlTimeoutMs: 30_000,
    })
  })

  it('reads our settings file, and the environment wins over it', () => {
    const file = { warn_minutes: '30', aws: '/opt/aws', browser: 'firefox', device_code: true }
    expect(resolveSettings({}, '/h', file)).toMatchObject({ warnMs: 30 * 60_000, awsCommand: '/opt/aws', browserCommand: 'firefox', deviceCode: true })
    const env = { AWS_SSO_TRAY_WARN_MINUTES: '5', AWS_SSO_TRAY_AWS: '/usr/bin/aws', AWS_SSO_TRAY_DEVICE_CODE: 'no' }
    expect(resolveSettings(env, '/h', file)).toMatchObject({ warnMs: 5 * 60_000, awsCommand: '/usr/bin/aws', deviceCode: false })
    expect(resolveSettings({ AWS_SSO_TRAY_DEVICE_CODE: 'YES' }, '/h').deviceCode).toBe(true)
  })

  it('ignores a warning window that is not a number, and follows AWS_CONFIG_FILE with ~ and $VARS', () => {
    expect(resolveSettings({ AWS_SSO_TRAY_WARN_MINUTES: 'soon' }, '/h').warnMs).toBe(15 * 60_000)
    const s = resolveSettings({ AWS_CONFIG_FILE: '~/cfg/$TEAM', TEAM: 'red', XDG_CONFIG_HOME: '/x' }, '/h')
    expect([s.configFile, s.cacheDir, s.settingsFile]).toEqual(['/h/cfg/red', '/h/.aws/sso/cache', '/x/aws-sso-tray/config.ini'])
  })
})

describe('settings checked against the option table', () => {
  const source = (text: string) => ({ path: '/x/config.ini', lines: settingLines(text) })

  it('a bad value names the file, line, key and what is expected; the default stands', () => {
    const text = '# mine\nwarn_minutes = lots\nquiet_hours = 22:00-08:00\n'
    const s = resolveSettings({}, '/h', { warn_minutes: 'lots', quiet_hours: '22:00-08:00' }, source(text))
    expect(s.warnMs).toBe(15 * 60_000)
    expect(s.quietHours).toEqual({ start: 22 * 60, end: 8 * 60 })
    expect(s.warnings.map(formatSettingWarning)).toEqual(['/x/config.ini:2: warn_minutes = "lots": expected minutes from 0 to 1440; using 15'])
  })

  it('the environment is checked too, and wins over the file', () => {
    const s = resolveSettings({ AWS_SSO_TRAY_WARN_MINUTES: 'abc', AWS_SSO_TRAY_CHECK_CONCURRENCY: '8' }, '/h', { warn_minutes: '30', check_concurrency: '2' })
    expect(s.warnMs).toBe(15 * 60_000)
    expect(s.checkConcurrency).toBe(8)
    expect(s.warnings.map(formatSettingWarning)).toEqual(['AWS_SSO_TRAY_WARN_MINUTES: warn_minutes = "abc": expected minutes from 0 to 1440; using 15'])
  })

  it('an unknown key is a warning with the closest known one', () => {
    const text = 'warn_minute = 5\ncolour = red\n'
    const s = resolveSettings({}, '/h', { warn_minute: '5', colour: 'red' }, source(text))
    expect(s.warnings.map(formatSettingWarning)).toEqual([
      '/x/config.ini:1: unknown setting "warn_minute" (did you mean warn_minutes?); ignored',
      '/x/config.ini:2: unknown setting "colour"; ignored',
    ])
  })

  it('parses every kind: booleans, bounds, lists, quiet hours, session hours', () => {
    const s = resolveSettings({}, '/h', {
      notifications: 'off',
      device_code: true,
      url_timeout: '45',
      hide: 'sandbox-*, old ,',
      session_hours: 'corp=12, 8',
      check_concurrency: '33',
    })
    expect(s).toMatchObject({
      notifications: false,
      deviceCode: true,
      urlTimeoutMs: 45_000,
      hide: ['sandbox-*', 'old'],
      sessionHours: 'corp=12, 8',
      checkConcurrency: 4,
    })
    expect(s.warnings.map((w) => w.key)).toEqual(['check_concurrency'])
    expect(resolveSettings({ AWS_SSO_TRAY_SESSION_HOURS: 'corp=0' }, '/h').warnings[0]?.message).toBe(
      'session_hours = "corp=0": expected hours, or NAME=hours per sso-session, separated by commas ("corp=0": hours must be a number from 0.25 to 2160); using learned',
    )
    expect(parseQuietHours('22:00-08:00')).toEqual({ value: { start: 1320, end: 480 } })
    expect(parseQuietHours('off')).toEqual({ value: null })
    for (const bad of ['24:00-08:00', '22:00', '22:60-01:00', '08:00-08:00']) expect(parseQuietHours(bad)).toEqual({ error: 'bad' })
    expect(resolveSettings({ AWS_SSO_TRAY_AWS: '' }, '/h').awsCommand).toBe('aws')
  })

  it('the template, the README table and --help list every option of the table', () => {
    const template = settingsTemplate()
    const table = settingsMarkdownTable()
    const help = settingsHelpLines().join('\n')
    for (const o of OPTIONS) {
      expect(template).toContain(`# ${o.key} = ${o.example}`)
      expect(table).toContain(`| \`${o.key}\` | \`${o.env}\` |`)
      expect(help).toContain(o.env)
    }
    // The template parses back to no warnings and no changes: every line is a comment.
    const lines = settingLines(template)
    expect(lines.size).toBe(0)
  })
})
