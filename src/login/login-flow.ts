// Drives one login: tmux session → log → parser → state machine → effects (hand-off, verify,
// clean-up). Every side effect arrives as a dependency; the decisions live in core/login-machine.

import { flushLoginOutput, initialLoginOutputState, parseLoginOutput } from '../aws/login-output.ts'
import type { Failure } from '../aws/classify-error.ts'
import type { CallerIdentity } from '../aws/verify.ts'
import { initialLoginState, stepLogin, type LoginEvent, type LoginLimits, type LoginReport, type LoginState } from '../core/login-machine.ts'
import type { TokenState } from '../core/types.ts'
import type { Browser, Clipboard, Clock } from '../ports.ts'
import type { TmuxRunner, TmuxStart } from './tmux-runner.ts'

export interface LoginFlowDeps {
  tmux: Pick<TmuxRunner, 'start' | 'state' | 'kill'>
  readLog(path: string): Promise<string | undefined>
  removeLog(path: string): Promise<void>
  clipboard: Clipboard | null
  browser: Browser | null
  verify(): Promise<{ identity: CallerIdentity; tokenState: TokenState | null } | { failure: Failure }>
  clock: Clock
  /** Resolves after `ms`; the poll interval between log reads. */
  sleep(ms: number): Promise<void>
}

export interface LoginPlan extends TmuxStart {
  /** A login for the same token is already running: follow it instead of starting another. */
  join: boolean
}

export interface LoginControls {
  /** The user says the browser step is done: verify now. */
  confirmed?: Promise<void>
  signal?: AbortSignal
}

const POLL_MS = 15
const PANE_CHECK_EVERY = 10

export async function runLoginFlow(
  deps: LoginFlowDeps,
  plan: LoginPlan,
  limits: LoginLimits,
  onReport: (r: LoginReport) => void,
  controls: LoginControls = {},
): Promise<LoginState> {
  let state = initialLoginState(deps.clock.now())
  const queue: LoginEvent[] = []
  void controls.confirmed?.then(() => queue.push({ type: 'confirm' }))
  const onAbort = () => queue.push({ type: 'cancel' })
  controls.signal?.addEventListener('abort', onAbort, { once: true })
  const finished = (): boolean => state.phase === 'verified' || state.phase === 'failed'
  let cleaned = false
  const cleanup = async () => {
    if (cleaned) return
    cleaned = true
    // Following someone else's login: cancelling or timing out here must not end it for them.
    if (plan.join && state.phase === 'failed' && state.cliExit === null) return
    await deps.tmux.kill(plan.session).catch(() => undefined)
    await deps.removeLog(plan.logFile).catch(() => undefined)
  }
  const apply = async (event: LoginEvent): Promise<void> => {
    const r = stepLogin(state, event, deps.clock.now(), limits)
    state = r.state
    for (const effect of r.effects) {
      if (effect.type === 'report') onReport(effect.report)
      else if (effect.type === 'handoff') await handoff(deps, effect.url, onReport)
      else if (effect.type === 'cleanup') await cleanup()
      else {
        const v = await deps.verify()
        queue.push('failure' in v ? { type: 'verify-failed', failure: v.failure } : { type: 'verified', identity: v.identity, tokenState: v.tokenState })
      }
    }
  }

  try {
    if (!plan.join) await deps.tmux.start(plan)
    let parser = initialLoginOutputState
    let offset = 0
    for (let i = 0; !finished(); i++) {
      const text = (await deps.readLog(plan.logFile)) ?? ''
      if (text.length > offset) {
        const r = parseLoginOutput(parser, text.slice(offset))
        offset = text.length
        parser = r.state
        if (r.events.length > 0) await apply({ type: 'output', events: r.events })
      }
      while (queue.length > 0) await apply(queue.shift() as LoginEvent)
      if (i % PANE_CHECK_EVERY === 0 && state.cliExit === null && !finished()) {
        const pane = await deps.tmux.state(plan.session)
        if (pane.state !== 'running') {
          const rest = (await deps.readLog(plan.logFile)) ?? ''
          const last = parseLoginOutput(parser, rest.slice(offset))
          const events = [...last.events, ...flushLoginOutput(last.state).events]
          offset = rest.length
          parser = initialLoginOutputState
          if (events.length > 0) await apply({ type: 'output', events })
          // A session that vanished was ended by another aws-sso-tray following the same login; a
          // pane without a recorded status has an unknown outcome. The machine decides from output.
          await apply({ type: 'exited', exitCode: pane.state === 'exited' ? pane.exitCode : null })
        }
      }
      await apply({ type: 'tick' })
      if (!finished()) await deps.sleep(POLL_MS)
    }
  } finally {
    controls.signal?.removeEventListener('abort', onAbort)
    await cleanup()
  }
  return state
}

async function handoff(deps: LoginFlowDeps, url: string, onReport: (r: LoginReport) => void): Promise<void> {
  // Copy and open together; neither failing stops the login (the URL is printed anyway).
  const [copied, opened] = await Promise.allSettled([deps.clipboard?.write(url), deps.browser?.open(url)])
  if (copied.status === 'rejected') onReport({ type: 'note', message: `could not copy the URL: ${errorText(copied.reason)}` })
  if (opened.status === 'rejected') onReport({ type: 'note', message: `could not open a browser: ${errorText(opened.reason)}` })
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e)
}
