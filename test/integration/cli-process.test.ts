// Runs the built CLI (dist/cli.cjs, built by `npm test`) as a process against temp HOMEs.

import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheKey } from '../../src/aws/token-cache.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function home(name: string, config: string, caches: Record<string, string> = {}): string {
  const h = path.join(root, name)
  mkdirSync(path.join(h, '.aws', 'sso', 'cache'), { recursive: true })
  writeFileSync(path.join(h, '.aws', 'config'), config)
  for (const [k, v] of Object.entries(caches)) writeFileSync(path.join(h, '.aws', 'sso', 'cache', `${cacheKey(k)}.json`), v)
  return h
}

function run(h: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: h, ...env },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((d) => path.join(d.parentPath, d.name))
    .map((p) => `${p}:${statSync(p).mtimeMs}:${statSync(p).size}`)
    .sort()
}

const later = new Date(Date.now() + 3 * 3600_000).toISOString()
const earlier = new Date(Date.now() - 3600_000).toISOString()
const CONFIG = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
[profile old]
sso_start_url = https://old.awsapps.com/start#/
sso_region = us-east-1
sso_account_id = 2
sso_role_name = R
`

beforeAll(() => {
  statSync(CLI) // npm test builds first; fail loudly if the build is missing
})

describe('aws-sso-tray as a process', () => {
  it('status --json: shape, states and exit 1 when a profile needs login', () => {
    const h = home('mixed', CONFIG, { corp: JSON.stringify({ accessToken: 'SECRET', expiresAt: later, refreshToken: 'SECRET2', clientSecret: 'SECRET3' }) })
    const before = snapshot(path.join(h, '.aws'))
    const r = run(h, ['status', '--json'])
    expect(r.code).toBe(1)
    expect(r.stdout + r.stderr).not.toContain('SECRET')
    const report = JSON.parse(r.stdout) as { profiles: { name: string; token: { state: string; cacheFile: string } }[] }
    expect(report.profiles.map((p) => [p.name, p.token.state])).toEqual([
      ['dev', 'valid'],
      ['old', 'missing'],
    ])
    expect(report.profiles[1]?.token.cacheFile).toBe(path.join(h, '.aws/sso/cache', `${cacheKey('https://old.awsapps.com/start#/')}.json`))
    expect(snapshot(path.join(h, '.aws'))).toEqual(before)
  })

  it('exit 0 when every selected profile is usable; 2 for an unknown one', () => {
    const h = home('ok', CONFIG, {
      corp: JSON.stringify({ accessToken: 'a', expiresAt: later }),
      'https://old.awsapps.com/start#/': JSON.stringify({ accessToken: 'a', expiresAt: earlier }),
    })
    expect(run(h, ['status', 'dev']).code).toBe(0)
    expect(run(h, ['status', 'old']).code).toBe(1)
    const bad = run(h, ['status', 'dev', 'ghost'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('aws-sso-tray: unknown profile: "ghost"\n  known profiles: dev, old\n')
  })

  it('a broken config: exit 1, file and line on screen, other profiles still listed', () => {
    const h = home('broken', CONFIG + 'orphan line\n')
    const r = run(h, ['status'])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`ERROR ${path.join(h, '.aws/config')}:13: "orphan line" is not a "key = value" line`)
    expect(r.stdout).toMatch(/^dev\s+corp/m)
  })

  it('reads AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', () => {
    const h = home('env', '')
    writeFileSync(path.join(h, 'alt-config'), CONFIG)
    writeFileSync(path.join(h, 'alt-creds'), '[static]\naws_access_key_id = A\naws_secret_access_key = B\n')
    const r = run(h, ['status', '--json'], { AWS_CONFIG_FILE: path.join(h, 'alt-config'), AWS_SHARED_CREDENTIALS_FILE: '~/alt-creds' })
    expect((JSON.parse(r.stdout) as { profiles: { name: string }[] }).profiles.map((p) => p.name)).toEqual(['dev', 'old', 'static'])
  })

  it('--version and --help on every command', () => {
    const h = home('help', '')
    for (const args of [['--version'], ['status', '--version'], ['doctor', '--version']]) {
      expect(run(h, args).stdout).toMatch(/^aws-sso-tray \d+\.\d+\.\d+\n$/)
    }
    expect(run(h, ['doctor', '--help']).stdout).toMatch(/^Usage: aws-sso-tray doctor/)
  })

  it('with no command and no display, explains and lists the commands instead of starting a tray', () => {
    const r = run(home('nodisplay', CONFIG), [])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^No display: the tray needs a desktop session/)
    expect(r.stdout).toMatch(/^aws-sso-tray: keep AWS IAM Identity Center/)
    expect(r.stdout).toMatch(/^ {2}tray +Start the tray icon/m)
  })

  it('tray without a display keeps running for notifications, says why, and quits clean on SIGTERM', async () => {
    const h = home('traynodisplay', CONFIG)
    const runtime = path.join(h, 'run')
    mkdirSync(runtime, { mode: 0o700 })
    const { spawn } = await import('node:child_process')
    const child = spawn(process.execPath, [CLI, 'tray'], { env: { PATH: process.env.PATH ?? '', HOME: h, XDG_RUNTIME_DIR: runtime } })
    let err = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)))
    for (let i = 0; i < 200 && !err.includes('started'); i++) await new Promise((r) => setTimeout(r, 25))
    expect(err).toContain('no display (DISPLAY and WAYLAND_DISPLAY are unset)')
    // A second tray for the same user refuses to start.
    const second = run(h, ['tray'], { XDG_RUNTIME_DIR: runtime })
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/aws-sso-tray is already running \(pid \d+\)/)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(err).toContain('stopped')
  })

  it('doctor fails with a fix when the AWS CLI is v1 or absent', () => {
    const h = home('doctor', CONFIG)
    const bin = path.join(h, 'bin')
    mkdirSync(bin)
    writeFileSync(path.join(bin, 'aws'), '#!/bin/sh\necho "aws-cli/1.45.11 Python/3.11.7 Linux/6 botocore/1.43.11"\n', { mode: 0o755 })
    const r = run(h, ['doctor', '--json'], { AWS_SSO_TRAY_AWS: path.join(bin, 'aws') })
    expect(r.code).toBe(1)
    const checks = (JSON.parse(r.stdout) as { checks: { name: string; verdict: string; detail: string }[] }).checks
    expect(checks[0]).toMatchObject({ name: 'AWS CLI v2', verdict: 'fail', detail: `${path.join(bin, 'aws')} is AWS CLI 1.45.11 (v1 has no "aws sso login")` })
    const missing = run(h, ['doctor'], { AWS_SSO_TRAY_AWS: path.join(bin, 'nope') })
    expect(missing.code).toBe(1)
    expect(missing.stdout).toContain(`FAIL  AWS CLI v2     the AWS CLI "${path.join(bin, 'nope')}" (set by AWS_SSO_TRAY_AWS) does not exist or cannot be run\n`)
  })

  it('doctor passes the AWS check with a v2 CLI', () => {
    const h = home('doctor2', CONFIG)
    const bin = path.join(h, 'bin')
    mkdirSync(bin)
    writeFileSync(path.join(bin, 'aws'), '#!/bin/sh\necho "aws-cli/2.31.0 Python/3.13.7 Linux/6 exe/x86_64.debian.12"\n', { mode: 0o755 })
    const out = execFileSync(process.execPath, [CLI, 'doctor', '--json'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: h, AWS_SSO_TRAY_AWS: path.join(bin, 'aws') },
    })
    const checks = (JSON.parse(out) as { checks: { name: string; verdict: string }[] }).checks
    expect(checks.slice(0, 2).map((c) => c.verdict)).toEqual(['ok', 'ok'])
  })
})
