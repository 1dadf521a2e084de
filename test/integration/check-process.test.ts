// `check` as a process against the fake `aws` (test/fixtures/bin/aws) first on PATH.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cacheKey } from '../../src/aws/token-cache.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const BIN = path.join(import.meta.dirname, '../fixtures/bin')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-check-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const HOSTILE = `x$(touch ${path.join(root, 'PWNED')});y' "z`
const CONFIG = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
${['good', 'stale', 'denied', 'stuck', HOSTILE].map((p) => `[profile "${p.replace(/"/g, '\\"')}"]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n`).join('')}`

function setup() {
  const home = path.join(root, 'home')
  mkdirSync(path.join(home, '.aws', 'sso', 'cache'), { recursive: true })
  writeFileSync(path.join(home, '.aws', 'config'), CONFIG)
  writeFileSync(
    path.join(home, '.aws', 'sso', 'cache', `${cacheKey('corp')}.json`),
    JSON.stringify({ accessToken: 'a', expiresAt: new Date(Date.now() + 3600_000).toISOString() }),
  )
  return home
}

describe('check with a fake aws on PATH', () => {
  it('verifies, classifies, times out, and never hands a profile name to a shell', () => {
    const home = setup()
    const log = path.join(root, 'argv.log')
    const r = spawnSync(process.execPath, [CLI, 'check', '--json', '--timeout', '2'], {
      encoding: 'utf8',
      env: {
        PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
        HOME: home,
        AWS_FAKE_LOG: log,
        AWS_FAKE_STS: JSON.stringify({ stale: { mode: 'expired' }, denied: { mode: 'denied' }, stuck: { mode: 'hang' }, '*': { mode: 'ok', delayMs: 50 } }),
      },
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(1)
    const out = JSON.parse(r.stdout) as { results: { name: string; ok: boolean; error: { class: string } | null }[] }
    expect(out.results.map((x) => [x.name, x.ok, x.error?.class ?? null])).toEqual([
      ['good', true, null],
      ['stale', false, 'auth-expired'],
      ['denied', false, 'access-denied'],
      ['stuck', false, 'timeout'],
      [HOSTILE, true, null],
    ])
    expect(existsSync(path.join(root, 'PWNED'))).toBe(false)
    const argv = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[])
    expect(argv).toContainEqual([
      'sts',
      'get-caller-identity',
      `--profile=${HOSTILE}`,
      '--region',
      'us-east-1',
      '--output',
      'json',
      '--no-cli-pager',
      '--no-cli-auto-prompt',
    ])
  })

  it('reports a misconfigured profile as config, as status does, and never runs aws for it', () => {
    const home = setup()
    writeFileSync(path.join(home, '.aws', 'config'), CONFIG + '[profile dangling]\nsso_session = ghost\nsso_account_id = 1\nsso_role_name = R\n')
    const log = path.join(root, 'argv-dangling.log')
    const r = spawnSync(process.execPath, [CLI, 'check', '--json', 'good', 'dangling'], {
      encoding: 'utf8',
      env: { PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`, HOME: home, AWS_FAKE_LOG: log },
    })
    expect(r.status).toBe(1)
    const out = JSON.parse(r.stdout) as { results: { name: string; ok: boolean; error: { class: string; message: string } | null }[] }
    const status = JSON.parse(
      spawnSync(process.execPath, [CLI, 'status', '--json', 'dangling'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home } }).stdout,
    ) as { profiles: { error: string }[] }
    expect(out.results.map((x) => [x.name, x.ok, x.error?.class ?? null, x.error?.message ?? null])).toEqual([
      ['good', true, null, null],
      ['dangling', false, 'config', status.profiles[0]?.error],
    ])
    expect(status.profiles[0]?.error).toBe('The specified sso-session does not exist: "ghost" (add an [sso-session ghost] section)')
    const calls = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[])
    expect(calls.map((a) => a.find((x) => x.startsWith('--profile=')))).toEqual(['--profile=good'])
  })
})
