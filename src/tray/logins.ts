// The tray's logins: at most one per token group, each driven by the login engine, reflected in
// a LoginView for the menu and in notices (URL ready with code, verified, failed). Clicking the
// URL notice confirms; nothing is retried without a new click.

import type { NoticeHandle } from '../ports.ts'
import type { LoginReport, LoginState } from '../core/login-machine.ts'
import type { TokenGroup } from '../core/token-groups.ts'
import type { Profile } from '../core/types.ts'
import { AppError } from '../errors.ts'
import type { Browser } from '../ports.ts'
import { loginFailedNotice, loginImpossibleNotice, loginVerifiedNotice, urlReadyNotice, type NoticeSpec } from './notice-texts.ts'
import type { LoginView } from './view.ts'

export interface LoginHost {
  login(root: Profile, emit: (r: LoginReport) => void, controls: { confirmed: Promise<void>; signal: AbortSignal }): Promise<LoginState>
  browser: Browser
  log(message: string): void
  notify(n: NoticeSpec, onAction?: (id: string) => void): NoticeHandle
  /** The group a profile belongs to now, and the Profile `aws sso login` runs with. */
  groupOf(profile: string): TokenGroup | undefined
  profile(name: string): Profile | undefined
  changed(): void
  /** A login ended: the token cache is worth a fresh read. */
  ended(): void
}

interface RunningLogin {
  view: LoginView
  abort: AbortController
  confirm: () => void
  done: Promise<void>
}

/** The device code follows the URL within the same output: wait this long to show both in one notice. */
const URL_NOTICE_DELAY_MS = 100

export function createLogins(host: LoginHost) {
  const logins = new Map<string, RunningLogin>()

  function start(profile: string): void {
    const g = host.groupOf(profile)
    const root = g?.loginProfile ? host.profile(g.loginProfile) : undefined
    if (!g || !root || logins.has(g.id)) return
    const abort = new AbortController()
    let confirm: () => void = () => undefined
    const confirmed = new Promise<void>((r) => (confirm = r))
    const entry: RunningLogin = { view: { profile, phase: 'waiting-url', url: null, userCode: null }, abort, confirm, done: Promise.resolve() }
    logins.set(g.id, entry)
    let urlTimer: NodeJS.Timeout | null = null
    let urlNotice: NoticeHandle | null = null
    const emit = (r: LoginReport) => {
      const v = entry.view
      if (r.type === 'url') {
        entry.view = { ...v, url: r.url, phase: 'waiting-user' }
        urlTimer = setTimeout(() => {
          urlNotice = host.notify(urlReadyNotice(profile, entry.view.userCode), (id) => {
            if (id === 'confirm') entry.confirm()
            else if (id === 'open' && entry.view.url) void host.browser.open(entry.view.url).catch((e: unknown) => host.log(String(e)))
            else if (id === 'cancel') entry.abort.abort()
          })
        }, URL_NOTICE_DELAY_MS)
      } else if (r.type === 'code') entry.view = { ...v, userCode: r.userCode }
      else if (r.type === 'success') entry.view = { ...v, phase: 'verifying' }
      else if (r.type === 'verified') {
        entry.view = { ...v, phase: 'verified' }
        host.notify(loginVerifiedNotice(profile, r.account, g.profiles.map((p) => p.name)))
      } else if (r.type === 'failed') {
        entry.view = { ...v, phase: 'failed' }
        if (r.class !== 'cancelled') {
          host.notify(loginFailedNotice(profile, r.class, r.message), (id) => {
            if (id === 'login') start(profile)
          })
        }
      } else host.log(`login ${profile}: ${r.message}`)
      if (r.type !== 'note') host.changed()
    }
    host.changed()
    entry.done = host
      .login(root, emit, { confirmed, signal: abort.signal })
      .then(
        () => undefined,
        (e: unknown) => {
          // An AppError (no AWS CLI v2, ...) carries the fix as its hint: show both.
          const hint = e instanceof AppError && e.hint ? ` (${e.hint})` : ''
          const message = (e instanceof Error ? e.message : String(e)) + hint
          host.log(`cannot log in ${profile}: ${message}`)
          host.notify(loginImpossibleNotice(profile, message))
        },
      )
      .finally(() => {
        if (urlTimer) clearTimeout(urlTimer)
        urlNotice?.close() // its buttons would act on a login that is over
        logins.delete(g.id)
        host.ended()
      })
  }

  return {
    start,
    /** From an expiry notice: confirm the login that waits for this token, else start one. */
    startOrConfirm(profile: string): void {
      const g = host.groupOf(profile)
      const running = g ? logins.get(g.id) : undefined
      if (!running) return start(profile)
      if (running.view.url !== null) running.confirm()
    },
    url: (group: string) => logins.get(group)?.view.url ?? null,
    confirm: (group: string) => logins.get(group)?.confirm(),
    cancel: (group: string) => logins.get(group)?.abort.abort(),
    views: () => new Map([...logins].map(([k, l]) => [k, l.view])),
    /** Cancels every login and waits until each has killed its tmux session and removed its log. */
    async cancelAll(): Promise<void> {
      for (const l of logins.values()) l.abort.abort()
      await Promise.all([...logins.values()].map((l) => l.done))
    },
  }
}
