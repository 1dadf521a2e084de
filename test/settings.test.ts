import { describe, expect, it } from 'vitest'
import { resolveSettings } from '../src/settings.ts'

describe('resolveSettings', () => {
  it('defaults', () => {
    const s = resolveSettings({}, '/home/u')
    expect(s).toMatchObject({
      configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials', cacheDir: '/home/u/.aws/sso/cache',
      settingsFile: '/home/u/.config/aws-sso-tray/config.ini', warnMs: 15 * 60_000, awsCommand: 'aws', browserCommand: null, deviceCode: false, urlTimeoutMs: 30_000,
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
