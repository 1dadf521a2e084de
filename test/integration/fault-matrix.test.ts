// The fault matrix of docs/reliability.md, outside login: each row runs the built CLI
// (dist/cli.cjs) as a process against a temp HOME and asserts the state, the message and the exit
// code, and that nothing under ~/.aws changed (names, sizes and mtimes before and after).

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheKey } from '../../src/aws/token-cache.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const BIN = path.join(import.meta.dirname, '../fixtures/bin')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-fault-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeAll(() => {
  statSync(CLI) // built by `npm test` (or node scripts/build.mjs)
})

const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString()
const SESSION = '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n'
const prof = (name: string, session = 'corp') => `[profile ${name}]\nsso_session = ${session}\nsso_account_id = 111111111111\nsso_role_name = Admin\n`
const token = (extra: Record<string, unknown> = {}) => JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: 'a', expiresAt: hours(3), ...extra })

interface HomeSpec {
  config?: string | Uint8Array
  credentials?: string
  /** Token key (sso-session name or start URL) → cache file text. */
  caches?: Record<string, string>
  /** Create ~/.aws/sso/cache even with no cache files (default true). */
  cacheDir?: boolean
}

function home(name: string, spec: HomeSpec = {}): string {
  const h = path.join(root, name)
  mkdirSync(path.join(h, '.aws'), { recursive: true })
  if (spec.cacheDir !== false) mkdirSync(path.join(h, '.aws', 'sso', 'cache'), { recursive: true })
  if (spec.config !== undefined) writeFileSync(path.join(h, '.aws', 'config'), spec.config)
  if (spec.credentials !== undefined) writeFileSync(path.join(h, '.aws', 'credentials'), spec.credentials)
  for (const [k, v] of Object.entries(spec.caches ?? {})) writeFileSync(path.join(h, '.aws', 'sso', 'cache', `${cacheKey(k)}.json`), v)
  return h
}

interface Run { code: number | null; stdout: string; stderr: string }

function run(h: string, args: string[], env: Record<string, string | undefined> = {}): Run {
  const full: Record<string, string> = {}
  for (const [k, v] of Object.entries({ PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`, HOME: h, XDG_STATE_HOME: path.join(h, 'state'), XDG_CONFIG_HOME: path.join(h, 'xdg'), ...env })) {
    if (v !== undefined) full[k] = v
  }
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: full, timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Names, sizes and mtimes of everything under ~/.aws. */
function awsTree(h: string): string[] {
  const dir = path.join(h, '.aws')
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((d) => path.join(d.parentPath, d.name))
    .map((p) => `${path.relative(dir, p)}:${lstatSync(p).size}:${lstatSync(p).mtimeMs}`)
    .sort()
}

/** Runs the CLI and asserts ~/.aws is exactly as before. */
function runClean(h: string, args: string[], env: Record<string, string | undefined> = {}): Run {
  const before = awsTree(h)
  const r = run(h, args, env)
  expect(awsTree(h), `${args.join(' ')} changed ~/.aws`).toEqual(before)
  return r
}

describe('internal errors and closed pipes', () => {
  it('an internal error prints one line naming the private log that holds the trace, and exits 70', () => {
    const h = home('internal', { config: SESSION + prof('dev') })
    const r = runClean(h, ['status'], { AWS_SSO_TRAY_TEST_INTERNAL_ERROR: '1' })
    const log = path.join(h, 'state', 'aws-sso-tray', 'errors.log')
    expect(r.code).toBe(70)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`aws-sso-tray: internal error in "status": TypeError: forced by AWS_SSO_TRAY_TEST_INTERNAL_ERROR (a test hook) (the trace is in ${log}; please report it)\n`)
    expect(readFileSync(log, 'utf8')).toMatch(/^--- \S+ aws-sso-tray status \(pid \d+\)\nTypeError: forced by AWS_SSO_TRAY_TEST_INTERNAL_ERROR \(a test hook\)\n {4}at /)
    expect(statSync(log).mode & 0o777).toBe(0o600)
    expect(statSync(path.dirname(log)).mode & 0o777).toBe(0o700)
  })

  it('never follows a symlink planted where the error log goes; still one line, exit 70', () => {
    const h = home('internal-link', { config: SESSION + prof('dev') })
    const dir = path.join(h, 'state', 'aws-sso-tray')
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const target = path.join(h, 'elsewhere.txt')
    writeFileSync(target, 'untouched\n')
    symlinkSync(target, path.join(dir, 'errors.log'))
    const r = runClean(h, ['check'], { AWS_SSO_TRAY_TEST_INTERNAL_ERROR: '1' })
    expect(r.code).toBe(70)
    expect(r.stderr).toBe('aws-sso-tray: internal error in "check": TypeError: forced by AWS_SSO_TRAY_TEST_INTERNAL_ERROR (a test hook) (the trace could not be saved; please report it)\n')
    expect(readFileSync(target, 'utf8')).toBe('untouched\n')
  })

  it('status --json into a pipe closed after 300 bytes ends quietly with its normal exit code', async () => {
    // Far more than a pipe buffer (64 KiB), so the CLI is still writing when the reader leaves.
    const config = SESSION + Array.from({ length: 2000 }, (_, i) => prof(`p${i}`)).join('')
    const h = home('epipe', { config, caches: { corp: token() } })
    const before = awsTree(h)
    const child = spawn(process.execPath, [CLI, 'status', '--json'], { env: { PATH: process.env.PATH ?? '', HOME: h }, stdio: ['ignore', 'pipe', 'pipe'] })
    let got = 0
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.stdout.on('data', (d: Buffer) => {
      got += d.length
      if (got >= 300) child.stdout.destroy() // like `head -c 300`: read, then close the read end
    })
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)))
    expect(got).toBeGreaterThanOrEqual(300)
    expect(got).toBeLessThan(config.length) // the reader really left early
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(awsTree(h)).toEqual(before)
  })
})
