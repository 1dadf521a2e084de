import { describe, expect, it } from 'vitest'
import { runConfig } from '../../src/commands/config.ts'
import { fakeContext } from '../fakes/context.ts'

const FILE = '/home/u/.config/aws-sso-tray/config.ini'

describe('config', () => {
  it('path prints where the settings file is', async () => {
    const ctx = fakeContext({}, 0, { XDG_CONFIG_HOME: '/cfg' })
    expect(await runConfig(ctx, { action: 'path', json: false })).toBe(0)
    expect(ctx.stdout.join('')).toBe('/cfg/aws-sso-tray/config.ini\n')
  })

  it('show: each value with its source, and the warnings (exit 1 when there are some)', async () => {
    const ctx = fakeContext({ [FILE]: 'warn_minutes = 30\nquiet_hours = 25:00-08:00\ncolour = red\n' }, 0, { AWS_SSO_TRAY_CHECK_CONCURRENCY: '8' })
    expect(await runConfig(ctx, { action: 'show', json: true })).toBe(1)
    const out = JSON.parse(ctx.stdout.join('')) as {
      settings: { key: string; value: string; source: string }[]
      warnings: { where: string; message: string }[]
    }
    expect(out.settings.find((r) => r.key === 'warn_minutes')).toEqual({ key: 'warn_minutes', value: '30', source: `${FILE}:1` })
    expect(out.settings.find((r) => r.key === 'check_concurrency')).toEqual({ key: 'check_concurrency', value: '8', source: 'AWS_SSO_TRAY_CHECK_CONCURRENCY' })
    expect(out.settings.find((r) => r.key === 'quiet_hours')).toEqual({ key: 'quiet_hours', value: 'off', source: 'default' })
    expect(out.warnings.map((w) => `${w.where}: ${w.message}`)).toEqual([
      `${FILE}:3: unknown setting "colour"; ignored`,
      `${FILE}:2: quiet_hours = "25:00-08:00": expected HH:MM-HH:MM (local time) or off; using off`,
    ])
  })

  it('show says what applies: a key under a [section] is not ours, and a repeated key takes its last value', async () => {
    const ctx = fakeContext({ [FILE]: 'warn_minutes = 5\nurl_timeout = 10\nwarn_minutes = 60\n[settings]\nurl_timeout = 99\n' }, 0)
    await runConfig(ctx, { action: 'show', json: true })
    const out = JSON.parse(ctx.stdout.join('')) as {
      settings: { key: string; value: string; source: string }[]
      warnings: { where: string; message: string }[]
    }
    expect(out.settings.find((r) => r.key === 'warn_minutes')).toEqual({ key: 'warn_minutes', value: '60', source: `${FILE}:3` })
    expect(out.settings.find((r) => r.key === 'url_timeout')).toEqual({ key: 'url_timeout', value: '10', source: `${FILE}:2` })
    expect(out.warnings.map((w) => `${w.where}: ${w.message}`)).toEqual([`${FILE}:4: unknown setting "settings"; ignored`])
  })

  it('show without a file says so; a wrong action is a usage error', async () => {
    const ctx = fakeContext({}, 0)
    expect(await runConfig(ctx, { action: 'show', json: false })).toBe(0)
    expect(ctx.stdout.join('')).toContain(`Settings file: ${FILE} (none yet: defaults and the environment apply)`)
    await expect(runConfig(ctx, { action: 'edit', json: false })).rejects.toThrow('config takes path or show (got edit)')
    await expect(runConfig(ctx, { action: 'shwo', json: false })).rejects.toThrow('config takes path or show (got shwo — did you mean show?)')
  })
})
