// The tray's whole state and the events and effects of its step function, as plain data. Every
// map is keyed by something that exists now (a token group, a profile, a notice slot) and is
// pruned to it on each look, so a tray that runs for months holds no more than its config names.

import type { CallerIdentity, Failure } from '../aws-types.ts'
import type { LoginPhase, LoginReport } from '../login-machine.ts'
import type { NoticeMemory, TrayMemory } from '../notify-policy.ts'
import type { ConfigProblem } from '../status-report.ts'
import type { TokenGroup } from '../token-groups.ts'
import type { Profile, TokenInput } from '../types.ts'
import type { MenuAction, MenuModel } from './model.ts'
import type { NoticeSpec } from './notice-texts.ts'

/** What one read of settings, config and token cache gives the tray. */
export interface LoadedData {
  warnMs: number
  configFile: string
  profiles: Profile[]
  tokens: ReadonlyMap<string, TokenInput>
  configErrors: ConfigProblem[]
}

export interface LoginEntry {
  /** The profile `aws sso login` runs with. */
  profile: string
  phase: LoginPhase
  url: string | null
  userCode: string | null
}

export interface VerifyEntry {
  ok: boolean
  /** "111111111111 Admin" or the failure in plain words. */
  text: string
  at: number
  running: boolean
  /** The token (group id and expiry) the answer was about: a new token makes an old failure moot. */
  token: string
}

export interface CheckState {
  /** Profiles not yet started, and those in flight. */
  queue: string[]
  inFlight: string[]
  total: number
  done: number
  failed: string[]
  /** When the last run finished; null while one runs. */
  finishedAt: number | null
}

/** The quiet refresh probe of one refreshable token (see probe.ts). */
export interface ProbeEntry {
  token: string
  attempts: number
  /** When to try (again); null when done for this token. */
  nextAt: number | null
  running: boolean
  /** The last network failure, shown on the row while a retry waits. */
  lastError: string | null
}

/** A notice on screen, by its replace key: what its buttons act on. */
export interface OpenNotice {
  kind: 'token' | 'login' | 'other'
  group: string | null
}

export interface TrayState {
  data: LoadedData | null
  groups: TokenGroup[]
  memory: NoticeMemory
  /** Group id (or '*' for all) → snoozed until. */
  snoozes: Record<string, number>
  logins: Record<string, LoginEntry>
  verifies: Record<string, VerifyEntry>
  check: CheckState | null
  probes: Record<string, ProbeEntry>
  notices: Record<string, OpenNotice>
  problem: string | null
  /** Wall time of the last wake-up set, to tell a suspend (or clock change) from elapsed time. */
  scheduledAt: number | null
  concurrency: number
  quitting: boolean
}

export type VerifyPurpose = 'verify' | 'check' | 'probe'

export type TrayEvent =
  /** The one timer fired; `elapsedMono` is the monotonic time since it was set. */
  | { type: 'tick'; elapsedMono: number }
  /** The system says it resumed (or a file changed): everything is re-read. */
  | { type: 'wake' }
  | { type: 'files-changed' }
  | { type: 'loaded'; data: LoadedData }
  | { type: 'load-failed'; message: string }
  | { type: 'menu'; action: MenuAction }
  | { type: 'notice-action'; key: string; button: string }
  | { type: 'login-report'; group: string; report: LoginReport }
  /** The login ended; `error` when it could not run at all (no AWS CLI v2, ...). */
  | { type: 'login-ended'; group: string; error: string | null }
  | { type: 'verify-result'; profile: string; purpose: VerifyPurpose; group: string | null; result: CallerIdentity | Failure }
  | { type: 'config-missing'; file: string }
  /** The tray backend came back (helper or bus restart): it needs the whole menu again. */
  | { type: 'tray-restarted' }
  /** The notification server restarted: what it showed is gone. */
  | { type: 'notifier-restarted' }
  | { type: 'problem'; title: string; message: string }

export type TrayEffect =
  | { type: 'render'; model: MenuModel }
  | { type: 'notify'; key: string; notice: NoticeSpec }
  | { type: 'close-notice'; key: string }
  | { type: 'load' }
  | { type: 'start-login'; group: string; profile: Profile }
  | { type: 'confirm-login'; group: string }
  | { type: 'cancel-login'; group: string }
  | { type: 'verify'; profile: Profile; purpose: VerifyPurpose; group: string | null }
  | { type: 'copy'; text: string }
  | { type: 'open-url'; url: string }
  | { type: 'open-config'; file: string }
  | { type: 'open-settings' }
  | { type: 'save'; memory: TrayMemory }
  /** Set the one timer for this wall time (replacing the previous one). */
  | { type: 'wake-at'; at: number }
  | { type: 'log'; message: string }
  | { type: 'quit' }

export function initialTrayState(memory: TrayMemory, now: number, concurrency: number): TrayState {
  return {
    data: null, groups: [], memory: { shown: memory.shown, lastSeen: memory.lastSeen },
    snoozes: Object.fromEntries(Object.entries(memory.snoozes).filter(([, until]) => until > now)),
    logins: {}, verifies: {}, check: null, probes: {}, notices: {}, problem: null, scheduledAt: null,
    concurrency: Math.max(1, concurrency), quitting: false,
  }
}
