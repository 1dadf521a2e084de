// The real AWS CLI v2 (Debian's awscli 2.9.19) through complete logins, refreshes and checks,
// driven by the built aws-sso-tray against a local stand-in for IAM Identity Center. Real tmux on
// a private socket; the launcher test/fixtures/bin/aws2-local points only the CLI's endpoints at
// the stand-in; a stand-in browser approves (or denies) with the user code, as a person would.

import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startFakeIdentityCenter, SECRET_MARKER, type FakeIdentityCenter } from '../support/fake-identity-center.ts'
import { hasPythonModule, program, requireOutside } from '../support/outside-tools.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const LAUNCHER = path.join(import.meta.dirname, '../fixtures/bin/aws2-local')
const LEGACY_URL = 'https://my-sso-portal.awsapps.com/start'
const SESSION_URL = 'https://corp.awsapps.com/start'
const VERIFICATION_URI = 'https://device.sso.us-east-1.amazonaws.com/?user_code={code}'

const ok = requireOutside('the real AWS CLI end to end', [
  program('tmux'),
  { name: 'awscli (apt: awscli, the AWS CLI v2 Python package)', present: hasPythonModule('awscli.clidriver', '/usr/bin/python3') },
])

type Json = Record<string, unknown>
interface Run {
  code: number | null
  stdout: string
  stderr: string
  events: Json[]
}

describe.skipIf(!ok)('the real AWS CLI v2 against a local Identity Center', () => {
  let idc: FakeIdentityCenter
  let root: string
  const socket = `aws-sso-tray-real-cli-${process.pid}`
  const outputs: string[] = []

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-real-cli-'))
    // The stand-in browser finds the user code in the URL it is given; AWS's device URLs carry no
    // code (the user types it), which one test plays with the plain URI.
    // Role credentials under 15 min old are refetched on every call, so every sts call goes
    // through the SSO token, as it does once an hour has passed.
    idc = await startFakeIdentityCenter({ verificationUri: VERIFICATION_URI, roleCredentialsExpiresIn: 600 })
  })
  afterAll(async () => {
    spawnSync('tmux', ['-L', socket, 'kill-server'])
    await idc?.close()
    if (root) rmSync(root, { recursive: true, force: true })
  })

  /** A temp HOME with an sso-session profile `dev`, a legacy profile `legacy`, and a browser that does `action`. */
  function setup(name: string, action: 'approve' | 'deny' | 'nothing') {
    const home = path.join(root, name)
    mkdirSync(path.join(home, '.aws'), { recursive: true })
    mkdirSync(path.join(home, 'run'), { mode: 0o700 })
    writeFileSync(
      path.join(home, '.aws', 'config'),
      `[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n` +
        `[sso-session corp]\nsso_start_url = ${SESSION_URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n` +
        `[profile legacy]\nsso_start_url = ${LEGACY_URL}\nsso_region = us-east-1\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n`,
    )
    const browser = path.join(home, 'browser.mjs')
    writeFileSync(
      browser,
      `#!${process.execPath}\n` +
        `import { appendFileSync } from 'node:fs'\n` +
        `const url = process.argv[2]\n` +
        `appendFileSync(${JSON.stringify(path.join(home, 'opened.txt'))}, url + '\\n')\n` +
        `const code = new URL(url).searchParams.get('user_code')\n` +
        (action === 'nothing' ? '' : `await fetch(${JSON.stringify(idc.url)} + '/${action}?user_code=' + encodeURIComponent(code))\n`),
      { mode: 0o755 },
    )
    return home
  }

  /** Runs the built CLI (or `command`) with a clean environment for this HOME. */
  function run(home: string, args: string[], command = CLI, extraEnv: Record<string, string> = {}, onLine?: (line: string) => void): Promise<Run> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      XDG_RUNTIME_DIR: path.join(home, 'run'),
      XDG_STATE_HOME: path.join(home, 'state'),
      AWS_SSO_TRAY_AWS: LAUNCHER,
      AWS_SSO_TRAY_TEST_ENDPOINT: idc.url,
      AWS_SSO_TRAY_TMUX_SOCKET: socket,
      AWS_SSO_TRAY_BROWSER: path.join(home, 'browser.mjs'),
      ...extraEnv,
    }
    return new Promise((resolve) => {
      const child = command === CLI ? spawn(process.execPath, [CLI, ...args], { env }) : spawn(command, args, { env })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => {
        const done = stdout.split('\n').length - 1
        stdout += d.toString()
        for (const line of stdout.split('\n').slice(done, -1)) onLine?.(line)
      })
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      child.on('close', (code) => {
        outputs.push(stdout, stderr)
        const events =
          command === CLI && args.includes('login')
            ? stdout
                .split('\n')
                .filter(Boolean)
                .map((l) => JSON.parse(l) as Json)
            : []
        resolve({ code, stdout, stderr, events })
      })
    })
  }

  const login = (home: string, profile: string) => run(home, ['login', profile, '--json', '--no-copy'])
  const status = async (home: string, profile: string) => {
    const r = await run(home, ['status', profile, '--json'])
    return (JSON.parse(r.stdout) as { profiles: { token: { state: string; expiresAt: string } }[] }).profiles[0]?.token
  }
  const check = async (home: string, profile: string) => {
    const r = await run(home, ['check', profile, '--json'])
    return { code: r.code, result: (JSON.parse(r.stdout) as { results: Json[] }).results[0] }
  }
  const cacheFile = (home: string, key: string) => path.join(home, '.aws', 'sso', 'cache', createHash('sha1').update(key).digest('hex') + '.json')
  const cached = (home: string, key: string) => JSON.parse(readFileSync(cacheFile(home, key), 'utf8')) as Json
  const sinceLast = (from: number) => idc.log.slice(from)
  const count = (from: number, op: string) => sinceLast(from).filter((e) => e.op === op).length

  /** No tmux session, no login log, no process of this HOME (CLI, launcher, browser, tmux server). */
  async function expectNothingLeft(home: string) {
    const listed = spawnSync('tmux', ['-L', socket, 'list-sessions', '-F', '#{session_name}'], { encoding: 'utf8' })
    expect(listed.status === 0 ? listed.stdout.trim() : '').toBe('')
    expect(readdirSync(path.join(home, 'run', 'aws-sso-tray'))).toEqual([])
    // The tmux server and a detached browser end on their own, moments after the CLI: poll.
    await vi.waitFor(() => expect(processesOf(home)).toEqual([]), { timeout: 5000, interval: 50 })
  }

  /** Everything aws-sso-tray printed or stored: no secret the server issued may be in it. */
  function expectNoSecrets(home: string) {
    const stored = filesUnder(path.join(home, 'state')).map((f) => readFileSync(f, 'utf8'))
    const all = [...outputs, ...stored].join('\n')
    expect(idc.secrets().length).toBeGreaterThan(0)
    expect(all).not.toContain(SECRET_MARKER)
    for (const s of idc.secrets()) expect(all).not.toContain(s)
  }

  it('sso-session device-code login: URL, code, success, verified; status shows the expiry the CLI wrote', async () => {
    idc.options.refresh = true
    const home = setup('session', 'approve')
    const from = idc.log.length
    const r = await login(home, 'dev')
    expect(r.events.map((e) => e.type)).toEqual(['url', 'code', 'success', 'verified'])
    const code = r.events[1]?.userCode as string
    expect(r.events[0]).toEqual({ type: 'url', url: `https://device.sso.us-east-1.amazonaws.com/?user_code=${code}`, flow: 'device' })
    expect(r.events[3]).toEqual({
      type: 'verified',
      account: '111111111111',
      arn: 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane@example.com',
    })
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(readFileSync(path.join(home, 'opened.txt'), 'utf8')).toBe(`${r.events[0]?.url as string}\n`)
    expect(sinceLast(from).map((e) => e.op)).toEqual(
      expect.arrayContaining(['RegisterClient', 'StartDeviceAuthorization', 'Approve', 'GetRoleCredentials', 'GetCallerIdentity']),
    )

    const token = cached(home, 'corp')
    expect(token).toMatchObject({ startUrl: SESSION_URL, region: 'us-east-1', refreshToken: expect.stringContaining(SECRET_MARKER) as string })
    // The CLI computes expiresAt itself (its clock + expiresIn, whole seconds): near the server's, not equal.
    const issued = idc.accessTokens().at(-1)?.expiresAt ?? 0
    expect(Math.abs(Date.parse(token.expiresAt as string) - issued)).toBeLessThan(5000)
    expect(await status(home, 'dev')).toMatchObject({
      state: 'valid',
      expiresAt: new Date(Date.parse(token.expiresAt as string)).toISOString(),
      cacheFile: cacheFile(home, 'corp'),
    })
    await expectNothingLeft(home)
    expectNoSecrets(home)
  })

  it('a refreshable token past its access expiry: check lets the real CLI refresh it (refresh_token grant) → valid', async () => {
    const home = path.join(root, 'session')
    // An hour later: the access token has expired, on the server and in the cache file.
    idc.expireAccessTokens()
    const before = cached(home, 'corp')
    writeFileSync(cacheFile(home, 'corp'), JSON.stringify({ ...before, expiresAt: new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z') }))
    expect((await status(home, 'dev'))?.state).toBe('refreshable')
    const from = idc.log.length
    const c = await check(home, 'dev')
    expect(c).toEqual({ code: 0, result: expect.objectContaining({ ok: true, tokenState: 'valid', account: '111111111111' }) as Json })
    expect(
      sinceLast(from)
        .filter((e) => e.op === 'CreateToken')
        .map((e) => [e.grant, e.status]),
    ).toEqual([['refresh_token', 200]])
    const after = cached(home, 'corp')
    expect(after.accessToken).not.toBe(before.accessToken)
    expect(after.refreshToken).not.toBe(before.refreshToken)
    expect(Math.abs(Date.parse(after.expiresAt as string) - (idc.accessTokens().at(-1)?.expiresAt ?? 0))).toBeLessThan(5000)
    expect(await status(home, 'dev')).toMatchObject({ state: 'valid', expiresAt: new Date(Date.parse(after.expiresAt as string)).toISOString() })
    await expectNothingLeft(home)
    expectNoSecrets(home)
  })

  it("STS answers only a request signed with a key it issued, by that key's secret (SigV4 as the CLI signs it)", async () => {
    const cliCache = path.join(root, 'session', '.aws', 'cli', 'cache')
    const [file = ''] = readdirSync(cliCache)
    const c = (JSON.parse(readFileSync(path.join(cliCache, file), 'utf8')) as { Credentials: Record<string, string> }).Credentials
    const home = setup('static-keys', 'nothing')
    const profile = (name: string, id: string, secretKey: string) =>
      `[${name}]\naws_access_key_id = ${id}\naws_secret_access_key = ${secretKey}\naws_session_token = ${c.SessionToken ?? ''}\n`
    writeFileSync(
      path.join(home, '.aws', 'credentials'),
      profile('issued', c.AccessKeyId ?? '', c.SecretAccessKey ?? '') +
        profile('forged', c.AccessKeyId ?? '', 'not-the-secret') +
        profile('unknown', 'ASIAUNKNOWN0000000000', c.SecretAccessKey ?? ''),
    )
    // Not spawnSync: the stand-in runs in this process and must keep answering.
    const sts = (p: string) => run(home, ['sts', 'get-caller-identity', '--profile', p, '--region', 'us-east-1', '--output', 'json'], LAUNCHER)
    expect(await sts('issued')).toMatchObject({ code: 0, stdout: expect.stringContaining('"Account": "111111111111"') as string })
    for (const p of ['forged', 'unknown']) {
      expect(await sts(p)).toMatchObject({
        code: 254,
        stderr: expect.stringContaining('An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation') as string,
      })
    }
  })

  it('legacy (start URL on the profile) device-code login, verified; status valid with the expiry the CLI wrote', async () => {
    idc.options.refresh = false
    const home = setup('legacy', 'approve')
    const r = await login(home, 'legacy')
    expect(r.events.map((e) => e.type)).toEqual(['url', 'code', 'success', 'verified'])
    expect(r.events[3]).toMatchObject({ type: 'verified', account: '222222222222' })
    expect([r.code, r.stderr]).toEqual([0, ''])
    const token = cached(home, LEGACY_URL)
    expect(token).toMatchObject({ startUrl: LEGACY_URL })
    expect(token).not.toHaveProperty('refreshToken')
    expect(await status(home, 'legacy')).toMatchObject({ state: 'valid', expiresAt: new Date(Date.parse(token.expiresAt as string)).toISOString() })
    await expectNothingLeft(home)
    expectNoSecrets(home)
  })

  it('a bare verification URL: the URL the CLI offers to autofill the code is the one opened; without tmux (detached runner; the CLI ignores PYTHONUNBUFFERED)', async () => {
    const plainUri = 'https://device.sso.us-east-1.amazonaws.com/'
    idc.options.verificationUri = plainUri
    try {
      const home = setup('typed-code', 'nothing')
      const from = idc.log.length
      const r = await run(home, ['login', 'legacy', '--json', '--no-copy'], CLI, { AWS_SSO_TRAY_RUNNER: 'detached' }, (line) => {
        const e = JSON.parse(line) as Json
        if (e.type === 'code') void fetch(`${idc.url}/approve?user_code=${encodeURIComponent(String(e.userCode))}`)
      })
      expect(r.events.map((e) => e.type)).toEqual(['url', 'code', 'success', 'verified'])
      const code = String(r.events[1]?.userCode)
      expect(r.events.slice(0, 2)).toEqual([
        { type: 'url', url: `${plainUri}?user_code=${code}`, flow: 'device' },
        { type: 'code', userCode: code, prefilled: true },
      ])
      expect(readFileSync(path.join(home, 'opened.txt'), 'utf8')).toBe(`${plainUri}?user_code=${code}\n`)
      expect([r.code, r.stderr]).toEqual([0, ''])
      expect(count(from, 'Approve')).toBe(1)
      expect((await status(home, 'legacy'))?.state).toBe('valid')
      await expectNothingLeft(home)
      expectNoSecrets(home)
    } finally {
      idc.options.verificationUri = VERIFICATION_URI
    }
  })

  it('the server ends the session: status (local clock) still says valid, check says expired', async () => {
    const home = path.join(root, 'legacy')
    idc.expireAccessTokens()
    expect((await status(home, 'legacy'))?.state).toBe('valid')
    const c = await check(home, 'legacy')
    expect(c.code).toBe(1)
    expect(c.result).toMatchObject({ ok: false, error: { class: 'auth-expired' } })
    await expectNothingLeft(home)
    expectNoSecrets(home)
  })

  it('a token the server issues already expired: the CLI says success, verification fails, status expired', async () => {
    idc.options.accessTokenExpiresIn = -60
    try {
      const home = setup('expired-token', 'approve')
      const from = idc.log.length
      const r = await login(home, 'legacy')
      expect(r.events.map((e) => e.type)).toEqual(['url', 'code', 'success', 'failed'])
      expect(r.events[3]).toMatchObject({ type: 'failed', class: 'auth-expired' })
      expect(r.code).toBe(1)
      expect(count(from, 'StartDeviceAuthorization')).toBe(1)
      expect((await status(home, 'legacy'))?.state).toBe('expired')
      await expectNothingLeft(home)
      expectNoSecrets(home)
    } finally {
      idc.options.accessTokenExpiresIn = 3600
    }
  })

  it('denied in the browser (access_denied): a clear failure, exit 1, sso login ran once', async () => {
    const home = setup('denied', 'deny')
    const from = idc.log.length
    const r = await login(home, 'dev')
    expect(r.events.map((e) => e.type)).toEqual(['url', 'code', 'failed'])
    expect(r.events[2]).toEqual({
      type: 'failed',
      class: 'access-denied',
      message: 'the sign-in was denied in the browser; log in again and choose Allow to finish it',
    })
    expect(r.code).toBe(1)
    expect(count(from, 'StartDeviceAuthorization')).toBe(1)
    expect(count(from, 'Deny')).toBe(1)
    await expectNothingLeft(home)
    expectNoSecrets(home)
  })

  it('the device code expires before anyone approves (expired_token): a clear failure, exit 1, sso login ran once', async () => {
    idc.options.deviceCodeExpiresIn = 2
    try {
      const home = setup('code-expired', 'nothing')
      const from = idc.log.length
      const r = await login(home, 'legacy')
      expect(r.events.map((e) => e.type)).toEqual(['url', 'code', 'failed'])
      expect(r.events[2]).toEqual({
        type: 'failed',
        class: 'timeout',
        message: 'The pending authorization to retrieve an SSO token has expired. The device authorization flow to retrieve an SSO token must be restarted.',
      })
      expect(r.code).toBe(1)
      expect(count(from, 'StartDeviceAuthorization')).toBe(1)
      expect(
        sinceLast(from)
          .filter((e) => e.op === 'CreateToken')
          .at(-1)?.status,
      ).toBe(400)
      await expectNothingLeft(home)
      expectNoSecrets(home)
    } finally {
      idc.options.deviceCodeExpiresIn = 600
    }
  })
})

/** Processes whose environment has HOME=home (ours and every child: CLI, tmux server, python, browser). */
function processesOf(home: string): string[] {
  const found: string[] = []
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`HOME=${home}`)) {
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ')}`)
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.join(d.parentPath, d.name))
  } catch {
    return []
  }
}
