// `login` end to end as a process: real tmux (private socket), the fake `aws` replaying recorded
// transcripts, a stand-in browser that records the URL and approves the login.

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const hasTmux = spawnSync('tmux', ['-V']).status === 0
const hasX = spawnSync('sh', ['-c', 'command -v Xvfb && command -v xsel']).status === 0
const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const BIN = path.join(import.meta.dirname, '../fixtures/bin')
const OUT = path.join(import.meta.dirname, '../fixtures/aws-output')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-login-'))
const socket = `aws-sso-tray-login-test-${process.pid}`
afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(root, { recursive: true, force: true })
})

const START_URL = 'https://my-sso-portal.awsapps.com/start'
const HOSTILE = `dev$(touch ${path.join(root, 'PWNED')});'x'`

function setup(name: string) {
  const home = path.join(root, name)
  const runtime = path.join(home, 'run')
  mkdirSync(path.join(home, '.aws'), { recursive: true })
  mkdirSync(runtime, { mode: 0o700 })
  writeFileSync(path.join(home, '.aws', 'config'), `[profile "${HOSTILE}"]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = Admin\n` +
    `[profile sibling]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_account_id = 222222222222\nsso_role_name = Read\n` +
    `[profile deploy]\nrole_arn = arn:aws:iam::333333333333:role/Deploy\nsource_profile = sibling\n`)
  const browser = path.join(home, 'browser.sh')
  writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> ${path.join(home, 'opened.txt')}\ntouch ${path.join(home, 'approved')}\n`, { mode: 0o755 })
  return { home, runtime, browser }
}

function login(name: string, transcript: string, extra: Record<string, string> = {}, args: string[] = [], onEvent?: (e: Record<string, unknown>, kill: (sig: NodeJS.Signals) => void) => void, profile = HOSTILE) {
  const s = existsSync(path.join(root, name)) ? { home: path.join(root, name), runtime: path.join(root, name, 'run'), browser: path.join(root, name, 'browser.sh') } : setup(name)
  const env = {
    PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: s.home,
    XDG_RUNTIME_DIR: s.runtime,
    AWS_SSO_TRAY_TMUX_SOCKET: socket,
    AWS_SSO_TRAY_BROWSER: s.browser,
    AWS_FAKE_LOGIN_TRANSCRIPT: path.join(OUT, transcript),
    AWS_FAKE_APPROVE_FILE: path.join(s.home, 'approved'),
    AWS_FAKE_TOKEN_KEY: START_URL,
    AWS_FAKE_LOG: path.join(s.home, 'argv.log'),
    ...extra,
  }
  return new Promise<{ code: number | null; events: Record<string, unknown>[]; stderr: string; home: string; runtime: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, 'login', profile, '--json', ...(extra.DISPLAY ? [] : ['--no-copy']), ...args], { env })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => {
      const before = out.split('\n').length - 1
      out += d.toString()
      const lines = out.split('\n').slice(0, -1)
      for (const l of lines.slice(before)) onEvent?.(JSON.parse(l) as Record<string, unknown>, (sig) => child.kill(sig))
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('close', (code) => resolve({ code, events: out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), stderr: err, home: s.home, runtime: s.runtime }))
  })
}

function sessions(): string[] {
  const r = spawnSync('tmux', ['-L', socket, 'list-sessions', '-F', '#{session_name}'], { encoding: 'utf8' })
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : []
}

describe.skipIf(!hasTmux)('login end to end', () => {
  it('device flow: URL to the browser, code shown, verified, nothing left behind', async () => {
    const r = await login('device', 'device-2.9.19.txt')
    expect(r.stderr).toBe('')
    expect(r.events.map((e) => e.type)).toEqual(['url', 'code', 'success', 'verified'])
    expect(r.events[0]).toEqual({ type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/', flow: 'device' })
    expect(r.events[1]).toEqual({ type: 'code', userCode: 'WDQK-RTLM' })
    expect(r.code).toBe(0)
    expect(readFileSync(path.join(r.home, 'opened.txt'), 'utf8')).toBe('https://device.sso.us-east-1.amazonaws.com/\n')
    const argv = readFileSync(path.join(r.home, 'argv.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[])
    expect(argv).toContainEqual(['sso', 'login', '--profile', HOSTILE, '--no-browser', '--no-cli-auto-prompt'])
    expect(existsSync(path.join(root, 'PWNED'))).toBe(false)
    expect(sessions().filter((s) => s.startsWith('aws-sso-tray-'))).toEqual([])
    expect(readdirSync(path.join(r.runtime, 'aws-sso-tray'))).toEqual([])
  })

  it('an expired device code fails once (timeout class), cleans up, exit 1', async () => {
    const r = await login('expired', 'error-expired-2.34.0.txt', { AWS_FAKE_LOGIN_EXIT: '255', AWS_SSO_TRAY_BROWSER: '/bin/true' })
    expect(r.events.at(-1)).toMatchObject({ type: 'failed', class: 'timeout' })
    expect(r.code).toBe(1)
    expect(sessions().filter((s) => s.startsWith('aws-sso-tray-'))).toEqual([])
    expect(readdirSync(path.join(r.runtime, 'aws-sso-tray'))).toEqual([])
  })

  it('times out when the user never approves, and cleans up', async () => {
    const r = await login('slow', 'device-2.9.19.txt', { AWS_SSO_TRAY_BROWSER: '/bin/true' }, ['--timeout', '1'])
    expect(r.events.at(-1)).toMatchObject({ type: 'failed', class: 'timeout' })
    expect(sessions().filter((s) => s.startsWith('aws-sso-tray-'))).toEqual([])
  })

  it('PKCE flow: the browser completes the redirect, verified', async () => {
    const r = await login('pkce', 'pkce-2.22.0.txt')
    expect(r.events.map((e) => e.type)).toEqual(['url', 'note', 'success', 'verified'])
    expect(r.events[0]).toMatchObject({ type: 'url', flow: 'pkce' })
    expect(r.code).toBe(0)
  })

  it('cancel (SIGINT) ends the login, kills the session and removes the log', async () => {
    const r = await login('cancel', 'device-2.9.19.txt', { AWS_SSO_TRAY_BROWSER: '/bin/true' }, [], (e, kill) => {
      if (e.type === 'code') kill('SIGINT')
    })
    expect(r.events.at(-1)).toEqual({ type: 'failed', class: 'cancelled', message: 'the login was cancelled' })
    expect(r.code).toBe(1)
    expect(sessions().filter((s) => s.startsWith('aws-sso-tray-'))).toEqual([])
    expect(readdirSync(path.join(r.runtime, 'aws-sso-tray'))).toEqual([])
  })

  it('an app killed mid-login leaves a live session that the next start follows to the end', async () => {
    const first = await login('crash', 'device-2.9.19.txt', { AWS_SSO_TRAY_BROWSER: '/bin/true' }, [], (e, kill) => {
      if (e.type === 'code') kill('SIGKILL')
    })
    expect(first.code).toBeNull()
    expect(sessions().filter((s) => s.startsWith('aws-sso-tray-'))).toHaveLength(1)
    const second = await login('crash', 'device-2.9.19.txt', {}, [], (e) => {
      if (e.type === 'url') writeFileSync(path.join(first.home, 'approved'), '')
    })
    expect(second.events[0]).toEqual({ type: 'note', message: 'a login for this session is already running; following it (the URL is not opened again)' })
    expect(second.events.at(-1)).toMatchObject({ type: 'verified' })
    expect(existsSync(path.join(first.home, 'opened.txt'))).toBe(false)
    expect(sessions().filter((s) => s.startsWith('aws-sso-tray-'))).toEqual([])
    expect(readdirSync(path.join(second.runtime, 'aws-sso-tray'))).toEqual([])
  })

  it('two logins for profiles sharing one token run one CLI and open one tab', async () => {
    const home = setup('shared').home
    rmSync(path.join(home, 'approved'), { force: true })
    const slowBrowser = path.join(home, 'slow-browser.sh')
    writeFileSync(slowBrowser, `#!/bin/sh\nprintf '%s\\n' "$1" >> ${path.join(home, 'opened.txt')}\n`, { mode: 0o755 })
    let second: ReturnType<typeof login> | undefined
    const first = login('shared', 'device-2.9.19.txt', { AWS_SSO_TRAY_BROWSER: slowBrowser }, [], (e) => {
      if (e.type === 'code' && !second) {
        second = login('shared', 'device-2.9.19.txt', { AWS_SSO_TRAY_BROWSER: slowBrowser }, [], (e2) => {
          if (e2.type === 'code') writeFileSync(path.join(home, 'approved'), '')
        }, 'sibling')
      }
    })
    const [a, b] = [await first, await (async () => { while (!second) await new Promise((r) => setTimeout(r, 20)); return second })()]
    expect(a.events.at(-1)).toMatchObject({ type: 'verified' })
    expect(b.events[0]).toMatchObject({ type: 'note', message: expect.stringContaining('already running') as string })
    expect(b.events.at(-1)).toMatchObject({ type: 'verified', account: '111111111111' })
    expect(readFileSync(path.join(home, 'opened.txt'), 'utf8').trim().split('\n')).toHaveLength(1)
    const logins = readFileSync(path.join(home, 'argv.log'), 'utf8').split('\n').filter((l) => l.includes('"login"'))
    expect(logins).toHaveLength(1)
    expect(sessions().filter((s) => s.startsWith('aws-sso-tray-'))).toEqual([])
  })

  it.skipIf(!hasX)('copies the URL to the real clipboard (xsel under Xvfb)', async () => {
    const display = `:${90 + (process.pid % 9)}`
    const xvfb = spawn('Xvfb', [display, '-screen', '0', '640x480x24', '-nolisten', 'tcp'], { stdio: 'ignore' })
    try {
      await new Promise((r) => setTimeout(r, 700))
      const r = await login('clip', 'device-2.9.19.txt', { DISPLAY: display }, [], undefined, 'sibling')
      expect(r.events.map((e) => e.type)).toEqual(['url', 'code', 'success', 'verified'])
      const clip = spawnSync('xsel', ['--clipboard', '--output'], { env: { ...process.env, DISPLAY: display }, encoding: 'utf8' })
      expect(clip.stdout).toBe('https://device.sso.us-east-1.amazonaws.com/')
    } finally {
      xvfb.kill()
    }
  })

  // The child env is built explicitly above, so PYTHONUNBUFFERED (set on these machines) is absent.
  it('without tmux: the detached runner logs in the same way and leaves no log', async () => {
    const r = await login('detached', 'device-2.9.19.txt', { AWS_SSO_TRAY_RUNNER: 'detached' }, [], undefined, 'sibling')
    expect(r.events.map((e) => e.type)).toEqual(['url', 'code', 'success', 'verified'])
    expect(r.code).toBe(0)
    expect(readdirSync(path.join(r.runtime, 'aws-sso-tray'))).toEqual([])
  })

  it('a chained profile logs in through its SSO root; --device-code reaches a CLI that knows it', async () => {
    const r = await login('chained', 'device-2.9.19.txt', {}, ['--device-code'], undefined, 'deploy')
    expect(r.events[0]).toEqual({ type: 'note', message: 'deploy is chained; logging in through its SSO profile sibling' })
    expect(r.events.at(-1)).toMatchObject({ type: 'verified' })
    const argv = readFileSync(path.join(r.home, 'argv.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[])
    expect(argv).toContainEqual(['sso', 'login', '--profile', 'sibling', '--no-browser', '--no-cli-auto-prompt', '--use-device-code'])
  })

  it('a follower that is cancelled leaves the login it follows running', async () => {
    const home = setup('follower').home
    rmSync(path.join(home, 'approved'), { force: true })
    let follower: ReturnType<typeof login> | undefined
    const owner = login('follower', 'device-2.9.19.txt', { AWS_SSO_TRAY_BROWSER: '/bin/true' }, [], (e) => {
      if (e.type !== 'code' || follower) return
      follower = login('follower', 'device-2.9.19.txt', {}, [], (e2, kill) => {
        if (e2.type === 'code') kill('SIGINT')
      }, 'sibling')
      void follower.then(() => {
        // The owner's session must still be there for the user to finish.
        expect(sessions().filter((s) => s.startsWith('aws-sso-tray-'))).toHaveLength(1)
        writeFileSync(path.join(home, 'approved'), '')
      })
    })
    const a = await owner
    const f = await (follower as ReturnType<typeof login>)
    expect([f.code, f.stderr, f.events.at(-1)]).toEqual([1, '', { type: 'failed', class: 'cancelled', message: 'the login was cancelled' }])
    expect(a.events.at(-1)).toMatchObject({ type: 'verified' })
    expect(sessions().filter((s) => s.startsWith('aws-sso-tray-'))).toEqual([])
  })
})
