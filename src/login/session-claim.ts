// Who runs the login for a token: start the session, or join the one already there. tmux's
// `new-session` is the lock (it refuses a duplicate name), so two logins at the same moment never
// both start a CLI: the loser joins. The session records its owner's pid; only the owner kills it
// and removes its log. A session whose owner died is taken over (adopted): still waiting → follow
// it to the end; finished with success → verify it; finished otherwise → clean it up and start again.

import { flushLoginOutput, initialLoginOutputState, parseLoginOutput } from '../aws/login-output.ts'
import { AppError } from '../errors.ts'
import type { LoginRunner, PaneState, SessionHandle, SessionStart } from './tmux-runner.ts'

export type Claim =
  /** We started the CLI. */
  | { kind: 'own'; handle: SessionHandle }
  /** A login is running; `adopted`: its owner died and we now own it (and clean it up). */
  | { kind: 'join'; handle: SessionHandle; adopted: boolean }
  /** A login left behind by a dead owner finished with success: verify it, then clean it up. */
  | { kind: 'finished'; handle: SessionHandle }

export interface ClaimDeps {
  runner: LoginRunner
  /** Our pid: the owner recorded in sessions we start or adopt. */
  pid: number
  /** Whether a process exists (signal 0). */
  alive(pid: number): boolean
  /** A fresh, empty, private log file for one login. */
  newLog(): Promise<string>
  readLog(path: string): Promise<string | undefined>
  removeLog(path: string): Promise<void>
  note(message: string): void
}

const ATTEMPTS = 5

export async function claimSession(deps: ClaimDeps, start: Omit<SessionStart, 'logFile' | 'owner'>): Promise<Claim> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const found = await deps.runner.find(start.session)
    if (!found) {
      const logFile = await deps.newLog()
      const r = await deps.runner.start({ ...start, logFile, owner: deps.pid }).catch(async (e: unknown) => {
        await deps.removeLog(logFile)
        throw e
      })
      if (r.created) return { kind: 'own', handle: r.handle }
      await deps.removeLog(logFile) // lost the race: the winner's session is joined next round
      continue
    }
    const handle: SessionHandle = { id: found.id, logFile: found.logFile }
    const ownerAlive = found.owner !== null && (found.owner === deps.pid || deps.alive(found.owner))
    if (ownerAlive) return { kind: 'join', handle, adopted: false }
    if (found.logFile === '') {
      throw new AppError(`tmux session ${start.session} was not started by this version of aws-sso-tray`, {
        hint: `end it with: tmux -L aws-sso-tray kill-session -t '=${start.session}:'`,
      })
    }
    // The owner is gone (killed, crashed).
    if (found.pane.state === 'running') {
      await deps.runner.adopt(handle, deps.pid)
      return { kind: 'join', handle, adopted: true }
    }
    if (leftoverSucceeded((await deps.readLog(found.logFile)) ?? '', found.pane)) {
      await deps.runner.adopt(handle, deps.pid)
      deps.note('a login left behind by an earlier run finished successfully; verifying it')
      return { kind: 'finished', handle }
    }
    deps.note('a login left behind by an earlier run did not finish; starting a new one')
    await deps.runner.kill(handle)
    await deps.removeLog(found.logFile)
  }
  throw new AppError(`could not start or join the login session ${start.session} after ${ATTEMPTS} attempts`)
}

/** A finished pane succeeded when the CLI printed its success line and exited 0 (or with no status and no error). */
export function leftoverSucceeded(log: string, pane: PaneState): boolean {
  if (pane.state !== 'exited') return false
  const first = parseLoginOutput(initialLoginOutputState, log)
  const events = [...first.events, ...flushLoginOutput(first.state).events]
  const success = events.some((e) => e.type === 'success')
  const error = events.some((e) => e.type === 'error')
  return success && (pane.exitCode === 0 || (pane.exitCode === null && !error))
}
