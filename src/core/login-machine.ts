// The login state machine: step(state, event, now) → { state, effects }. Pure. It never retries:
// every failure is final for this flow, and a new login needs a new user action.

import { classifyAwsError } from '../aws/classify-error.ts'
import type { CallerIdentity, Failure, LoginFlow, LoginOutputEvent } from './aws-types.ts'
import { isUsable } from './token-state.ts'
import type { TokenState } from './types.ts'

export interface LoginLimits {
  /** No URL (and no success) this long after start: give up. */
  urlTimeoutMs: number
  /** The whole login, user included. */
  totalTimeoutMs: number
}

export type LoginPhase = 'waiting-url' | 'waiting-user' | 'verifying' | 'verified' | 'failed'

export interface LoginState {
  phase: LoginPhase
  startedAt: number
  url: string | null
  flow: LoginFlow | null
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
  | { type: 'code'; userCode: string }
  | { type: 'success' }
  | { type: 'verified'; account: string; arn: string }
  | { type: 'failed'; class: Failure['class']; message: string }
  | { type: 'note'; message: string }

export type LoginEffect =
  | { type: 'handoff'; url: string }
  | { type: 'verify' }
  | { type: 'cleanup' }
  | { type: 'report'; report: LoginReport }

export function initialLoginState(now: number): LoginState {
  return {
    phase: 'waiting-url', startedAt: now, url: null, flow: null, userCode: null, completeUrl: null,
    cliSucceeded: false, cliExit: null, lastError: null, identity: null, failure: null,
  }
}

const done = (s: LoginState): boolean => s.phase === 'verified' || s.phase === 'failed'

export function stepLogin(s: LoginState, e: LoginEvent, now: number, limits: LoginLimits): { state: LoginState; effects: LoginEffect[] } {
  if (done(s)) return { state: s, effects: [] }
  switch (e.type) {
    case 'output':
      return onOutput(s, e.events)
    case 'exited': {
      // Unknown status: the CLI's own words decide (an error line means failure), else verify.
      const code = e.exitCode ?? (s.lastError !== null && !s.cliSucceeded ? 255 : 0)
      const state = { ...s, cliExit: code }
      if (code === 0) return s.phase === 'verifying' ? { state, effects: [] } : verify(state)
      const failure = classifyAwsError({ exitCode: code, stderr: s.lastError ?? '', timedOut: false }) ?? { class: 'cli-error' as const, message: `aws sso login exited ${code}` }
      return fail(state, failure)
    }
    case 'tick':
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

function onOutput(s: LoginState, events: readonly LoginOutputEvent[]): { state: LoginState; effects: LoginEffect[] } {
  let state = s
  const effects: LoginEffect[] = []
  for (const ev of events) {
    if (ev.type === 'url' && state.url === null) {
      // Hand the URL over the moment it is complete: the latency a user feels is this one.
      state = { ...state, url: ev.url, flow: ev.flow, phase: state.phase === 'waiting-url' ? 'waiting-user' : state.phase }
      effects.push({ type: 'handoff', url: ev.url }, { type: 'report', report: { type: 'url', url: ev.url, flow: ev.flow } })
    } else if (ev.type === 'userCode') {
      state = { ...state, userCode: ev.code }
      effects.push({ type: 'report', report: { type: 'code', userCode: ev.code } })
    } else if (ev.type === 'completeUrl') state = { ...state, completeUrl: ev.url }
    else if (ev.type === 'success') {
      state = { ...state, cliSucceeded: true }
      effects.push({ type: 'report', report: { type: 'success' } })
    } else if (ev.type === 'error') state = { ...state, lastError: ev.message }
    else if (ev.type === 'regionUpdated') {
      effects.push({ type: 'report', report: { type: 'note', message: `the AWS CLI updated sso_region to ${ev.region} in your config` } })
    }
  }
  return { state, effects }
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
    return { state: { ...s, phase: s.url === null ? 'waiting-url' : 'waiting-user' }, effects: [{ type: 'report', report: { type: 'note', message: `not logged in yet (${failure.message}); still waiting for the browser` } }] }
  }
  return fail(s, failure)
}
