// Fault-matrix rows for logins under races and crashes, and on a tmux server that was started
// with another environment. Real tmux on a private socket, the fake `aws`, the built CLI.

import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  appEnv,
  appSessions,
  assertClean,
  makeHome,
  runLogin,
  ssoLoginCalls,
  types,
  until,
  type Event,
  type Home,
  type LoginRun,
} from '../login/process-harness.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const ok = requireOutside('the login race tests', [program('tmux')])
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-races-'))
const socket = `aws-sso-tray-races-${process.pid}`
afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(root, { recursive: true, force: true })
})

const realTmux = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).stdout.trim()
const FOLLOWING = { type: 'note', message: 'a login for this session is already running; following it (the URL is not opened again)' }

/**
 * Two logins for one token, the second `delayMs` after the first; the user approves once both show
 * the code. `slowStart`: a tmux on PATH that holds every new-session for 0.3 s, so both logins look,
 * find nothing, and both try to create the session: the race, every time.
 */
async function twoAtOnce(h: Home, delayMs: number, slowStart = false): Promise<[LoginRun, LoginRun]> {
  let codes = 0
  const onEvent = (e: Event) => {
    if (e.type === 'code' && ++codes === 2) writeFileSync(h.approveFile, '')
  }
  const env: Record<string, string> = {}
  if (slowStart) {
    const shim = path.join(h.home, 'shim')
    mkdirSync(shim)
    writeFileSync(path.join(shim, 'tmux'), `#!/bin/sh\ncase " $* " in *" new-session "*) sleep 0.3 ;; esac\nexec ${realTmux} "$@"\n`, { mode: 0o755 })
    env.PATH = `${shim}${path.delimiter}${appEnv(h, { socket }).PATH}`
  }
  const a = runLogin(h, 'alpha', { socket, onEvent, env })
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs)) // the scenario's stagger, not a wait for a state
  const b = runLogin(h, 'beta', { socket, onEvent, env })
  return [await a, await b]
}

function paneDead(): boolean {
  const r = spawnSync('tmux', ['-L', socket, 'list-panes', '-a', '-F', '#{pane_dead}'], { encoding: 'utf8' })
  return r.status === 0 && r.stdout.trim() === '1'
}

describe.skipIf(!ok)('login races and crashes', () => {
  it('the same login twice at the same moment: one CLI, one tab, the other joins; both verified, no crash', async () => {
    const h = makeHome(root, 'at-once', ['alpha', 'beta'], { approveOnOpen: false })
    const runs = await twoAtOnce(h, 0, true)
    for (const r of runs) expect([r.code, r.stderr, r.events.at(-1)?.type]).toEqual([0, '', 'verified'])
    // Exactly one of them followed the other.
    expect(runs.filter((r) => r.events[0]?.type === 'note').map((r) => r.events[0])).toEqual([FOLLOWING])
    expect(readFileSync(path.join(h.home, 'opened.txt'), 'utf8').trim().split('\n')).toHaveLength(1)
    await assertClean(h, socket)
  })

  it('the same login twice, 0.2 s apart: one runs the CLI, the other joins it', async () => {
    const h = makeHome(root, 'staggered', ['alpha', 'beta'], { approveOnOpen: false })
    const runs = await twoAtOnce(h, 200)
    // Usually the second joins; on a loaded machine the first may start later than the second.
    // Either way: one runs the CLI, the other follows it.
    expect(runs.map(types).sort()).toEqual([
      ['note', 'url', 'code', 'success', 'verified'],
      ['url', 'code', 'success', 'verified'],
    ])
    for (const r of runs) expect([r.code, r.stderr]).toEqual([0, ''])
    expect(runs.filter((r) => r.events[0]?.type === 'note').map((r) => r.events[0])).toEqual([FOLLOWING])
    await assertClean(h, socket)
  })

  it('killed mid-login while the CLI finished meanwhile: the next login verifies what it left, no second CLI', async () => {
    const h = makeHome(root, 'finished', ['alpha'], { approveOnOpen: false })
    const first = await runLogin(h, 'alpha', { socket, onEvent: (e, kill) => e.type === 'code' && kill('SIGKILL') })
    expect(first.signal).toBe('SIGKILL')
    writeFileSync(h.approveFile, '') // the user finishes in the browser; the CLI exits 0 with nobody watching
    await until('the orphaned CLI to finish', paneDead)
    // The orphan wrote a fresh token, so only --force gets past "nothing to do" to the leftover.
    const second = await runLogin(h, 'alpha', { socket, args: ['--force'] })
    expect(second.events).toEqual([
      { type: 'note', message: 'a login left behind by an earlier run finished successfully; verifying it' },
      { type: 'success' },
      { type: 'verified', account: '111111111111', arn: expect.stringContaining('assumed-role') as string },
    ])
    expect([second.code, second.stderr]).toEqual([0, ''])
    await assertClean(h, socket)
  })

  it('killed mid-login and the orphaned CLI failed: the next login cleans it up and starts afresh', async () => {
    const h = makeHome(root, 'failed-leftover', ['alpha'])
    const first = await runLogin(h, 'alpha', {
      // Lines 0.2 s apart: the kill at the URL lands while the CLI has yet to print its error.
      socket,
      transcript: 'error-denied-2.9.19.txt',
      env: { AWS_FAKE_LOGIN_EXIT: '254', AWS_SSO_TRAY_BROWSER: '/bin/true', AWS_FAKE_LINE_DELAY_MS: '200' },
      onEvent: (e, kill) => e.type === 'url' && kill('SIGKILL'),
    })
    expect(first.signal).toBe('SIGKILL')
    await until('the orphaned CLI to fail', paneDead)
    const second = await runLogin(h, 'alpha', { socket })
    expect(types(second)).toEqual(['note', 'url', 'code', 'success', 'verified'])
    expect(second.events[0]).toEqual({ type: 'note', message: 'a login left behind by an earlier run did not finish; starting a new one' })
    expect(second.code).toBe(0)
    // Two user actions, two CLI runs: the failed one is never re-run by itself.
    await assertClean(h, socket, { ssoLogins: 2 })
  })

  it('a tmux server started with another environment: the CLI sees exactly the app’s environment', async () => {
    spawnSync('tmux', ['-L', socket, 'kill-server'])
    const foreign = {
      AWS_CONFIG_FILE: '/elsewhere/config',
      AWS_SHARED_CREDENTIALS_FILE: '/elsewhere/credentials',
      AWS_PROFILE: 'foreign',
      AWS_DEFAULT_REGION: 'ap-south-1',
      AWS_CA_BUNDLE: '/elsewhere/ca.pem',
      FOREIGN_MARK: '1',
    }
    const server = spawnSync('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'keepalive'], { env: { ...process.env, ...foreign } })
    expect(server.status).toBe(0)
    try {
      const h = makeHome(root, 'foreign-env', ['alpha'])
      const envLog = path.join(h.home, 'cli-env.json')
      const call = { socket, env: { AWS_FAKE_ENV_LOG: envLog } }
      const r = await runLogin(h, 'alpha', call)
      expect(types(r)).toEqual(['url', 'code', 'success', 'verified'])
      const seen = JSON.parse(readFileSync(envLog, 'utf8')) as Record<string, string>
      // The app's own environment minus what the pane does not need (XDG_RUNTIME_DIR); nothing else.
      const expected = appEnv(h, call)
      delete expected.XDG_RUNTIME_DIR
      expect(seen).toEqual(expected)
      await assertClean(h, socket)
    } finally {
      spawnSync('tmux', ['-L', socket, 'kill-session', '-t', '=keepalive:'])
    }
    expect(appSessions(socket)).toEqual([])
  })

  it('"never retried": a login denied in the browser runs the CLI once and fails in plain words', async () => {
    const h = makeHome(root, 'denied', ['alpha'])
    const r = await runLogin(h, 'alpha', { socket, transcript: 'error-denied-2.9.19.txt', env: { AWS_FAKE_LOGIN_EXIT: '254' } })
    expect(types(r)).toEqual(['url', 'code', 'failed'])
    // The CLI's own text ("(AccessDeniedException) ... CreateToken operation: ") is not shown: plain words are.
    expect(r.events.at(-1)).toEqual({
      type: 'failed',
      class: 'access-denied',
      message: 'the sign-in was denied in the browser; log in again and choose Allow to finish it',
    })
    expect([r.code, r.stderr]).toEqual([1, ''])
    expect(ssoLoginCalls(h)).toHaveLength(1)
    await assertClean(h, socket, { tokenWritten: false })
  })
})
