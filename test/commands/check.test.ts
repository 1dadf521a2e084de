import { describe, expect, it } from 'vitest'
import { cacheFileName } from '../../src/aws/token-cache.ts'
import { runCheck } from '../../src/commands/check.ts'
import { fakeContext } from '../fakes/context.ts'
import { fakeRunner } from '../fakes/runner.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const profiles = Array.from({ length: 10 }, (_, i) => `[profile p${i}]\nsso_session = corp\nsso_account_id = 11111111111${i}\nsso_role_name = Admin\n`).join('')
const CONFIG = `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n${profiles}[profile plain]\nregion = x\n`
const token = (expiresAt: string) => JSON.stringify({ accessToken: 'SECRET', expiresAt })
const tree = (expiresAt: string) => ({ '/home/u/.aws/config': CONFIG, [`/home/u/.aws/sso/cache/${cacheFileName('corp')}`]: token(expiresAt) })
const identity = (p: string) => ({ stdout: JSON.stringify({ UserId: 'U', Account: '111111111111', Arn: `arn:aws:sts::111111111111:assumed-role/X/${p}` }) })
const tick = () => new Promise((r) => setImmediate(r))
const profileOf = (args: readonly string[]) => args.find((a) => a.startsWith('--profile='))?.slice('--profile='.length) ?? ''

describe('check', () => {
  it('runs sts per SSO profile with bounded concurrency and argv only', async () => {
    const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW, {
      PATH: '/usr/bin',
      AWS_PROFILE: 'other',
      AWS_DEFAULT_PROFILE: 'd',
      AWS_ACCESS_KEY_ID: 'AKIA',
      AWS_SECRET_ACCESS_KEY: 'S',
      AWS_SESSION_TOKEN: 'T',
      AWS_SECURITY_TOKEN: 'T2',
    })
    const fake = fakeRunner({
      aws: async (args) => {
        await tick()
        return identity(profileOf(args))
      },
    })
    expect(await runCheck(ctx, { json: true, concurrency: 3, names: [] }, fake.runner)).toBe(0)
    expect(fake.calls).toHaveLength(10)
    expect(fake.maxInFlight()).toBe(3)
    expect(fake.calls[0]?.args).toEqual([
      'sts',
      'get-caller-identity',
      '--profile=p0',
      '--region',
      'eu-west-1',
      '--output',
      'json',
      '--no-cli-pager',
      '--no-cli-auto-prompt',
    ])
    // The child gets exactly our environment minus the profile and credential variables, not ours merged in.
    for (const call of fake.calls) {
      expect(call.options?.extendEnv).toBe(false)
      expect(Object.keys(call.options?.env ?? {}).sort()).toEqual(['HOME', 'PATH'])
    }
    const out = JSON.parse(ctx.stdout.join('')) as { results: { name: string; ok: boolean; account: string }[] }
    expect(out.results.map((r) => r.name)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9'])
    expect(out.results.every((r) => r.ok && r.account === '111111111111')).toBe(true)
  })

  it('classifies failures and exits 1', async () => {
    const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW)
    const fake = fakeRunner({
      aws: (args) =>
        profileOf(args) === 'p1'
          ? { exitCode: 255, stderr: '\nError when retrieving token from sso: Token has expired and refresh failed\n' }
          : profileOf(args) === 'p2'
            ? { exitCode: 254, stderr: '\nAn error occurred (ForbiddenException) when calling the GetRoleCredentials operation: No access\n' }
            : profileOf(args) === 'p3'
              ? { exitCode: undefined, timedOut: true }
              : identity(profileOf(args)),
    })
    expect(await runCheck(ctx, { json: true, concurrency: 4, names: ['p0', 'p1', 'p2', 'p3'] }, fake.runner)).toBe(1)
    const out = JSON.parse(ctx.stdout.join('')) as { results: { ok: boolean; error: { class: string } | null }[] }
    expect(out.results.map((r) => [r.ok, r.error?.class ?? null])).toEqual([
      [true, null],
      [false, 'auth-expired'],
      [false, 'access-denied'],
      [false, 'timeout'],
    ])
  })

  it('never calls a profile healthy on sts alone when its SSO token has expired', async () => {
    const ctx = fakeContext(tree('2026-11-28T11:00:00Z'), NOW)
    const fake = fakeRunner({ aws: (args) => identity(profileOf(args)) })
    expect(await runCheck(ctx, { json: false, concurrency: 4, names: ['p0'] }, fake.runner)).toBe(1)
    expect(ctx.stdout.join('')).toContain('FAIL  p0       auth-expired: sts answered from cached role credentials, but the SSO token is expired: log in again')
  })

  it('shows progress on a terminal', async () => {
    const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW)
    ctx.out.isTTY = true
    await runCheck(ctx, { json: false, concurrency: 2, names: ['p0', 'p1'] }, fakeRunner({ aws: (a) => identity(profileOf(a)) }).runner)
    expect(ctx.stderr.join('')).toBe('\rChecking 1/2…\rChecking 2/2…\n')
  })

  it('rejects a bad concurrency and unknown names with exit 2', async () => {
    const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW)
    const { runner } = fakeRunner({})
    await expect(runCheck(ctx, { json: false, concurrency: 0, names: [] }, runner)).rejects.toMatchObject({ exitCode: 2 })
    await expect(runCheck(ctx, { json: false, concurrency: 2, names: ['ghost'] }, runner)).rejects.toMatchObject({ exitCode: 2 })
  })

  it('reports a misconfigured profile as config and spends no sts call on it', async () => {
    const broken = '[profile nosession]\nsso_session = ghost\nsso_account_id = 1\nsso_role_name = R\n'
    const ctx = fakeContext({ ...tree('2026-11-28T15:00:00Z'), '/home/u/.aws/config': CONFIG + broken }, NOW)
    const fake = fakeRunner({ aws: (args) => identity(profileOf(args)) })
    expect(await runCheck(ctx, { json: true, concurrency: 2, names: ['p0', 'nosession'] }, fake.runner)).toBe(1)
    expect(fake.calls.map((c) => profileOf(c.args))).toEqual(['p0'])
    const out = JSON.parse(ctx.stdout.join('')) as { results: { name: string; ok: boolean; error: { class: string; message: string } | null }[] }
    expect(out.results[1]).toMatchObject({
      name: 'nosession',
      ok: false,
      error: { class: 'config', message: 'The specified sso-session does not exist: "ghost" (add an [sso-session ghost] section)' },
    })
  })

  it('runs nothing when the AWS CLI refuses the config file, and names the file and line', async () => {
    const ctx = fakeContext({ ...tree('2026-11-28T15:00:00Z'), '/home/u/.aws/config': CONFIG + 'orphan line\n' }, NOW)
    const fake = fakeRunner({ aws: (args) => identity(profileOf(args)) })
    expect(await runCheck(ctx, { json: false, concurrency: 2, names: ['p0', 'p1'] }, fake.runner)).toBe(1)
    expect(fake.calls).toEqual([])
    const line = CONFIG.split('\n').length
    expect(ctx.stdout.join('')).toBe(
      `ERROR /home/u/.aws/config:${line}: "orphan line" is not a "key = value" line\n` +
        'The AWS CLI refuses this file, so no profile can be checked until it is fixed.\n\n' +
        `FAIL  p0       config: the AWS CLI refuses /home/u/.aws/config: line ${line}: "orphan line" is not a "key = value" line\n` +
        `FAIL  p1       config: the AWS CLI refuses /home/u/.aws/config: line ${line}: "orphan line" is not a "key = value" line\n` +
        '\n2 of 2 profiles failed.\n',
    )
  })

  it("names a corrupt token cache file instead of botocore's raw KeyError text", async () => {
    const file = `/home/u/.aws/sso/cache/${cacheFileName('corp')}`
    const ctx = fakeContext({ '/home/u/.aws/config': CONFIG, [file]: '{not json' }, NOW)
    const fake = fakeRunner({ aws: () => ({ exitCode: 255, stderr: `\n'${cacheFileName('corp').replace('.json', '')}'\n` }) })
    expect(await runCheck(ctx, { json: true, concurrency: 1, names: ['p0'] }, fake.runner)).toBe(1)
    const out = JSON.parse(ctx.stdout.join('')) as { results: { error: { class: string; message: string } | null; tokenState: string }[] }
    expect(out.results[0]).toMatchObject({
      tokenState: 'invalid',
      error: { class: 'auth-expired', message: `the token cache file ${file} is unusable: the token file is not valid JSON (a new login rewrites it)` },
    })
  })

  it('says where it looked when the AWS CLI is not there, for every profile', async () => {
    const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW, { PATH: '/usr/local/bin:/usr/bin' })
    const fake = fakeRunner({ aws: () => ({ exitCode: undefined, notFound: true }) })
    expect(await runCheck(ctx, { json: true, concurrency: 2, names: ['p0', 'p1'] }, fake.runner)).toBe(1)
    const out = JSON.parse(ctx.stdout.join('')) as { results: { error: { class: string; message: string } | null }[] }
    const message =
      'the AWS CLI "aws" is not on PATH (looked in /usr/local/bin:/usr/bin): install AWS CLI v2, or set AWS_SSO_TRAY_AWS to its full path (aws-sso-tray doctor shows how)'
    expect(out.results.map((r) => r.error)).toEqual([
      { class: 'cli-error', message },
      { class: 'cli-error', message },
    ])
  })

  it('names AWS CLI v2 as the fix when the CLI is v1, asking its version once', async () => {
    const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW)
    const fake = fakeRunner({
      aws: (args) =>
        args[0] === '--version'
          ? { stdout: 'aws-cli/1.45.11 Python/3.11.7 Linux/6.1 botocore/1.43.11\n' }
          : { exitCode: 252, stderr: '\nusage: aws [options] <command> <subcommand>\naws: error: Unknown options: --no-cli-pager, --no-cli-auto-prompt\n' },
    })
    expect(await runCheck(ctx, { json: false, concurrency: 2, names: ['p0', 'p1'] }, fake.runner)).toBe(1)
    expect(fake.calls.filter((c) => c.args[0] === '--version')).toHaveLength(1)
    expect(ctx.stdout.join('')).toContain(
      'FAIL  p0       cli-error: aws is AWS CLI 1.45.11; aws-sso-tray needs AWS CLI v2 (v1 has no SSO login): install AWS CLI v2',
    )
  })
  it('runs as many calls at once as the check_concurrency setting says when --concurrency is not given', async () => {
    for (const [env, expected] of [
      [{}, 4],
      [{ AWS_SSO_TRAY_CHECK_CONCURRENCY: '2' }, 2],
    ] as const) {
      const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW, env)
      const fake = fakeRunner({
        aws: async (args) => {
          await tick()
          return identity(profileOf(args))
        },
      })
      expect(await runCheck(ctx, { json: true, names: [] }, fake.runner)).toBe(0)
      expect(fake.maxInFlight()).toBe(expected)
    }
    const ctx = fakeContext({ ...tree('2026-11-28T15:00:00Z'), '/home/u/.config/aws-sso-tray/config.ini': 'check_concurrency = 3\n' }, NOW)
    const fake = fakeRunner({
      aws: async (args) => {
        await tick()
        return identity(profileOf(args))
      },
    })
    await runCheck(ctx, { json: true, names: [] }, fake.runner)
    expect(fake.maxInFlight()).toBe(3)
  })

  it('shows the permission set instead of the ARN on a narrow terminal, the ARN with --wide or in a pipe', async () => {
    const answer = (args: readonly string[]) => ({
      stdout: JSON.stringify({
        UserId: 'U',
        Account: '111111111111',
        Arn: `arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/${profileOf(args)}`,
      }),
    })
    const run = async (tty: boolean, wide: boolean) => {
      const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW, { NO_COLOR: '1' })
      ctx.out.isTTY = tty
      ctx.out.columns = tty ? 60 : undefined
      await runCheck(ctx, { json: false, wide, names: ['p0'] }, fakeRunner({ aws: answer }).runner)
      return ctx.stdout.join('')
    }
    expect(await run(true, false)).toBe('ok    p0       111111111111  Admin\n\nAll 1 profiles verified.\n')
    expect(await run(true, true)).toContain('ok    p0       111111111111  arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/p0\n')
    expect(await run(false, false)).toContain('  arn:aws:sts::')
  })
})
