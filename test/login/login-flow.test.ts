import { describe, expect, it } from 'vitest'
import type { LoginReport } from '../../src/core/login-machine.ts'
import { runLoginFlow, type LoginFlowDeps, type LoginPlan } from '../../src/login/login-flow.ts'
import type { PaneState } from '../../src/login/tmux-runner.ts'

const LIMITS = { urlTimeoutMs: 30_000, totalTimeoutMs: 600_000 }
const HANDLE = { id: '$3', logFile: '/run/a.log' }
const ID = { account: '111111111111', arn: 'arn:aws:sts::111111111111:assumed-role/R/u', userId: 'U' }
const DEVICE = 'Please visit the following URL:\n\nhttps://device.sso.us-east-1.amazonaws.com/\n\nThen enter the code:\n\nWDQK-RTLM\n\n'
const SUCCESS = 'Successfully logged into Start URL: https://corp.awsapps.com/start\n'

/** A scripted world: the log grows and the pane changes as the fake clock advances one poll at a time. */
function world(script: { log: string[]; pane: PaneState[]; verify?: 'ok' | 'fail' }) {
  let tick = 0
  let now = 0
  const calls: string[] = []
  const at = <T>(xs: T[]): T => xs[Math.min(tick, xs.length - 1)] as T
  const deps: LoginFlowDeps = {
    runner: {
      state: (h) => {
        calls.push(`state ${h.id}`)
        return Promise.resolve(at(script.pane))
      },
      kill: (h) => {
        calls.push(`kill ${h.id}`)
        return Promise.resolve()
      },
    },
    readLog: () => Promise.resolve(at(script.log)),
    removeLog: (p) => {
      calls.push(`remove ${p}`)
      return Promise.resolve()
    },
    clipboard: { write: (u) => (calls.push(`copy ${u}`), Promise.resolve()) },
    browser: { open: (u) => (calls.push(`open ${u}`), Promise.resolve()) },
    verify: () => {
      calls.push('verify')
      return Promise.resolve(script.verify === 'fail' ? { failure: { class: 'auth-expired' as const, message: 'Token has expired' } } : { identity: ID, tokenState: 'valid' as const })
    },
    clock: { now: () => now },
    sleep: (ms) => {
      tick++
      now += ms
      return Promise.resolve()
    },
  }
  return { deps, calls }
}

async function run(plan: LoginPlan, script: Parameters<typeof world>[0], controls = {}) {
  const w = world(script)
  const reports: LoginReport[] = []
  const state = await runLoginFlow(w.deps, plan, LIMITS, (r) => reports.push(r), controls)
  return { state, reports, calls: w.calls }
}

const RUNNING: PaneState = { state: 'running' }
const DONE: PaneState = { state: 'exited', exitCode: 0 }

describe('runLoginFlow: who ends the session', () => {
  it('the owner hands the URL over, verifies after exit 0, then kills its session and removes its log', async () => {
    const r = await run({ handle: HANDLE, role: 'owner' }, { log: [DEVICE, DEVICE + SUCCESS], pane: [RUNNING, DONE] })
    expect(r.state.phase).toBe('verified')
    expect(r.reports.map((x) => x.type)).toEqual(['url', 'code', 'success', 'verified'])
    expect(r.calls.filter((c) => !c.startsWith('state'))).toEqual([
      'copy https://device.sso.us-east-1.amazonaws.com/', 'open https://device.sso.us-east-1.amazonaws.com/', 'verify', 'kill $3', 'remove /run/a.log',
    ])
  })

  it('a joiner follows to the end but never kills the session or removes its log', async () => {
    const r = await run({ handle: HANDLE, role: 'joiner', takeOver: () => Promise.resolve(false) }, { log: [DEVICE, DEVICE + SUCCESS], pane: [RUNNING, DONE] })
    expect(r.state.phase).toBe('verified')
    expect(r.calls.filter((c) => c.startsWith('kill') || c.startsWith('remove'))).toEqual([])
  })

  it('a joiner cancelled mid-login leaves the session running', async () => {
    const abort = new AbortController()
    abort.abort()
    const r = await run({ handle: HANDLE, role: 'joiner', takeOver: () => Promise.resolve(false) }, { log: [DEVICE], pane: [RUNNING] }, { signal: abort.signal })
    expect(r.state.failure).toEqual({ class: 'cancelled', message: 'the login was cancelled' })
    expect(r.calls.filter((c) => c.startsWith('kill') || c.startsWith('remove'))).toEqual([])
  })

  it('a joiner whose owner died meanwhile takes over and cleans up', async () => {
    const r = await run({ handle: HANDLE, role: 'joiner', takeOver: () => Promise.resolve(true) }, { log: [DEVICE, DEVICE + SUCCESS], pane: [RUNNING, DONE] })
    expect(r.calls.slice(-2)).toEqual(['kill $3', 'remove /run/a.log'])
  })

  it('a joiner whose take-over check fails does not clean up', async () => {
    const r = await run({ handle: HANDLE, role: 'joiner', takeOver: () => Promise.reject(new Error('tmux gone')) }, { log: [DEVICE + SUCCESS], pane: [DONE] })
    expect(r.calls.filter((c) => c.startsWith('kill') || c.startsWith('remove'))).toEqual([])
  })

  it('an owner cancelled before the flow began (Ctrl-C during start-up) still cleans up', async () => {
    const abort = new AbortController()
    abort.abort()
    const r = await run({ handle: HANDLE, role: 'owner' }, { log: [''], pane: [RUNNING] }, { signal: abort.signal })
    expect(r.reports).toEqual([{ type: 'failed', class: 'cancelled', message: 'the login was cancelled' }])
    expect(r.calls.filter((c) => !c.startsWith('state'))).toEqual(['kill $3', 'remove /run/a.log'])
  })

  it('a finished leftover is verified without replaying its old output, then cleaned up', async () => {
    const r = await run({ handle: HANDLE, role: 'finished' }, { log: [DEVICE + SUCCESS], pane: [DONE] })
    expect(r.reports.map((x) => x.type)).toEqual(['success', 'verified'])
    expect(r.calls).toEqual(['verify', 'kill $3', 'remove /run/a.log'])
  })

  it('a finished leftover that does not verify fails once, without starting anything', async () => {
    const r = await run({ handle: HANDLE, role: 'finished' }, { log: [DEVICE + SUCCESS], pane: [DONE], verify: 'fail' })
    expect(r.reports.at(-1)).toEqual({ type: 'failed', class: 'auth-expired', message: 'Token has expired' })
    expect(r.calls).toEqual(['verify', 'kill $3', 'remove /run/a.log'])
  })

  it('no URL within the URL limit: a timeout failure and clean-up', async () => {
    const r = await run({ handle: HANDLE, role: 'owner' }, { log: [''], pane: [RUNNING] })
    expect(r.reports).toEqual([{ type: 'failed', class: 'timeout', message: 'the AWS CLI printed no login URL within 30 s' }])
    expect(r.calls.slice(-2)).toEqual(['kill $3', 'remove /run/a.log'])
  })

  it('a session that vanished (its owner ended it) with no output verifies, as the owner may have succeeded', async () => {
    const r = await run({ handle: HANDLE, role: 'joiner', takeOver: () => Promise.resolve(false) }, { log: [''], pane: [{ state: 'gone' }] })
    expect(r.calls).toContain('verify')
    expect(r.state.phase).toBe('verified')
  })
})
