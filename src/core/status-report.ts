// Builds the `status` report: one token evaluation per shared token, fanned out to every
// profile that uses it. Pure: file contents, paths and `now` come in as data.

import { isHidden } from './hidden.ts'
import { computeTokenState, isUsable } from './token-state.ts'
import type { Profile, Thresholds, TokenEvaluation, TokenInput, TokenState, ProfileKind } from './types.ts'

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

type Evaluated = TokenEvaluation & { expiresIso: string | null; refreshableUntil: string | null }

export function buildStatusReport(input: StatusInput): StatusReport {
  const evaluations = new Map<string, Evaluated>()
  const evaluate = (p: Profile): Evaluated | undefined => {
    if (p.tokenKey === null || p.tokenKind === null) return undefined
    const id = `${p.tokenKind}\0${p.tokenKey}`
    let e = evaluations.get(id)
    if (!e) {
      const ev = computeTokenState(input.tokens.get(p.tokenKey) ?? { status: 'missing' }, p.tokenKind, input.now, input.thresholds)
      e = { ...ev, expiresIso: iso(ev.expiresAt), refreshableUntil: ev.state === 'refreshable' ? iso(ev.registrationExpiresAt) : null }
      evaluations.set(id, e)
    }
    return e
  }
  const profiles = input.profiles.map((p): ProfileStatus => {
    const e = p.kind === 'other' ? undefined : evaluate(p)
    const token =
      p.kind === 'other'
        ? null
        : {
            state: e && p.configError === null ? e.state : 'invalid',
            expiresAt: e?.expiresIso ?? null,
            cacheFile: p.tokenKey === null ? null : (input.cacheFiles.get(p.tokenKey) ?? null),
            refreshableUntil: e?.refreshableUntil ?? null,
          }
    const error = p.configError ?? (e?.state === 'invalid' ? e.reason : null)
    const hidden = input.hide !== undefined && input.hide.length > 0 && isHidden(p.name, input.hide)
    return {
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
      ...(hidden ? { hidden: true as const } : {}),
    }
  })
  return { generatedAt: new Date(input.now).toISOString(), profiles, configErrors: [...input.configErrors] }
}

/**
 * 0: every SSO profile listed is usable; 1: some need a login or the config is unreadable. Hidden
 * profiles do not count unless `named` (asked for by name: a script checking that very profile).
 */
export function statusExitCode(report: StatusReport, named: readonly string[] = []): 0 | 1 {
  const sso = report.profiles.filter((p) => p.token !== null && (p.hidden !== true || named.includes(p.name)))
  if (sso.length > 0 && report.configErrors.length > 0) return 1
  return sso.every((p) => p.token !== null && isUsable(p.token.state)) ? 0 : 1
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}
