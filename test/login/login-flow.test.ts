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
function world(script: { log: (string | undefined)[]; pane: PaneState[]; verify?: 'ok' | 'fail'; copyFails?: boolean; openFails?: boolean }) {
  let tick = 0
  let now = 0
  const calls: string[] = []
  const sleeps: number[] = []
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
    clipboard: { write: (u) => (calls.push(`copy ${u}`), script.copyFails ? Promise.reject(new Error('no display\nmore detail')) : Promise.resolve()) },
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a reason that is no Error is the case under test
    browser: { open: (u) => (calls.push(`open ${u}`), script.openFails ? Promise.reject('xdg-open missing') : Promise.resolve()) },
    verify: () => {
      calls.push('verify')
      return Promise.resolve(
        script.verify === 'fail'
          ? { failure: { class: 'auth-expired' as const, message: 'Token has expired' } }
          : { identity: ID, tokenState: 'valid' as const },
      )
    },
    clock: { now: () => now },
    sleep: (ms) => {
      sleeps.push(ms)
      tick++
      now += ms
      return Promise.resolve()
    },
  }
  return { deps, calls, sleeps }
}

async function run(plan: LoginPlan, script: Parameters<typeof world>[0], controls = {}) {
  const w = world(script)
  const reports: LoginReport[] = []
  const state = await runLoginFlow(w.deps, plan, LIMITS, (r) => reports.push(r), controls)
  return { state, reports, calls: w.calls, sleeps: w.sleeps }
}

const RUNNING: PaneState = { state: 'running' }
const DONE: PaneState = { state: 'exited', exitCode: 0 }

describe('runLoginFlow: who ends the session', () => {
  it('the owner hands the URL over, verifies after exit 0, then kills its session and removes its log', async () => {
    const r = await run({ handle: HANDLE, role: 'owner' }, { log: [DEVICE, DEVICE + SUCCESS], pane: [RUNNING, DONE] })
    expect(r.state.phase).toBe('verified')
    expect(r.reports.map((x) => x.type)).toEqual(['url', 'code', 'success', 'verified'])
    expect(r.calls.filter((c) => !c.startsWith('state'))).toEqual([
      'copy https://device.sso.us-east-1.amazonaws.com/',
      'open https://device.sso.us-east-1.amazonaws.com/',
      'verify',
      'kill $3',
      'remove /run/a.log',
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
    const r = await run(
      { handle: HANDLE, role: 'joiner', takeOver: () => Promise.resolve(false) },
      { log: [DEVICE], pane: [RUNNING] },
      { signal: abort.signal },
    )
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

describe('runLoginFlow: reading the CLI as it writes', () => {
  const URL_PART = 'Please visit the following URL:\n\nhttps://device.sso.us-east-1.amazonaws.com/\n\n'
  const CODE_PART = 'Then enter the code:\n\nWDQK-RTLM\n\n'
  const AUTOFILL =
    'Alternatively, you may visit the following URL which will autofill the code upon loading:\nhttps://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM\n'

  it('a log that grows poll by poll (lines cut anywhere) yields each report once', async () => {
    const full = URL_PART + CODE_PART + AUTOFILL + SUCCESS
    const cuts = [0, 20, 61, 80, 130, 200, full.length - 5, full.length]
    const r = await run({ handle: HANDLE, role: 'owner' }, { log: cuts.map((n) => full.slice(0, n)), pane: [...cuts.map(() => RUNNING), DONE] })
    expect(r.reports).toEqual([
      { type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM', flow: 'device' },
      { type: 'code', userCode: 'WDQK-RTLM', prefilled: true },
      { type: 'success' },
      { type: 'verified', account: ID.account, arn: ID.arn },
    ])
  })

  it('output written just before the CLI exited is read before the exit counts (a last line without a break too)', async () => {
    const r = await run({ handle: HANDLE, role: 'owner' }, { log: [URL_PART + CODE_PART, URL_PART + CODE_PART + SUCCESS.trimEnd()], pane: [RUNNING, DONE] })
    expect(r.reports.map((x) => x.type)).toEqual(['url', 'code', 'success', 'verified'])
  })

  it("an exit with an error line fails with the CLI's words; the status decides over a missing one", async () => {
    const err = 'aws: [ERROR]: The pending authorization to retrieve an SSO token has expired.\n'
    const r = await run(
      { handle: HANDLE, role: 'owner' },
      { log: [URL_PART + CODE_PART, URL_PART + CODE_PART + err], pane: [RUNNING, { state: 'exited', exitCode: 255 }] },
    )
    expect(r.reports.at(-1)).toMatchObject({ type: 'failed', class: 'timeout' })
    expect(r.calls).not.toContain('verify')
    const gone = await run({ handle: HANDLE, role: 'owner' }, { log: [URL_PART + err], pane: [{ state: 'gone' }] })
    expect(gone.reports.at(-1)).toMatchObject({ type: 'failed', class: 'timeout' })
    const signalled = await run({ handle: HANDLE, role: 'owner' }, { log: [URL_PART], pane: [{ state: 'exited', exitCode: 143 }] })
    expect(signalled.reports.at(-1)).toEqual({ type: 'failed', class: 'cli-error', message: expect.stringContaining('143') as string })
  })

  it('the last lines the log pipe writes after the pane ended still count (read until the log stops growing)', async () => {
    const err = 'aws: [ERROR]: The pending authorization to retrieve an SSO token has expired.\n'
    const late = await run(
      { handle: HANDLE, role: 'owner' },
      { log: [URL_PART + CODE_PART, URL_PART + CODE_PART + err], pane: [{ state: 'exited', exitCode: 255 }] },
    )
    expect(late.reports.at(-1)).toMatchObject({ type: 'failed', class: 'timeout' })
  })

  it('asks the runner for the pane only every tenth poll (each ask is a tmux process)', async () => {
    const r = await run({ handle: HANDLE, role: 'owner' }, { log: [URL_PART], pane: [...Array<PaneState>(25).fill(RUNNING), DONE] })
    expect(r.calls.filter((c) => c.startsWith('state'))).toHaveLength(4) // polls 0, 10, 20 see it running; 30 sees it done
    expect(r.state.phase).toBe('verified')
  })

  it('a clipboard or browser that fails is a note after the URL and code; the login goes on', async () => {
    const r = await run({ handle: HANDLE, role: 'owner' }, { log: [URL_PART + CODE_PART + AUTOFILL + SUCCESS], pane: [DONE], copyFails: true, openFails: true })
    expect(r.reports.slice(0, 4)).toEqual([
      { type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM', flow: 'device' },
      { type: 'code', userCode: 'WDQK-RTLM', prefilled: true },
      { type: 'note', message: 'could not copy the URL: no display' },
      { type: 'note', message: 'could not open a browser: xdg-open missing' },
    ])
    expect(r.state.phase).toBe('verified')
  })

  it('no clipboard with a reason: that note once, after the URL and code; then the person is told it is their turn', async () => {
    const w = world({ log: [URL_PART + CODE_PART + AUTOFILL, URL_PART + CODE_PART + AUTOFILL + SUCCESS], pane: [RUNNING, DONE] })
    const seen: string[] = []
    const state = await runLoginFlow(
      { ...w.deps, clipboard: null, noClipboardNote: 'no display: the URL was not copied' },
      { handle: HANDLE, role: 'owner' },
      LIMITS,
      (x) => seen.push(x.type === 'note' ? x.message : x.type),
      {
        onHandedOff: () => seen.push('your turn'),
      },
    )
    expect(state.phase).toBe('verified')
    expect(seen).toEqual(['url', 'code', 'no display: the URL was not copied', 'your turn', 'success', 'verified'])
    expect(w.calls.filter((c) => c.startsWith('copy'))).toEqual([])
  })

  it('a URL whose login fails in the same read: the notes come before the failure, and the person is not asked to wait', async () => {
    const err = 'aws: [ERROR]: An error occurred (AccessDeniedException) when calling the CreateToken operation: \n'
    const w = world({ log: [URL_PART + CODE_PART + err], pane: [{ state: 'exited', exitCode: 254 }] })
    const seen: string[] = []
    await runLoginFlow(
      { ...w.deps, clipboard: null, noClipboardNote: 'no display: the URL was not copied' },
      { handle: HANDLE, role: 'owner' },
      LIMITS,
      (x) => seen.push(x.type === 'note' ? x.message : x.type),
      {
        onHandedOff: () => seen.push('your turn'),
      },
    )
    expect(seen).toEqual(['url', 'code', 'no display: the URL was not copied', 'failed'])
  })

  it('the user confirming verifies at once, while the CLI still waits', async () => {
    const r = await run({ handle: HANDLE, role: 'owner' }, { log: [URL_PART + CODE_PART + AUTOFILL], pane: [RUNNING] }, { confirmed: Promise.resolve() })
    expect(r.state.phase).toBe('verified')
    expect(r.calls.filter((c) => c.startsWith('state'))).toEqual([]) // verified before the CLI was even looked at
    // The log was read as it came, not only once the CLI ended.
    expect(r.reports.map((x) => x.type)).toEqual(['url', 'code', 'verified'])
  })

  it('following without clipboard or browser (a joiner) hands nothing over and does not fail', async () => {
    const w = world({ log: [URL_PART + CODE_PART + AUTOFILL + SUCCESS], pane: [DONE] })
    const reports: LoginReport[] = []
    const state = await runLoginFlow({ ...w.deps, clipboard: null, browser: null }, { handle: HANDLE, role: 'joiner' }, LIMITS, (x) => reports.push(x))
    expect(state.phase).toBe('verified')
    expect(reports.map((x) => x.type)).toEqual(['url', 'code', 'success', 'verified'])
    expect(w.calls.filter((c) => c.startsWith('copy') || c.startsWith('open'))).toEqual([])
  })

  it('a joiner without a take-over check never cleans up', async () => {
    const r = await run({ handle: HANDLE, role: 'joiner' }, { log: [URL_PART + SUCCESS], pane: [DONE] })
    expect(r.calls.filter((c) => c.startsWith('kill') || c.startsWith('remove'))).toEqual([])
  })

  it('a cancel after the start ends the flow and the listener is removed', async () => {
    const abort = new AbortController()
    const w = world({ log: [URL_PART], pane: [RUNNING] })
    const sleep = w.deps.sleep.bind(w.deps)
    w.deps.sleep = (ms) => {
      abort.abort()
      return sleep(ms)
    }
    const reports: LoginReport[] = []
    const state = await runLoginFlow(w.deps, { handle: HANDLE, role: 'owner' }, LIMITS, (x) => reports.push(x), { signal: abort.signal })
    expect(state.failure?.class).toBe('cancelled')
    expect(reports.filter((x) => x.type === 'failed')).toHaveLength(1)
  })
})

describe('runLoginFlow: the log after the pane ends, and the polls', () => {
  const URL_PART = 'Please visit the following URL:\n\nhttps://device.sso.us-east-1.amazonaws.com/\n\n'
  const CODE_PART = 'Then enter the code:\n\nWDQK-RTLM\n\n'
  const AUTOFILL =
    'Alternatively, you may visit the following URL which will autofill the code upon loading:\nhttps://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM\n'
  const EXPIRED = 'aws: [ERROR]: The pending authorization to retrieve an SSO token has expired.\n'
  const SETTLE = 40
  const POLL = 15

  it('a log that has stopped: one more read 40 ms later, then the exit counts; no sleep once finished', async () => {
    const r = await run({ handle: HANDLE, role: 'owner' }, { log: [URL_PART + CODE_PART + AUTOFILL + SUCCESS], pane: [DONE] })
    expect(r.state.phase).toBe('verified')
    // The settle read after the pane ended; one poll while the verdict waits in the queue.
    expect(r.sleeps).toEqual([SETTLE, POLL])
  })

  it('a log still growing after the pane ended is read until two reads agree', async () => {
    const before = URL_PART + CODE_PART
    const r = await run(
      { handle: HANDLE, role: 'owner' },
      { log: [before, before + AUTOFILL, before + AUTOFILL + EXPIRED], pane: [{ state: 'exited', exitCode: 255 }] },
    )
    expect(r.sleeps).toEqual([SETTLE, SETTLE, SETTLE])
    expect(r.reports).toEqual([
      { type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM', flow: 'device' },
      { type: 'code', userCode: 'WDQK-RTLM', prefilled: true },
      { type: 'failed', class: 'timeout', message: expect.stringContaining('pending authorization') as string },
    ])
  })

  it('a log that never stops growing is read ten times after the pane ended, then taken as it is', async () => {
    const base = URL_PART + CODE_PART + AUTOFILL
    // Grows by one line a read; the line after the tenth read is an error the settled log must not hold.
    const log = Array.from({ length: 11 }, (_, n) => base + 'Waiting for the browser\n'.repeat(n))
    log.push((log[10] ?? '') + EXPIRED)
    const r = await run({ handle: HANDLE, role: 'owner' }, { log, pane: [{ state: 'exited', exitCode: null }] })
    expect(r.sleeps.filter((ms) => ms === SETTLE)).toHaveLength(10)
    expect(r.reports.map((x) => x.type)).toEqual(['url', 'code', 'verified'])
  })

  it('a log that cannot be read when the pane ends counts as empty: one settle read, then the outcome from the exit', async () => {
    const r = await run({ handle: HANDLE, role: 'owner' }, { log: [undefined], pane: [DONE] })
    expect(r.sleeps).toEqual([SETTLE, POLL])
    expect(r.state.phase).toBe('verified')
  })

  it('a log unreadable for a moment is neither replayed nor misread when it comes back', async () => {
    const r = await run(
      { handle: HANDLE, role: 'owner' },
      { log: [undefined, URL_PART + CODE_PART + AUTOFILL, undefined, URL_PART + CODE_PART + AUTOFILL + SUCCESS], pane: [RUNNING, RUNNING, RUNNING, DONE] },
    )
    expect(r.reports).toEqual([
      { type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM', flow: 'device' },
      { type: 'code', userCode: 'WDQK-RTLM', prefilled: true },
      { type: 'success' },
      { type: 'verified', account: ID.account, arn: ID.arn },
    ])
    // Nothing at the start of a log that comes back is skipped (here, its first line is the verdict).
    const first = await run({ handle: HANDLE, role: 'owner' }, { log: [undefined, SUCCESS], pane: [RUNNING, DONE] })
    expect(first.reports.map((x) => x.type)).toEqual(['success', 'verified'])
  })

  it('the person is not told it is their turn when the CLI already ended: failed, or succeeded in the same read', async () => {
    for (const [log, pane, expected] of [
      // A bare URL handed over only because the CLI ended (killed: 143).
      [URL_PART, { state: 'exited', exitCode: 143 }, ['url', 'failed']],
      [URL_PART + CODE_PART + AUTOFILL + SUCCESS, DONE, ['url', 'code', 'success', 'verified']],
    ] as const) {
      const w = world({ log: [log], pane: [pane] })
      const seen: string[] = []
      await runLoginFlow(w.deps, { handle: HANDLE, role: 'owner' }, LIMITS, (x) => seen.push(x.type), { onHandedOff: () => seen.push('your turn') })
      expect(seen).toEqual(expected)
    }
  })

  it('a verification that throws still ends the session and removes its log, and the abort listener goes', async () => {
    const w = world({ log: [URL_PART + CODE_PART + AUTOFILL + SUCCESS], pane: [DONE] })
    w.deps.verify = () => Promise.reject(new Error('sts exploded'))
    const listeners: [string, string, unknown][] = []
    const signal = {
      aborted: false,
      addEventListener: (type: string, fn: unknown) => listeners.push(['add', type, fn]),
      removeEventListener: (type: string, fn: unknown) => listeners.push(['remove', type, fn]),
    } as unknown as AbortSignal
    await expect(runLoginFlow(w.deps, { handle: HANDLE, role: 'owner' }, LIMITS, () => undefined, { signal })).rejects.toThrow('sts exploded')
    expect(w.calls.slice(-2)).toEqual(['kill $3', 'remove /run/a.log'])
    expect(listeners.map(([what, type]) => `${what} ${type}`)).toEqual(['add abort', 'remove abort'])
    expect(listeners[1]?.[2]).toBe(listeners[0]?.[2])
  })
})
