// The tray app: a thin shell around the pure tray core (core/tray/step.ts). It turns timers,
// file changes, clicks, login output and sts answers into events, and carries out the effects
// the core decides through the ports it is given. Errors never end it: they become events.

import type { CallerIdentity, Failure } from '../core/aws-types.ts'
import type { LoginReport, LoginState } from '../core/login-machine.ts'
import type { TrayMemory } from '../core/notify-policy.ts'
import type { ConfigProblem } from '../core/status-report.ts'
import { initialTrayState, type TrayEffect, type TrayEvent, type TrayState } from '../core/tray/state.ts'
import { step } from '../core/tray/step.ts'
import type { Profile, TokenInput } from '../core/types.ts'
import { AppError } from '../errors.ts'
import type { Browser, Clipboard, Clock, NoticeHandle, Notifier, Timer, Tray } from '../ports.ts'
import type { Settings } from '../settings.ts'
import type { IconName, MenuAction } from './menu.ts'

export interface Loaded {
  settings: Settings
  profiles: Profile[]
  tokens: ReadonlyMap<string, TokenInput>
  configErrors: ConfigProblem[]
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
  iconPath(name: IconName): string
  log(message: string): void
  /** Check all: how many sts calls run at once. */
  concurrency: number
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

  /** Feeds one event to the core; events raised while effects run wait their turn. */
  function dispatch(e: TrayEvent): void {
    queue.push(e)
    if (stepping || state === null) return
    stepping = true
    try {
      for (let next = queue.shift(); next !== undefined && state !== null; next = queue.shift()) {
        let r: ReturnType<typeof step>
        try {
          r = step(state, next, deps.clock.now())
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
      case 'copy':
        return void deps.clipboard.write(fx.text).catch((e: unknown) => deps.log(`cannot copy: ${errorText(e)}`))
      case 'open-url':
        return void deps.browser.open(fx.url).catch((e: unknown) => deps.log(`cannot open a browser: ${errorText(e)}`))
      case 'open-config':
        if (!deps.fileExists(fx.file)) return dispatch({ type: 'config-missing', file: fx.file })
        return void deps.openPath(fx.file).catch((e: unknown) => deps.log(`cannot open ${fx.file}: ${errorText(e)}`))
      case 'open-settings':
        return void deps.ensureSettingsFile().then((f) => deps.openPath(f)).catch((e: unknown) => deps.log(`cannot open settings: ${errorText(e)}`))
      case 'save':
        saving = deps.memory.save(fx.memory).catch((e: unknown) => deps.log(`cannot save: ${errorText(e)}`))
        return
      case 'wake-at': {
        if (timer !== null) deps.timer.clear(timer)
        const setAt = deps.monotonic()
        timer = deps.timer.set(() => {
          timer = null
          dispatch({ type: 'tick', elapsedMono: deps.monotonic() - setAt })
        }, Math.max(0, fx.at - deps.clock.now()) + 5) // timers may fire a little early
        return
      }
      case 'log':
        return deps.log(fx.message)
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
          dispatch({ type: 'loaded', data: { warnMs: l.settings.warnMs, configFile: l.settings.configFile, profiles: l.profiles, tokens: l.tokens, configErrors: l.configErrors } })
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
      const memory = await deps.memory.load()
      state = initialTrayState(memory, deps.clock.now(), deps.concurrency)
      deps.tray.onAction((action) => dispatch({ type: 'menu', action }))
      await reload()
      if (settings) {
        const s = settings
        const targets = [{ path: s.cacheDir, folder: true }, ...[s.configFile, s.credentialsFile, s.settingsFile].map((f) => ({ path: f, folder: false }))]
        watcher = deps.watch(targets, () => dispatch({ type: 'files-changed' }))
      }
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
