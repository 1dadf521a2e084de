import { describe, expect, it } from 'vitest'
import { cacheFileName } from '../../src/aws/token-cache.ts'
import { main } from '../../src/main.ts'
import { fakeContext } from '../fakes/context.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const CONFIG = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start#/
sso_region = us-east-1

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin

[profile prod]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = Admin

[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = us-west-2
sso_account_id = 333333333333
sso_role_name = Read

[profile plain]
region = us-east-1
`
const cache = (key: string) => `/home/u/.aws/sso/cache/${cacheFileName(key)}`
const tokenJson = (expiresAt: string) => JSON.stringify({ startUrl: 'u', region: 'r', accessToken: 'SECRET-ACCESS', expiresAt, clientSecret: 'SECRET-CLIENT' })

describe('status', () => {
  it('prints the documented JSON shape, one evaluation per shared token', async () => {
    const ctx = fakeContext({ '/home/u/.aws/config': CONFIG, [cache('corp')]: tokenJson('2026-11-28T15:00:00Z') }, NOW)
    const code = await main(['status', '--json'], ctx)
    const out = ctx.stdout.join('')
    expect(out).not.toContain('SECRET')
    const report = JSON.parse(out) as { generatedAt: string; profiles: { name: string; token: { state: string } | null }[] }
    expect(report.generatedAt).toBe('2026-11-28T12:00:00.000Z')
    expect(report.profiles.map((p) => [p.name, p.token?.state ?? null])).toEqual([['dev', 'valid'], ['prod', 'valid'], ['old', 'missing'], ['plain', null]])
    expect(report.profiles[0]).toEqual({
      name: 'dev', kind: 'sso-session', ssoSession: 'corp', startUrl: 'https://corp.awsapps.com/start#/', ssoRegion: 'us-east-1',
      accountId: '111111111111', roleName: 'Admin', sourceProfile: null,
      token: { state: 'valid', expiresAt: '2026-11-28T15:00:00.000Z', cacheFile: cache('corp'), refreshableUntil: null },
      error: null,
    })
    expect(ctx.files.reads.filter((r) => r.includes('/sso/cache/'))).toHaveLength(2)
    expect(code).toBe(1)
  })

  it('exits 0 when the selected profiles are usable', async () => {
    const ctx = fakeContext({ '/home/u/.aws/config': CONFIG, [cache('corp')]: tokenJson('2026-11-28T15:00:00Z') }, NOW)
    expect(await main(['status', 'dev', 'prod'], ctx)).toBe(0)
    expect(ctx.stdout.join('')).toBe(
      'PROFILE  SESSION / START URL  ACCOUNT / ROLE        STATE  TIME LEFT\n' +
        'dev      corp                 111111111111 / Admin  valid  3h 00m\n' +
        'prod     corp                 222222222222 / Admin  valid  3h 00m\n',
    )
  })

  it('rejects an unknown profile with exit 2, naming it', async () => {
    const ctx = fakeContext({ '/home/u/.aws/config': CONFIG }, NOW)
    await expect(main(['status', 'dev', 'nope'], ctx)).rejects.toMatchObject({ exitCode: 2, message: 'unknown profile: "nope"' })
  })

  it('reports an unparseable config prominently and still shows what it can read', async () => {
    const ctx = fakeContext({ '/home/u/.aws/config': CONFIG + '[profile dev]\nregion = x\n' }, NOW)
    expect(await main(['status'], ctx)).toBe(1)
    const out = ctx.stdout.join('')
    expect(out).toMatch(/^ERROR \/home\/u\/\.aws\/config:23: duplicate section \[profile dev\] \(first at line \d+; this one is ignored\)\n/)
    expect(out).toContain('old ')
  })

  it('explains a corrupt cache file and keeps the other profiles', async () => {
    const ctx = fakeContext({ '/home/u/.aws/config': CONFIG, [cache('corp')]: '{not json' }, NOW)
    await main(['status', '--json'], ctx)
    const report = JSON.parse(ctx.stdout.join('')) as { profiles: { name: string; token: { state: string } | null; error: string | null }[] }
    expect(report.profiles[0]).toMatchObject({ token: { state: 'invalid' }, error: 'the token file is not valid JSON (a new login rewrites it)' })
    expect(report.profiles[2]).toMatchObject({ name: 'old', token: { state: 'missing' } })
  })

  it('honours AWS_CONFIG_FILE with $VARS and ~, and the warning window setting', async () => {
    const ctx = fakeContext(
      { '/home/u/conf/aws': CONFIG, [cache('corp')]: tokenJson('2026-11-28T12:20:00Z') },
      NOW,
      { AWS_CONFIG_FILE: '~/$SUB/aws', SUB: 'conf', AWS_SSO_TRAY_WARN_MINUTES: '30' },
    )
    await main(['status', '--json', 'dev'], ctx)
    expect(ctx.stdout.join('')).toContain('"state":"expiring"')
  })

  it('treats missing config files as no profiles', async () => {
    const ctx = fakeContext({}, NOW)
    expect(await main(['status'], ctx)).toBe(0)
    expect(ctx.stdout.join('')).toBe('No AWS profiles found. Create one with: aws configure sso\n')
  })
})

describe('argument handling', () => {
  it('gives --help and --version on every command', async () => {
    for (const argv of [['status', '--help'], ['doctor', '-h'], ['--help']]) {
      const ctx = fakeContext({}, NOW)
      expect(await main(argv, ctx)).toBe(0)
      expect(ctx.stdout.join('')).toMatch(/Usage: aws-sso-tray/)
    }
    const ctx = fakeContext({}, NOW)
    expect(await main(['status', '--version'], ctx)).toBe(0)
    expect(ctx.stdout.join('')).toMatch(/^aws-sso-tray \d+\.\d+\.\d+\n$/)
  })

  it('rejects unknown commands and options with exit 2', async () => {
    await expect(main(['nope'], fakeContext({}, NOW))).rejects.toMatchObject({ exitCode: 2 })
    await expect(main(['status', '--bogus'], fakeContext({}, NOW))).rejects.toMatchObject({ exitCode: 2 })
  })
})
