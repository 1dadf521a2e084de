// `login` end to end as a process: real tmux (private socket), the fake `aws` replaying recorded
// transcripts, a stand-in browser that records the URL and approves the login.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI, appEnv, appSessions, assertClean, makeHome, runLogin, ssoLoginCalls, types, type Home, type LoginRun } from '../login/process-harness.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const ok = requireOutside('the login process tests', [program('tmux')])
const okX = requireOutside('the login clipboard test', [program('tmux'), program('Xvfb'), program('xsel')])
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-login-'))
const socket = `aws-sso-tray-login-test-${process.pid}`
afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(root, { recursive: true, force: true })
})

const HOSTILE = `dev$(touch ${path.join(root, 'PWNED')});'x'`
const PROFILES = [HOSTILE, 'sibling']
const DEVICE_URL = 'https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM'
const login = (h: Home, profile: string, more: Omit<Parameters<typeof runLogin>[2], 'socket'> = {}) => runLogin(h, profile, { socket, ...more })

describe.skipIf(!ok)('login end to end', () => {
  it('device flow: the URL that autofills the code to the browser, code shown, verified, nothing left behind', async () => {
    const h = makeHome(root, 'device', [HOSTILE, 'sibling', 'deploy'])
    const r = await login(h, HOSTILE)
    expect(r.stderr).toBe('')
    expect(types(r)).toEqual(['url', 'code', 'success', 'verified'])
    expect(r.events[0]).toEqual({ type: 'url', url: DEVICE_URL, flow: 'device' })
    expect(r.events[1]).toEqual({ type: 'code', userCode: 'WDQK-RTLM', prefilled: true })
    expect(r.code).toBe(0)
    expect(readFileSync(path.join(h.home, 'opened.txt'), 'utf8')).toBe(`${DEVICE_URL}\n`)
    expect(ssoLoginCalls(h)).toEqual([['sso', 'login', `--profile=${HOSTILE}`, '--no-browser', '--no-cli-auto-prompt']])
    expect(existsSync(path.join(root, 'PWNED'))).toBe(false)
    await assertClean(h, socket)
  })

  it('an expired device code fails once (timeout class), is never retried, cleans up, exit 1', async () => {
    const h = makeHome(root, 'expired', PROFILES)
    const r = await login(h, 'sibling', { transcript: 'error-expired-2.34.0.txt', env: { AWS_FAKE_LOGIN_EXIT: '255', AWS_SSO_TRAY_BROWSER: '/bin/true' } })
    expect(types(r)).toEqual(['url', 'code', 'failed'])
    // This CLI printed no autofill URL: the bare page is opened and the user types the code.
    expect(r.events.slice(0, 2)).toEqual([
      { type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/', flow: 'device' },
      { type: 'code', userCode: 'ABCD-EFGH', prefilled: false },
    ])
    expect(r.events.at(-1)).toEqual({
      type: 'failed',
      class: 'timeout',
      message: expect.stringContaining('The pending authorization to retrieve an SSO token has expired') as string,
    })
    expect(r.code).toBe(1)
    await assertClean(h, socket, { tokenWritten: false })
  })

  it('times out when the user never approves, and cleans up', async () => {
    const h = makeHome(root, 'slow', PROFILES, { approveOnOpen: false })
    const r = await login(h, 'sibling', { args: ['--timeout', '1'] })
    expect(types(r)).toEqual(['url', 'code', 'failed'])
    expect(r.events.at(-1)).toEqual({ type: 'failed', class: 'timeout', message: 'the login was not completed within 1 s' })
    expect(r.code).toBe(1)
    await assertClean(h, socket, { tokenWritten: false })
  })

  it('PKCE flow: the browser completes the redirect, verified', async () => {
    const h = makeHome(root, 'pkce', PROFILES)
    const r = await login(h, 'sibling', { transcript: 'pkce-2.22.0.txt' })
    expect(types(r)).toEqual(['url', 'note', 'success', 'verified'])
    expect(r.events[0]).toMatchObject({ type: 'url', flow: 'pkce' })
    expect(r.code).toBe(0)
    await assertClean(h, socket)
  })

  it('Ctrl-C (SIGINT) ends the login with exit 130, kills the session and removes the log', async () => {
    const h = makeHome(root, 'cancel', PROFILES, { approveOnOpen: false })
    const r = await login(h, 'sibling', { onEvent: (e, kill) => e.type === 'code' && kill('SIGINT') })
    expect(r.events).toEqual([
      { type: 'url', url: DEVICE_URL, flow: 'device' },
      { type: 'code', userCode: 'WDQK-RTLM', prefilled: true },
      { type: 'failed', class: 'cancelled', message: 'the login was cancelled' },
    ])
    expect([r.code, r.stderr]).toEqual([130, ''])
    await assertClean(h, socket, { tokenWritten: false })
  })

  it('SIGTERM ends the login with exit 143 and the same clean-up', async () => {
    const h = makeHome(root, 'term', PROFILES, { approveOnOpen: false })
    const r = await login(h, 'sibling', { onEvent: (e, kill) => e.type === 'code' && kill('SIGTERM') })
    expect(types(r)).toEqual(['url', 'code', 'failed'])
    expect([r.code, r.stderr]).toEqual([143, ''])
    await assertClean(h, socket, { tokenWritten: false })
  })

  it('an app killed mid-login leaves a live session that the next start follows to the end', async () => {
    const h = makeHome(root, 'crash', PROFILES, { approveOnOpen: false })
    const first = await login(h, 'sibling', { onEvent: (e, kill) => e.type === 'code' && kill('SIGKILL') })
    expect(first.signal).toBe('SIGKILL')
    expect(appSessions(socket)).toHaveLength(1)
    const second = await login(h, 'sibling', { onEvent: (e) => e.type === 'url' && writeFileSync(h.approveFile, '') })
    expect(types(second)).toEqual(['note', 'url', 'code', 'success', 'verified'])
    expect(second.events[0]).toEqual({ type: 'note', message: 'a login for this session is already running; following it (the URL is not opened again)' })
    expect(readFileSync(path.join(h.home, 'opened.txt'), 'utf8')).toBe(`${DEVICE_URL}\n`) // the first run's only
    expect(second.code).toBe(0)
    await assertClean(h, socket)
  })

  it('two logins for profiles sharing one token run one CLI and open one tab', async () => {
    const h = makeHome(root, 'shared', [HOSTILE, 'sibling'], { approveOnOpen: false })
    let second: Promise<LoginRun> | undefined
    const first = login(h, HOSTILE, {
      onEvent: (e) => {
        if (e.type !== 'code' || second) return
        second = login(h, 'sibling', { onEvent: (e2) => e2.type === 'code' && writeFileSync(h.approveFile, '') })
      },
    })
    const a = await first
    const b = await (second as Promise<LoginRun>)
    expect(types(a)).toEqual(['url', 'code', 'success', 'verified'])
    expect(types(b)).toEqual(['note', 'url', 'code', 'success', 'verified'])
    expect(b.events[0]).toMatchObject({ type: 'note', message: expect.stringContaining('already running') as string })
    expect(b.events.at(-1)).toMatchObject({ type: 'verified', account: '111111111111' })
    expect(readFileSync(path.join(h.home, 'opened.txt'), 'utf8').trim().split('\n')).toHaveLength(1)
    await assertClean(h, socket)
  })

  it.skipIf(!okX)('copies the URL to the real clipboard (xsel under a private Xvfb)', async () => {
    const { xvfb, display } = await startXvfb()
    try {
      const h = makeHome(root, 'clip', PROFILES)
      const r = await login(h, 'sibling', { env: { DISPLAY: display } })
      expect(types(r)).toEqual(['url', 'code', 'success', 'verified'])
      const clip = spawnSync('xsel', ['--clipboard', '--output'], { env: { ...process.env, DISPLAY: display }, encoding: 'utf8' })
      expect(clip.stdout).toBe(DEVICE_URL)
      await assertClean(h, socket)
    } finally {
      xvfb.kill()
    }
  })

  // The child env is built explicitly, so PYTHONUNBUFFERED (set on these machines) is absent.
  it('without tmux: the detached runner logs in the same way and leaves no log', async () => {
    const h = makeHome(root, 'detached', PROFILES)
    const r = await login(h, 'sibling', { env: { AWS_SSO_TRAY_RUNNER: 'detached' } })
    expect(types(r)).toEqual(['url', 'code', 'success', 'verified'])
    expect(r.code).toBe(0)
    await assertClean(h, socket)
  })

  it('a chained profile logs in through its SSO root; --device-code reaches a CLI that knows it', async () => {
    const h = makeHome(root, 'chained', PROFILES)
    writeFileSync(
      path.join(h.home, '.aws', 'config'),
      readFileSync(path.join(h.home, '.aws', 'config'), 'utf8') +
        '[profile deploy]\nrole_arn = arn:aws:iam::333333333333:role/Deploy\nsource_profile = sibling\n',
    )
    h.before = new Map()
    const r = await login(h, 'deploy', { args: ['--device-code'] })
    expect(r.events[0]).toEqual({ type: 'note', message: 'deploy is chained; logging in through its SSO profile sibling' })
    expect(types(r)).toEqual(['note', 'url', 'code', 'success', 'verified'])
    expect(ssoLoginCalls(h)).toEqual([['sso', 'login', '--profile=sibling', '--no-browser', '--no-cli-auto-prompt', '--use-device-code']])
  })

  it('logged in already: a second login says so and runs nothing (exit 0); --force logs in again', async () => {
    const h = makeHome(root, 'again', PROFILES)
    expect((await login(h, 'sibling')).code).toBe(0)
    const again = await login(h, 'sibling')
    expect([again.code, again.stderr, again.events]).toEqual([
      0,
      '',
      [{ type: 'usable', profile: 'sibling', state: 'valid', expiresAt: expect.any(String) as string, usableUntil: expect.any(String) as string }],
    ])
    expect(ssoLoginCalls(h)).toHaveLength(1)
    const forced = await login(h, 'sibling', { args: ['--force'] })
    expect([forced.code, types(forced)]).toEqual([0, ['url', 'code', 'success', 'verified']])
    await assertClean(h, socket, { ssoLogins: 2 })
  })

  it('no PROFILE: AWS_PROFILE; neither: a usage error naming both (exit 2); human text when nothing is to do', async () => {
    const h = makeHome(root, 'env-profile', PROFILES)
    const run = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, [CLI, 'login', ...args], { env: { ...appEnv(h, { socket }), ...env }, encoding: 'utf8' })
    const none = run([], {})
    expect([none.status, none.stdout, none.stderr]).toEqual([
      2,
      '',
      'aws-sso-tray: login needs a PROFILE, or AWS_PROFILE set to one\n  usage: aws-sso-tray login [PROFILE] (default $AWS_PROFILE)\n',
    ])
    expect(run(['--json', '--no-copy'], { AWS_PROFILE: 'sibling' }).status).toBe(0)
    expect(ssoLoginCalls(h)).toEqual([['sso', 'login', '--profile=sibling', '--no-browser', '--no-cli-auto-prompt']])
    const usable = run([], { AWS_PROFILE: 'sibling' })
    expect([usable.status, usable.stderr]).toEqual([0, ''])
    expect(usable.stdout).toMatch(/^sibling is logged in until (tomorrow )?\d\d:\d\d \(7h 5\dm\); nothing to do\. Use --force to log in anyway\.\n$/)
    await assertClean(h, socket)
  })

  it('no display: one short note after the URL, and no clipboard tried', async () => {
    const h = makeHome(root, 'no-display', PROFILES)
    const r = spawnSync(process.execPath, [CLI, 'login', '--json', 'sibling'], { env: appEnv(h, { socket }), encoding: 'utf8' })
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string })
    expect([r.status, r.stderr, events.map((e) => e.type)]).toEqual([0, '', ['url', 'code', 'note', 'success', 'verified']])
    expect(events[2]).toEqual({ type: 'note', message: 'no display: the URL was not copied' })
    await assertClean(h, socket)
  })

  it('a follower that is cancelled leaves the login it follows running', async () => {
    const h = makeHome(root, 'follower', PROFILES, { approveOnOpen: false })
    let follower: Promise<LoginRun> | undefined
    const owner = login(h, HOSTILE, {
      onEvent: (e) => {
        if (e.type === 'code' && !follower) follower = login(h, 'sibling', { onEvent: (e2, kill) => e2.type === 'code' && kill('SIGINT') })
      },
    })
    await until(() => follower !== undefined)
    const f = await (follower as Promise<LoginRun>)
    expect([f.code, f.stderr, types(f), f.events.at(-1)]).toEqual([
      130,
      '',
      ['note', 'url', 'code', 'failed'],
      { type: 'failed', class: 'cancelled', message: 'the login was cancelled' },
    ])
    // The owner's session must still be there for the user to finish.
    expect(appSessions(socket)).toHaveLength(1)
    writeFileSync(h.approveFile, '')
    const a = await owner
    expect(types(a)).toEqual(['url', 'code', 'success', 'verified'])
    await assertClean(h, socket)
  })
})

async function until(fn: () => boolean): Promise<void> {
  while (!fn()) await new Promise((r) => setTimeout(r, 20))
}

/** A private X server on a display it picks itself (-displayfd), ready when it says its number. */
function startXvfb(): Promise<{ xvfb: ChildProcess; display: string }> {
  return new Promise((resolve, reject) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '640x480x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] })
    let text = ''
    const fd = xvfb.stdio[3] as NodeJS.ReadableStream
    fd.on('data', (d: Buffer) => {
      text += d.toString()
      if (text.includes('\n')) resolve({ xvfb, display: `:${text.trim()}` })
    })
    xvfb.once('error', reject)
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited ${code ?? '?'} before it was ready`)))
  })
}
