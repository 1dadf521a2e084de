// "Open console" and "Open access portal" in the tray (step.ts calls in here). The console needs a
// usable SSO token: when it has none, the click logs in first (the click is the consent; nothing
// here logs in by itself) and the console opens once that login is verified; a failed login ends
// it. The role credentials never reach the core: the shell's open-console effect fetches and uses
// them. Pure.

import { isUsable } from '../token-state.ts'
import { isActive } from './menu-model.ts'
import type { NoticeSpec } from './notice-texts.ts'
import type { ConsoleEntry, OpenNotice, TrayEffect, TrayState } from './state.ts'

type Notify = (s: TrayState, key: string, slot: OpenNotice, notice: NoticeSpec, fx: TrayEffect[]) => TrayState
type StartLogin = (s: TrayState, group: string, now: number, fx: TrayEffect[]) => TrayState

export function onConsoleClick(s: TrayState, name: string, now: number, fx: TrayEffect[], startLogin: StartLogin): TrayState {
  const profile = s.data?.profiles.find((p) => p.name === name)
  const g = s.groups.find((x) => x.profiles.some((p) => p.name === name))
  const busy = s.consoles[name]
  if (!profile || !g || profile.configError !== null || g.state === 'invalid' || (busy && busy.phase !== 'failed')) return s
  if (isUsable(g.state)) {
    fx.push({ type: 'open-console', profile })
    return withConsole(s, name, { group: g.id, phase: 'opening', error: null })
  }
  // No usable token: the usual login first (joining one that already runs), then the console.
  const waiting = withConsole(s, name, { group: g.id, phase: 'login', error: null })
  if (isActive(s.logins[g.id])) return waiting
  const started = startLogin(waiting, g.id, now, fx)
  return isActive(started.logins[g.id]) ? started : s
}

/** A login of `group` ended in `verified` (consoles waiting for it open now) or failed (they are dropped). */
export function consolesAfterLogin(s: TrayState, group: string, verified: boolean, fx: TrayEffect[]): TrayState {
  const waiting = Object.entries(s.consoles).filter(([, c]) => c.group === group && c.phase === 'login')
  if (waiting.length === 0) return s
  const consoles = { ...s.consoles }
  for (const [name] of waiting) {
    const profile = s.data?.profiles.find((p) => p.name === name)
    if (verified && profile) {
      fx.push({ type: 'open-console', profile })
      consoles[name] = { group, phase: 'opening', error: null, loggedIn: true }
    } else delete consoles[name]
  }
  return { ...s, consoles }
}

/**
 * The console opened, or why not. A token that looked refreshable but whose session ended
 * (`authExpired`) gets the usual login, once per click, then the console.
 */
export function onConsoleResult(
  s: TrayState,
  name: string,
  error: string | null,
  authExpired: boolean,
  now: number,
  fx: TrayEffect[],
  notify: Notify,
  startLogin: StartLogin,
): TrayState {
  const c = s.consoles[name]
  if (!c) return s
  const consoles = { ...s.consoles }
  if (error === null) {
    delete consoles[name]
    return { ...s, consoles }
  }
  if (authExpired && !c.loggedIn) {
    const waiting: TrayState = { ...s, consoles: { ...consoles, [name]: { ...c, phase: 'login', error: null } } }
    if (isActive(s.logins[c.group])) return waiting
    const started = startLogin(waiting, c.group, now, fx)
    if (isActive(started.logins[c.group])) return started
  }
  consoles[name] = { ...c, phase: 'failed', error }
  fx.push({ type: 'log', message: `console for ${name}: ${error}` })
  return notify({ ...s, consoles }, `console:${name}`, { kind: 'other', group: null }, consoleFailedNotice(name, error), fx)
}

/** The access portal of a session: the start URL its login profile names. */
export function portalUrl(s: TrayState, group: string): string | null {
  const g = s.groups.find((x) => x.id === group)
  const p = s.data?.profiles.find((x) => x.name === g?.loginProfile)
  const url = p?.startUrl ?? null
  return url !== null && /^https?:\/\//i.test(url) ? url : null
}

export function consoleFailedNotice(profile: string, error: string): NoticeSpec {
  return { title: `AWS SSO: cannot open the console for ${profile}`, body: error, buttons: [], urgency: 'normal', icon: 'error' }
}

/** The menu words for a profile's console item and its failure line. */
export function consoleMenuText(c: ConsoleEntry | undefined): { title: string; enabled: boolean; error: string | null } {
  if (c?.phase === 'login') return { title: 'Open console (after login)…', enabled: false, error: null }
  if (c?.phase === 'opening') return { title: 'Opening console…', enabled: false, error: null }
  return { title: 'Open console', enabled: true, error: c?.phase === 'failed' ? c.error : null }
}

function withConsole(s: TrayState, name: string, c: ConsoleEntry): TrayState {
  return { ...s, consoles: { ...s.consoles, [name]: c } }
}
