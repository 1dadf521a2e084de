// What the tray shows, as plain data: token groups plus the app's own transient state (logins,
// checks, snoozes, problems). The menu, icon and notification policy are pure functions of it.

import type { LoginPhase } from '../core/login-machine.ts'
import type { ConfigProblem } from '../core/status-report.ts'
import type { TokenGroup } from '../core/token-groups.ts'

export interface LoginView {
  /** The profile the user clicked (the CLI may run with the group's login profile). */
  profile: string
  phase: LoginPhase
  url: string | null
  userCode: string | null
}

export interface VerifyView {
  ok: boolean
  /** "111111111111 Admin" or the failure in plain words. */
  text: string
  at: number
  running: boolean
}

export type CheckView =
  | { running: true; done: number; total: number }
  | { running: false; total: number; failed: string[]; at: number }

export interface TrayView {
  groups: TokenGroup[]
  /** Group id → its running (or just finished) login. */
  logins: ReadonlyMap<string, LoginView>
  /** Profile name → last verification. */
  verifies: ReadonlyMap<string, VerifyView>
  check: CheckView | null
  configErrors: readonly ConfigProblem[]
  /** A problem of the app itself (unreadable config folder, tray restarts, ...), shown as one line. */
  problem: string | null
  snoozedUntil: number | null
  warnMs: number
}
