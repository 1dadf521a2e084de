// `ensure` with recording fakes for the CLI and the login, and the real local socket to a stand-in
// tray (listenEnsure) that answers as the tray would.

import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listenEnsure, type EnsureConnection } from '../../src/adapters/ensure-socket.ts'
import { sha1Hex } from '../../src/aws/sha1.ts'
import { runEnsure, type EnsureDeps } from '../../src/commands/ensure.ts'
import type { LoginOptions } from '../../src/commands/login.ts'
import type { EnsureEvent } from '../../src/core/ensure-protocol.ts'
import { fakeContext } from '../fakes/context.ts'
import { fakeRunner } from '../fakes/runner.ts'

const NOW = Date.parse('2026-12-01T10:00:00Z')
const CONFIG = `[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
[profile deploy]
role_arn = arn:aws:iam::333333333333:role/Deploy
source_profile = dev
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile plain]
aws_access_key_id = AKIA
`
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-ensure-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0

function tree(expiresAt: string | null) {
  return {
    '/home/u/.aws/config': CONFIG,
    ...(expiresAt
      ? {
          [`/home/u/.aws/sso/cache/${sha1Hex('corp')}.json`]: JSON.stringify({
            startUrl: 'https://corp.awsapps.com/start',
            region: 'us-east-1',
            accessToken: 'CANARY-ACCESS',
            expiresAt,
          }),
        }
      : {}),
  }
}

function deps(extra: Partial<EnsureDeps> = {}) {
  const logins: LoginOptions[] = []
  const d: Partial<EnsureDeps> = {
    runner: fakeRunner({}).runner,
    login: (_c, o) => (logins.push(o), Promise.resolve(0)),
    requester: () => ({ program: 'agent', cwd: '/home/u/src/app', pid: 42 }),
    socketPath: path.join(root, `none-${n++}.sock`),
    ...extra,
  }
  return { d, logins }
}

async function stubTray(answer: (c: EnsureConnection) => void) {
  const file = path.join(root, `tray-${n++}.sock`)
  const seen: EnsureConnection['request'][] = []
  const server = await listenEnsure(
    file,
    (c) => (seen.push(c.request), answer(c)),
    () => undefined,
  )
  return { file, seen, server }
}

const events = (out: string[]) =>
  out
    .join('')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as EnsureEvent)

describe('ensure', () => {
  it('a usable token: one event, exit 0, no CLI run, no tray asked', async () => {
    const ctx = fakeContext(tree('2026-12-01T18:00:00Z'), NOW)
    const { d, logins } = deps()
    expect(await runEnsure(ctx, { profile: 'deploy', json: true, timeoutS: 5, verify: false }, d)).toBe(0)
    expect(events(ctx.stdout)).toEqual([{ type: 'usable', profile: 'deploy', state: 'valid', expiresAt: '2026-12-01T18:00:00.000Z' }])
    expect(logins).toEqual([])
  })

  it('--verify adds exactly one sts call with our environment; an expired answer goes on to ask', async () => {
    const ctx = fakeContext(tree('2026-12-01T18:00:00Z'), NOW, { AWS_PROFILE: 'x' })
    const fake = fakeRunner({ aws: () => ({ exitCode: 255, stderr: '\nError when retrieving token from sso: Token has expired and refresh failed\n' }) })
    const { d, logins } = deps({ runner: fake.runner })
    expect(await runEnsure(ctx, { profile: 'dev', json: true, timeoutS: 5, verify: true }, d)).toBe(0)
    expect(fake.calls).toHaveLength(1)
    expect(fake.calls[0]?.args.slice(0, 3)).toEqual(['sts', 'get-caller-identity', '--profile=dev'])
    expect(fake.calls[0]?.options?.extendEnv).toBe(false)
    expect(fake.calls[0]?.options?.env).toEqual({ HOME: '/home/u' })
    expect(logins.map((l) => l.profile)).toEqual(['dev']) // no tray: the login ran here, once
    // The cache still looks usable, so the login must not stop at "nothing to do".
    expect(logins[0]?.force).toBe(true)
  })

  it('the tray runs: the request names the profile and who asks; events are printed; verified → 0', async () => {
    const tray = await stubTray((c) => {
      c.send({ type: 'requested', profile: c.request.profile, session: 'corp' })
      c.send({ type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH', flow: 'device' })
      c.send({ type: 'verified', account: '111111111111', arn: 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/u' })
    })
    const ctx = fakeContext(tree('2026-12-01T09:00:00Z'), NOW)
    const { d, logins } = deps({ socketPath: tray.file })
    expect(await runEnsure(ctx, { profile: 'dev', json: true, timeoutS: 5, verify: false }, d)).toBe(0)
    expect(tray.seen).toEqual([{ type: 'ensure', profile: 'dev', requester: { program: 'agent', cwd: '/home/u/src/app', pid: 42 } }])
    expect(events(ctx.stdout).map((e) => e.type)).toEqual(['requested', 'url', 'verified'])
    expect(logins).toEqual([])
    expect(statSync(tray.file).mode & 0o777).toBe(0o600)
    await tray.server.close()
  })

  it('declined in the tray → exit 1, nothing run here', async () => {
    const tray = await stubTray((c) => c.send({ type: 'declined', profile: c.request.profile }))
    const ctx = fakeContext(tree(null), NOW)
    const { d, logins } = deps({ socketPath: tray.file })
    expect(await runEnsure(ctx, { profile: 'dev', json: true, timeoutS: 5, verify: false }, d)).toBe(1)
    expect(events(ctx.stdout)).toEqual([{ type: 'declined', profile: 'dev' }])
    expect(logins).toEqual([])
    await tray.server.close()
  })

  it('no answer within the timeout → a failed event, exit 1, and the tray sees the caller leave', async () => {
    let gone = false
    const tray = await stubTray((c) => c.onGone(() => (gone = true)))
    const ctx = fakeContext(tree(null), NOW)
    const { d } = deps({ socketPath: tray.file })
    expect(await runEnsure(ctx, { profile: 'dev', json: true, timeoutS: 0.3, verify: false }, d)).toBe(1)
    expect(events(ctx.stdout)).toEqual([{ type: 'failed', class: 'timeout', message: 'no login within 0.3 s' }])
    await expect.poll(() => gone).toBe(true)
    await tray.server.close()
  })

  it('a tray that goes away without an answer is said so, not called a timeout', async () => {
    const tray = await stubTray((c) => {
      c.send({ type: 'requested', profile: c.request.profile, session: 'corp' })
      setImmediate(() => c.drop())
    })
    const ctx = fakeContext(tree(null), NOW)
    expect(await runEnsure(ctx, { profile: 'dev', json: true, timeoutS: 30, verify: false }, deps({ socketPath: tray.file }).d)).toBe(1)
    expect(events(ctx.stdout).at(-1)).toEqual({ type: 'failed', class: 'cli-error', message: 'the tray closed the request without an answer (did it quit?)' })
    await tray.server.close()
  })

  it('AWS_PROFILE when no PROFILE is given; a non-SSO profile is a usage error', async () => {
    const ctx = fakeContext(tree('2026-12-01T18:00:00Z'), NOW, { AWS_PROFILE: 'dev' })
    expect(await runEnsure(ctx, { profile: undefined, json: true, timeoutS: 5, verify: false }, deps().d)).toBe(0)
    await expect(runEnsure(fakeContext(tree(null), NOW), { profile: 'plain', json: true, timeoutS: 5, verify: false }, deps().d)).rejects.toThrow(
      'does not use SSO',
    )
    await expect(runEnsure(fakeContext(tree(null), NOW), { profile: undefined, json: true, timeoutS: 5, verify: false }, deps().d)).rejects.toThrow(
      'ensure needs a PROFILE',
    )
  })

  it('a stale socket file is replaced; a live one is refused', async () => {
    const tray = await stubTray(() => undefined)
    await expect(
      listenEnsure(
        tray.file,
        () => undefined,
        () => undefined,
      ),
    ).rejects.toThrow('another aws-sso-tray is serving')
    await tray.server.close()
  })
})
