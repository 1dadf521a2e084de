// The tray as a pure step function: (state, event, now) → { state, effects }, as the login
// machine is. Notice dedupe and replacement, snoozes, closing notices that no longer apply,
// check-all with bounded concurrency, the quiet refresh probe and the one wake-up time are
// decided here; tray/app.ts only feeds events in and carries effects out.
//
// A login starts only from a click (menu, left click on the icon, or a notice button): nothing
// here retries a login, and a failed one stays failed until the user asks again.

import type { CallerIdentity, Failure } from '../aws-types.ts'
import { isHidden } from '../hidden.ts'
import type { LoginReport } from '../login-machine.ts'
import { decideNotices, isSnoozed, sessionEndedNotice, type Notice } from '../notify-policy.ts'
import { isClockJump, nextWakeAt } from '../schedule.ts'
import { withSessionFields } from '../session-book.ts'
import { statusLine } from '../status-line.ts'
import { buildStatusReport } from '../status-report.ts'
import { buildTokenGroups, type TokenGroup } from '../token-groups.ts'
import { isUsable } from '../token-state.ts'
import type { Profile } from '../types.ts'
import { catchUp, ensureEventOf, ensureNoticeKey, requestsOf, sendTo, withPhase } from './ensure.ts'
import { buildMenu, isActive } from './menu-model.ts'
import type { MenuAction } from './model.ts'
import {
  checkSummaryNotice,
  ensureRequestNotice,
  loginFailedNotice,
  loginImpossibleNotice,
  loginVerifiedNotice,
  noConfigNotice,
  policyNotice,
  problemNotice,
  urlReadyNotice,
  type NoticeSpec,
} from './notice-texts.ts'
import { planProbes, probeAnswered, probesAfterWake, tokenKey } from './probe.ts'
import { consolesAfterLogin, onConsoleClick, onConsoleResult, portalUrl } from './console.ts'
import { lookSessions, sessionAuthExpired, sessionLoginVerified } from './session-step.ts'
import { inQuietHours, quietEndsAt } from './quiet-hours.ts'
import type { LoadedData, LoginEntry, OpenNotice, TrayEffect, TrayEvent, TrayState, VerifyEntry, VerifyPurpose } from './state.ts'

export interface StepResult {
  state: TrayState
  effects: TrayEffect[]
}

/** A notice's "Snooze" holds that session's notices this long. */
export const SNOOZE_NOTICE_MS = 60 * 60_000

/** `utcOffsetMin`: local time = UTC + this (the shell reads the zone; quiet hours are local). */
export function step(state: TrayState, event: TrayEvent, now: number, utcOffsetMin = state.utcOffsetMin): StepResult {
  if (state.quitting) return { state, effects: [] }
  const fx: TrayEffect[] = []
  const s = reduce(utcOffsetMin === state.utcOffsetMin ? state : { ...state, utcOffsetMin }, event, now, fx)
  return { state: s, effects: fx }
}

function reduce(s: TrayState, e: TrayEvent, now: number, fx: TrayEffect[]): TrayState {
  switch (e.type) {
    case 'tick': {
      const wall = s.scheduledAt === null ? e.elapsedMono : now - s.scheduledAt
      if (isClockJump(wall, e.elapsedMono)) {
        // Woke from sleep (or the clock was set): files may have changed while we slept.
        fx.push({ type: 'log', message: `clock jump of ${Math.round((wall - e.elapsedMono) / 1000)} s (sleep or clock change): re-reading` }, { type: 'load' })
        return { ...s, probes: probesAfterWake(s.probes, now) }
      }
      return look(s, now, fx)
    }
    case 'wake':
      fx.push({ type: 'load' })
      return { ...s, probes: probesAfterWake(s.probes, now) }
    case 'files-changed':
      fx.push({ type: 'load' })
      return s
    case 'loaded':
      logNewWarnings(s.data, e.data, fx)
      return look({ ...s, data: e.data, problem: s.problem?.startsWith('cannot read') ? null : s.problem }, now, fx)
    case 'load-failed': {
      const problem = `cannot read the AWS config: ${e.message}`
      fx.push({ type: 'log', message: problem })
      return look({ ...s, problem }, now, fx)
    }
    case 'menu':
      return onMenu(s, e.action, now, fx)
    case 'notice-action':
      return onNoticeAction(s, e.key, e.button, now, fx)
    case 'login-report':
      return onLoginReport(s, e.group, e.report, now, fx)
    case 'login-ended':
      return onLoginEnded(s, e.group, e.error, now, fx)
    case 'verify-result':
      return onVerifyResult(s, e.profile, e.purpose, e.group, e.result, now, fx)
    case 'config-missing':
      return notify(s, 'config-missing', { kind: 'other', group: null }, noConfigNotice(e.file), fx)
    case 'console-result': {
      // The CLI could not refresh: the session ended (worth learning), and this click logs in once.
      const ended = e.authExpired === true ? sessionAuthExpired(s, e.profile, null, now, fx) : s
      return render(onConsoleResult(ended, e.profile, e.error, e.authExpired === true, now, fx, notify, startLogin), now, fx)
    }
    case 'tray-restarted':
      return render(s, now, fx)
    case 'notifier-restarted':
      return { ...s, notices: {} }
    case 'problem': {
      fx.push({ type: 'log', message: e.message })
      if (e.message === s.problem) return s // once, however often it happens
      return render(notify({ ...s, problem: e.message }, 'problem', { kind: 'other', group: null }, problemNotice(e.title, e.message), fx), now, fx)
    }
    case 'ensure-request':
      return onEnsureRequest(s, e.id, e.profile, e.requester, now, fx)
    case 'ensure-gone':
      return onEnsureGone(s, e.id, now, fx)
    case 'autostart-status':
      return render({ ...s, autostart: { enabled: e.enabled, error: e.error } }, now, fx)
  }
}

/** The profiles the tray shows: all but those the `hide` setting names. */
export function visibleProfiles(data: LoadedData): Profile[] {
  const hide = data.hide ?? []
  return hide.length === 0 ? data.profiles : data.profiles.filter((p) => !isHidden(p.name, hide))
}

/** Each settings warning is logged once, when it first appears (a reload repeats them all). */
function logNewWarnings(old: LoadedData | null, next: LoadedData, fx: TrayEffect[]): void {
  const seen = new Set(old?.warnings ?? [])
  for (const w of next.warnings ?? []) if (!seen.has(w)) fx.push({ type: 'log', message: `settings: ${w}` })
}

/** Recompute from what is loaded (no file reads): notices, probes, menu, next wake-up. */
function look(s0: TrayState, now: number, fx: TrayEffect[]): TrayState {
  let s = s0
  if (!s.data) return render(s, now, fx)
  const { data } = s
  const groups = buildTokenGroups(visibleProfiles(data), data.tokens, now, { warnMs: data.warnMs })
  const snoozes = Object.fromEntries(Object.entries(s.snoozes).filter(([, until]) => until > now))
  // In quiet hours the policy is not asked at all: what is still relevant when the span ends is
  // shown then, once (its memory was not marked meanwhile).
  const quiet = inQuietHours(data.quietHours, now, s.utcOffsetMin)
  const decided = quiet ? { notices: [], memory: s.memory } : decideNotices({ groups, configErrors: data.configErrors, memory: s.memory, now, snoozes })
  const changed = !sameRecord(decided.memory.shown, s.memory.shown) || Object.keys(snoozes).length !== Object.keys(s.snoozes).length
  s = { ...s, groups, snoozes, memory: decided.memory }

  // Notices that no longer apply leave the screen: the token is usable again, its session is gone,
  // the config error was fixed.
  const notices: Record<string, OpenNotice> = {}
  for (const [key, n] of Object.entries(s.notices)) {
    const g = n.group === null ? undefined : groups.find((x) => x.id === n.group)
    const stale =
      (n.group !== null && !g) ||
      (n.kind === 'token' && g !== undefined && isUsable(g.state) && g.state !== 'expiring' && n.tokenExpiresAt !== g.expiresAt) ||
      (key === 'config' && data.configErrors.length === 0)
    if (stale) fx.push({ type: 'close-notice', key })
    else notices[key] = n
  }
  s = { ...s, notices }
  for (const n of decided.notices) s = notify(s, noticeKey(n), { kind: n.group ? 'token' : 'other', group: n.group }, policyNotice(n), fx)
  s = lookSessions(s, s0.groups, now, fx, notify, closeNotice)
  // Requests whose session left the config (or was hidden) have nothing left to wait for.
  const orphans = Object.entries(s.requests)
    .filter(([, r]) => !groups.some((g) => g.id === r.group))
    .map(([id]) => id)
  s = sendTo(s, orphans, { type: 'failed', class: 'cli-error', message: 'the profile is no longer in the tray (config changed)' }, fx)
  // A session logged in meanwhile (a terminal, another tool): its question is moot; a quiet sts
  // answers the callers instead.
  for (const g of groups) {
    const asked = requestsOf(s, g.id, 'asked')
    if (asked.length === 0 || !isUsable(g.state) || isActive(s.logins[g.id])) continue
    const profile = data.profiles.find((p) => p.name === asked[0]?.[1].profile)
    if (!profile) continue
    if (requestsOf(s, g.id, 'checking').length === 0) fx.push({ type: 'verify', profile, purpose: 'ensure', group: g.id })
    s = closeNotice(
      withPhase(
        s,
        asked.map(([id]) => id),
        'checking',
      ),
      ensureNoticeKey(g.id),
      fx,
    )
  }

  const planned = planProbes(groups, s.probes, now)
  s = { ...s, probes: planned.probes }
  for (const id of planned.due) {
    const g = groups.find((x) => x.id === id)
    const profile = data.profiles.find((p) => p.name === g?.loginProfile)
    if (profile) fx.push({ type: 'verify', profile, purpose: 'probe', group: id })
  }

  // Only profiles that still exist keep their last verification.
  const names = new Set(data.profiles.map((p) => p.name))
  s = { ...s, verifies: Object.fromEntries(Object.entries(s.verifies).filter(([k]) => names.has(k))) }

  if (changed) fx.push(save(s))
  const others = [...Object.values(s.snoozes), ...Object.values(s.probes).flatMap((p) => (p.nextAt !== null && !p.running ? [p.nextAt] : []))]
  if (quiet && data.quietHours) others.push(quietEndsAt(data.quietHours, now, s.utcOffsetMin))
  const at = nextWakeAt(groups, now, data.warnMs, others)
  render(s, now, fx)
  fx.push({
    type: 'status',
    line: statusLine(groups, data.configErrors.length, now),
    // As `status --json` builds it, session ends included (from the book the tray keeps).
    report: withSessionFields(
      buildStatusReport({
        profiles: data.profiles,
        tokens: data.tokens,
        cacheFiles: data.cacheFiles ?? new Map(),
        configErrors: data.configErrors,
        now,
        thresholds: { warnMs: data.warnMs },
        hide: data.hide ?? [],
      }),
      data.profiles,
      data.tokens,
      s.sessions,
      data.sessionHours ?? null,
    ),
  })
  fx.push({ type: 'wake-at', at })
  return { ...s, scheduledAt: now }
}

/** One notice slot per session and kind: "expires in 11m" becomes "expired" in place. */
function noticeKey(n: Notice): string {
  if (n.group) return `token:${n.group}`
  return n.kind === 'config-error' ? 'config' : 'summary'
}

function onMenu(s: TrayState, a: MenuAction, now: number, fx: TrayEffect[]): TrayState {
  switch (a.type) {
    case 'login':
      return startLogin(s, a.group, now, fx)
    case 'verify':
      return verifyOne(s, a.profile, now, fx)
    case 'copy-url':
    case 'open-url': {
      const url = s.logins[a.group]?.url
      if (url) fx.push(a.type === 'copy-url' ? { type: 'copy', text: url } : { type: 'open-url', url })
      return s
    }
    case 'confirm':
    case 'cancel':
      if (isActive(s.logins[a.group])) fx.push({ type: a.type === 'confirm' ? 'confirm-login' : 'cancel-login', group: a.group })
      return s
    case 'console':
      return render(onConsoleClick(s, a.profile, now, fx, startLogin), now, fx)
    case 'open-portal': {
      const url = portalUrl(s, a.group)
      if (url) fx.push({ type: 'open-url', url })
      return s
    }
    case 'copy-export':
      fx.push({ type: 'copy', text: `export AWS_PROFILE=${shellWord(a.profile)}` })
      return s
    case 'check-all':
      return checkAll(s, now, fx)
    case 'refresh':
      fx.push({ type: 'load' })
      return s
    case 'open-config':
      if (s.data) fx.push({ type: 'open-config', file: s.data.configFile })
      return s
    case 'open-settings':
      fx.push({ type: 'open-settings' })
      return s
    case 'snooze':
      return withSaved(look({ ...s, snoozes: { ...s.snoozes, '*': now + a.minutes * 60_000 } }, now, fx), fx)
    case 'resume-notifications': {
      const snoozes = { ...s.snoozes }
      delete snoozes['*']
      return withSaved(look({ ...s, snoozes }, now, fx), fx)
    }
    case 'decline':
      return declineRequests(s, a.group, now, fx)
    case 'autostart':
      fx.push({ type: 'autostart', enable: a.enable })
      return s
    case 'quit': {
      const q = { ...s, quitting: true }
      fx.push(save(q), { type: 'quit' })
      return q
    }
  }
}

function onNoticeAction(s: TrayState, key: string, button: string, now: number, fx: TrayEffect[]): TrayState {
  const n = s.notices[key]
  if (!n || n.group === null) {
    if (button === 'open-config' && s.data) fx.push({ type: 'open-config', file: s.data.configFile })
    return s
  }
  const group = n.group
  const login = s.logins[group]
  switch (button) {
    case 'login':
      // From an expiry notice while that login waits for the browser: the click means "done".
      if (isActive(login)) {
        if (login.url !== null) fx.push({ type: 'confirm-login', group })
        return s
      }
      return startLogin(s, group, now, fx)
    case 'snooze':
      return withSaved(look({ ...s, snoozes: { ...s.snoozes, [group]: now + SNOOZE_NOTICE_MS } }, now, fx), fx)
    case 'confirm':
    case 'cancel':
      if (isActive(login)) fx.push({ type: button === 'confirm' ? 'confirm-login' : 'cancel-login', group })
      return s
    case 'open':
      if (login?.url) fx.push({ type: 'open-url', url: login.url })
      return s
    case 'decline':
      return declineRequests(s, group, now, fx)
    default:
      return s
  }
}

function startLogin(s: TrayState, groupId: string, now: number, fx: TrayEffect[]): TrayState {
  const g = s.groups.find((x) => x.id === groupId)
  const profile = s.data?.profiles.find((p) => p.name === g?.loginProfile)
  if (!g || !profile || isActive(s.logins[groupId])) return s
  fx.push({ type: 'start-login', group: groupId, profile })
  const entry: LoginEntry = { profile: profile.name, phase: 'waiting-url', url: null, userCode: null }
  // Whoever asked for this session follows this login; their question is answered.
  const waiting = requestsOf(s, groupId)
    .filter(([, r]) => r.phase !== 'following')
    .map(([id]) => id)
  const next = closeNotice(withPhase(s, waiting, 'following'), ensureNoticeKey(groupId), fx)
  return render({ ...next, logins: { ...next.logins, [groupId]: entry } }, now, fx)
}

function onLoginReport(s0: TrayState, group: string, r: LoginReport, now: number, fx: TrayEffect[]): TrayState {
  const l = s0.logins[group]
  if (!l) return s0
  const s = afterLogin(s0, group, r, now, fx)
  const name = sessionName(s, group)
  const key = `login:${group}`
  const slot: OpenNotice = { kind: 'login', group }
  let next = sendTo(
    s,
    requestsOf(s, group, 'following').map(([id]) => id),
    ensureEventOf(r),
    fx,
  )
  switch (r.type) {
    case 'url': {
      const entry = { ...l, url: r.url, flow: r.flow, phase: 'waiting-user' as const }
      next = notify(withLogin(next, group, entry), key, slot, urlReadyNotice(name, entry.userCode), fx)
      break
    }
    case 'code': {
      const entry = { ...l, userCode: r.userCode }
      next = withLogin(next, group, entry)
      // The code usually follows the URL at once: the approve notice gains it in place.
      if (entry.url !== null) next = notify(next, key, slot, urlReadyNotice(name, entry.userCode, r.prefilled), fx)
      break
    }
    case 'success':
      next = withLogin(next, group, { ...l, phase: 'verifying' })
      break
    case 'verified': {
      const sharing = s.groups.find((g) => g.id === group)?.profiles.map((p) => p.name) ?? [l.profile]
      next = notify(withLogin(next, group, { ...l, phase: 'verified' }), key, slot, loginVerifiedNotice(name, r.account, sharing), fx)
      break
    }
    case 'failed':
      next = withLogin(next, group, { ...l, phase: 'failed' })
      if (r.class === 'cancelled') next = closeNotice(next, key, fx)
      else next = notify(next, key, slot, loginFailedNotice(name, r.class, r.message), fx)
      break
    case 'note':
      fx.push({ type: 'log', message: `login ${name}: ${r.message}` })
      return next
  }
  return render(next, now, fx)
}

function onLoginEnded(s: TrayState, group: string, error: string | null, now: number, fx: TrayEffect[]): TrayState {
  const l = s.logins[group]
  const logins = { ...s.logins }
  delete logins[group]
  let next: TrayState = { ...s, logins }
  next = consolesAfterLogin(next, group, false, fx) // ended without "verified": no console
  // Callers still following hear why it ended: the login could not run, or stopped without an answer.
  const following = requestsOf(s, group, 'following').map(([id]) => id)
  next = sendTo(next, following, { type: 'failed', class: 'cli-error', message: error ?? 'the login ended without a result' }, fx)
  const key = `login:${group}`
  if (error !== null) {
    fx.push({ type: 'log', message: `cannot log in ${l?.profile ?? group}: ${error}` })
    next = notify(next, key, { kind: 'login', group }, loginImpossibleNotice(sessionName(s, group), error), fx)
  } else if (isActive(l)) next = closeNotice(next, key, fx) // its buttons would act on a login that is over
  fx.push({ type: 'load' }) // the token cache is worth a fresh read
  return render(next, now, fx)
}

function verifyOne(s: TrayState, name: string, now: number, fx: TrayEffect[]): TrayState {
  const p = s.data?.profiles.find((x) => x.name === name)
  if (!p || p.configError !== null || s.verifies[name]?.running) return s
  fx.push({ type: 'verify', profile: p, purpose: 'verify', group: null })
  return render(withVerify(s, name, running(s.verifies[name], now)), now, fx)
}

function checkAll(s: TrayState, now: number, fx: TrayEffect[]): TrayState {
  if (!s.data || (s.check && s.check.finishedAt === null)) return s
  const queue = visibleProfiles(s.data)
    .filter((p) => p.kind !== 'other' && p.configError === null)
    .map((p) => p.name)
  if (queue.length === 0) return s
  const next = pump({ ...s, check: { queue, inFlight: [], total: queue.length, done: 0, failed: [], finishedAt: null } }, now, fx)
  return render(next, now, fx)
}

/** Starts checks until `concurrency` are in flight. */
function pump(s: TrayState, now: number, fx: TrayEffect[]): TrayState {
  let next = s
  while (next.check && next.check.inFlight.length < next.concurrency && next.check.queue.length > 0) {
    const [name, ...queue] = next.check.queue as [string, ...string[]]
    const p = next.data?.profiles.find((x) => x.name === name)
    if (!p) {
      next = { ...next, check: { ...next.check, queue, done: next.check.done + 1 } }
      continue
    }
    fx.push({ type: 'verify', profile: p, purpose: 'check', group: null })
    next = withVerify({ ...next, check: { ...next.check, queue, inFlight: [...next.check.inFlight, name] } }, name, running(next.verifies[name], now))
  }
  return next
}

function onVerifyResult(
  s: TrayState,
  profile: string,
  purpose: VerifyPurpose,
  group: string | null,
  r: CallerIdentity | Failure,
  now: number,
  fx: TrayEffect[],
): TrayState {
  const failure = 'class' in r ? r : null
  if (failure?.class === 'auth-expired') s = sessionAuthExpired(s, profile, group, now, fx)
  if (purpose === 'probe') return onProbeResult(s, group, profile, failure, now, fx)
  if (purpose === 'ensure') return onEnsureChecked(s, group, r, now, fx)
  const g = s.groups.find((x) => x.profiles.some((p) => p.name === profile))
  const entry: VerifyEntry = {
    ok: failure === null,
    text: failure ? `${failure.message} (${failure.class})` : `${(r as CallerIdentity).account} ${(r as CallerIdentity).arn.split(':').pop() ?? ''}`,
    at: now,
    running: false,
    token: g ? tokenKey(g) : '',
  }
  let next = withVerify(s, profile, entry)
  if (purpose === 'check' && next.check && next.check.inFlight.includes(profile)) {
    const c = next.check
    next = {
      ...next,
      check: { ...c, inFlight: c.inFlight.filter((n) => n !== profile), done: c.done + 1, failed: failure ? [...c.failed, profile] : c.failed },
    }
    next = pump(next, now, fx)
    const done = next.check
    if (done && done.queue.length === 0 && done.inFlight.length === 0) {
      next = notify({ ...next, check: { ...done, finishedAt: now } }, 'check', { kind: 'other', group: null }, checkSummaryNotice(done.total, done.failed), fx)
      fx.push({ type: 'load' })
    }
    return render(next, now, fx)
  }
  if (purpose === 'verify') fx.push({ type: 'load' }) // sts may have refreshed the token
  return render(next, now, fx)
}

function onProbeResult(s: TrayState, group: string | null, profile: string, failure: Failure | null, now: number, fx: TrayEffect[]): TrayState {
  const p = group === null ? undefined : s.probes[group]
  if (group === null || !p) return s
  let next: TrayState = { ...s, probes: { ...s.probes, [group]: probeAnswered(p, failure, now) } }
  if (failure === null) {
    fx.push({ type: 'load' }) // the refreshed token comes with the reload
    return next
  }
  if (failure.class === 'auth-expired') {
    // The session itself ended: worth one notice, remembered like the policy's own.
    const g = s.groups.find((x) => x.id === group)
    const notice = g ? sessionEndedNotice(g, failure.message) : null
    const quiet = inQuietHours(s.data?.quietHours, now, s.utcOffsetMin)
    if (notice && !quiet && !isSnoozed(s.snoozes, group, now) && !(notice.key in s.memory.shown)) {
      next = { ...next, memory: { ...next.memory, shown: { ...next.memory.shown, [notice.key]: now } } }
      fx.push(save(next))
      // The reload that follows still finds the token refreshable; only a changed token closes it.
      next = notify(next, `token:${group}`, { kind: 'token', group, tokenExpiresAt: g?.expiresAt ?? null }, policyNotice(notice), fx)
    }
    fx.push({ type: 'load' })
    return next
  }
  fx.push({ type: 'log', message: `quiet refresh of ${profile} failed: ${failure.message}` })
  // A network failure waits for its retry: the row says so, and the timer wakes us for it.
  return look(next, now, fx)
}

/** A login's outcome for the session book and for consoles waiting on it. */
function afterLogin(s: TrayState, group: string, r: LoginReport, now: number, fx: TrayEffect[]): TrayState {
  if (r.type === 'verified') return consolesAfterLogin(sessionLoginVerified(s, group, now, fx), group, true, fx)
  if (r.type === 'failed') return consolesAfterLogin(s, group, false, fx)
  return s
}

function notify(s: TrayState, key: string, slot: OpenNotice, notice: NoticeSpec, fx: TrayEffect[]): TrayState {
  // notifications = false: no notices at all; the icon and the menu still tell.
  if (s.data?.notifications === false) return s
  fx.push({ type: 'notify', key, notice })
  return { ...s, notices: { ...s.notices, [key]: slot } }
}

function closeNotice(s: TrayState, key: string, fx: TrayEffect[]): TrayState {
  if (!(key in s.notices)) return s
  fx.push({ type: 'close-notice', key })
  const notices = { ...s.notices }
  delete notices[key]
  return { ...s, notices }
}

function render(s: TrayState, now: number, fx: TrayEffect[]): TrayState {
  fx.push({ type: 'render', model: buildMenu(s, now) })
  return s
}

function save(s: TrayState): TrayEffect {
  return { type: 'save', memory: { ...s.memory, snoozes: s.snoozes } }
}

/** Snoozes changed: saved even when no notice did. */
function withSaved(s: TrayState, fx: TrayEffect[]): TrayState {
  if (!fx.some((e) => e.type === 'save')) fx.push(save(s))
  return s
}

function withLogin(s: TrayState, group: string, l: LoginEntry): TrayState {
  return { ...s, logins: { ...s.logins, [group]: l } }
}

function withVerify(s: TrayState, name: string, v: VerifyEntry): TrayState {
  return { ...s, verifies: { ...s.verifies, [name]: v } }
}

function running(old: VerifyEntry | undefined, now: number): VerifyEntry {
  return { ok: old?.ok ?? false, text: old?.text ?? '', at: old?.at ?? now, running: true, token: old?.token ?? '' }
}

function sessionName(s: TrayState, group: string): string {
  return s.groups.find((g: TokenGroup) => g.id === group)?.name ?? group
}

function sameRecord(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k])
}

/** A profile name is user text: quoted for a POSIX shell unless it is plainly safe. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_.@%+=:,/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

// ─ ensure ──────────────────────────────────────────────────────────────────────────────────────

function onEnsureRequest(s: TrayState, id: string, name: string, requester: string, now: number, fx: TrayEffect[]): TrayState {
  const refuse = (message: string) => {
    fx.push({ type: 'ensure-send', id, event: { type: 'failed', class: 'cli-error', message } })
    return s
  }
  if (!s.data) return refuse('the tray has not read the AWS config yet; try again in a moment')
  const profile = s.data.profiles.find((p) => p.name === name)
  if (!profile) return refuse(`profile ${JSON.stringify(name)} is not in the AWS config the tray reads`)
  if (isHidden(name, s.data.hide ?? []))
    return refuse(`profile ${JSON.stringify(name)} is hidden in the tray (hide setting): run aws-sso-tray login ${shellWord(name)}`)
  const g = s.groups.find((x) => x.profiles.some((p) => p.name === name))
  const root = s.data.profiles.find((p) => p.name === g?.loginProfile)
  if (!g || !root || g.state === 'invalid')
    return refuse(`profile ${JSON.stringify(name)} cannot log in: ${g?.reason ?? profile.configError ?? 'no SSO login of its own'}`)
  fx.push({ type: 'ensure-send', id, event: { type: 'requested', profile: name, session: g.name } })
  let next: TrayState = { ...s, requests: { ...s.requests, [id]: { profile: name, group: g.id, requester, phase: 'asked' } } }
  const login = s.logins[g.id]
  if (isActive(login)) {
    // One login per token: this caller joins the running one and hears what it missed.
    for (const event of catchUp(login)) fx.push({ type: 'ensure-send', id, event })
    return render(withPhase(next, [id], 'following'), now, fx)
  }
  if (isUsable(g.state)) {
    // It looks usable: a quiet sts says for sure (the caller saw it unusable a moment ago).
    const checking = requestsOf(s, g.id, 'checking').length > 0
    if (!checking) fx.push({ type: 'verify', profile, purpose: 'ensure', group: g.id })
    return render(withPhase(next, [id], 'checking'), now, fx)
  }
  next = askPerson(next, g.id, fx)
  return render(next, now, fx)
}

/** The one notice of a session's waiting requests, replaced in place as callers come and go. */
function askPerson(s: TrayState, group: string, fx: TrayEffect[]): TrayState {
  const asked = requestsOf(s, group, 'asked').map(([, r]) => r)
  const key = ensureNoticeKey(group)
  if (asked.length === 0) return closeNotice(s, key, fx)
  const requesters = [...new Set(asked.map((r) => r.requester))]
  return notify(
    s,
    key,
    { kind: 'ensure', group },
    ensureRequestNotice(
      sessionName(s, group),
      asked.map((r) => r.profile),
      requesters,
    ),
    fx,
  )
}

function onEnsureChecked(s: TrayState, group: string | null, r: CallerIdentity | Failure, now: number, fx: TrayEffect[]): TrayState {
  if (group === null) return s
  const ids = requestsOf(s, group, 'checking').map(([id]) => id)
  fx.push({ type: 'load' }) // sts may have refreshed the token
  if (!('class' in r)) return render(sendTo(s, ids, { type: 'verified', account: r.account, arn: r.arn }, fx), now, fx)
  if (r.class !== 'auth-expired') return render(sendTo(s, ids, { type: 'failed', class: r.class, message: r.message }, fx), now, fx)
  // The token is no good after all: ask the person, as for an expired one (unless a login started meanwhile).
  if (isActive(s.logins[group])) return render(withPhase(s, ids, 'following'), now, fx)
  return render(askPerson(withPhase(s, ids, 'asked'), group, fx), now, fx)
}

function onEnsureGone(s: TrayState, id: string, now: number, fx: TrayEffect[]): TrayState {
  const r = s.requests[id]
  if (!r) return s
  const requests = { ...s.requests }
  delete requests[id]
  let next: TrayState = { ...s, requests }
  // A login the person already started goes on; a question nobody waits for any more goes away.
  if (r.phase === 'asked') next = askPerson(next, r.group, fx)
  return render(next, now, fx)
}

function declineRequests(s: TrayState, group: string, now: number, fx: TrayEffect[]): TrayState {
  let next = s
  for (const [id, r] of requestsOf(s, group, 'asked')) next = sendTo(next, [id], { type: 'declined', profile: r.profile }, fx)
  return render(closeNotice(next, ensureNoticeKey(group), fx), now, fx)
}
