// The built CLI (dist/cli.cjs) on a real pseudo-terminal of a given width (Python's pty module:
// the child sets its own window size before it execs, so the size is there when Node starts) and
// in pipes: tables fit the width, colours follow NO_COLOR / TERM=dumb / FORCE_COLOR, pipes get
// full rows; status --line and --line-path; and `status --line` loads no package `status` does not.
// Temp HOMEs, the fake `aws` (test/fixtures/bin/aws) first on PATH.

import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheKey } from '../../src/aws/token-cache.ts'
import { displayWidth } from '../../src/render/text.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const BIN = path.join(import.meta.dirname, '../fixtures/bin')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-terminal-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeAll(() => {
  statSync(CLI) // built by `npm test`; fail loudly when missing
})

// argv[1] columns, argv[2:] the command. Output is relayed as bytes; the exit status is ours.
// The child gets CHILD_PATH as PATH: a pyenv shim puts its own bin folder (with its own aws) first.
const PTY_RUN = `
import fcntl, os, pty, struct, sys, termios
cols = int(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack('HHHH', 40, cols, 0, 0))
    os.environ['PATH'] = os.environ.pop('CHILD_PATH')
    os.execv(sys.argv[2], sys.argv[2:])
out = b''
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
sys.stdout.buffer.write(out)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`

const later = new Date(Date.now() + 3 * 3600_000).toISOString()
const CONFIG = `[sso-session corp-identity-center]
sso_start_url = https://corp.awsapps.com/start#/
sso_region = us-east-1
[profile corp-dev-administrator]
sso_session = corp-identity-center
sso_account_id = 111111111111
sso_role_name = AdministratorAccess
[profile corp-prod-readonly-auditor]
sso_session = corp-identity-center
sso_account_id = 222222222222
sso_role_name = ReadOnlyAccess
[profile legacy-data-platform-analyst]
sso_start_url = https://d-90670c2a11.awsapps.com/start#/
sso_region = eu-west-1
sso_account_id = 333333333333
sso_role_name = DataScientistPowerUser
[profile sandbox-1]
sso_session = corp-identity-center
sso_account_id = 444444444444
sso_role_name = Admin
`

function home(name: string, settings?: string): string {
  const h = path.join(root, name)
  mkdirSync(path.join(h, '.aws', 'sso', 'cache'), { recursive: true })
  writeFileSync(path.join(h, '.aws', 'config'), CONFIG)
  writeFileSync(path.join(h, '.aws', 'sso', 'cache', `${cacheKey('corp-identity-center')}.json`), JSON.stringify({ accessToken: 'SECRET', expiresAt: later }))
  if (settings !== undefined) {
    mkdirSync(path.join(h, '.config', 'aws-sso-tray'), { recursive: true })
    writeFileSync(path.join(h, '.config', 'aws-sso-tray', 'config.ini'), settings)
  }
  return h
}

const baseEnv = (h: string, env: Record<string, string>) => ({
  PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
  HOME: h,
  TERM: 'xterm-256color',
  ...env,
})

/** On a pseudo-terminal `columns` wide. Lines come back with the terminal's \r\n made \n. */
function onTerminal(columns: number, h: string, args: string[], env: Record<string, string> = {}) {
  const childEnv = baseEnv(h, env)
  const r = spawnSync('python3', ['-c', PTY_RUN, String(columns), process.execPath, CLI, ...args], {
    encoding: 'utf8',
    env: { ...childEnv, CHILD_PATH: childEnv.PATH },
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout.replace(/\r\n/g, '\n'), stderr: r.stderr }
}

function inPipe(h: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: baseEnv(h, env), timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const ESC = '\x1b'
const plainText = (s: string) => s.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '')
const widest = (s: string) => Math.max(...plainText(s).split('\n').map(displayWidth))

const ok = requireOutside('the terminal tests', [program('python3')])

describe.skipIf(!ok)('the CLI on a terminal and in pipes', () => {
  it('status fits 80 and 120 columns on a terminal, coloured; --wide and pipes print full rows', () => {
    const h = home('widths')
    const pipe = inPipe(h, ['status'])
    expect(pipe.code).toBe(1)
    expect(pipe.stdout).not.toContain(ESC)
    expect(widest(pipe.stdout)).toBeGreaterThan(120)
    expect(pipe.stdout.split('\n')[0]).toMatch(/^PROFILE +SESSION \/ START URL +ACCOUNT \/ ROLE +STATE +TIME LEFT$/)
    for (const columns of [80, 120]) {
      const t = onTerminal(columns, h, ['status'])
      expect(t.code).toBe(1)
      expect(widest(t.stdout)).toBeLessThanOrEqual(columns)
      if (columns === 80) expect(t.stdout).toContain('…')
      expect(t.stdout).toContain(`${ESC}[31mmissing${ESC}[0m`)
      expect(t.stdout).not.toContain('SECRET')
    }
    const wide = onTerminal(80, h, ['status', '--wide'])
    expect(plainText(wide.stdout)).toBe(pipe.stdout)
  })

  it('no colour under NO_COLOR, TERM=dumb or FORCE_COLOR=0 on a terminal; FORCE_COLOR=1 colours a pipe', () => {
    const h = home('colours')
    for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }, { FORCE_COLOR: '0' }] as Record<string, string>[])
      expect(onTerminal(100, h, ['status'], env).stdout).not.toContain(ESC)
    expect(onTerminal(100, h, ['doctor'], { NO_COLOR: '1' }).stdout).not.toContain(ESC)
    expect(onTerminal(100, h, ['doctor']).stdout).toMatch(new RegExp(`^${ESC}\\[32mok${ESC}\\[0m    `, 'm'))
    expect(inPipe(h, ['status'], { FORCE_COLOR: '1' }).stdout).toContain(`${ESC}[32mvalid${ESC}[0m`)
    expect(inPipe(h, ['check', 'corp-dev-administrator'], { FORCE_COLOR: '1' }).stdout).toContain(`${ESC}[32mok${ESC}[0m    corp-dev-administrator`)
  })

  it('check on a narrow terminal shows the permission set, not the ARN', () => {
    const h = home('check')
    const t = onTerminal(80, h, ['check', 'corp-dev-administrator', 'corp-prod-readonly-auditor'], { NO_COLOR: '1' })
    expect(t.stdout).toContain('ok    corp-dev-administrator      111111111111  Admin\n')
    expect(t.code).toBe(0)
    expect(t.stdout).not.toContain('arn:aws:sts')
    expect(inPipe(h, ['check', 'corp-dev-administrator']).stdout).toContain('arn:aws:sts::')
  })

  it('filters and hidden profiles decide the exit code over what is shown', () => {
    const h = home('filters')
    expect(inPipe(h, ['status', '--session', 'corp-identity-center']).code).toBe(0)
    expect(inPipe(h, ['status', '--state', 'missing', '--json']).code).toBe(1)
    const bad = inPipe(h, ['status', '--state', 'expird'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe(
      'aws-sso-tray: unknown state "expird" — did you mean expired? (states: valid, refreshable, expiring, expired, missing, invalid)\n  run aws-sso-tray status --help for its options\n',
    )
    const hidden = home('hidden', 'hide = legacy-*\n')
    const json = inPipe(hidden, ['status', '--json'])
    expect(json.code).toBe(0)
    const report = JSON.parse(json.stdout) as { profiles: { name: string; hidden?: boolean }[] }
    expect(report.profiles.filter((p) => p.hidden).map((p) => p.name)).toEqual(['legacy-data-platform-analyst'])
    // The documented schema takes the flag, and only as true.
    const ajv = new Ajv2020({ strict: true, allErrors: true })
    ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) })
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(import.meta.dirname, '../../docs/schema/status.schema.json'), 'utf8')) as object)
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...report, profiles: report.profiles.map((p) => ({ ...p, hidden: false })) })).toBe(false)
    expect(inPipe(hidden, ['status']).stdout).toMatch(/^legacy-data-platform-analyst .* missing \(hidden\) /m)
  })

  it("status --line prints the fresh line without hidden profiles; --line-path the tray's file", () => {
    const h = home('line')
    expect(inPipe(h, ['status', '--line'])).toMatchObject({ code: 0, stdout: 'aws ✕ d-90670c2a11\n' })
    expect(inPipe(home('line-hidden', 'hide = legacy-*\n'), ['status', '--line']).stdout).toBe('aws ✓\n')
    const runtime = path.join(root, 'run')
    expect(inPipe(h, ['status', '--line-path'], { XDG_RUNTIME_DIR: runtime }).stdout).toBe(`${path.join(runtime, 'aws-sso-tray', 'status.line')}\n`)
  })

  it('status --line loads no package and no Node module that status does not', () => {
    const h = home('loads')
    const hook = path.join(root, 'record-loads.cjs')
    const log = path.join(root, 'loads.log')
    // Records every module request; written as the process ends.
    writeFileSync(
      hook,
      `const Module = require('node:module'); const fs = require('node:fs'); const seen = new Set(); const load = Module._load;
       Module._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest) };
       process.on('exit', () => fs.appendFileSync(process.env.LOAD_LOG, JSON.stringify([...seen]) + '\\n'))`,
    )
    const loads = (args: string[]) => {
      rmSync(log, { force: true })
      inPipe(h, args, { NODE_OPTIONS: `--require ${hook}`, LOAD_LOG: log })
      return (JSON.parse(readFileSync(log, 'utf8').trim()) as string[]).filter((r) => !path.isAbsolute(r)).sort()
    }
    const status = loads(['status'])
    const line = loads(['status', '--line'])
    expect(line.filter((r) => !status.includes(r))).toEqual([])
    for (const heavy of ['execa', 'dbus-next', 'ini', 'node-notifier', 'systray2']) expect(line).not.toContain(heavy)
  })
})
