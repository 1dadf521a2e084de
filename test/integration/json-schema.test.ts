// Every --json output of the real built CLI (dist/cli.cjs) against its JSON Schema in docs/schema:
// temp HOMEs, the fake `aws` (test/fixtures/bin/aws) first on PATH, real tmux for login. The
// schemas are also shown to reject wrong documents, so a test here can fail.

import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheKey } from '../../src/aws/token-cache.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const BIN = path.join(import.meta.dirname, '../fixtures/bin')
const OUT = path.join(import.meta.dirname, '../fixtures/aws-output')
const SCHEMAS = path.join(import.meta.dirname, '../../docs/schema')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-schema-'))
// One tmux server per login: logins of one SSO session on one server would follow each other.
const socket = (name: string) => `aws-sso-tray-schema-${name}-${process.pid}`
const LOGINS = ['login-device', 'login-pkce', 'login-failed', 'login-usable', 'ensure-login']
afterAll(() => {
  for (const name of LOGINS) spawnSync('tmux', ['-L', socket(name), 'kill-server'])
  rmSync(root, { recursive: true, force: true })
})
beforeAll(() => {
  statSync(CLI) // built by `npm test`; fail loudly when missing
})

const ajv = new Ajv2020({ strict: true, allErrors: true })
// RFC 3339 date-time, as Date#toISOString writes it and as the token cache holds it.
ajv.addFormat('date-time', {
  type: 'string',
  validate: (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)),
})
const schema = (name: string): ValidateFunction => ajv.compile(JSON.parse(readFileSync(path.join(SCHEMAS, `${name}.schema.json`), 'utf8')) as object)
const validators = {
  status: schema('status'),
  check: schema('check'),
  login: schema('login-event'),
  doctor: schema('doctor'),
  autostart: schema('autostart'),
  ensure: schema('ensure-event'),
  configPath: schema('config-path'),
  configShow: schema('config-show'),
}

function expectValid(name: keyof typeof validators, doc: unknown): void {
  const validate = validators[name]
  const ok = validate(doc)
  expect(ok ? [] : validate.errors, `${name}: ${JSON.stringify(doc).slice(0, 400)}`).toEqual([])
}
const valid = (name: keyof typeof validators, doc: unknown) => validators[name](doc)

const later = new Date(Date.now() + 3 * 3600_000).toISOString()
const soon = new Date(Date.now() + 5 * 60_000).toISOString()
const earlier = new Date(Date.now() - 3600_000).toISOString()
const START = 'https://corp.awsapps.com/start'
const CONFIG = `[sso-session corp]
sso_start_url = ${START}
sso_region = us-east-1
sso_registration_scopes = sso:account:access
[profile good]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
[profile stale]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = Read
[profile denied]
sso_session = corp
sso_account_id = 333333333333
sso_role_name = Admin
[profile deploy]
role_arn = arn:aws:iam::444444444444:role/Deploy
source_profile = good
[profile plain]
region = eu-west-1
[profile broken]
sso_session = nowhere
sso_account_id = 5
sso_role_name = R
[profile soon]
sso_start_url = https://soon.awsapps.com/start
sso_region = us-east-1
sso_account_id = 666666666666
sso_role_name = Admin
[profile garbled]
sso_start_url = https://garbled.awsapps.com/start
sso_region = us-east-1
sso_account_id = 777777777777
sso_role_name = Admin
`

function home(name: string, config = CONFIG): string {
  const h = path.join(root, name)
  const cache = path.join(h, '.aws', 'sso', 'cache')
  mkdirSync(cache, { recursive: true })
  mkdirSync(path.join(h, 'run'), { mode: 0o700 })
  writeFileSync(path.join(h, '.aws', 'config'), config)
  const token = (key: string, body: string) => writeFileSync(path.join(cache, `${cacheKey(key)}.json`), body)
  token(
    'corp',
    JSON.stringify({
      startUrl: START,
      region: 'us-east-1',
      accessToken: 'SECRET',
      expiresAt: later,
      refreshToken: 'SECRET',
      clientId: 'c',
      clientSecret: 'SECRET',
      registrationExpiresAt: later,
    }),
  )
  token('https://old.awsapps.com/start', JSON.stringify({ accessToken: 'SECRET', expiresAt: earlier }))
  token('https://soon.awsapps.com/start', JSON.stringify({ accessToken: 'SECRET', expiresAt: soon }))
  token('https://garbled.awsapps.com/start', '{not json')
  return h
}

function cli(h: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`, HOME: h, XDG_RUNTIME_DIR: path.join(h, 'run'), ...env },
    timeout: 60_000,
  })
  expect(r.stdout + r.stderr).not.toContain('SECRET')
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) as unknown }
}

describe('--json outputs match docs/schema', () => {
  it('status: every profile kind and token state, and config errors', () => {
    const h = home('status')
    const r = cli(h, ['status', '--json'])
    expect(r.code).toBe(1)
    const doc = r.json() as { profiles: { name: string; token: { state: string } | null }[] }
    expectValid('status', doc)
    // The document covers what the schema allows, not one easy case.
    expect(new Set(doc.profiles.map((p) => p.token?.state ?? null))).toEqual(new Set(['valid', 'expired', 'expiring', 'invalid', null]))
    const withBadLine = home('status-broken', `${CONFIG}orphan line\n`)
    const broken = cli(withBadLine, ['status', '--json'])
    expect((broken.json() as { configErrors: unknown[] }).configErrors).not.toEqual([])
    expectValid('status', broken.json())
    expectValid('status', cli(h, ['status', '--json', 'good', 'deploy']).json())
    // A hidden profile (the hide setting) carries hidden: true.
    const hidden = cli(h, ['status', '--json'], { AWS_SSO_TRAY_HIDE: 'stale' }).json() as { profiles: { name: string; hidden?: boolean }[] }
    expect(hidden.profiles.find((p) => p.name === 'stale')?.hidden).toBe(true)
    expectValid('status', hidden)
  })

  it('check: ok, expired and denied results against the fake aws', () => {
    const h = home('check')
    const sts = JSON.stringify({
      good: { mode: 'ok' },
      deploy: { mode: 'ok', account: '444444444444' },
      stale: { mode: 'expired' },
      denied: { mode: 'denied' },
      '*': { mode: 'ok' },
    })
    const r = cli(h, ['check', '--json'], { AWS_FAKE_STS: sts })
    expect(r.code).toBe(1)
    const doc = r.json() as { results: { ok: boolean }[] }
    expectValid('check', doc)
    expect(new Set(doc.results.map((x) => x.ok))).toEqual(new Set([true, false]))
    expectValid('check', cli(h, ['check', '--json', 'good'], { AWS_FAKE_STS: sts }).json())
  })

  it('doctor', () => {
    const h = home('doctor')
    const r = cli(h, ['doctor', '--json'])
    expect([0, 1]).toContain(r.code)
    expectValid('doctor', r.json())
  })

  it('autostart enable, status and disable', () => {
    const h = home('autostart')
    const env = { XDG_CONFIG_HOME: path.join(h, 'config') }
    for (const action of ['status', 'enable', 'status', 'disable']) {
      const r = cli(h, ['autostart', action, '--json'], env)
      expect(r.code).toBe(0)
      expectValid('autostart', r.json())
    }
  })

  it('ensure: usable at once, and after a verify', () => {
    const h = home('ensure')
    for (const args of [
      ['ensure', 'good', '--json'],
      ['ensure', 'good', '--json', '--verify'],
    ]) {
      const r = cli(h, args)
      expect(r.code).toBe(0)
      const lines = r.stdout.split('\n').filter(Boolean)
      expect(lines.length).toBeGreaterThan(0)
      for (const line of lines) expectValid('ensure', JSON.parse(line))
    }
  })

  it('config path and config show, with and without mistakes', () => {
    const h = home('config')
    expectValid('configPath', cli(h, ['config', 'path', '--json']).json())
    expectValid('configShow', cli(h, ['config', 'show', '--json']).json())
    mkdirSync(path.join(h, '.config', 'aws-sso-tray'), { recursive: true })
    writeFileSync(path.join(h, '.config', 'aws-sso-tray', 'config.ini'), 'warn_minutes = soon\nbogus = 1\nbrowser = firefox\n')
    const r = cli(h, ['config', 'show', '--json'], { AWS_SSO_TRAY_DEVICE_CODE: '1' })
    expect(r.code).toBe(1)
    expect((r.json() as { warnings: unknown[] }).warnings).toHaveLength(2)
    expectValid('configShow', r.json())
  })

  it('the schemas reject wrong documents (required fields, enums, types)', () => {
    const status = cli(home('negative'), ['status', '--json']).json() as { profiles: Record<string, unknown>[]; generatedAt?: string }
    expect(valid('status', status)).toBe(true)
    expect(valid('status', { ...status, generatedAt: 'yesterday' })).toBe(false)
    expect(valid('status', { profiles: status.profiles, configErrors: [] })).toBe(false)
    expect(
      valid('status', { ...status, profiles: [{ ...status.profiles[0], token: { state: 'fine', expiresAt: null, cacheFile: null, refreshableUntil: null } }] }),
    ).toBe(false)
    const noError = { ...status.profiles[0] }
    delete noError.error
    expect(valid('status', { ...status, profiles: [noError] })).toBe(false)
    expect(valid('status', { ...status, extraField: 1, profiles: [{ ...status.profiles[0], newField: 'x' }] })).toBe(true) // room to grow
    const result = { name: 'a', ok: true, account: '1', arn: 'arn', tokenState: 'valid', error: null }
    expect(valid('check', { generatedAt: later, results: [result], configErrors: [] })).toBe(true)
    expect(valid('check', { generatedAt: later, results: [result] })).toBe(false)
    expect(valid('check', { generatedAt: later, configErrors: [], results: [{ ...result, error: { class: 'network', message: 'x' } }] })).toBe(false)
    expect(valid('check', { generatedAt: later, configErrors: [], results: [{ ...result, ok: false }] })).toBe(false)
    expect(valid('check', { generatedAt: later, configErrors: [], results: [{ ...result, ok: false, error: { class: 'gremlins', message: 'x' } }] })).toBe(
      false,
    )
    expect(valid('login', { type: 'url', url: 'https://x', flow: 'pkce' })).toBe(true)
    expect(valid('login', { type: 'url', url: 'https://x' })).toBe(false)
    expect(valid('login', { type: 'verified', account: '1' })).toBe(false)
    expect(valid('login', { type: 'party' })).toBe(false)
    expect(valid('login', { type: 'code', userCode: 'WDQK-RTLM', prefilled: 'yes' })).toBe(false)
    expect(valid('login', { type: 'usable', profile: 'p', state: 'valid', expiresAt: later, usableUntil: null })).toBe(true)
    expect(valid('login', { type: 'usable', profile: 'p', state: 'expired', expiresAt: later, usableUntil: null })).toBe(false)
    expect(valid('doctor', { checks: [{ name: 'aws', verdict: 'meh', detail: '', fix: null }] })).toBe(false)
    expect(valid('doctor', { checks: [] })).toBe(false)
    expect(valid('autostart', { platform: 'linux', file: '/x', enabled: true, ours: true, current: 'yes', command: null })).toBe(false)
    expect(valid('ensure', { type: 'usable', profile: 'p', state: 'valid', expiresAt: null })).toBe(true)
    expect(valid('ensure', { type: 'usable', profile: 'p', state: 'fine', expiresAt: null })).toBe(false)
    expect(valid('ensure', { type: 'requested', profile: 'p' })).toBe(false)
    expect(valid('configShow', { path: '/x', exists: true, settings: [{ key: 'k', value: 1, source: 'default' }], warnings: [] })).toBe(false)
    expect(valid('configPath', {})).toBe(false)
  })
})

const hasTmux = requireOutside('login --json schema test', [program('tmux')])
describe.skipIf(!hasTmux)('login --json events match docs/schema', () => {
  function login(name: string, transcript: string, extra: Record<string, string> = {}, args = ['login', 'good', '--json', '--no-copy', '--force']) {
    const h = home(name)
    writeFileSync(path.join(h, 'browser.sh'), `#!/bin/sh\ntouch ${path.join(h, 'approved')}\n`, { mode: 0o755 })
    const env = {
      PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: h,
      XDG_RUNTIME_DIR: path.join(h, 'run'),
      AWS_SSO_TRAY_TMUX_SOCKET: socket(name),
      AWS_SSO_TRAY_BROWSER: path.join(h, 'browser.sh'),
      AWS_FAKE_LOGIN_TRANSCRIPT: path.join(OUT, transcript),
      AWS_FAKE_APPROVE_FILE: path.join(h, 'approved'),
      AWS_FAKE_TOKEN_KEY: 'corp',
      ...extra,
    }
    return new Promise<{ code: number | null; lines: string[] }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.on('close', (code) => resolve({ code, lines: out.split('\n').filter(Boolean) }))
    })
  }

  it('device flow, PKCE flow and a failure: every line is one valid event', async () => {
    const runs: { code: number | null; lines: string[] }[] = await Promise.all([
      login('login-device', 'device-2.9.19.txt'),
      login('login-pkce', 'pkce-2.22.0.txt'),
      login('login-failed', 'error-expired-2.34.0.txt', { AWS_FAKE_LOGIN_EXIT: '255', AWS_SSO_TRAY_BROWSER: '/bin/true' }),
    ])
    // ensure without a running tray logs in here, printing the same events.
    // Without --force, a token usable for hours needs no login: one usable event, exit 0.
    runs.push(await login('login-usable', 'device-2.9.19.txt', {}, ['login', 'good', '--json']))
    expect(runs[3]?.lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['usable'])
    const ensured = await login('ensure-login', 'device-2.9.19.txt', { AWS_FAKE_TOKEN_KEY: 'https://old.awsapps.com/start' }, ['ensure', 'stale', '--json'])
    expect(ensured.code).toBe(0)
    expect(ensured.lines.map((l) => (JSON.parse(l) as { type: string }).type)).toContain('verified')
    for (const line of ensured.lines) expectValid('ensure', JSON.parse(line))
    const types = new Set<string>()
    for (const r of runs) {
      expect(r.lines.length).toBeGreaterThan(0)
      for (const line of r.lines) {
        const event = JSON.parse(line) as { type: string }
        expectValid('login', event)
        types.add(event.type)
      }
    }
    expect(runs.map((r) => r.code)).toEqual([0, 0, 1, 0])
    expect([...types].sort()).toEqual(expect.arrayContaining(['code', 'failed', 'success', 'url', 'usable', 'verified']))
  })
})
