// The tray app: a thin shell around the pure tray core (core/tray/step.ts). It turns timers,
// file changes, clicks, login output and sts answers into events, and carries out the effects
// the core decides through the ports it is given. Errors never end it: they become events.

import type { CallerIdentity, Failure } from '../core/aws-types.ts'
import { describeRequester, isFinal, type EnsureEvent, type Requester } from '../core/ensure-protocol.ts'
import type { LoginReport, LoginState } from '../core/login-machine.ts'
import type { TrayMemory } from '../core/notify-policy.ts'
import type { ConfigProblem } from '../core/status-report.ts'
import type { SessionBook } from '../core/tray/session-track.ts'
import { initialTrayState, type TrayEffect, type TrayEvent, type TrayState } from '../core/tray/state.ts'
import { step } from '../core/tray/step.ts'
import type { Profile, TokenInput } from '../core/types.ts'
import { AppError } from '../errors.ts'
import type { Browser, Clipboard, Clock, NoticeHandle, Notifier, Timer, Tray } from '../ports.ts'
import { formatSettingWarning, type Settings } from '../settings.ts'
import type { IconName, MenuAction } from './menu.ts'

export interface Loaded {
  settings: Settings
  profiles: Profile[]
  tokens: ReadonlyMap<string, TokenInput>
  configErrors: ConfigProblem[]
  /** Token key → cache file (status.json names them). */
  cacheFiles?: ReadonlyMap<string, string>
}

/** One `ensure` caller's connection (see adapters/ensure-socket.ts). */
export interface EnsureCaller {
  request: { profile: string; requester: Requester }
  send(e: EnsureEvent): void
  onGone(listener: () => void): void
}

export interface TrayAppDeps {
  clock: Clock
  /** Monotonic milliseconds (performance.now), to tell a suspend from elapsed time. */
  monotonic(): number
  /** The tray's one timer: the next look. */
  timer: Timer
  /** Reads settings, config and token cache afresh. */
  load(): Promise<Loaded>
  tray: Tray
  notifier: Notifier
  clipboard: Clipboard
  browser: Browser
  openPath(path: string): Promise<void>
  /** Makes sure our own settings file exists (with commented defaults); returns its path. */
  ensureSettingsFile(): Promise<string>
  fileExists(path: string): boolean
  /** Calls back (debounced) when the token cache or one of the files changes. */
  watch(targets: ReadonlyArray<{ path: string; folder: boolean }>, onChange: () => void): { close(): void }
  /** Shown notices and snoozes, kept across restarts. */
  memory: { load(): Promise<TrayMemory>; save(m: TrayMemory): Promise<void> }
  login(root: Profile, emit: (r: LoginReport) => void, controls: { confirmed: Promise<void>; signal: AbortSignal }): Promise<LoginState>
  verify(profile: Profile): Promise<CallerIdentity | Failure>
  /**
   * Opens the AWS console for the profile in the browser, signed in; rejects with the reason in
   * plain words. The role credentials stay inside it. Absent: the menu item says it is unavailable.
   */
  openConsole?(profile: Profile): Promise<void>
  /** When each refreshable session began and the lengths seen, kept across restarts. */
  sessions?: { load(): Promise<SessionBook>; save(book: SessionBook): Promise<void> }
  iconPath(name: IconName): string
  log(message: string): void
  /** Check all: how many sts calls run at once. */
  concurrency: number
  /** Serves `ensure` callers until closed; absent: not served. */
  listenEnsure?(onCaller: (c: EnsureCaller) => void): Promise<{ close(): Promise<void> }>
  /** The home folder, to shorten a caller's working folder to ~/… in notices. */
  home?: string
  /** status.line and status.json; removed at quit. */
  statusFiles?: { write(line: string, json: string): void; remove(): void }
  /** The Start at login entry: whether it is there, and switching it. */
  autostart?: { enabled(): boolean; set(enable: boolean): void }
  /** Minutes east of UTC at this wall time (quiet hours are local). Default: the system zone. */
  utcOffsetMin?(now: number): number
}

interface RunningLogin {
  abort: AbortController
  confirm(): void
  done: Promise<void>
}

export function createTrayApp(deps: TrayAppDeps) {
  let state: TrayState | null = null
  const queue: TrayEvent[] = []
  let stepping = false
  /** Notices on screen by replace key (the core decides when they go). */
  const handles = new Map<string, NoticeHandle>()
  /** The controls of running logins; the core holds what they show. */
  const logins = new Map<string, RunningLogin>()
  let timer: unknown = null
  let settings: Settings | null = null
  let watcher: { close(): void } | null = null
  let loading: Promise<void> | null = null
  let loadAgain = false
  let saving: Promise<void> = Promise.resolve()
  let quitting = false
  let resolveQuit: () => void = () => undefined
  const quitDone = new Promise<void>((r) => (resolveQuit = r))
  /** `ensure` callers by the id the core knows them by. */
  const callers = new Map<string, EnsureCaller>()
  let callerCount = 0
  let ensureServer: { close(): Promise<void> } | null = null
  const offset = (now: number) => (deps.utcOffsetMin ? deps.utcOffsetMin(now) : -new Date(now).getTimezoneOffset())

  /** Feeds one event to the core; events raised while effects run wait their turn. */
  function dispatch(e: TrayEvent): void {
    queue.push(e)
    if (stepping || state === null) return
    stepping = true
    try {
      for (let next = queue.shift(); next !== undefined && state !== null; next = queue.shift()) {
        let r: ReturnType<typeof step>
        try {
          const now = deps.clock.now()
          r = step(state, next, now, offset(now))
        } catch (e) {
          // A bug in the core drops that one event (logged), never the tray.
          deps.log(`internal error on ${next.type}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
          continue
        }
        state = r.state
        for (const fx of r.effects) perform(fx)
      }
    } finally {
      stepping = false
    }
  }

  function perform(fx: TrayEffect): void {
    switch (fx.type) {
      case 'render':
        return deps.tray.render(fx.model)
      case 'notify': {
        const { notice, key } = fx
        deps.log(`notify: ${notice.title}`)
        const handle = deps.notifier.notify(
          { title: notice.title, body: notice.body, buttons: notice.buttons, urgency: notice.urgency, iconPath: deps.iconPath(notice.icon), replaceKey: key },
          (button) => {
            // Only the latest notice of a key acts: an older one it replaced is gone.
            if (handles.get(key) === handle) dispatch({ type: 'notice-action', key, button })
          },
        )
        handles.set(key, handle)
        return
      }
      case 'close-notice':
        handles.get(fx.key)?.close()
        handles.delete(fx.key)
        return
      case 'load':
        return void reload()
      case 'start-login':
        return startLogin(fx.group, fx.profile)
      case 'confirm-login':
        return logins.get(fx.group)?.confirm()
      case 'cancel-login':
        return logins.get(fx.group)?.abort.abort()
      case 'verify': {
        const { profile, purpose, group } = fx
        deps.verify(profile).then(
          (result) => dispatch({ type: 'verify-result', profile: profile.name, purpose, group, result }),
          (e: unknown) => dispatch({ type: 'verify-result', profile: profile.name, purpose, group, result: { class: 'cli-error', message: errorText(e) } }),
        )
        return
      }
      case 'open-console': {
        const { profile } = fx
        const opened = deps.openConsole ? deps.openConsole(profile) : Promise.reject(new Error('the console cannot be opened from this tray'))
        opened.then(
          () => dispatch({ type: 'console-result', profile: profile.name, error: null }),
          (e: unknown) => {
            // The port's contract: an AppError caused by an auth-expired failure means the SSO login is no good.
            const cause = (e as { cause?: { class?: unknown } } | null)?.cause
            const error = errorText(e) + (e instanceof AppError && e.hint ? ` (${e.hint})` : '')
            dispatch({ type: 'console-result', profile: profile.name, error, authExpired: cause?.class === 'auth-expired' })
          },
        )
        return
      }
      case 'save-sessions': {
        const store = deps.sessions
        if (store)
          saving = Promise.all([saving, store.save(fx.sessions).catch((e: unknown) => deps.log(`cannot save the sessions: ${errorText(e)}`))]).then(
            () => undefined,
          )
        return
      }
      case 'copy':
        return void deps.clipboard.write(fx.text).catch((e: unknown) => deps.log(`cannot copy: ${errorText(e)}`))
      case 'open-url':
        return void deps.browser.open(fx.url).catch((e: unknown) => deps.log(`cannot open a browser: ${errorText(e)}`))
      case 'open-config':
        if (!deps.fileExists(fx.file)) return dispatch({ type: 'config-missing', file: fx.file })
        return void deps.openPath(fx.file).catch((e: unknown) => deps.log(`cannot open ${fx.file}: ${errorText(e)}`))
      case 'open-settings':
        return void deps
          .ensureSettingsFile()
          .then((f) => deps.openPath(f))
          .catch((e: unknown) => deps.log(`cannot open settings: ${errorText(e)}`))
      case 'save':
        saving = deps.memory.save(fx.memory).catch((e: unknown) => deps.log(`cannot save: ${errorText(e)}`))
        return
      case 'wake-at': {
        if (timer !== null) deps.timer.clear(timer)
        const setAt = deps.monotonic()
        timer = deps.timer.set(
          () => {
            timer = null
            dispatch({ type: 'tick', elapsedMono: deps.monotonic() - setAt })
          },
          Math.max(0, fx.at - deps.clock.now()) + 5,
        ) // timers may fire a little early
        return
      }
      case 'log':
        return deps.log(fx.message)
      case 'ensure-send': {
        const c = callers.get(fx.id)
        // Forgotten first: the socket's close after a final event is not the caller going away.
        if (isFinal(fx.event)) callers.delete(fx.id)
        return c?.send(fx.event)
      }
      case 'status':
        try {
          deps.statusFiles?.write(fx.line, JSON.stringify(fx.report))
        } catch (e) {
          deps.log(`cannot write the status files: ${errorText(e)}`)
        }
        return
      case 'autostart': {
        const a = deps.autostart
        if (!a) return
        let error: string | null = null
        try {
          a.set(fx.enable)
        } catch (e) {
          error = `Start at login: ${errorText(e)}`
          deps.log(`cannot ${fx.enable ? 'enable' : 'disable'} start at login: ${errorText(e)}`)
        }
        return dispatch({ type: 'autostart-status', enabled: autostartEnabled(a), error })
      }
      case 'quit':
        return void shutdown()
    }
  }

  function startLogin(group: string, root: Profile): void {
    const abort = new AbortController()
    let confirm: () => void = () => undefined
    const confirmed = new Promise<void>((r) => (confirm = r))
    const entry: RunningLogin = { abort, confirm: () => confirm(), done: Promise.resolve() }
    logins.set(group, entry)
    entry.done = deps
      .login(root, (report) => dispatch({ type: 'login-report', group, report }), { confirmed, signal: abort.signal })
      .then(
        () => null,
        // An AppError (no AWS CLI v2, ...) carries the fix as its hint: show both.
        (e: unknown) => errorText(e) + (e instanceof AppError && e.hint ? ` (${e.hint})` : ''),
      )
      .then((error) => {
        logins.delete(group)
        dispatch({ type: 'login-ended', group, error })
      })
  }

  function autostartEnabled(a: NonNullable<TrayAppDeps['autostart']>): boolean {
    try {
      return a.enabled()
    } catch {
      return false
    }
  }

  function onCaller(c: EnsureCaller): void {
    const id = String(++callerCount)
    callers.set(id, c)
    c.onGone(() => {
      if (callers.delete(id)) dispatch({ type: 'ensure-gone', id })
    })
    dispatch({ type: 'ensure-request', id, profile: c.request.profile, requester: describeRequester(c.request.requester, deps.home ?? '') })
  }

  /** Re-read everything; requests during a read collapse into one more pass. */
  function reload(): Promise<void> {
    if (loading) {
      loadAgain = true
      return loading
    }
    loading = (async () => {
      do {
        loadAgain = false
        try {
          const l = await deps.load()
          settings = l.settings
          const { warnMs, configFile, notifications, quietHours, hide } = l.settings
          dispatch({
            type: 'loaded',
            data: {
              warnMs,
              configFile,
              profiles: l.profiles,
              tokens: l.tokens,
              configErrors: l.configErrors,
              cacheFiles: l.cacheFiles,
              notifications,
              quietHours,
              hide,
              warnings: l.settings.warnings.map(formatSettingWarning),
              sessionHours: l.settings.sessionHours,
            },
          })
        } catch (e) {
          dispatch({ type: 'load-failed', message: errorText(e) })
        }
      } while (loadAgain && !quitting)
      loading = null
    })()
    return loading
  }

  async function shutdown(): Promise<void> {
    if (quitting) return quitDone
    quitting = true
    if (timer !== null) deps.timer.clear(timer)
    watcher?.close()
    // Callers still waiting hear that nobody will answer; then no one can connect any more.
    for (const c of callers.values()) c.send({ type: 'failed', class: 'cancelled', message: 'the tray quit' })
    callers.clear()
    await ensureServer?.close().catch(() => undefined)
    try {
      deps.statusFiles?.remove()
    } catch (e) {
      deps.log(`cannot remove the status files: ${errorText(e)}`)
    }
    // Cancelled logins kill their tmux session and remove their log before we go.
    for (const l of logins.values()) l.abort.abort()
    await Promise.all([...logins.values()].map((l) => l.done))
    deps.notifier.dispose()
    await deps.tray.dispose()
    await saving
    resolveQuit()
    return quitDone
  }

  return {
    async start(): Promise<void> {
      const [memory, sessions] = await Promise.all([deps.memory.load(), deps.sessions?.load() ?? {}])
      state = initialTrayState(memory, deps.clock.now(), deps.concurrency, sessions)
      deps.tray.onAction((action) => dispatch({ type: 'menu', action }))
      await reload()
      if (settings) {
        const s = settings
        const targets = [{ path: s.cacheDir, folder: true }, ...[s.configFile, s.credentialsFile, s.settingsFile].map((f) => ({ path: f, folder: false }))]
        watcher = deps.watch(targets, () => dispatch({ type: 'files-changed' }))
      }
      if (deps.autostart) dispatch({ type: 'autostart-status', enabled: autostartEnabled(deps.autostart), error: null })
      // After the first read: a request is answered from what the tray knows.
      if (deps.listenEnsure && !quitting) {
        ensureServer = await deps.listenEnsure(onCaller).catch((e: unknown) => {
          deps.log(`ensure: not served (${errorText(e)})`)
          return null
        })
      }
      if (quitting) await ensureServer?.close()
    },
    /** Shows a problem of the app itself (the tray helper is unavailable, a bug) as a menu line and one notice. */
    reportProblem(title: string, message: string): void {
      if (state === null) deps.log(message)
      dispatch({ type: 'problem', title, message })
    },
    /** Events from the desktop: resumed from suspend, tray or notification server restarted. */
    event: (e: TrayEvent) => dispatch(e),
    quit(): Promise<void> {
      if (state === null || state.quitting) return shutdown()
      dispatch({ type: 'menu', action: { type: 'quit' } })
      return quitDone
    },
    /** Resolves once Quit (or a signal) has finished cleaning up. */
    done: quitDone,
    // For tests: the core's state, and a menu click.
    state: () => state,
    handle: (a: MenuAction) => dispatch({ type: 'menu', action: a }),
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

export type TrayApp = ReturnType<typeof createTrayApp>
