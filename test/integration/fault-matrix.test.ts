// The fault matrix of docs/reliability.md, outside login: each row runs the built CLI
// (dist/cli.cjs) as a process against a temp HOME and asserts the state, the message and the exit
// code, and that nothing under ~/.aws changed (names, sizes and mtimes before and after).

import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheKey } from '../../src/aws/token-cache.ts'
import { program, requireOutside, type Requirement } from '../support/outside-tools.ts'

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
const token = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: 'a', expiresAt: hours(3), ...extra })

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

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function run(h: string, args: string[], env: Record<string, string | undefined> = {}): Run {
  const full: Record<string, string> = {}
  for (const [k, v] of Object.entries({
    PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: h,
    XDG_STATE_HOME: path.join(h, 'state'),
    XDG_CONFIG_HOME: path.join(h, 'xdg'),
    ...env,
  })) {
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
    expect(r.stderr).toBe(
      `aws-sso-tray: internal error in "status": TypeError: forced by AWS_SSO_TRAY_TEST_INTERNAL_ERROR (a test hook) (the trace is in ${log}; please report it)\n`,
    )
    expect(readFileSync(log, 'utf8')).toMatch(
      /^--- \S+ aws-sso-tray status \(pid \d+\)\nTypeError: forced by AWS_SSO_TRAY_TEST_INTERNAL_ERROR \(a test hook\)\n {4}at /,
    )
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
    expect(r.stderr).toBe(
      'aws-sso-tray: internal error in "check": TypeError: forced by AWS_SSO_TRAY_TEST_INTERNAL_ERROR (a test hook) (the trace could not be saved; please report it)\n',
    )
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

// A stand-in AWS CLI for the failure texts the shared fake does not produce. Each text below is what
// AWS CLI 2.9.19 printed (aws-cli.md §5; the cache rows re-recorded for this matrix). FAULT_AWS
// (JSON): version (the --version line), all ({stderr, exit} for every command: a CLI that refuses
// its config), sts (profile or "*" → {stderr, exit}; absent: an identity). Logs argv to AWS_FAKE_LOG.
const FAULT_BIN = path.join(root, 'fault-bin')
mkdirSync(FAULT_BIN)
writeFileSync(
  path.join(FAULT_BIN, 'aws'),
  `#!${process.execPath}
const fs = require('node:fs')
const args = process.argv.slice(2)
if (process.env.AWS_FAKE_LOG) fs.appendFileSync(process.env.AWS_FAKE_LOG, JSON.stringify(args) + '\\n')
const spec = JSON.parse(process.env.FAULT_AWS || '{}')
const fail = (f) => { process.stderr.write('\\n' + f.stderr + '\\n'); process.exit(f.exit) }
if (spec.all) fail(spec.all)
if (args[0] === '--version') { process.stdout.write((spec.version || 'aws-cli/2.31.0 Python/3.13.7 Linux/6.1 exe/x86_64.debian.12') + '\\n'); process.exit(0) }
const profile = (args.find((a) => a.startsWith('--profile=')) || '').slice('--profile='.length)
const f = (spec.sts || {})[profile] || (spec.sts || {})['*']
if (f) fail(f)
process.stdout.write(JSON.stringify({ UserId: 'AROAEXAMPLE:' + profile, Account: '111111111111', Arn: 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/' + profile }) + '\\n')
`,
  { mode: 0o755 },
)

const fault = (spec: object, extra: Record<string, string> = {}) => ({
  PATH: `${FAULT_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
  FAULT_AWS: JSON.stringify(spec),
  ...extra,
})

interface CheckJson {
  results: { name: string; ok: boolean; tokenState: string | null; error: { class: string; message: string } | null }[]
}
interface StatusJson {
  profiles: { name: string; accountId: string | null; token: { state: string; cacheFile: string | null } | null; error: string | null }[]
  configErrors: { file: string; line: number; message: string }[]
}
const errors = (r: Run) => (JSON.parse(r.stdout) as CheckJson).results.map((x) => [x.name, x.ok, x.error?.class ?? null, x.error?.message ?? null])
const loggedCalls = (log: string) =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[])
    : []

describe('the AWS CLI missing or too old', () => {
  const h = home('noaws', { config: SESSION + prof('dev') + prof('ops'), caches: { corp: token() } })
  const emptyBin = path.join(h, 'empty-bin')
  mkdirSync(emptyBin)
  const install = 'install AWS CLI v2, or set AWS_SSO_TRAY_AWS to its full path (aws-sso-tray doctor shows how)'

  it('check: not on PATH says where it looked, for every profile; exit 1', () => {
    const r = runClean(h, ['check', '--json'], { PATH: emptyBin })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    const message = `the AWS CLI "aws" is not on PATH (looked in ${emptyBin}): ${install}`
    expect(errors(r)).toEqual([
      ['dev', false, 'cli-error', message],
      ['ops', false, 'cli-error', message],
    ])
  })

  it('check: AWS_SSO_TRAY_AWS=/nope names the setting; exit 1', () => {
    const r = runClean(h, ['check'], { AWS_SSO_TRAY_AWS: '/nope' })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`FAIL  dev      cli-error: the AWS CLI "/nope" (set by AWS_SSO_TRAY_AWS) does not exist or cannot be run: ${install}\n`)
  })

  it('doctor: not on PATH, and /nope, each say where; exit 1', () => {
    const a = runClean(h, ['doctor', '--json'], { PATH: emptyBin })
    const b = runClean(h, ['doctor', '--json'], { AWS_SSO_TRAY_AWS: '/nope' })
    for (const [r, detail] of [
      [a, `the AWS CLI "aws" is not on PATH (looked in ${emptyBin})`],
      [b, 'the AWS CLI "/nope" (set by AWS_SSO_TRAY_AWS) does not exist or cannot be run'],
    ] as const) {
      expect(r.code).toBe(1)
      const first = (JSON.parse(r.stdout) as { checks: { name: string; verdict: string; detail: string; fix: string }[] }).checks[0]
      expect(first).toMatchObject({ name: 'AWS CLI v2', verdict: 'fail', detail })
      expect(first?.fix).toMatch(/^install AWS CLI v2/)
    }
  })

  it('a v1 CLI: check and doctor name v2 as the fix; exit 1', () => {
    const v1 = fault({
      version: 'aws-cli/1.45.11 Python/3.11.7 Linux/6.1 botocore/1.43.11',
      sts: {
        '*': {
          stderr:
            'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\naws: error: Unknown options: --no-cli-pager, --no-cli-auto-prompt',
          exit: 252,
        },
      },
    })
    const c = runClean(h, ['check', '--json'], v1)
    expect(c.code).toBe(1)
    expect(errors(c)[0]).toEqual(['dev', false, 'cli-error', `aws is AWS CLI 1.45.11; aws-sso-tray needs AWS CLI v2 (v1 has no SSO login): ${install}`])
    const d = runClean(h, ['doctor'], v1)
    expect(d.code).toBe(1)
    expect(d.stdout).toMatch(/^FAIL {2}AWS CLI v2 +aws is AWS CLI 1\.45\.11 \(v1 has no "aws sso login"\)\n +fix: install AWS CLI v2/m)
  })
})

describe('check: what AWS answers', () => {
  const h = home('answers', {
    config: SESSION + ['denied', 'forbidden', 'refused', 'readtimeout', 'proxy', 'fine'].map((n) => prof(n)).join(''),
    caches: { corp: token() },
  })
  it('403s are access-denied; refused connections, read timeouts and proxy failures are network; exit 1', () => {
    const r = runClean(
      h,
      ['check', '--json'],
      fault({
        sts: {
          denied: {
            stderr: 'An error occurred (AccessDeniedException) when calling the GetRoleCredentials operation: User is not authorized to perform this action',
            exit: 254,
          },
          forbidden: { stderr: 'An error occurred (ForbiddenException) when calling the GetRoleCredentials operation: No access', exit: 254 },
          refused: {
            stderr:
              'Could not connect to the endpoint URL: "https://portal.sso.us-east-1.amazonaws.com/federation/credentials?role_name=Admin&account_id=111111111111"',
            exit: 255,
          },
          readtimeout: { stderr: 'Read timeout on endpoint URL: "https://sts.us-east-1.amazonaws.com/"', exit: 255 },
          proxy: { stderr: 'Failed to connect to proxy URL: "http://proxy.corp.example:3128"', exit: 255 },
        },
      }),
    )
    expect(r.code).toBe(1)
    expect(errors(r)).toEqual([
      [
        'denied',
        false,
        'access-denied',
        'An error occurred (AccessDeniedException) when calling the GetRoleCredentials operation: User is not authorized to perform this action',
      ],
      ['forbidden', false, 'access-denied', 'An error occurred (ForbiddenException) when calling the GetRoleCredentials operation: No access'],
      [
        'refused',
        false,
        'network',
        'Could not connect to the endpoint URL: "https://portal.sso.us-east-1.amazonaws.com/federation/credentials?role_name=Admin&account_id=111111111111"',
      ],
      ['readtimeout', false, 'network', 'Read timeout on endpoint URL: "https://sts.us-east-1.amazonaws.com/"'],
      ['proxy', false, 'network', 'Failed to connect to proxy URL: "http://proxy.corp.example:3128"'],
      ['fine', true, null, null],
    ])
  })
})

describe('corrupt token cache files', () => {
  // One sso-session per case, so each profile has its own cache file. `cli` is what AWS CLI 2.9.19
  // printed for that file (recorded): check must show the file and the fix, never that text.
  const at = (iso: string) => JSON.stringify({ accessToken: 'a', expiresAt: iso })
  const base = hours(3).replace(/\.\d{3}Z$/, '')
  const CASES: { name: string; file: string; state: string; error: string | null; cli?: string }[] = [
    {
      name: 'notjson',
      file: '{not json',
      state: 'invalid',
      error: 'the token file is not valid JSON (a new login rewrites it)',
      cli: `'${cacheKey('notjson')}'`,
    },
    {
      name: 'array',
      file: '[]',
      state: 'invalid',
      error: 'the token file does not hold a JSON object',
      cli: 'Error loading SSO Token: Token for https://corp.awsapps.com/start is invalid',
    },
    {
      name: 'noexpiry',
      file: JSON.stringify({ accessToken: 'a' }),
      state: 'invalid',
      error: 'the token file lacks accessToken or expiresAt',
      cli: 'Error loading SSO Token: Token for https://corp.awsapps.com/start is invalid',
    },
    { name: 'utcword', file: at(`${base}UTC`), state: 'valid', error: null },
    { name: 'offset', file: at(`${base}+00:00`), state: 'valid', error: null },
    { name: 'fraction', file: at(`${base}.123456Z`), state: 'valid', error: null },
    {
      name: 'nozone',
      file: at(base),
      state: 'invalid',
      error: `expiresAt "${base}" is not a time the AWS CLI can read`,
      cli: "can't subtract offset-naive and offset-aware datetimes",
    },
    {
      name: 'number',
      file: JSON.stringify({ accessToken: 'a', expiresAt: 1_900_000_000 }),
      state: 'invalid',
      error: 'expiresAt 1900000000 is not a time the AWS CLI can read',
      cli: 'Parser must be a string or character stream, not int',
    },
    {
      name: 'garbage',
      file: at('garbage'),
      state: 'invalid',
      error: 'expiresAt "garbage" is not a time the AWS CLI can read',
      cli: 'Unknown string format: garbage',
    },
  ]
  const config = CASES.map(
    (c) => `[sso-session ${c.name}]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n${prof(c.name, c.name)}`,
  ).join('')
  const h = home('corrupt', { config, caches: Object.fromEntries(CASES.map((c) => [c.name, c.file])) })
  const fileOf = (name: string) => path.join(h, '.aws', 'sso', 'cache', `${cacheKey(name)}.json`)

  it('status: the state botocore implies and a clear reason; exit 1', () => {
    const r = runClean(h, ['status', '--json'])
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as StatusJson
    expect(report.profiles.map((p) => [p.name, p.token?.state, p.error])).toEqual(CASES.map((c) => [c.name, c.state, c.error]))
    const table = runClean(h, ['status'])
    expect(table.stdout).toContain('\nnotjson: the token file is not valid JSON (a new login rewrites it)\n')
  })

  it("check: names the file and the fix instead of the CLI's raw text; exit 1", () => {
    const sts = Object.fromEntries(CASES.filter((c) => c.cli).map((c) => [c.name, { stderr: c.cli, exit: 255 }]))
    const r = runClean(h, ['check', '--json'], fault({ sts }))
    expect(r.code).toBe(1)
    expect(errors(r)).toEqual(
      CASES.map((c) =>
        c.error === null
          ? [c.name, true, null, null]
          : [
              c.name,
              false,
              'auth-expired',
              `the token cache file ${fileOf(c.name)} is unusable: ${c.error}${c.name === 'notjson' ? '' : ': log in again to rewrite it'}`,
            ],
      ),
    )
    for (const raw of ["can't subtract", 'Parser must be', 'Unknown string format', `'${cacheKey('notjson')}'`]) expect(r.stdout).not.toContain(raw)
  })
})

describe('malformed config files: file and line, and the CLI refuses the whole file', () => {
  const good = SESSION + prof('dev')
  const CASES: { name: string; config: string | Uint8Array; line: number; message: string }[] = [
    {
      name: 'duplicate',
      config: good + '[profile dev]\nsso_session = corp\nsso_account_id = 999999999999\nsso_role_name = Other\n',
      line: 8,
      message: 'duplicate section [profile dev] (first at line 4; this one is ignored)',
    },
    { name: 'keyfirst', config: 'region = eu-west-1\n' + good, line: 1, message: '"region = eu-west-1" appears before any [section] header' },
    { name: 'bom', config: '\uFEFF' + good, line: 1, message: 'the file starts with a UTF-8 byte-order mark (save it as UTF-8 without BOM)' },
    { name: 'latin1', config: new Uint8Array([...new TextEncoder().encode(good + 'note = caf'), 0xe9, 0x0a]), line: 8, message: 'the file is not valid UTF-8' },
  ]
  for (const c of CASES) {
    it(`${c.name}: status, check and doctor name ${c.line}; check runs no aws; exit 1`, () => {
      const h = home(`bad-${c.name}`, { config: c.config, caches: { corp: token() } })
      const file = path.join(h, '.aws', 'config')
      const status = runClean(h, ['status', '--json'])
      expect(status.code).toBe(1)
      const report = JSON.parse(status.stdout) as StatusJson
      expect(report.configErrors).toEqual([{ file, line: c.line, message: c.message }])
      // What can be read is still shown; for a repeated section, the first one's keys.
      expect(report.profiles.map((p) => [p.name, p.accountId])).toEqual([['dev', '111111111111']])
      expect(runClean(h, ['status']).stdout).toMatch(new RegExp(`^ERROR ${file}:${c.line}: ${c.message.replace(/[()[\]]/g, '\\$&')}\n`))

      const log = path.join(h, 'aws-calls.log')
      const check = runClean(h, ['check', '--json'], { AWS_FAKE_LOG: log })
      expect(check.code).toBe(1)
      expect(errors(check)).toEqual([['dev', false, 'config', `the AWS CLI refuses ${file}: line ${c.line}: ${c.message}`]])
      expect(loggedCalls(log)).toEqual([])

      // The real CLI refuses even --version then (2.9.19: "Unable to parse config file: <path>", exit 255).
      const doctor = runClean(h, ['doctor', '--json'], fault({ all: { stderr: `Unable to parse config file: ${file}`, exit: 255 } }))
      expect(doctor.code).toBe(1)
      const checks = (JSON.parse(doctor.stdout) as { checks: { name: string; verdict: string; detail: string; fix: string }[] }).checks
      expect(checks[0]).toEqual({
        name: 'AWS CLI v2',
        verdict: 'fail',
        detail: `"aws --version" failed: the AWS CLI refuses ${file}, line ${c.line}: ${c.message}`,
        fix: `fix line ${c.line} of ${file}: the AWS CLI runs no command until then`,
      })
      expect(checks[1]).toMatchObject({ name: 'AWS config', verdict: 'fail', detail: `${file}:${c.line}: ${c.message}` })
    })
  }
})

describe('no cache folder', () => {
  it('status says missing and creates nothing; check fails the profile and creates nothing; exit 1', () => {
    const h = home('nocache', { config: SESSION + prof('dev'), cacheDir: false })
    const s = runClean(h, ['status', '--json'])
    expect(s.code).toBe(1)
    expect((JSON.parse(s.stdout) as StatusJson).profiles.map((p) => [p.name, p.token?.state, p.error])).toEqual([['dev', 'missing', null]])
    const c = runClean(h, ['check', '--json'], fault({ sts: { '*': { stderr: 'Error loading SSO Token: Token for corp does not exist', exit: 255 } } }))
    expect(c.code).toBe(1)
    expect(errors(c)).toEqual([['dev', false, 'auth-expired', 'Error loading SSO Token: Token for corp does not exist']])
    expect(existsSync(path.join(h, '.aws', 'sso'))).toBe(false)
  })
})

// Root reads every file, so permission rows run as nobody (uid 65534).
const asNobody: Requirement = { name: 'root, to run as uid 65534 with setpriv', present: process.getuid?.() === 0 }
const canSwitch = requireOutside('the unreadable-config and no-HOME rows', [program('setpriv'), asNobody])

describe.skipIf(!canSwitch)('as another user (setpriv --reuid=65534)', () => {
  const nobody = (h: string, args: string[], env: Record<string, string>): Run => {
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, CLI, ...args], {
      encoding: 'utf8',
      env,
      timeout: 60_000,
    })
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }
  const open = (h: string) => {
    for (let d = h; d !== path.dirname(root); d = path.dirname(d)) chmodSync(d, 0o755)
  }

  it('an unreadable config: which file and how to fix it; exit 1', () => {
    const h = home('unreadable', { config: SESSION + prof('dev'), caches: { corp: token() } })
    open(h)
    const file = path.join(h, '.aws', 'config')
    chmodSync(file, 0o600) // root's file, not readable by nobody
    const before = awsTree(h)
    const env = { PATH: process.env.PATH ?? '', HOME: h, XDG_STATE_HOME: path.join(root, 'nobody-state') }
    const fix = `check the permissions of ${file}: it must be readable by you (chmod u+r, as its owner)`
    for (const cmd of ['status', 'check']) {
      const r = nobody(h, [cmd], env)
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).toBe(`aws-sso-tray: cannot read ${file} (EACCES)\n  ${fix}\n`)
    }
    // doctor still checks everything else and fails this one check.
    const d = nobody(h, ['doctor', '--json'], env)
    expect(d.code).toBe(1)
    const checks = (JSON.parse(d.stdout) as { checks: { name: string; verdict: string; detail: string; fix: string | null }[] }).checks
    expect(checks.find((c) => c.name === 'AWS config')).toEqual({ name: 'AWS config', verdict: 'fail', detail: `cannot read ${file} (EACCES)`, fix })
    expect(checks.length).toBeGreaterThan(3)
    expect(awsTree(h)).toEqual(before)
  })

  it('HOME unset: falls back to the OS home (nobody: /nonexistent) and says what it finds', () => {
    const h = home('nohome', {})
    open(h)
    const config = path.join(h, 'config')
    writeFileSync(config, SESSION + prof('dev'), { mode: 0o644 })
    const before = awsTree(h)
    const r = nobody(h, ['status', '--json'], { PATH: process.env.PATH ?? '', AWS_CONFIG_FILE: config })
    expect(awsTree(h)).toEqual(before)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as StatusJson
    expect(report.profiles.map((p) => [p.name, p.token?.state, p.token?.cacheFile])).toEqual([
      ['dev', 'missing', `/nonexistent/.aws/sso/cache/${cacheKey('corp')}.json`],
    ])
  })
})
