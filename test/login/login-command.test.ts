// The `login` command with recording fakes: the process runner (aws --version, sts), the tmux
// runner (a log file the test writes as the CLI would), clipboard and browser. What it decides
// before running anything (AWS_PROFILE, a token that needs no login, --force), the order of what
// it says, the no-display note and colours.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sha1Hex } from '../../src/aws/sha1.ts'
import { runLogin, type LoginOptions } from '../../src/commands/login.ts'
import { clockText, loginNeed, type LoginNeedInput } from '../../src/login/login-need.ts'
import { hasClipboard } from '../../src/login/login-session.ts'
import { UsageError } from '../../src/errors.ts'
import { fakeContext } from '../fakes/context.ts'
import { fakeRunner } from '../fakes/runner.ts'
import { fakeLoginRunner } from './fake-login-runner.ts'

const NOW = Date.parse('2026-12-01T13:30:00Z')
const H = 3600_000
const M = 60_000
const WARN = 15 * M

describe('loginNeed: nothing to do, or why a login', () => {
  const base: LoginNeedInput = { profile: 'dev', state: 'valid', expiresAt: NOW + 3 * H + 12 * M, sessionEndsAt: null, now: NOW, warnMs: WARN, utcOffsetMin: 0 }

  it('a token usable for longer than the warning window: nothing to do, with the time and what is left', () => {
    expect(loginNeed(base)).toEqual({
      login: false,
      usableUntil: NOW + 3 * H + 12 * M,
      message: 'dev is logged in until 16:42 (3h 12m); nothing to do. Use --force to log in anyway.',
    })
    // Local time: the offset moves the clock text, not the decision.
    expect(loginNeed({ ...base, utcOffsetMin: 60 })).toMatchObject({ login: false, message: expect.stringContaining('until 17:42 (3h 12m)') as string })
  })

  it('expiring: log in, and the note says why', () => {
    expect(loginNeed({ ...base, state: 'expiring', expiresAt: NOW + 9 * M })).toEqual({
      login: true,
      note: "dev's token expires at 13:39 (in 9m): logging in for a new one",
    })
  })

  it('refreshable with the session end near: log in; far: nothing to do until the session ends', () => {
    const refreshable = { ...base, state: 'refreshable' as const, expiresAt: NOW - M }
    expect(loginNeed({ ...refreshable, sessionEndsAt: NOW + 10 * M })).toEqual({
      login: true,
      note: "dev's session ends at 13:40 (in 10m): logging in for a new one",
    })
    expect(loginNeed({ ...refreshable, sessionEndsAt: NOW - 5 * M })).toEqual({
      login: true,
      note: "dev's session was expected to end at 13:25: logging in for a new one",
    })
    expect(loginNeed({ ...refreshable, sessionEndsAt: NOW + 5 * H })).toMatchObject({
      login: false,
      usableUntil: NOW + 5 * H,
      message: expect.stringContaining('until 18:30 (5h 00m)') as string,
    })
  })

  it('refreshing with no known session end: logged in, without a promise of how long', () => {
    const r = loginNeed({ ...base, state: 'refreshable', expiresAt: NOW - M })
    expect(r).toEqual({
      login: false,
      usableUntil: null,
      message: 'dev is logged in (the AWS CLI renews its token by itself; when the session ends is not known); nothing to do. Use --force to log in anyway.',
    })
    // Valid only because the CLI refreshes it in time: the same.
    expect(loginNeed({ ...base, expiresAt: NOW + 5 * M })).toMatchObject({ login: false, usableUntil: null })
  })

  it('a valid token whose session ends within the window: log in', () => {
    expect(loginNeed({ ...base, expiresAt: NOW + 5 * M, sessionEndsAt: NOW + 8 * M })).toEqual({
      login: true,
      note: "dev's session ends at 13:38 (in 8m): logging in for a new one",
    })
  })

  it('expired, missing or broken: log in without a note; hostile names are quoted', () => {
    for (const state of ['expired', 'missing', 'invalid'] as const) expect(loginNeed({ ...base, state })).toEqual({ login: true, note: null })
    expect(loginNeed({ ...base, profile: 'a\x1b[31mb' })).toMatchObject({ message: expect.stringMatching(/^"a\\u001b\[31mb" is logged in/) as string })
  })

  it('clock texts: today, tomorrow, yesterday, else the date', () => {
    expect(clockText(Date.parse('2026-12-01T23:59:00Z'), NOW, 0)).toBe('23:59')
    expect(clockText(Date.parse('2026-12-02T04:10:00Z'), NOW, 0)).toBe('tomorrow 04:10')
    expect(clockText(Date.parse('2026-12-02T04:10:00Z'), NOW, -300)).toBe('23:10') // UTC-5: still today
    expect(clockText(Date.parse('2026-11-30T23:50:00Z'), NOW, 0)).toBe('yesterday 23:50')
    expect(clockText(Date.parse('2026-12-24T09:00:00Z'), NOW, 0)).toBe('2026-12-24 09:00')
  })
})

describe('hasClipboard', () => {
  it('Linux needs a display (or WSL); other systems always have one', () => {
    expect(hasClipboard('linux', {})).toBe(false)
    expect(hasClipboard('linux', { DISPLAY: '' })).toBe(false)
    expect(hasClipboard('linux', { DISPLAY: ':0' })).toBe(true)
    expect(hasClipboard('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true)
    expect(hasClipboard('linux', { WSL_DISTRO_NAME: 'Ubuntu' })).toBe(true)
    expect(hasClipboard('darwin', {})).toBe(true)
    expect(hasClipboard('win32', {})).toBe(true)
  })
})

// ---- the command with fakes ----

const runtime = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-login-cmd-'))
afterAll(() => rmSync(runtime, { recursive: true, force: true }))

const CONFIG = `[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile plain]
aws_access_key_id = AKIA
`
const TOKEN_FILE = `/home/u/.aws/sso/cache/${sha1Hex('corp')}.json`
const token = (expiresAt: string) =>
  JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: 'CANARY-ACCESS', expiresAt })
const DEVICE = [
  'Browser will not be automatically opened.',
  'Please visit the following URL:',
  '',
  'https://device.sso.us-east-1.amazonaws.com/',
  '',
  'Then enter the code:',
  '',
  'WDQK-RTLM',
  '',
  'Alternatively, you may visit the following URL which will autofill the code upon loading:',
  'https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM',
  '',
].join('\n')
const SUCCESS = 'Successfully logged into Start URL: https://corp.awsapps.com/start\n'

/**
 * A login world: the CLI writes the device prompt at the first poll, and once the test (or the
 * person) approves, its success line and a fresh token; then it exits 0.
 */
function world(opts: { token?: string; env?: Record<string, string>; isTTY?: boolean; deny?: boolean } = {}) {
  const tree: Record<string, string> = { '/home/u/.aws/config': CONFIG }
  if (opts.token) tree[TOKEN_FILE] = token(opts.token)
  const ctx = fakeContext(tree, NOW, { XDG_RUNTIME_DIR: runtime, ...opts.env })
  ctx.out.isTTY = opts.isTTY ?? false
  const aws = fakeRunner({
    aws: (args) =>
      args[0] === '--version'
        ? { stdout: 'aws-cli/2.31.0 Python/3.13.7 Linux/6.1\n' }
        : { stdout: '{"UserId":"U","Account":"111111111111","Arn":"arn:aws:sts::111111111111:assumed-role/Admin/u"}' },
    tmux: () => ({ exitCode: 1 }),
  })
  const sessions = fakeLoginRunner()
  const copied: string[] = []
  const opened: string[] = []
  let polls = 0
  const deps = {
    runner: aws.runner,
    utcOffsetMin: () => 0,
    session: {
      loginRunner: sessions.runner,
      alive: () => false,
      pid: 4242,
      clipboard: { write: (u: string) => (copied.push(u), Promise.resolve()) },
      browser: { open: (u: string) => (opened.push(u), Promise.resolve()) },
      sleep: () => {
        const start = sessions.starts[0]
        polls++
        if (start && polls === 1) writeFileSync(start.logFile, DEVICE)
        if (start && polls === 3 && opts.deny) {
          writeFileSync(start.logFile, `${DEVICE}\nAn error occurred (AccessDeniedException) when calling the CreateToken operation: \n`)
          sessions.setPane(start.session, { state: 'exited', exitCode: 254 })
        } else if (start && polls === 3) {
          writeFileSync(start.logFile, DEVICE + SUCCESS)
          tree[TOKEN_FILE] = token('2026-12-01T21:30:00Z')
          sessions.setPane(start.session, { state: 'exited', exitCode: 0 })
        }
        return Promise.resolve()
      },
    },
  }
  return { ctx, aws, sessions, copied, opened, deps }
}

const opts = (o: Partial<LoginOptions> = {}): LoginOptions => ({ profile: 'dev', json: false, open: true, copy: true, deviceCode: false, timeoutS: 60, ...o })
const ranCli = (w: ReturnType<typeof world>) => w.aws.calls.length > 0 || w.sessions.starts.length > 0

describe('login: whether to run at all', () => {
  it('no PROFILE: $AWS_PROFILE, as aws sso login does', async () => {
    const w = world({ env: { AWS_PROFILE: 'dev' } })
    expect(await runLogin(w.ctx, opts({ profile: undefined }), w.deps)).toBe(0)
    expect(w.sessions.starts[0]?.args).toContain('--profile=dev')
  })

  it('neither PROFILE nor AWS_PROFILE (or an empty one): a usage error naming both, nothing run', async () => {
    for (const env of [{}, { AWS_PROFILE: '' }] as Record<string, string>[]) {
      const w = world({ env })
      const e = await runLogin(w.ctx, opts({ profile: undefined }), w.deps).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(UsageError)
      expect((e as Error).message).toBe('login needs a PROFILE, or AWS_PROFILE set to one')
      expect(ranCli(w)).toBe(false)
    }
  })

  it('a token usable beyond the warning window: says until when, exit 0, runs nothing', async () => {
    const w = world({ token: '2026-12-01T16:42:00Z' })
    expect(await runLogin(w.ctx, opts(), w.deps)).toBe(0)
    expect(w.ctx.stdout.join('')).toBe('dev is logged in until 16:42 (3h 12m); nothing to do. Use --force to log in anyway.\n')
    expect(ranCli(w)).toBe(false)
  })

  it('--json: one usable event with the token and until when', async () => {
    const w = world({ token: '2026-12-01T16:42:00Z' })
    expect(await runLogin(w.ctx, opts({ json: true }), w.deps)).toBe(0)
    expect(w.ctx.stdout.map((l) => JSON.parse(l) as unknown)).toEqual([
      { type: 'usable', profile: 'dev', state: 'valid', expiresAt: '2026-12-01T16:42:00.000Z', usableUntil: '2026-12-01T16:42:00.000Z' },
    ])
    expect(ranCli(w)).toBe(false)
  })

  it('--force logs in anyway', async () => {
    const w = world({ token: '2026-12-01T16:42:00Z' })
    expect(await runLogin(w.ctx, opts({ force: true, json: true }), w.deps)).toBe(0)
    expect(w.sessions.starts).toHaveLength(1)
  })

  it('an expiring token: a note says why, then the login', async () => {
    const w = world({ token: '2026-12-01T13:39:00Z', env: { DISPLAY: ':9' } })
    expect(await runLogin(w.ctx, opts({ json: true }), w.deps)).toBe(0)
    const events = w.ctx.stdout.map((l) => JSON.parse(l) as { type: string; message?: string })
    expect(events[0]).toEqual({ type: 'note', message: "dev's token expires at 13:39 (in 9m): logging in for a new one" })
    expect(events.map((e) => e.type)).toEqual(['note', 'url', 'code', 'success', 'verified'])
  })

  it("a refreshable token whose session (from the tray's book) ends soon: logs in", async () => {
    const w = world({ env: { XDG_STATE_HOME: '/home/u/.state' } })
    const refresh = {
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      accessToken: 'A',
      expiresAt: '2026-12-01T13:00:00Z',
      refreshToken: 'R-SECRET',
      clientId: 'C',
      clientSecret: 'S',
      registrationExpiresAt: '2027-02-01T00:00:00Z',
    }
    const files = w.ctx.files as unknown as { readBytes: (p: string) => Promise<Uint8Array | undefined> }
    const read = files.readBytes.bind(files)
    const book = { 'sso-session:corp': { startedAt: NOW - 8 * H + 10 * M, learnedMs: [8 * H], tag: sha1Hex('R-SECRET').slice(0, 8) } }
    let first = true
    files.readBytes = (p) => {
      if (p === TOKEN_FILE && first) return Promise.resolve(new TextEncoder().encode(JSON.stringify(refresh)))
      if (p === '/home/u/.state/aws-sso-tray/sessions.json') return Promise.resolve(new TextEncoder().encode(JSON.stringify(book)))
      return read(p)
    }
    const sleep = w.deps.session.sleep
    w.deps.session.sleep = () => ((first = false), sleep())
    expect(await runLogin(w.ctx, opts({ json: true }), w.deps)).toBe(0)
    expect(JSON.parse(w.ctx.stdout[0] ?? '')).toEqual({ type: 'note', message: "dev's session ends at 13:40 (in 10m): logging in for a new one" })
    expect(w.sessions.starts).toHaveLength(1)
  })
})

describe('login: what it says, in order', () => {
  it('the wait for the browser comes after the URL and code, never before', async () => {
    const w = world()
    let approve!: () => void
    const confirmed = new Promise<void>((r) => (approve = r))
    const waiting = 'Waiting for the browser. Press Enter once you have approved the login.\n'
    const run = runLogin(w.ctx, opts({ confirmed, copy: false }), {
      ...w.deps,
      session: {
        ...w.deps.session,
        sleep: async () => {
          await w.deps.session.sleep()
          if (w.ctx.stdout.includes(waiting)) approve()
        },
      },
    })
    expect(await run).toBe(0)
    const out = w.ctx.stdout.join('')
    expect(out.indexOf('Log in at this URL:')).toBeGreaterThanOrEqual(0)
    expect(out.indexOf(waiting)).toBeGreaterThan(out.indexOf('Check that the sign-in page shows this code: WDQK-RTLM'))
    expect(out.split(waiting)).toHaveLength(2) // once
  })

  it('Linux without a display: no clipboard and no browser tried, one short note after the URL', async () => {
    const w = world()
    expect(await runLogin(w.ctx, opts(), { ...w.deps, session: { ...w.deps.session } })).toBe(0)
    expect(w.copied).toEqual([])
    // xdg-open would start a text browser with no terminal, left running.
    expect(w.opened).toEqual([])
    const out = w.ctx.stdout.join('')
    expect(out.split('no display: the URL was not copied or opened\n')).toHaveLength(2)
    expect(out.indexOf('no display')).toBeGreaterThan(out.indexOf('https://device'))
  })

  it('Linux without a display but a browser command in the settings: that command gets the URL', async () => {
    const w = world({ env: { AWS_SSO_TRAY_BROWSER: '/usr/local/bin/send-to-phone' } })
    expect(await runLogin(w.ctx, opts(), { ...w.deps, session: { ...w.deps.session } })).toBe(0)
    expect(w.copied).toEqual([])
    expect(w.opened).toEqual(['https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM'])
    expect(w.ctx.stdout.join('').split('no display: the URL was not copied\n')).toHaveLength(2)
  })

  it('with a display the URL is copied and nothing is said about it', async () => {
    const w = world({ env: { DISPLAY: ':9' } })
    expect(await runLogin(w.ctx, opts(), w.deps)).toBe(0)
    expect(w.copied).toEqual(['https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM'])
    expect(w.ctx.stdout.join('')).not.toContain('no display')
  })
})

describe('login: colours', () => {
  const ESC = '\x1b['
  it('on a terminal: URL and code bold, Verified green; the nothing-to-do line in its state colour', async () => {
    const w = world({ isTTY: true, env: { DISPLAY: ':9' } })
    expect(await runLogin(w.ctx, opts(), w.deps)).toBe(0)
    const out = w.ctx.stdout.join('')
    expect(out).toContain(`${ESC}1mhttps://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM${ESC}0m`)
    expect(out).toContain(`${ESC}1mWDQK-RTLM${ESC}0m`)
    expect(out).toContain(`${ESC}32mVerified:${ESC}0m account 111111111111`)
    const usable = world({ isTTY: true, token: '2026-12-01T16:42:00Z' })
    await runLogin(usable.ctx, opts(), usable.deps)
    expect(usable.ctx.stdout.join('')).toBe(`${ESC}32mdev is logged in until 16:42 (3h 12m); nothing to do. Use --force to log in anyway.${ESC}0m\n`)
  })

  it('a failure in red; off for NO_COLOR, in a pipe and in --json', async () => {
    const w = world({ isTTY: true, deny: true })
    expect(await runLogin(w.ctx, opts(), w.deps)).toBe(1)
    expect(w.ctx.stdout.join('')).toContain(`${ESC}31mLogin failed (access-denied):${ESC}0m the sign-in was denied in the browser`)
    for (const o of [{ env: { NO_COLOR: '1' }, isTTY: true }, { isTTY: false }]) {
      const plain = world(o)
      await runLogin(plain.ctx, opts(), plain.deps)
      expect(plain.ctx.stdout.join('')).not.toContain(ESC)
    }
    const json = world({ isTTY: true, env: { FORCE_COLOR: '1' } })
    await runLogin(json.ctx, opts({ json: true }), json.deps)
    expect(json.ctx.stdout.join('')).not.toContain(ESC)
  })
})

describe('aws-sso-tray --help', () => {
  it('lists every setting of the option table in its environment section, and the AWS files', async () => {
    const { mainHelp } = await import('../../src/main.ts')
    const { OPTIONS } = await import('../../src/settings-options.ts')
    const help = await mainHelp()
    for (const o of OPTIONS) expect(help).toMatch(new RegExp(`^  ${o.env} +${o.key} \\(default ${o.defaultText.replace(/[()]/g, '\\$&')}\\)$`, 'm'))
    for (const name of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE']) expect(help).toMatch(new RegExp(`^  ${name} +the `, 'm'))
  })

  it('login --help: PROFILE is optional, --force is an option', async () => {
    const { main } = await import('../../src/main.ts')
    const ctx = fakeContext({}, NOW)
    expect(await main(['login', '--help'], ctx)).toBe(0)
    const out = ctx.stdout.join('')
    expect(out).toContain('Usage: aws-sso-tray login [PROFILE] [--force]')
    expect(out).toContain('defaults to $AWS_PROFILE')
  })
})
