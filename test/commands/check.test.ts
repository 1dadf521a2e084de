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

describe('check', () => {
  it('runs sts per SSO profile with bounded concurrency and argv only', async () => {
    const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW, { AWS_PROFILE: 'other', AWS_ACCESS_KEY_ID: 'AKIA' })
    const fake = fakeRunner({ aws: async (args) => { await tick(); return identity(args[3] ?? '') } })
    expect(await runCheck(ctx, { json: true, concurrency: 3, names: [] }, fake.runner)).toBe(0)
    expect(fake.calls).toHaveLength(10)
    expect(fake.maxInFlight()).toBe(3)
    expect(fake.calls[0]?.args).toEqual(['sts', 'get-caller-identity', '--profile', 'p0', '--region', 'eu-west-1', '--output', 'json', '--no-cli-pager', '--no-cli-auto-prompt'])
    expect(fake.calls[0]?.options?.env?.AWS_PROFILE).toBeUndefined()
    expect(fake.calls[0]?.options?.env?.AWS_ACCESS_KEY_ID).toBeUndefined()
    const out = JSON.parse(ctx.stdout.join('')) as { results: { name: string; ok: boolean; account: string }[] }
    expect(out.results.map((r) => r.name)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9'])
    expect(out.results.every((r) => r.ok && r.account === '111111111111')).toBe(true)
  })

  it('classifies failures and exits 1', async () => {
    const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW)
    const fake = fakeRunner({
      aws: (args) =>
        args[3] === 'p1'
          ? { exitCode: 255, stderr: '\nError when retrieving token from sso: Token has expired and refresh failed\n' }
          : args[3] === 'p2'
            ? { exitCode: 254, stderr: '\nAn error occurred (ForbiddenException) when calling the GetRoleCredentials operation: No access\n' }
            : args[3] === 'p3'
              ? { exitCode: undefined, timedOut: true }
              : identity(args[3] ?? ''),
    })
    expect(await runCheck(ctx, { json: true, concurrency: 4, names: ['p0', 'p1', 'p2', 'p3'] }, fake.runner)).toBe(1)
    const out = JSON.parse(ctx.stdout.join('')) as { results: { ok: boolean; error: { class: string } | null }[] }
    expect(out.results.map((r) => [r.ok, r.error?.class ?? null])).toEqual([[true, null], [false, 'auth-expired'], [false, 'access-denied'], [false, 'timeout']])
  })

  it('never calls a profile healthy on sts alone when its SSO token has expired', async () => {
    const ctx = fakeContext(tree('2026-11-28T11:00:00Z'), NOW)
    const fake = fakeRunner({ aws: (args) => identity(args[3] ?? '') })
    expect(await runCheck(ctx, { json: false, concurrency: 4, names: ['p0'] }, fake.runner)).toBe(1)
    expect(ctx.stdout.join('')).toContain('FAIL  p0       auth-expired: sts answered from cached role credentials, but the SSO token is expired: log in again')
  })

  it('shows progress on a terminal', async () => {
    const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW)
    ctx.out.isTTY = true
    await runCheck(ctx, { json: false, concurrency: 2, names: ['p0', 'p1'] }, fakeRunner({ aws: (a) => identity(a[3] ?? '') }).runner)
    expect(ctx.stderr.join('')).toBe('\rChecking 1/2…\rChecking 2/2…\n')
  })

  it('rejects a bad concurrency and unknown names with exit 2', async () => {
    const ctx = fakeContext(tree('2026-11-28T15:00:00Z'), NOW)
    const { runner } = fakeRunner({})
    await expect(runCheck(ctx, { json: false, concurrency: 0, names: [] }, runner)).rejects.toMatchObject({ exitCode: 2 })
    await expect(runCheck(ctx, { json: false, concurrency: 2, names: ['ghost'] }, runner)).rejects.toMatchObject({ exitCode: 2 })
  })
})
