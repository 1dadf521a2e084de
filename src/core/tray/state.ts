// The tray's whole state and the events and effects of its step function, as plain data. Every
// map is keyed by something that exists now (a token group, a profile, a notice slot) and is
// pruned to it on each look, so a tray that runs for months holds no more than its config names.

import type { CallerIdentity, Failure } from '../aws-types.ts'
import type { EnsureEvent } from '../ensure-protocol.ts'
import type { LoginPhase, LoginReport } from '../login-machine.ts'
import type { NoticeMemory, TrayMemory } from '../notify-policy.ts'
import type { ConfigProblem, StatusReport } from '../status-report.ts'
import type { TokenGroup } from '../token-groups.ts'
import type { Profile, TokenInput } from '../types.ts'
import type { MenuAction, MenuModel } from './model.ts'
import type { NoticeSpec } from './notice-texts.ts'
import type { QuietHours } from './quiet-hours.ts'
import type { SessionBook } from './session-track.ts'

/** What one read of settings, config and token cache gives the tray. */
export interface LoadedData {
  warnMs: number
  configFile: string
  profiles: Profile[]
  tokens: ReadonlyMap<string, TokenInput>
  configErrors: ConfigProblem[]
  /** The `session_hours` setting as written (core/session-end.ts parses it); absent: unset. */
  sessionHours?: string | null
  /** Token key → cache file, for status.json (absent: null paths there). */
  cacheFiles?: ReadonlyMap<string, string>
  /** The settings the core honours; absent: their defaults (notices on, no quiet hours, nothing hidden). */
  notifications?: boolean
  quietHours?: QuietHours | null
  hide?: readonly string[]
  /** Settings warnings as one line each. */
  warnings?: readonly string[]
}

export interface LoginEntry {
  /** The profile `aws sso login` runs with. */
  profile: string
  phase: LoginPhase
  url: string | null
  userCode: string | null
  /** The flow the URL belongs to, for `ensure` callers that join late. */
  flow?: string
}

/** One `ensure` caller waiting on the tray (see ensure.ts). */
export interface EnsureEntry {
  profile: string
  group: string
  /** Who asks, as the person reads it: "claude in ~/src/app". */
  requester: string
  /** asked: waits for Log in / Not now; checking: a quiet sts tells whether the token still works; following: a login runs for it. */
  phase: 'asked' | 'checking' | 'following'
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
  kind: 'token' | 'login' | 'ensure' | 'session-end' | 'other'
  group: string | null
  /** session-end: the predicted end it warns of (a new login moves it, and the notice goes). */
  endsAt?: number
  /**
   * A session found ended while its token file still looks refreshable: the token's expiry then.
   * The notice stays until the token changes (a new login, or a refresh that worked after all).
   */
  tokenExpiresAt?: number | null
}

/** "Open console" for one profile: waiting for the login it needed, opening, or failed (why). */
export interface ConsoleEntry {
  group: string
  phase: 'login' | 'opening' | 'failed'
  error: string | null
  /** This click already had its login: a second auth failure is shown, never another login. */
  loggedIn?: boolean
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
  /** By profile name. */
  consoles: Record<string, ConsoleEntry>
  /** When each refreshable session began and the lengths seen (saved in a state file of its own). */
  sessions: SessionBook
  problem: string | null
  /** Wall time of the last wake-up set, to tell a suspend (or clock change) from elapsed time. */
  scheduledAt: number | null
  concurrency: number
  quitting: boolean
  /** `ensure` requests by the id the shell gave their connection. */
  requests: Record<string, EnsureEntry>
  /** The XDG autostart entry as last seen; null until the shell reports it (or where there is none). */
  autostart: { enabled: boolean; error: string | null } | null
  /** Local time = UTC + this many minutes, as of the last event (the shell knows the zone, the core stays pure). */
  utcOffsetMin: number
}

export type VerifyPurpose = 'verify' | 'check' | 'probe' | 'ensure'

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
  /**
   * The console sign-in for a profile finished; `error` in plain words when it did not open, and
   * `authExpired` when the CLI said the SSO login is no good (a refreshable session that ended).
   */
  | { type: 'console-result'; profile: string; error: string | null; authExpired?: boolean }
  /** An `ensure` caller asks for a usable login of `profile`; `id` names its connection. */
  | { type: 'ensure-request'; id: string; profile: string; requester: string }
  /** That caller went away (timeout, Ctrl-C): its request is void. */
  | { type: 'ensure-gone'; id: string }
  | { type: 'autostart-status'; enabled: boolean; error: string | null }

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
  /** Sign in to the AWS console for this profile in the browser (the credentials stay in the shell). */
  | { type: 'open-console'; profile: Profile }
  | { type: 'save-sessions'; sessions: SessionBook }
  | { type: 'open-config'; file: string }
  | { type: 'open-settings' }
  | { type: 'save'; memory: TrayMemory }
  /** Set the one timer for this wall time (replacing the previous one). */
  | { type: 'wake-at'; at: number }
  | { type: 'log'; message: string }
  /** Tell an `ensure` caller; a final event (verified, failed, declined) ends its connection. */
  | { type: 'ensure-send'; id: string; event: EnsureEvent }
  /** status.line and status.json in the runtime folder. */
  | { type: 'status'; line: string; report: StatusReport }
  | { type: 'autostart'; enable: boolean }
  | { type: 'quit' }

export function initialTrayState(memory: TrayMemory, now: number, concurrency: number, sessions: SessionBook = {}): TrayState {
  return {
    data: null,
    groups: [],
    memory: { shown: memory.shown, lastSeen: memory.lastSeen },
    snoozes: Object.fromEntries(Object.entries(memory.snoozes).filter(([, until]) => until > now)),
    logins: {},
    verifies: {},
    check: null,
    probes: {},
    notices: {},
    consoles: {},
    sessions,
    problem: null,
    scheduledAt: null,
    concurrency: Math.max(1, concurrency),
    quitting: false,
    requests: {},
    autostart: null,
    utcOffsetMin: 0,
  }
}
