import { describe, expect, it } from 'vitest'
import { initialLoginState, stepLogin, type LoginEffect, type LoginEvent, type LoginState } from '../../src/core/login-machine.ts'

const LIMITS = { urlTimeoutMs: 30_000, totalTimeoutMs: 600_000 }
const ID = { account: '111111111111', arn: 'arn:aws:sts::111111111111:assumed-role/R/u', userId: 'U' }

function run(events: [LoginEvent, number][]): { state: LoginState; effects: LoginEffect[] } {
  let state = initialLoginState(0)
  const effects: LoginEffect[] = []
  for (const [e, now] of events) {
    const r = stepLogin(state, e, now, LIMITS)
    state = r.state
    effects.push(...r.effects)
  }
  return { state, effects }
}

const url = (u = 'https://device.sso.us-east-1.amazonaws.com/'): LoginEvent => ({ type: 'output', events: [{ type: 'url', url: u, flow: 'device' }] })

describe('stepLogin', () => {
  it('device flow: hand-off on the URL, code reported, success + exit 0 → verify → verified → cleanup', () => {
    const r = run([
      [url(), 100],
      [{ type: 'output', events: [{ type: 'userCode', code: 'WDQK-RTLM' }, { type: 'success', startUrl: 'u' }] }, 200],
      [{ type: 'exited', exitCode: 0 }, 300],
      [{ type: 'verified', identity: ID, tokenState: 'valid' }, 400],
    ])
    expect(r.effects.map((e) => (e.type === 'report' ? `report:${e.report.type}` : e.type))).toEqual([
      'handoff', 'report:url', 'report:code', 'report:success', 'verify', 'report:verified', 'cleanup',
    ])
    expect(r.state.phase).toBe('verified')
  })

  it('a non-zero exit fails once, classified, with no retry', () => {
    const r = run([
      [url(), 100],
      [{ type: 'output', events: [{ type: 'error', message: 'The pending authorization to retrieve an SSO token has expired.' }] }, 200],
      [{ type: 'exited', exitCode: 255 }, 300],
      [{ type: 'confirm' }, 400],
      [{ type: 'tick' }, 999_999],
    ])
    expect(r.state.phase).toBe('failed')
    expect(r.effects.filter((e) => e.type === 'verify' || e.type === 'cleanup')).toEqual([{ type: 'cleanup' }])
  })

  it('times out without a URL, and after the total limit', () => {
    expect(run([[{ type: 'tick' }, 30_001]]).state.failure).toEqual({ class: 'timeout', message: 'the AWS CLI printed no login URL within 30 s' })
    expect(run([[url(), 10], [{ type: 'tick' }, 600_001]]).state.failure?.class).toBe('timeout')
    expect(run([[url(), 10], [{ type: 'tick' }, 599_999]]).state.phase).toBe('waiting-user')
  })

  it('confirm verifies early; a failed verification while the CLI still waits keeps waiting', () => {
    const r = run([[url(), 10], [{ type: 'confirm' }, 20], [{ type: 'verify-failed', failure: { class: 'auth-expired', message: 'Token has expired and refresh failed' } }, 30]])
    expect(r.state.phase).toBe('waiting-user')
    expect(r.effects.at(-1)).toEqual({ type: 'report', report: { type: 'note', message: 'not logged in yet (Token has expired and refresh failed); still waiting for the browser' } })
  })

  it('sts success with a token that is still expired is not verified', () => {
    const r = run([[url(), 10], [{ type: 'exited', exitCode: 0 }, 20], [{ type: 'verified', identity: ID, tokenState: 'expired' }, 30]])
    expect(r.state.failure).toEqual({ class: 'auth-expired', message: 'sts answered, but the SSO token is still expired' })
  })

  it('cancel ends the flow and cleans up', () => {
    const r = run([[url(), 10], [{ type: 'cancel' }, 20]])
    expect(r.state.failure?.class).toBe('cancelled')
    expect(r.effects.at(-1)).toEqual({ type: 'cleanup' })
  })

  it('a device flow that prints no URL still verifies', () => {
    const r = run([[{ type: 'output', events: [{ type: 'success', startUrl: 'u' }] }, 10], [{ type: 'exited', exitCode: 0 }, 20]])
    expect(r.effects.at(-1)).toEqual({ type: 'verify' })
  })
})

describe('stepLogin with an unknown exit status', () => {
  it('fails on a seen error line, verifies otherwise', () => {
    const err: LoginEvent = { type: 'output', events: [{ type: 'error', message: 'The pending authorization to retrieve an SSO token has expired.' }] }
    expect(run([[url(), 1], [err, 2], [{ type: 'exited', exitCode: null }, 3]]).state.failure?.class).toBe('timeout')
    expect(run([[url(), 1], [{ type: 'exited', exitCode: null }, 3]]).effects.at(-1)).toEqual({ type: 'verify' })
  })
})
