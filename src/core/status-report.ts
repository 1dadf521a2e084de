// Builds the `status` report: one token evaluation per shared token, fanned out to every
// profile that uses it. Pure: file contents, paths and `now` come in as data.

import { isHidden } from './hidden.ts'
import { isoTime } from './iso-time.ts'
import { computeTokenState, isUsable } from './token-state.ts'
import type { Profile, Thresholds, TokenEvaluation, TokenInput, TokenKind, TokenState, ProfileKind } from './types.ts'

export interface ConfigProblem {
  file: string
  line: number
  message: string
}

export interface ProfileStatus {
  name: string
  kind: ProfileKind
  ssoSession: string | null
  startUrl: string | null
  ssoRegion: string | null
  accountId: string | null
  roleName: string | null
  sourceProfile: string | null
  token: {
    state: TokenState
    expiresAt: string | null
    cacheFile: string | null
    refreshableUntil: string | null
    /** The session's start and predicted end, from the tray's session book (core/session-book.ts); `status` adds them. */
    sessionStartedAt?: string | null
    sessionEndsAt?: string | null
    sessionEndSource?: 'setting' | 'learned' | null
  } | null
  error: string | null
  /** Matched by the `hide` setting: listed, but left out of the tray and of the exit code. Absent when not. */
  hidden?: true
}

export interface StatusReport {
  generatedAt: string
  profiles: ProfileStatus[]
  /** Problems that make the AWS CLI refuse a config file outright (every command fails). */
  configErrors: ConfigProblem[]
}

export interface StatusInput {
  profiles: readonly Profile[]
  /** Token key → what its cache file holds. Keys absent here count as missing. */
  tokens: ReadonlyMap<string, TokenInput>
  /** Token key → absolute cache file path. */
  cacheFiles: ReadonlyMap<string, string>
  configErrors: readonly ConfigProblem[]
  now: number
  thresholds: Thresholds
  /** The `hide` setting (names or globs). */
  hide?: readonly string[]
}

type ProfileToken = NonNullable<ProfileStatus['token']>

/** A token's evaluation as the report shows it, once per token and kind. */
interface Shown {
  evaluation: TokenEvaluation
  expiresAt: string | null
  refreshableUntil: string | null
  /** The token object of every profile with no config error that uses it. */
  token: ProfileToken
}

export function buildStatusReport(input: StatusInput): StatusReport {
  // By kind, then key: one file is refreshable for sso-session profiles and expired for legacy ones.
  const shown: Record<TokenKind, Map<string, Shown>> = { 'sso-session': new Map(), 'legacy-sso': new Map() }
  const show = (key: string, kind: TokenKind): Shown => {
    let s = shown[kind].get(key)
    if (!s) {
      const evaluation = computeTokenState(input.tokens.get(key) ?? { status: 'missing' }, kind, input.now, input.thresholds)
      const expiresAt = iso(evaluation.expiresAt)
      const refreshableUntil = evaluation.state === 'refreshable' ? iso(evaluation.registrationExpiresAt) : null
      const cacheFile = input.cacheFiles.get(key) ?? null
      s = { evaluation, expiresAt, refreshableUntil, token: { state: evaluation.state, expiresAt, cacheFile, refreshableUntil } }
      shown[kind].set(key, s)
    }
    return s
  }
  const hide = input.hide !== undefined && input.hide.length > 0 ? input.hide : undefined
  const profiles = new Array<ProfileStatus>(input.profiles.length)
  // Profiles sharing a token share its token object (the JSON is the same). The plain loop and
  // the shared objects keep a first, unoptimised run (each `status`) from allocating ~300 KB more at
  // 1,000 profiles, a garbage collection's worth.
  for (let i = 0; i < input.profiles.length; i++) {
    const p = input.profiles[i] as Profile
    let token: ProfileStatus['token'] = null
    let error = p.configError
    if (p.kind !== 'other') {
      const s = p.tokenKey === null || p.tokenKind === null ? undefined : show(p.tokenKey, p.tokenKind)
      if (s && p.configError === null) {
        token = s.token
        error = s.evaluation.state === 'invalid' ? s.evaluation.reason : null
      } else {
        // No token to evaluate, or a profile botocore refuses: invalid, with what is known of its file.
        // The error stays the profile's own (or none): a token's reason counts only for a usable config.
        token = {
          state: 'invalid',
          expiresAt: s?.expiresAt ?? null,
          cacheFile: p.tokenKey === null ? null : (input.cacheFiles.get(p.tokenKey) ?? null),
          refreshableUntil: s?.refreshableUntil ?? null,
        }
      }
    }
    const status: ProfileStatus = {
      name: p.name,
      kind: p.kind,
      ssoSession: p.ssoSession,
      startUrl: p.startUrl,
      ssoRegion: p.ssoRegion,
      accountId: p.accountId,
      roleName: p.roleName,
      sourceProfile: p.sourceProfile,
      token,
      error,
    }
    if (hide && isHidden(p.name, hide)) status.hidden = true
    profiles[i] = status
  }
  return { generatedAt: isoTime(input.now), profiles, configErrors: [...input.configErrors] }
}

/**
 * 0: every SSO profile listed is usable; 1: some need a login or the config is unreadable. Hidden
 * profiles do not count unless `named` (asked for by name: a script checking that very profile).
 */
export function statusExitCode(report: StatusReport, named: readonly string[] = []): 0 | 1 {
  // One pass, no arrays: at 1,000 profiles a filtered copy was 20 KB more for the garbage collector.
  let counted = false
  let usable = true
  for (let i = 0; i < report.profiles.length; i++) {
    const p = report.profiles[i] as ProfileStatus
    if (p.token === null || (p.hidden === true && !named.includes(p.name))) continue
    counted = true
    if (!isUsable(p.token.state)) usable = false
  }
  if (counted && report.configErrors.length > 0) return 1
  return usable ? 0 : 1
}

function iso(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms)
}
