// Drives one login: tmux session → log → parser → state machine → effects (hand-off, verify,
// clean-up). Every side effect arrives as a dependency; the decisions live in core/login-machine.

import { flushLoginOutput, initialLoginOutputState, parseLoginOutput } from '../aws/login-output.ts'
import type { Failure } from '../aws/classify-error.ts'
import type { CallerIdentity } from '../aws/verify.ts'
import { initialLoginState, stepLogin, type LoginEvent, type LoginLimits, type LoginReport, type LoginState } from '../core/login-machine.ts'
import type { TokenState } from '../core/types.ts'
import type { Browser, Clipboard, Clock } from '../ports.ts'
import type { LoginRunner, SessionHandle } from './tmux-runner.ts'

export interface LoginFlowDeps {
  runner: Pick<LoginRunner, 'state' | 'kill'>
  readLog(path: string): Promise<string | undefined>
  removeLog(path: string): Promise<void>
  clipboard: Clipboard | null
  /** Said once after the URL when there is no clipboard to copy to (e.g. no display). */
  noClipboardNote?: string
  browser: Browser | null
  verify(): Promise<{ identity: CallerIdentity; tokenState: TokenState | null } | { failure: Failure }>
  clock: Clock
  /** Resolves after `ms`; the poll interval between log reads. */
  sleep(ms: number): Promise<void>
}

export interface LoginPlan {
  handle: SessionHandle
  /**
   * owner: we started (or adopted) the session and end it; joiner: we follow someone else's and
   * never end it; finished: an adopted session whose CLI already succeeded, only to verify.
   */
  role: 'owner' | 'joiner' | 'finished'
  /** For a joiner at the end: true when the owner died meanwhile and we took the session over. */
  takeOver?: () => Promise<boolean>
}

export interface LoginControls {
  /** The user says the browser step is done: verify now. */
  confirmed?: Promise<void>
  signal?: AbortSignal
  /** The URL (and code) were reported and handed over, and the person's turn has come. */
  onHandedOff?: () => void
}

const POLL_MS = 15
const PANE_CHECK_EVERY = 10
// After the pane ends: read the log until two reads 40 ms apart agree (at most 10 tries).
const SETTLE_MS = 40
const SETTLE_READS = 10

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
  controls.signal?.addEventListener('abort', onAbort)
  const finished = (): boolean => state.phase === 'verified' || state.phase === 'failed'
  let cleaned = false
  const cleanup = async () => {
    if (cleaned) return
    cleaned = true
    // Following someone else's login: ending it (or removing its log) is its owner's job.
    if (plan.role === 'joiner' && !(await (plan.takeOver?.() ?? Promise.resolve(false)).catch(() => false))) return
    await deps.runner.kill(plan.handle).catch(() => undefined)
    await deps.removeLog(plan.handle.logFile).catch(() => undefined)
  }
  const apply = async (event: LoginEvent): Promise<void> => {
    const r = stepLogin(state, event, deps.clock.now(), limits)
    state = r.state
    // The hand-off starts at once (its latency is the one the person feels), but what it has to
    // say comes after the URL and code it belongs to, and before any later report.
    let handing: Promise<string[]> | null = null
    const settle = async () => {
      if (!handing) return
      const notes = await handing
      handing = null
      for (const message of notes) onReport({ type: 'note', message })
      if (state.phase === 'waiting-user' && !state.cliSucceeded && state.lastError === null) controls.onHandedOff?.()
    }
    for (const effect of r.effects) {
      if (effect.type === 'report' && (effect.report.type === 'url' || effect.report.type === 'code')) onReport(effect.report)
      else if (effect.type === 'handoff') handing = handoff(deps, effect.url)
      else {
        await settle()
        if (effect.type === 'report') onReport(effect.report)
        else if (effect.type === 'cleanup') await cleanup()
        else {
          const v = await deps.verify()
          queue.push('failure' in v ? { type: 'verify-failed', failure: v.failure } : { type: 'verified', identity: v.identity, tokenState: v.tokenState })
        }
      }
    }
    await settle()
  }

  try {
    if (controls.signal?.aborted) queue.push({ type: 'cancel' })
    let parser = initialLoginOutputState
    let offset = 0
    if (plan.role === 'finished') {
      // Its output was read when it was claimed: only the verdict is left to reach.
      offset = ((await deps.readLog(plan.handle.logFile)) ?? '').length
      await apply({ type: 'output', events: [{ type: 'success', startUrl: '' }] })
      await apply({ type: 'exited', exitCode: 0 })
    }
    for (let i = 0; !finished(); i++) {
      const text = (await deps.readLog(plan.handle.logFile)) ?? ''
      if (text.length > offset) {
        const r = parseLoginOutput(parser, text.slice(offset))
        offset = text.length
        parser = r.state
        if (r.events.length > 0) await apply({ type: 'output', events: r.events })
      }
      while (queue.length > 0) await apply(queue.shift() as LoginEvent)
      if (i % PANE_CHECK_EVERY === 0 && !finished()) {
        const pane = await deps.runner.state(plan.handle)
        if (pane.state !== 'running') {
          const rest = await settledLog(deps, plan.handle.logFile)
          const last = parseLoginOutput(parser, rest.slice(offset))
          const events = [...last.events, ...flushLoginOutput(last.state).events]
          offset = rest.length
          parser = initialLoginOutputState
          if (events.length > 0) await apply({ type: 'output', events })
          // A session that vanished was ended by its owner (a joiner sees this); a pane without a
          // recorded status has an unknown outcome. The machine decides from the output.
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

/**
 * The log once it stops growing: the pipe that writes it runs apart from the pane, so the last
 * lines (often the CLI's verdict) can land a moment after the pane is seen to end.
 */
async function settledLog(deps: LoginFlowDeps, file: string): Promise<string> {
  let text = (await deps.readLog(file)) ?? ''
  for (let i = 0; i < SETTLE_READS; i++) {
    await deps.sleep(SETTLE_MS)
    const next = (await deps.readLog(file)) ?? ''
    if (next.length === text.length) return next
    text = next
  }
  return text
}

/** Copies and opens together; neither failing stops the login (the URL is printed anyway). The notes to say. */
async function handoff(deps: LoginFlowDeps, url: string): Promise<string[]> {
  const [copied, opened] = await Promise.allSettled([deps.clipboard?.write(url), deps.browser?.open(url)])
  const notes: string[] = []
  if (!deps.clipboard && deps.noClipboardNote) notes.push(deps.noClipboardNote)
  if (copied.status === 'rejected') notes.push(`could not copy the URL: ${errorText(copied.reason)}`)
  if (opened.status === 'rejected') notes.push(`could not open a browser: ${errorText(opened.reason)}`)
  return notes
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e)
}
