import { describe, expect, it } from 'vitest'
import type { LoginOutputEvent } from '../../src/aws/login-output.ts'
import { hasCode, initialLoginState, stepLogin, type LoginEffect, type LoginEvent, type LoginState } from '../../src/core/login-machine.ts'

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
      [
        {
          type: 'output',
          events: [
            { type: 'userCode', code: 'WDQK-RTLM' },
            { type: 'success', startUrl: 'u' },
          ],
        },
        200,
      ],
      [{ type: 'exited', exitCode: 0 }, 300],
      [{ type: 'verified', identity: ID, tokenState: 'valid' }, 400],
    ])
    expect(r.effects.map((e) => (e.type === 'report' ? `report:${e.report.type}` : e.type))).toEqual([
      'handoff',
      'report:url',
      'report:code',
      'report:success',
      'verify',
      'report:verified',
      'cleanup',
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
    expect(
      run([
        [url(), 10],
        [{ type: 'tick' }, 600_001],
      ]).state.failure?.class,
    ).toBe('timeout')
    expect(
      run([
        [url(), 10],
        [{ type: 'tick' }, 599_999],
      ]).state.phase,
    ).toBe('waiting-user')
  })

  it('confirm verifies early; a failed verification while the CLI still waits keeps waiting', () => {
    const r = run([
      [url(), 10],
      [{ type: 'confirm' }, 20],
      [{ type: 'verify-failed', failure: { class: 'auth-expired', message: 'Token has expired and refresh failed' } }, 30],
    ])
    expect(r.state.phase).toBe('waiting-user')
    expect(r.effects.at(-1)).toEqual({
      type: 'report',
      report: { type: 'note', message: 'not logged in yet (Token has expired and refresh failed); still waiting for the browser' },
    })
  })

  it('sts success with a token that is still expired is not verified', () => {
    const r = run([
      [url(), 10],
      [{ type: 'exited', exitCode: 0 }, 20],
      [{ type: 'verified', identity: ID, tokenState: 'expired' }, 30],
    ])
    expect(r.state.failure).toEqual({ class: 'auth-expired', message: 'sts answered, but the SSO token is still expired' })
  })

  it('cancel ends the flow and cleans up', () => {
    const r = run([
      [url(), 10],
      [{ type: 'cancel' }, 20],
    ])
    expect(r.state.failure?.class).toBe('cancelled')
    expect(r.effects.at(-1)).toEqual({ type: 'cleanup' })
  })

  it('a device flow that prints no URL still verifies', () => {
    const r = run([
      [{ type: 'output', events: [{ type: 'success', startUrl: 'u' }] }, 10],
      [{ type: 'exited', exitCode: 0 }, 20],
    ])
    expect(r.effects.at(-1)).toEqual({ type: 'verify' })
  })
})

describe('stepLogin: which URL is handed over (device flow)', () => {
  const BARE = 'https://device.sso.us-east-1.amazonaws.com/'
  const AUTOFILL = 'https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM'
  const out = (...events: LoginOutputEvent[]): LoginEvent => ({ type: 'output', events })
  const seen = (effects: LoginEffect[]) => effects.map((e) => (e.type === 'handoff' ? `handoff ${e.url}` : e.type === 'report' ? e.report : e.type))

  it('the autofill URL, once the CLI prints it; the page shows the code (compare it)', () => {
    const r = run([
      [out({ type: 'url', url: BARE, flow: 'device' }, { type: 'userCode', code: 'WDQK-RTLM' }), 10],
      [out({ type: 'completeUrl', url: AUTOFILL }), 20],
    ])
    expect(seen(r.effects)).toEqual([
      `handoff ${AUTOFILL}`,
      { type: 'url', url: AUTOFILL, flow: 'device' },
      { type: 'code', userCode: 'WDQK-RTLM', prefilled: true },
    ])
    expect(r.state.handedOff).toBe(AUTOFILL)
  })

  it('nothing is handed over while the autofill URL may still come', () => {
    const r = run([
      [out({ type: 'url', url: BARE, flow: 'device' }, { type: 'userCode', code: 'WDQK-RTLM' }), 10],
      [{ type: 'tick' }, 1009],
    ])
    expect(r.effects).toEqual([])
  })

  it('no autofill URL within the wait: the bare URL, and the user types the code', () => {
    const r = run([
      [out({ type: 'url', url: BARE, flow: 'device' }, { type: 'userCode', code: 'WDQK-RTLM' }), 10],
      [{ type: 'tick' }, 1010],
    ])
    expect(seen(r.effects)).toEqual([`handoff ${BARE}`, { type: 'url', url: BARE, flow: 'device' }, { type: 'code', userCode: 'WDQK-RTLM', prefilled: false }])
    const custom = stepLogin(run([[out({ type: 'url', url: BARE, flow: 'device' }), 10]]).state, { type: 'tick' }, 60, { ...LIMITS, autofillWaitMs: 50 })
    expect(seen(custom.effects)[0]).toBe(`handoff ${BARE}`)
  })

  it('another line ends the URL block at once: the bare URL is handed over before it', () => {
    const r = run([[out({ type: 'url', url: BARE, flow: 'device' }, { type: 'userCode', code: 'WDQK-RTLM' }, { type: 'error', message: 'boom' }), 10]])
    expect(seen(r.effects)).toEqual([`handoff ${BARE}`, { type: 'url', url: BARE, flow: 'device' }, { type: 'code', userCode: 'WDQK-RTLM', prefilled: false }])
  })

  it('the CLI exiting ends it too: hand-off, then the verdict', () => {
    const r = run([
      [out({ type: 'url', url: BARE, flow: 'device' }), 10],
      [{ type: 'exited', exitCode: 255 }, 20],
    ])
    expect(seen(r.effects).slice(0, 2)).toEqual([`handoff ${BARE}`, { type: 'url', url: BARE, flow: 'device' }])
    expect(r.state.phase).toBe('failed')
  })

  it('a first URL that already carries the code goes at once; the code follows as prefilled', () => {
    const r = run([
      [out({ type: 'url', url: AUTOFILL, flow: 'device' }), 10],
      [out({ type: 'userCode', code: 'WDQK-RTLM' }, { type: 'completeUrl', url: AUTOFILL }), 20],
    ])
    expect(seen(r.effects)).toEqual([
      `handoff ${AUTOFILL}`,
      { type: 'url', url: AUTOFILL, flow: 'device' },
      { type: 'code', userCode: 'WDQK-RTLM', prefilled: true },
    ])
  })

  it('PKCE: the URL goes at once', () => {
    const pkce = 'https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&code_challenge=x'
    expect(seen(run([[out({ type: 'url', url: pkce, flow: 'pkce' }), 10]]).effects)).toEqual([`handoff ${pkce}`, { type: 'url', url: pkce, flow: 'pkce' }])
  })

  it('hasCode: only a user_code parameter with a value counts', () => {
    expect([hasCode(AUTOFILL), hasCode(`${BARE}?x=1&user_code=AB`), hasCode(BARE), hasCode(`${BARE}?user_code=`), hasCode('https://x/user_code=AB')]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ])
  })
})

describe('stepLogin: edges', () => {
  const out = (...events: LoginOutputEvent[]): LoginEvent => ({ type: 'output', events })
  const types = (effects: LoginEffect[]) => effects.map((e) => (e.type === 'report' ? `report:${e.report.type}` : e.type))

  it('a finished flow ignores everything after', () => {
    const verified = run([
      [url(), 10],
      [{ type: 'exited', exitCode: 0 }, 20],
      [{ type: 'verified', identity: ID, tokenState: 'valid' }, 30],
    ]).state
    expect(stepLogin(verified, { type: 'cancel' }, 40, LIMITS)).toEqual({ state: verified, effects: [] })
    const failed = run([[{ type: 'cancel' }, 10]]).state
    expect(stepLogin(failed, { type: 'confirm' }, 40, LIMITS)).toEqual({ state: failed, effects: [] })
  })

  it('the limits are exclusive: at exactly the limit the login still waits; the messages name the seconds', () => {
    expect(run([[{ type: 'tick' }, 30_000]]).state.phase).toBe('waiting-url')
    expect(
      run([
        [url(), 10],
        [{ type: 'tick' }, 600_000],
      ]).state.phase,
    ).toBe('waiting-user')
    expect(
      run([
        [url(), 10],
        [{ type: 'tick' }, 600_001],
      ]).state.failure,
    ).toEqual({ class: 'timeout', message: 'the login was not completed within 600 s' })
    expect(
      run([
        [{ type: 'tick' }, 1000],
        [{ type: 'tick' }, 31_000],
      ]).state.failure?.message,
    ).toBe('the AWS CLI printed no login URL within 30 s')
  })

  it('while verifying, neither a confirm nor the total limit starts anything new', () => {
    const r = run([
      [url(), 10],
      [{ type: 'confirm' }, 20],
      [{ type: 'confirm' }, 30],
      [{ type: 'tick' }, 700_000],
      [{ type: 'exited', exitCode: 0 }, 700_001],
    ])
    expect(r.state.phase).toBe('verifying')
    expect(r.effects.filter((e) => e.type === 'verify')).toHaveLength(1)
  })

  it('a confirm before any URL: a URL that follows keeps the flow verifying; a failed verify goes back to waiting for the URL', () => {
    const early = run([
      [{ type: 'confirm' }, 10],
      [out({ type: 'url', url: 'https://oidc.us-east-1.amazonaws.com/authorize?response_type=code', flow: 'pkce' }), 20],
    ])
    expect(early.state.phase).toBe('verifying')
    const back = run([
      [{ type: 'confirm' }, 10],
      [{ type: 'verify-failed', failure: { class: 'auth-expired', message: 'x' } }, 20],
    ])
    expect(back.state.phase).toBe('waiting-url')
  })

  it('sts success with no token state (none could be read) is verified', () => {
    expect(
      run([
        [url(), 10],
        [{ type: 'exited', exitCode: 0 }, 20],
        [{ type: 'verified', identity: ID, tokenState: null }, 30],
      ]).state.phase,
    ).toBe('verified')
  })

  it('only the first URL counts; an autofill URL alone is the URL', () => {
    const two = run([
      [
        out({ type: 'url', url: 'https://a.example/?user_code=AB', flow: 'device' }, { type: 'url', url: 'https://b.example/?user_code=AB', flow: 'device' }),
        10,
      ],
    ])
    expect(two.effects.filter((e) => e.type === 'handoff')).toEqual([{ type: 'handoff', url: 'https://a.example/?user_code=AB' }])
    const alone = run([[out({ type: 'userCode', code: 'AB' }, { type: 'completeUrl', url: 'https://d.example/?user_code=AB' }), 10]])
    expect(types(alone.effects)).toEqual(['handoff', 'report:url', 'report:code'])
    expect(alone.state.phase).toBe('waiting-user')
  })

  it('success with no URL at all hands nothing over', () => {
    const r = run([
      [out({ type: 'success', startUrl: 'u' }), 10],
      [{ type: 'exited', exitCode: 0 }, 20],
    ])
    expect(types(r.effects)).toEqual(['report:success', 'verify'])
  })

  it('a success line beats an error line when the exit status is unknown', () => {
    const r = run([
      [url(), 1],
      [out({ type: 'error', message: 'transient' }, { type: 'success', startUrl: 'u' }), 2],
      [{ type: 'exited', exitCode: null }, 3],
    ])
    expect(r.effects.at(-1)).toEqual({ type: 'verify' })
  })

  it('the CLI rewriting sso_region is a note', () => {
    expect(run([[out({ type: 'regionUpdated', region: 'eu-west-1' }), 10]]).effects).toEqual([
      { type: 'report', report: { type: 'note', message: 'the AWS CLI updated sso_region to eu-west-1 in your config' } },
    ])
  })
})

describe('stepLogin with an unknown exit status', () => {
  it('fails on a seen error line, verifies otherwise', () => {
    const err: LoginEvent = { type: 'output', events: [{ type: 'error', message: 'The pending authorization to retrieve an SSO token has expired.' }] }
    expect(
      run([
        [url(), 1],
        [err, 2],
        [{ type: 'exited', exitCode: null }, 3],
      ]).state.failure?.class,
    ).toBe('timeout')
    expect(
      run([
        [url(), 1],
        [{ type: 'exited', exitCode: null }, 3],
      ]).effects.at(-1),
    ).toEqual({ type: 'verify' })
  })
})

describe('stepLogin: exact effects at the edges', () => {
  const out = (...events: LoginOutputEvent[]): LoginEvent => ({ type: 'output', events })
  const BARE = 'https://device.sso.us-east-1.amazonaws.com/'
  const AUTOFILL = 'https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM'

  it('while verifying, an exit 0 only records the status, and a confirm does nothing: no effects at all', () => {
    const verifying = run([
      [url(AUTOFILL), 10],
      [{ type: 'confirm' }, 20],
    ]).state
    expect(verifying.phase).toBe('verifying')
    expect(stepLogin(verifying, { type: 'exited', exitCode: 0 }, 30, LIMITS)).toEqual({ state: { ...verifying, cliExit: 0 }, effects: [] })
    expect(stepLogin(verifying, { type: 'confirm' }, 30, LIMITS)).toEqual({ state: verifying, effects: [] })
  })

  it("a non-zero exit fails with the CLI's own words and class, or with its status when it said nothing", () => {
    const expired = run([
      [url(), 100],
      [out({ type: 'error', message: 'The pending authorization to retrieve an SSO token has expired.' }), 200],
      [{ type: 'exited', exitCode: 255 }, 300],
    ])
    expect(expired.state.failure).toEqual({ class: 'timeout', message: 'The pending authorization to retrieve an SSO token has expired.' })
    const killed = run([
      [url(), 100],
      [{ type: 'exited', exitCode: 143 }, 300],
    ])
    expect(killed.state).toMatchObject({ phase: 'failed', cliExit: 143, failure: { class: 'cli-error', message: 'the AWS CLI exited with code 143' } })
    expect(killed.effects.slice(-2)).toEqual([
      { type: 'report', report: { type: 'failed', class: 'cli-error', message: 'the AWS CLI exited with code 143' } },
      { type: 'cleanup' },
    ])
  })

  it('the autofill URL after the bare one: handed over, but the first URL and when it came stay', () => {
    const r = run([
      [out({ type: 'url', url: BARE, flow: 'device' }), 100],
      [out({ type: 'completeUrl', url: AUTOFILL }), 150],
    ])
    expect(r.state).toMatchObject({ url: BARE, urlAt: 100, flow: 'device', completeUrl: AUTOFILL, handedOff: AUTOFILL, phase: 'waiting-user' })
  })

  it('an autofill URL alone is a device URL, reported as such', () => {
    expect(run([[out({ type: 'completeUrl', url: AUTOFILL }), 10]]).effects).toEqual([
      { type: 'handoff', url: AUTOFILL },
      { type: 'report', report: { type: 'url', url: AUTOFILL, flow: 'device' } },
    ])
  })

  it('an autofill URL alone after a confirm keeps the flow verifying', () => {
    const r = run([
      [{ type: 'confirm' }, 10],
      [out({ type: 'completeUrl', url: AUTOFILL }), 20],
    ])
    expect(r.state).toMatchObject({ phase: 'verifying', url: AUTOFILL })
  })

  it('a second URL adds nothing: no hand-off, no report, no note', () => {
    const first = run([[out({ type: 'url', url: AUTOFILL, flow: 'device' }), 10]]).state
    expect(stepLogin(first, out({ type: 'url', url: 'https://b.example/?user_code=AB', flow: 'device' }), 20, LIMITS)).toEqual({ state: first, effects: [] })
  })
})
