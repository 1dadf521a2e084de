// `console` with recording fakes for the CLI and the browser, and a real local stand-in for the
// federation endpoint reached through the real HTTP adapter.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../src/adapters/http.ts'
import { sha1Hex } from '../../src/aws/sha1.ts'
import { consoleSigninUrl, runConsole } from '../../src/commands/console.ts'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import { AppError, UsageError } from '../../src/errors.ts'
import type { Browser } from '../../src/ports.ts'
import { fakeContext } from '../fakes/context.ts'
import { fakeRunner } from '../fakes/runner.ts'
import { startFakeFederation, type FakeFederation } from '../support/fake-federation.ts'

const NOW = Date.parse('2026-12-01T10:00:00Z')
const CREDS = { AccessKeyId: 'ASIACANARYKEYID', SecretAccessKey: 'CANARY-SECRET-KEY', SessionToken: 'CANARY-SESSION-TOKEN' }
const SECRETS = ['CANARY-SECRET-KEY', 'CANARY-SESSION-TOKEN', 'CANARY-ACCESS-TOKEN', 'CANARY-SIGNIN-TOKEN']
const CONFIG = `[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
region = eu-west-1
[profile -dash]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = Read
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
`

function tree(expiresAt: string) {
  return {
    '/home/u/.aws/config': CONFIG,
    [`/home/u/.aws/sso/cache/${sha1Hex('corp')}.json`]: JSON.stringify({
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      accessToken: 'CANARY-ACCESS-TOKEN',
      expiresAt,
    }),
  }
}

function recordingBrowser() {
  const opened: string[] = []
  const browser: Browser = { open: (url) => (opened.push(url), Promise.resolve()) }
  return { browser, opened }
}

let fed: FakeFederation
beforeAll(async () => {
  fed = await startFakeFederation(
    { accessKeyId: CREDS.AccessKeyId, secretAccessKey: CREDS.SecretAccessKey, sessionToken: CREDS.SessionToken },
    'CANARY-SIGNIN-TOKEN',
  )
})
afterAll(() => fed.close())

function exportOk() {
  return fakeRunner({ aws: () => ({ stdout: JSON.stringify({ Version: 1, ...CREDS, Expiration: '2026-12-01T11:00:00+00:00' }) }) })
}

function allOutput(ctx: ReturnType<typeof fakeContext>, extra: unknown = ''): string {
  return ctx.stdout.join('') + ctx.stderr.join('') + JSON.stringify(extra)
}

describe('console', () => {
  it('opens the console signed in; credentials come from the CLI with exactly our environment', async () => {
    const ctx = fakeContext(tree('2026-12-01T18:00:00Z'), NOW, { AWS_SSO_TRAY_FEDERATION_URL: fed.url, AWS_PROFILE: 'other', AWS_ACCESS_KEY_ID: 'AKIAENV' })
    const { runner, calls } = exportOk()
    const { browser, opened } = recordingBrowser()
    expect(await runConsole(ctx, { profile: 'dev', print: false }, { runner, http: createHttpClient(), browser })).toBe(0)

    expect(calls).toHaveLength(1)
    const call = calls[0]!
    expect(call.args).toEqual(['configure', 'export-credentials', '--profile=dev', '--format', 'process', '--no-cli-pager', '--no-cli-auto-prompt'])
    expect(call.options?.extendEnv).toBe(false)
    expect(call.options?.env).toEqual({ HOME: '/home/u', AWS_SSO_TRAY_FEDERATION_URL: fed.url })

    expect(opened).toHaveLength(1)
    const url = new URL(opened[0]!)
    expect(url.origin + url.pathname).toBe(fed.url)
    expect(url.searchParams.get('Action')).toBe('login')
    expect(url.searchParams.get('SigninToken')).toBe('CANARY-SIGNIN-TOKEN')
    expect(url.searchParams.get('Destination')).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1')
    expect(ctx.stdout.join('')).toBe('Opened the AWS console for dev (account 111111111111, eu-west-1).\n')
    for (const s of SECRETS) expect(allOutput(ctx)).not.toContain(s)
  })

  it('--print prints the sign-in URL and opens nothing', async () => {
    const ctx = fakeContext(tree('2026-12-01T18:00:00Z'), NOW, { AWS_SSO_TRAY_FEDERATION_URL: fed.url })
    const { browser, opened } = recordingBrowser()
    expect(await runConsole(ctx, { profile: 'dev', print: true }, { runner: exportOk().runner, http: createHttpClient(), browser })).toBe(0)
    expect(opened).toEqual([])
    const printed = ctx.stdout.join('')
    expect(new URL(printed.trim()).searchParams.get('SigninToken')).toBe('CANARY-SIGNIN-TOKEN')
    expect(printed).not.toContain('CANARY-SECRET-KEY')
  })

  it('an expired login: says to log in first, runs nothing, opens nothing', async () => {
    const ctx = fakeContext(tree('2026-12-01T09:00:00Z'), NOW, { AWS_SSO_TRAY_FEDERATION_URL: fed.url })
    const { runner, calls } = exportOk()
    const { browser, opened } = recordingBrowser()
    const before = fed.requests.length
    const err = await runConsole(ctx, { profile: '-dash', print: false }, { runner, http: createHttpClient(), browser }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).message).toBe('the SSO login for "-dash" is expired: log in first')
    expect((err as AppError).hint).toBe('run: aws-sso-tray login -- -dash')
    expect(calls).toEqual([])
    expect(opened).toEqual([])
    expect(fed.requests.length).toBe(before)
  })

  it('the CLI cannot get credentials: its class and message, the login hint, no request', async () => {
    const ctx = fakeContext(tree('2026-12-01T18:00:00Z'), NOW, { AWS_SSO_TRAY_FEDERATION_URL: fed.url })
    const { runner } = fakeRunner({ aws: () => ({ exitCode: 255, stderr: '\nError when retrieving token from sso: Token has expired and refresh failed\n' }) })
    const before = fed.requests.length
    const err = (await runConsole(ctx, { profile: 'dev', print: false }, { runner, http: createHttpClient(), browser: recordingBrowser().browser }).catch(
      (e: unknown) => e,
    )) as AppError
    expect(err.message).toBe('cannot get role credentials for "dev" (auth-expired): Error when retrieving token from sso: Token has expired and refresh failed')
    expect(err.hint).toBe('run: aws-sso-tray login dev')
    expect(fed.requests.length).toBe(before)
  })

  it('the endpoint refuses the credentials: a clear error that holds no secret', async () => {
    const ctx = fakeContext(tree('2026-12-01T18:00:00Z'), NOW, { AWS_SSO_TRAY_FEDERATION_URL: fed.url })
    const { runner } = fakeRunner({ aws: () => ({ stdout: JSON.stringify({ Version: 1, ...CREDS, SessionToken: 'CANARY-SESSION-TOKEN-STALE' }) }) })
    const { browser, opened } = recordingBrowser()
    const err = (await runConsole(ctx, { profile: 'dev', print: false }, { runner, http: createHttpClient(), browser }).catch((e: unknown) => e)) as AppError
    expect(err.message).toBe('the AWS sign-in endpoint refused the role credentials (HTTP 400)')
    expect(opened).toEqual([])
    for (const s of SECRETS) expect(JSON.stringify([err.message, err.hint])).not.toContain(s)
  })

  it('an unreachable endpoint: the error names the host, never the URL with credentials', async () => {
    const closed = await startFakeFederation({ accessKeyId: 'x', secretAccessKey: 'y', sessionToken: 'z' }, 't')
    await closed.close()
    const ctx = fakeContext(tree('2026-12-01T18:00:00Z'), NOW, { AWS_SSO_TRAY_FEDERATION_URL: closed.url })
    const err = (await runConsole(
      ctx,
      { profile: 'dev', print: false },
      { runner: exportOk().runner, http: createHttpClient(), browser: recordingBrowser().browser },
    ).catch((e: unknown) => e)) as AppError
    expect(err.message).toBe(`the AWS sign-in endpoint did not answer (${new URL(closed.url).host}: ECONNREFUSED)`)
    for (const s of SECRETS) expect(JSON.stringify([err.message, err.hint])).not.toContain(s)
  })

  it('refuses a federation endpoint that is not on this machine, before running anything', async () => {
    const ctx = fakeContext(tree('2026-12-01T18:00:00Z'), NOW, { AWS_SSO_TRAY_FEDERATION_URL: 'https://collector.example/federation' })
    const { runner, calls } = exportOk()
    await expect(runConsole(ctx, { profile: 'dev', print: false }, { runner, http: createHttpClient(), browser: recordingBrowser().browser })).rejects.toThrow(
      'AWS_SSO_TRAY_FEDERATION_URL must point at this machine',
    )
    expect(calls).toEqual([])
  })

  it('consoleSigninUrl, as Open console in the tray uses it: a chained profile signs in with its own role, in the region of its source', async () => {
    const config = `${CONFIG}[profile deploy]\nrole_arn = arn:aws:iam::333333333333:role/Deploy\nsource_profile = dev\n`
    const profiles = resolveProfiles(buildProfileMap(parseConfigText(config, '/home/u/.aws/config')))
    const deploy = profiles.find((p) => p.name === 'deploy')!
    const { runner, calls } = exportOk()
    const { url, region } = await consoleSigninUrl(
      { runner, http: createHttpClient() },
      { awsCommand: 'aws', env: { HOME: '/home/u', AWS_SSO_TRAY_FEDERATION_URL: fed.url }, profile: deploy, profiles },
    )
    expect(calls[0]?.args).toContain('--profile=deploy')
    expect(region).toBe('eu-west-1')
    expect(new URL(url).searchParams.get('SigninToken')).toBe('CANARY-SIGNIN-TOKEN')
    // An auth failure names the root profile's login as the fix.
    const { runner: failing } = fakeRunner({
      aws: () => ({ exitCode: 255, stderr: 'Error when retrieving token from sso: Token has expired and refresh failed\n' }),
    })
    const err = (await consoleSigninUrl(
      { runner: failing, http: createHttpClient() },
      { awsCommand: 'aws', env: { HOME: '/home/u' }, profile: deploy, profiles },
    ).catch((e: unknown) => e)) as AppError
    expect(err.hint).toBe('run: aws-sso-tray login dev')
  })

  it('console --help says --print prints a bearer link valid for 15 minutes; a missing PROFILE is a usage error', async () => {
    const { main } = await import('../../src/main.ts')
    const ctx = fakeContext({}, NOW)
    expect(await main(['console', '--help'], ctx)).toBe(0)
    const out = ctx.stdout.join('')
    expect(out).toContain('Usage: aws-sso-tray console PROFILE [--print]')
    expect(out).toMatch(/--print .*bearer link, valid for 15 minutes/)
    await expect(main(['console'], fakeContext({}, NOW))).rejects.toThrow(new UsageError('console takes exactly one PROFILE'))
  })
})
