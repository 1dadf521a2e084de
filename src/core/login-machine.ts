// The login state machine: step(state, event, now) → { state, effects }. Pure. It never retries:
// every failure is final for this flow, and a new login needs a new user action.

import { classifyAwsError } from '../aws/classify-error.ts'
import type { CallerIdentity, Failure, LoginFlow, LoginOutputEvent } from './aws-types.ts'
import { isUsable } from './token-state.ts'
import type { TokenState } from './types.ts'

export interface LoginLimits {
  /** No URL (and no success) this long after start: give up. */
  urlTimeoutMs: number
  /**
   * Device flow: how long to wait after the bare URL for the URL that autofills the code (the CLI
   * prints both within microseconds) before handing over the bare one. Default 1000.
   */
  autofillWaitMs?: number
  /** The whole login, user included. */
  totalTimeoutMs: number
}

export type LoginPhase = 'waiting-url' | 'waiting-user' | 'verifying' | 'verified' | 'failed'

export interface LoginState {
  phase: LoginPhase
  startedAt: number
  url: string | null
  flow: LoginFlow | null
  /** When the first URL was seen (device flow: the autofill wait counts from here). */
  urlAt: number | null
  /** The URL given to clipboard and browser: the autofill one when the CLI printed it. */
  handedOff: string | null
  userCode: string | null
  completeUrl: string | null
  cliSucceeded: boolean
  cliExit: number | null
  lastError: string | null
  identity: CallerIdentity | null
  failure: Failure | null
}

export type LoginEvent =
  | { type: 'output'; events: LoginOutputEvent[] }
  /** exitCode null: the runner could not learn it (tmux sometimes records none). */
  | { type: 'exited'; exitCode: number | null }
  | { type: 'tick' }
  | { type: 'confirm' }
  | { type: 'cancel' }
  | { type: 'verified'; identity: CallerIdentity; tokenState: TokenState | null }
  | { type: 'verify-failed'; failure: Failure }

export type LoginReport =
  | { type: 'url'; url: string; flow: LoginFlow }
  /** prefilled: the handed-over URL carries the code (the page shows it: compare); else the user types it. */
  | { type: 'code'; userCode: string; prefilled: boolean }
  | { type: 'success' }
  | { type: 'verified'; account: string; arn: string }
  | { type: 'failed'; class: Failure['class']; message: string }
  | { type: 'note'; message: string }

export type LoginEffect = { type: 'handoff'; url: string } | { type: 'verify' } | { type: 'cleanup' } | { type: 'report'; report: LoginReport }

export function initialLoginState(now: number): LoginState {
  return {
    phase: 'waiting-url',
    startedAt: now,
    url: null,
    flow: null,
    urlAt: null,
    handedOff: null,
    userCode: null,
    completeUrl: null,
    cliSucceeded: false,
    cliExit: null,
    lastError: null,
    identity: null,
    failure: null,
  }
}

const done = (s: LoginState): boolean => s.phase === 'verified' || s.phase === 'failed'

export function stepLogin(s: LoginState, e: LoginEvent, now: number, limits: LoginLimits): { state: LoginState; effects: LoginEffect[] } {
  if (done(s)) return { state: s, effects: [] }
  switch (e.type) {
    case 'output':
      return onOutput(s, e.events, now)
    case 'exited': {
      const pending = flushHandoff(s)
      if (pending.effects.length > 0) return withEffects(pending.effects, stepLogin(pending.state, e, now, limits))
      // Unknown status: the CLI's own words decide (an error line means failure), else verify.
      const code = e.exitCode ?? (s.lastError !== null && !s.cliSucceeded ? 255 : 0)
      const state = { ...s, cliExit: code }
      if (code === 0) return s.phase === 'verifying' ? { state, effects: [] } : verify(state)
      const failure = classifyAwsError({ exitCode: code, stderr: s.lastError ?? '', timedOut: false }) ?? {
        class: 'cli-error' as const,
        message: `aws sso login exited ${code}`,
      }
      return fail(state, failure)
    }
    case 'tick':
      if (s.handedOff === null && s.urlAt !== null && now - s.urlAt >= (limits.autofillWaitMs ?? 1000)) {
        const pending = flushHandoff(s)
        return withEffects(pending.effects, stepLogin(pending.state, e, now, limits))
      }
      if (s.phase === 'waiting-url' && now - s.startedAt > limits.urlTimeoutMs) {
        return fail(s, { class: 'timeout', message: `the AWS CLI printed no login URL within ${Math.round(limits.urlTimeoutMs / 1000)} s` })
      }
      if (s.phase !== 'verifying' && now - s.startedAt > limits.totalTimeoutMs) {
        return fail(s, { class: 'timeout', message: `the login was not completed within ${Math.round(limits.totalTimeoutMs / 1000)} s` })
      }
      return { state: s, effects: [] }
    case 'confirm':
      return s.phase === 'verifying' ? { state: s, effects: [] } : verify(s)
    case 'cancel':
      return fail(s, { class: 'cancelled', message: 'the login was cancelled' })
    case 'verified': {
      if (e.tokenState !== null && !isUsable(e.tokenState)) {
        return afterFailedVerify(s, { class: 'auth-expired', message: `sts answered, but the SSO token is still ${e.tokenState}` })
      }
      const state: LoginState = { ...s, phase: 'verified', identity: e.identity }
      return { state, effects: [{ type: 'report', report: { type: 'verified', account: e.identity.account, arn: e.identity.arn } }, { type: 'cleanup' }] }
    }
    case 'verify-failed':
      return afterFailedVerify(s, e.failure)
  }
}

function onOutput(s: LoginState, events: readonly LoginOutputEvent[], now: number): { state: LoginState; effects: LoginEffect[] } {
  let state = s
  const effects: LoginEffect[] = []
  const handOver = (url: string) => {
    const r = handoff(state, url)
    state = r.state
    effects.push(...r.effects)
  }
  for (const ev of events) {
    if (ev.type === 'url' && state.url === null) {
      state = { ...state, url: ev.url, flow: ev.flow, urlAt: now, phase: state.phase === 'waiting-url' ? 'waiting-user' : state.phase }
      // PKCE, or a device URL that already carries the code: complete now. A bare device URL
      // waits for the autofill URL that follows it.
      if (ev.flow === 'pkce' || hasCode(ev.url)) handOver(ev.url)
    } else if (ev.type === 'userCode') {
      state = { ...state, userCode: ev.code }
      if (state.handedOff !== null) effects.push(codeReport(state))
    } else if (ev.type === 'completeUrl') {
      // Without a first URL (never seen so far) the autofill one is the URL.
      if (state.url === null) state = { ...state, url: ev.url, flow: 'device', urlAt: now, phase: state.phase === 'waiting-url' ? 'waiting-user' : state.phase }
      state = { ...state, completeUrl: ev.url }
      if (state.handedOff === null) handOver(ev.url)
    } else {
      // Anything else ends the URL block: a bare URL still waiting is handed over first.
      if (state.url !== null && state.handedOff === null) handOver(state.url)
      if (ev.type === 'success') {
        state = { ...state, cliSucceeded: true }
        effects.push({ type: 'report', report: { type: 'success' } })
      } else if (ev.type === 'error') state = { ...state, lastError: ev.message }
      else if (ev.type === 'regionUpdated') {
        effects.push({ type: 'report', report: { type: 'note', message: `the AWS CLI updated sso_region to ${ev.region} in your config` } })
      }
    }
  }
  return { state, effects }
}

/** Hand the URL over the moment the information is complete: the latency a user feels is this one. */
function handoff(s: LoginState, url: string): { state: LoginState; effects: LoginEffect[] } {
  const state = { ...s, handedOff: url }
  const effects: LoginEffect[] = [
    { type: 'handoff', url },
    { type: 'report', report: { type: 'url', url, flow: s.flow ?? 'device' } },
  ]
  if (state.userCode !== null) effects.push(codeReport(state))
  return { state, effects }
}

function codeReport(s: LoginState): LoginEffect {
  return { type: 'report', report: { type: 'code', userCode: s.userCode ?? '', prefilled: s.handedOff !== null && hasCode(s.handedOff) } }
}

/** A device URL that fills in the code itself (`?user_code=ABCD-EFGH`). */
export function hasCode(url: string): boolean {
  return /[?&]user_code=[^&]/.test(url)
}

/** A bare device URL still waiting for its autofill twin is handed over now (the block ended). */
function flushHandoff(s: LoginState): { state: LoginState; effects: LoginEffect[] } {
  return s.url !== null && s.handedOff === null ? handoff(s, s.url) : { state: s, effects: [] }
}

function withEffects(first: LoginEffect[], r: { state: LoginState; effects: LoginEffect[] }): { state: LoginState; effects: LoginEffect[] } {
  return { state: r.state, effects: [...first, ...r.effects] }
}

function verify(s: LoginState): { state: LoginState; effects: LoginEffect[] } {
  return { state: { ...s, phase: 'verifying' }, effects: [{ type: 'verify' }] }
}

function fail(s: LoginState, failure: Failure): { state: LoginState; effects: LoginEffect[] } {
  return {
    state: { ...s, phase: 'failed', failure },
    effects: [{ type: 'report', report: { type: 'failed', class: failure.class, message: failure.message } }, { type: 'cleanup' }],
  }
}

/** After the CLI finished, a failed verification is final; after a mere confirm, keep waiting. */
function afterFailedVerify(s: LoginState, failure: Failure): { state: LoginState; effects: LoginEffect[] } {
  if (s.cliExit === null) {
    return {
      state: { ...s, phase: s.url === null ? 'waiting-url' : 'waiting-user' },
      effects: [{ type: 'report', report: { type: 'note', message: `not logged in yet (${failure.message}); still waiting for the browser` } }],
    }
  }
  return fail(s, failure)
}
