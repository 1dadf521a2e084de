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
    expect(report.profiles.map((p) => [p.name, p.token?.state ?? null])).toEqual([
      ['dev', 'valid'],
      ['prod', 'valid'],
      ['old', 'missing'],
      ['plain', null],
    ])
    expect(report.profiles[0]).toEqual({
      name: 'dev',
      kind: 'sso-session',
      ssoSession: 'corp',
      startUrl: 'https://corp.awsapps.com/start#/',
      ssoRegion: 'us-east-1',
      accountId: '111111111111',
      roleName: 'Admin',
      sourceProfile: null,
      token: {
        state: 'valid',
        expiresAt: '2026-11-28T15:00:00.000Z',
        cacheFile: cache('corp'),
        refreshableUntil: null,
        sessionStartedAt: null,
        sessionEndsAt: null,
        sessionEndSource: null,
      },
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
    const ctx = fakeContext({ '/home/u/conf/aws': CONFIG, [cache('corp')]: tokenJson('2026-11-28T12:20:00Z') }, NOW, {
      AWS_CONFIG_FILE: '~/$SUB/aws',
      SUB: 'conf',
      AWS_SSO_TRAY_WARN_MINUTES: '30',
    })
    await main(['status', '--json', 'dev'], ctx)
    expect(ctx.stdout.join('')).toContain('"state":"expiring"')
  })

  it('treats missing config files as no profiles', async () => {
    const ctx = fakeContext({}, NOW)
    expect(await main(['status'], ctx)).toBe(0)
    expect(ctx.stdout.join('')).toBe('No AWS profiles found. Create one with: aws configure sso\n')
  })
})

describe('status filters', () => {
  const corpValid = () => fakeContext({ '/home/u/.aws/config': CONFIG, [cache('corp')]: tokenJson('2026-11-28T15:00:00Z') }, NOW)
  const names = (ctx: ReturnType<typeof fakeContext>) => (JSON.parse(ctx.stdout.join('')) as { profiles: { name: string }[] }).profiles.map((p) => p.name)

  it('--session takes an sso-session name or a start URL (with or without its trailing /#/)', async () => {
    let ctx = corpValid()
    expect(await main(['status', '--json', '--session', 'corp'], ctx)).toBe(0)
    expect(names(ctx)).toEqual(['dev', 'prod'])
    ctx = corpValid()
    expect(await main(['status', '--json', '--session=https://old.awsapps.com/start/'], ctx)).toBe(1)
    expect(names(ctx)).toEqual(['old'])
    ctx = corpValid()
    await main(['status', '--json', '--session', 'https://corp.awsapps.com/start'], ctx)
    expect(names(ctx)).toEqual(['dev', 'prod'])
  })

  it('--state and --account take comma lists and repeat; options combine, values within one option alternate', async () => {
    let ctx = corpValid()
    expect(await main(['status', '--json', '--state', 'expired,missing'], ctx)).toBe(1)
    expect(names(ctx)).toEqual(['old'])
    ctx = corpValid()
    expect(await main(['status', '--json', '--account', '111111111111', '--account', '333333333333'], ctx)).toBe(1)
    expect(names(ctx)).toEqual(['dev', 'old'])
    ctx = corpValid()
    expect(await main(['status', '--json', '--account', '111111111111,333333333333', '--state', 'valid'], ctx)).toBe(0)
    expect(names(ctx)).toEqual(['dev'])
  })

  it('computes the exit code over what is shown, and says when nothing matches', async () => {
    const ctx = corpValid()
    expect(await main(['status', '--state', 'expiring'], ctx)).toBe(0)
    expect(ctx.stdout.join('')).toBe('No profiles match.\n')
  })

  it('rejects unknown states, sessions and accounts with exit 2 and a suggestion', async () => {
    await expect(main(['status', '--state', 'expird'], corpValid())).rejects.toMatchObject({
      exitCode: 2,
      message: 'unknown state "expird" — did you mean expired? (states: valid, refreshable, expiring, expired, missing, invalid)',
    })
    await expect(main(['status', '--session', 'crop'], corpValid())).rejects.toMatchObject({
      exitCode: 2,
      message: 'no profile uses the sso-session or start URL "crop" — did you mean corp?',
    })
    await expect(main(['status', '--account', '111111111112'], corpValid())).rejects.toMatchObject({
      exitCode: 2,
      message: 'no profile uses account "111111111112" — did you mean 111111111111?',
    })
    await expect(main(['status', '--session'], corpValid())).rejects.toMatchObject({ exitCode: 2, message: 'option --session needs a value' })
  })
})

describe('hidden profiles', () => {
  const hideOld = (env: Record<string, string> = {}) =>
    fakeContext({ '/home/u/.aws/config': CONFIG, [cache('corp')]: tokenJson('2026-11-28T15:00:00Z') }, NOW, { AWS_SSO_TRAY_HIDE: 'ol?, nothing-*', ...env })

  it('lists them flagged hidden in --json and leaves them out of the exit code', async () => {
    const ctx = hideOld()
    expect(await main(['status', '--json'], ctx)).toBe(0)
    const report = JSON.parse(ctx.stdout.join('')) as { profiles: { name: string; hidden?: boolean }[] }
    expect(report.profiles.map((p) => [p.name, p.hidden ?? false])).toEqual([
      ['dev', false],
      ['prod', false],
      ['old', true],
      ['plain', false],
    ])
    expect(Object.keys(report.profiles[0] ?? {})).not.toContain('hidden')
  })

  it('counts a hidden profile when it is asked for by name (a script checking that very profile)', async () => {
    expect(await main(['status', 'old'], hideOld())).toBe(1)
    expect(await main(['status', 'dev', 'old', '--json'], hideOld())).toBe(1)
    const ctx = hideOld()
    await main(['status', '--line', 'old'], ctx)
    expect(ctx.stdout.join('')).toBe('aws ✕ old\n')
  })

  it('marks them in the table, from the settings file too', async () => {
    const ctx = fakeContext(
      { '/home/u/.aws/config': CONFIG, [cache('corp')]: tokenJson('2026-11-28T15:00:00Z'), '/home/u/.config/aws-sso-tray/config.ini': 'hide = old\n' },
      NOW,
    )
    expect(await main(['status', '--state', 'missing,valid'], ctx)).toBe(0)
    expect(ctx.stdout.join('')).toBe(
      'PROFILE  SESSION / START URL            ACCOUNT / ROLE        STATE             TIME LEFT\n' +
        'dev      corp                           111111111111 / Admin  valid             3h 00m\n' +
        'prod     corp                           222222222222 / Admin  valid             3h 00m\n' +
        'old      https://old.awsapps.com/start  333333333333 / Read   missing (hidden)  -\n',
    )
  })
})

describe('status on a terminal', () => {
  const tty = (columns: number | undefined, env: Record<string, string> = {}) => {
    const ctx = fakeContext({ '/home/u/.aws/config': CONFIG, [cache('corp')]: tokenJson('2026-11-28T15:00:00Z') }, NOW, env)
    ctx.out.isTTY = true
    ctx.out.columns = columns
    return ctx
  }

  it('fits the terminal width, and --wide prints full rows anyway', async () => {
    let ctx = tty(60, { NO_COLOR: '1' })
    await main(['status'], ctx)
    expect(ctx.stdout.join('')).toBe(
      'PROFILE  ACCOUNT / ROLE        STATE    TIME LEFT\n' +
        'dev      111111111111 / Admin  valid    3h 00m\n' +
        'prod     222222222222 / Admin  valid    3h 00m\n' +
        'old      333333333333 / Read   missing  -\n' +
        'plain    -                     -        -\n',
    )
    ctx = tty(60, { NO_COLOR: '1' })
    await main(['status', '--wide'], ctx)
    expect(ctx.stdout.join('').split('\n')[0]).toBe('PROFILE  SESSION / START URL            ACCOUNT / ROLE        STATE    TIME LEFT')
  })

  it('colours states on a terminal, not under NO_COLOR or TERM=dumb, and in a pipe only with FORCE_COLOR', async () => {
    const red = '\x1b[31mmissing\x1b[0m'
    let ctx = tty(200)
    await main(['status'], ctx)
    expect(ctx.stdout.join('')).toContain(red)
    for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }, { FORCE_COLOR: '0' }] as Record<string, string>[]) {
      ctx = tty(200, env)
      await main(['status'], ctx)
      expect(ctx.stdout.join('')).not.toContain('\x1b[')
    }
    ctx = fakeContext({ '/home/u/.aws/config': CONFIG }, NOW, { FORCE_COLOR: '1' })
    await main(['status'], ctx)
    expect(ctx.stdout.join('')).toContain(red)
    ctx = fakeContext({ '/home/u/.aws/config': CONFIG }, NOW)
    await main(['status'], ctx)
    expect(ctx.stdout.join('')).not.toContain('\x1b[')
  })
})

describe('status --line and --line-path', () => {
  it('prints the status line computed fresh, hidden profiles left out, and exits 0', async () => {
    const files = { '/home/u/.aws/config': CONFIG, [cache('corp')]: tokenJson('2026-11-28T12:09:30Z') }
    let ctx = fakeContext(files, NOW)
    expect(await main(['status', '--line'], ctx)).toBe(0)
    expect(ctx.stdout.join('')).toBe('aws ✕ old\n')
    ctx = fakeContext(files, NOW, { AWS_SSO_TRAY_HIDE: 'old' })
    expect(await main(['status', '--line'], ctx)).toBe(0)
    expect(ctx.stdout.join('')).toBe('aws ◐ corp 9m\n')
    ctx = fakeContext({ ...files, [cache('corp')]: tokenJson('2026-11-28T15:00:00Z') }, NOW, { AWS_SSO_TRAY_HIDE: 'old' })
    await main(['status', '--line'], ctx)
    expect(ctx.stdout.join('')).toBe('aws ✓\n')
    ctx = fakeContext({}, NOW)
    await main(['status', '--line'], ctx)
    expect(ctx.stdout.join('')).toBe('\n')
  })

  it('prints a hostile session name in --line without its control characters', async () => {
    const ctx = fakeContext(
      {
        '/home/u/.aws/config':
          '[sso-session ev\x1b]0;pwn\x07il]\nsso_start_url = https://e.awsapps.com/start\nsso_region = us-east-1\n[profile p]\nsso_session = ev\x1b]0;pwn\x07il\nsso_account_id = 1\nsso_role_name = R\n',
      },
      NOW,
    )
    await main(['status', '--line'], ctx)
    expect(ctx.stdout.join('')).toBe('aws ✕ ev?]0;pwn?il\n')
  })

  it('honours filters and profile names in --line', async () => {
    const ctx = fakeContext({ '/home/u/.aws/config': CONFIG, [cache('corp')]: tokenJson('2026-11-28T15:00:00Z') }, NOW)
    await main(['status', '--line', '--session', 'corp'], ctx)
    expect(ctx.stdout.join('')).toBe('aws ✓\n')
  })

  it('prints the path of the status line the tray keeps, reading no config', async () => {
    const ctx = fakeContext({}, NOW, { XDG_RUNTIME_DIR: '/run/user/1000' })
    expect(await main(['status', '--line-path'], ctx)).toBe(0)
    expect(ctx.stdout.join('')).toBe('/run/user/1000/aws-sso-tray/status.line\n')
    expect(ctx.files.reads).toEqual([])
  })

  it('rejects combining --json, --line and --line-path, and filters with --line-path', async () => {
    await expect(main(['status', '--json', '--line'], fakeContext({}, NOW))).rejects.toMatchObject({
      exitCode: 2,
      message: '--json and --line cannot be combined: choose one',
    })
    await expect(main(['status', '--line-path', 'dev'], fakeContext({}, NOW))).rejects.toMatchObject({
      exitCode: 2,
      message: '--line-path takes no profiles or filters',
    })
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

  it('lists the options of status and check in their --help', async () => {
    let ctx = fakeContext({}, NOW)
    await main(['status', '--help'], ctx)
    expect(ctx.stdout.join('')).toContain('\n  --state STATE     only these states: valid, refreshable, expiring, expired, missing, invalid\n')
    ctx = fakeContext({}, NOW)
    await main(['check', '--help'], ctx)
    expect(ctx.stdout.join('')).toContain('\n  --concurrency N   calls at once (default: the check_concurrency setting, 4)\n')
  })

  it('rejects unknown commands and options with exit 2', async () => {
    await expect(main(['nope'], fakeContext({}, NOW))).rejects.toMatchObject({ exitCode: 2 })
    await expect(main(['status', '--bogus'], fakeContext({}, NOW))).rejects.toMatchObject({ exitCode: 2 })
  })
})
