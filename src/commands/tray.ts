// `aws-sso-tray` (no command) and `aws-sso-tray tray`: the composition root of the tray app. It
// builds the real adapters once and hands them to the app; everything else lives in tray/app.ts.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createBrowser } from '../adapters/browser.ts'
import { createTimer, monotonic } from '../adapters/clock.ts'
import { createClipboard } from '../adapters/clipboard.ts'
import { probeDesktop, type Desktop } from '../adapters/dbus/desktop.ts'
import { ensureSocketPath, listenEnsure } from '../adapters/ensure-socket.ts'
import { acquireInstanceLock } from '../adapters/instance-lock.ts'
import { createNotifier } from '../adapters/notifier.ts'
import { createOsascriptNotifier } from '../adapters/osascript-notifier.ts'
import { createProcessRunner } from '../adapters/process-runner.ts'
import { createHttpClient } from '../adapters/http.ts'
import { createNoticeStore, createSessionStore, stateDir } from '../adapters/state-store.ts'
import { createStatusFiles } from '../adapters/status-files.ts'
import { createTrayHelper } from '../adapters/tray-helper.ts'
import { watchPaths } from '../adapters/watcher.ts'
import { loadProfiles, readTokens } from '../aws/load-profiles.ts'
import { probeMac } from '../doctor/probes.ts'
import { AppError } from '../errors.ts'
import { loginLogDir, nodeDirFs, ownDirProblem } from '../login/log-dir.ts'
import { runLoginSession } from '../login/login-session.ts'
import type { Profile } from '../core/types.ts'
import type { Browser, Notifier, Tray } from '../ports.ts'
import type { Settings } from '../settings.ts'
import { settingsTemplate } from '../settings-options.ts'
import { createTrayApp, type TrayApp } from '../tray/app.ts'
import { runAutostart, thisInstallation, type AutostartStatus } from './autostart.ts'
import { awsChildEnv } from './aws-env.ts'
import { consoleSigninUrl } from './console.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'
import { iconlessTray, macWithoutRosetta, NO_ROSETTA_PROBLEM } from './mac-fallback.ts'
import { stsVerify } from './sts-verify.ts'

export interface TrayOptions {
  assetsDir: string
}

export async function runTray(ctx: CommandContext, opts: TrayOptions): Promise<number> {
  const lock = acquireInstanceLock(loginLogDir(ctx.env))
  if (!lock.ok) throw new AppError(`aws-sso-tray is already running${lock.pid ? ` (pid ${lock.pid})` : ''}`, { hint: 'quit it from its menu first' })
  const log = (m: string) => ctx.out.stderr(`${new Date(ctx.clock.now()).toISOString()} ${m}\n`)
  const runner = createProcessRunner()
  let settings: Settings = await loadSettings(ctx)
  const clipboard = createClipboard()
  // The browser command may change in the settings file while we run.
  const browser: Browser = { open: (url) => createBrowser(settings.browserCommand).open(url) }
  const state = stateDir(ctx.env, ctx.home)
  let app: TrayApp | null = null
  // The profiles of the last read, for Open console (a chained profile signs in through its source).
  let lastProfiles: readonly Profile[] = []
  const desktop = await probeDesktop(ctx.platform, ctx.env)
  const helper = () =>
    createTrayHelper({
      platform: ctx.platform,
      env: ctx.env,
      assetsDir: opts.assetsDir,
      binPath: ctx.env.AWS_SSO_TRAY_HELPER || undefined, // tests: a fake helper speaking the protocol
      cacheDir: path.join(state, 'bin'),
      log,
      onUnavailable: (m) => app?.reportProblem('aws-sso-tray: tray icon unavailable', m),
    })
  // The runtime folder `ensure` and status-bar readers look in; only served when it is private.
  const runtime = loginLogDir(ctx.env)
  const runtimeProblem = await ownDirProblem(nodeDirFs, runtime, typeof process.getuid === 'function' ? process.getuid() : undefined)
  if (runtimeProblem !== null) log(`ensure and status files: not served (${runtime} ${runtimeProblem})`)
  const noRosetta = macWithoutRosetta(await probeMac(runner, ctx.platform))
  const { tray, notifier } = noRosetta
    ? { tray: iconlessTray(), notifier: createOsascriptNotifier(runner, log) }
    : await chooseBackends(desktop, opts.assetsDir, helper, () => createNotifier(ctx.platform, ctx.env, log), log)
  app = createTrayApp({
    clock: ctx.clock,
    monotonic,
    timer: createTimer(),
    async load() {
      settings = await loadSettings(ctx)
      const loaded = await loadProfiles(ctx.files, settings)
      lastProfiles = loaded.profiles
      const { tokens, cacheFiles } = await readTokens(ctx.files, settings.cacheDir, loaded.profiles)
      return { settings, profiles: loaded.profiles, tokens, cacheFiles, configErrors: loaded.configErrors }
    },
    tray,
    notifier,
    clipboard,
    browser,
    async openPath(file) {
      const { default: open } = await import('open')
      await open(file)
    },
    ensureSettingsFile() {
      const file = settings.settingsFile
      if (!existsSync(file)) {
        mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
        writeFileSync(file, settingsTemplate(), { mode: 0o600, flag: 'wx' })
      }
      return Promise.resolve(file)
    },
    fileExists: existsSync,
    watch: (targets, onChange) => watchPaths(targets, 150, onChange, log),
    memory: createNoticeStore(state, log),
    sessions: createSessionStore(state, log),
    async openConsole(p) {
      // The credentials live only inside consoleSigninUrl; the browser gets the sign-in link.
      const { url } = await consoleSigninUrl(
        { runner, http: createHttpClient() },
        { awsCommand: settings.awsCommand, env: ctx.env, profile: p, profiles: lastProfiles },
      )
      await browser.open(url)
    },
    login: (root, emit, controls) =>
      runLoginSession(
        { env: ctx.env, files: ctx.files, clock: ctx.clock, settings, runner, clipboard, browser },
        root,
        { open: true, copy: true, deviceCode: settings.deviceCode, timeoutS: 600 },
        emit,
        controls,
      ),
    verify: (p) => stsVerify(runner, settings.awsCommand, awsChildEnv(ctx.env), p, 60_000),
    iconPath: (name) => path.join(opts.assetsDir, `${name}.png`),
    log,
    concurrency: 4,
    home: ctx.home,
    ...(runtimeProblem !== null
      ? {}
      : {
          listenEnsure: (onCaller) => listenEnsure(ensureSocketPath(runtime, ctx.platform, ctx.env.USER ?? ctx.env.USERNAME ?? 'user'), onCaller, log),
          statusFiles: createStatusFiles(runtime),
        }),
    ...(ctx.platform === 'linux' ? { autostart: autostartToggle(ctx) } : {}),
  })
  // `on`, not `once`: execa's signal-exit would otherwise kill us before logins are cleaned up.
  // SIGHUP too: a tray started from a terminal that is closed still cleans up.
  const onSignal = () => void app?.quit()
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  for (const s of signals) process.on(s, onSignal)
  // A bug must not take the tray down silently: it becomes a log line and a menu line.
  const onBug = (e: unknown) => {
    log(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    app?.reportProblem('aws-sso-tray: internal error', `internal error: ${e instanceof Error ? e.message : String(e)} (please report it)`)
  }
  process.on('unhandledRejection', onBug)
  process.on('uncaughtException', onBug)
  // Resumed from suspend: re-read at once (the minute timer would notice the clock jump later).
  const resume = ctx.platform === 'linux' ? watchResume(ctx.env, () => (log('resumed from sleep: re-reading'), app?.event({ type: 'wake' })), log) : null
  try {
    await app.start()
    if (noRosetta) app.reportProblem('aws-sso-tray: no tray icon', NO_ROSETTA_PROBLEM)
    log(`started (${ctx.platform}); quit from the menu or with Ctrl-C`)
    await app.done
    log('stopped')
    return 0
  } finally {
    // The bus connection would keep Node alive (the tray and notifier are disposed by the app).
    desktop.bus?.close()
    void resume?.then((close) => close())
    for (const s of signals) process.off(s, onSignal)
    process.off('unhandledRejection', onBug)
    process.off('uncaughtException', onBug)
    lock.release()
  }
}

/**
 * The native D-Bus tray where a StatusNotifierWatcher runs (no helper process, a menu that grows
 * in place), else systray2's helper, which also serves XEmbed trays, macOS and Windows; with a
 * bus but no watcher yet, the helper hands over to the native item when one appears.
 * Notifications over D-Bus where a notification server answers, else notify-send/node-notifier.
 */
async function chooseBackends(
  desktop: Desktop,
  assetsDir: string,
  helper: () => Tray,
  fallbackNotifier: () => Notifier,
  log: (m: string) => void,
): Promise<{ tray: Tray; notifier: Notifier }> {
  const { bus } = desktop
  const nativeTray = async (): Promise<Tray | null> => {
    if (!bus) return null
    const { createNativeTray } = await import('../adapters/dbus/status-notifier-item.ts')
    const native = () => createNativeTray({ bus, assetsDir, log })
    if (!desktop.watcher) {
      const { switchWhenWatcherAppears } = await import('../adapters/dbus/switching-tray.ts')
      log(`tray: systray2 helper until a StatusNotifierWatcher appears (${desktop.reason})`)
      return switchWhenWatcherAppears(bus, helper(), native, log)
    }
    const tray = await native().catch((e: unknown) => (log(`tray: the native item failed (${errorText(e)}); using the helper`), null))
    if (tray) log(`tray: native StatusNotifierItem (${desktop.reason})`)
    return tray
  }
  const dbusNotifier = async (): Promise<Notifier | null> => {
    if (!bus || !desktop.notifications) return null
    const { createDbusNotifier } = await import('../adapters/dbus/notifications.ts')
    const notifier = await createDbusNotifier(bus, log).catch((e: unknown) => (log(`notifications: D-Bus failed (${errorText(e)}); using notify-send`), null))
    if (notifier) log('notifications: org.freedesktop.Notifications over D-Bus')
    return notifier
  }
  // Both talk to the bus: in parallel, they cost one round trip's wait instead of several.
  let [tray, notifier] = await Promise.all([nativeTray(), dbusNotifier()])
  if (!tray) {
    tray = helper()
    if (!bus) log(`tray: systray2 helper (${desktop.reason})`)
  }
  if (!notifier) {
    notifier = fallbackNotifier()
    log(`notifications: ${desktop.platform === 'linux' ? 'notify-send' : 'node-notifier'}`)
  }
  return { tray, notifier }
}

/**
 * logind's PrepareForSleep(false) on the system bus, where there is one. Best effort: without a
 * system bus (containers, other OSes) the clock-jump check of the minute timer covers a resume.
 */
async function watchResume(env: CommandContext['env'], onResume: () => void, log: (m: string) => void): Promise<() => void> {
  const address = env.DBUS_SYSTEM_BUS_ADDRESS || (existsSync('/run/dbus/system_bus_socket') ? 'unix:path=/run/dbus/system_bus_socket' : null)
  if (!address) return () => undefined
  try {
    const { connectSessionBus } = await import('../adapters/dbus/bus.ts')
    const bus = await connectSessionBus(address)
    await bus.onSignal({ type: 'signal', interface: 'org.freedesktop.login1.Manager', member: 'PrepareForSleep', path: '/org/freedesktop/login1' }, (msg) => {
      if (msg.body[0] === false) onResume()
    })
    return () => bus.close()
  } catch (e) {
    log(`resume: not watched (${errorText(e)})`)
    return () => undefined
  }
}

/**
 * Settings → Start at login: the `autostart` command's own checks and writes (an entry we did not
 * write is left alone and named), asked for JSON so nothing reaches the terminal.
 */
function autostartToggle(ctx: CommandContext): { enabled(): boolean; set(enable: boolean): void } {
  // The entry starts this very installation: this Node and this bundle.
  const target = thisInstallation()
  const run = (action: 'enable' | 'disable' | 'status'): AutostartStatus => {
    let text = ''
    let err = ''
    const out = { ...ctx.out, stdout: (t: string) => void (text += t), stderr: (t: string) => void (err += t) }
    const code = runAutostart({ ...ctx, out }, { action, json: true, target })
    if (code !== 0) throw new Error(err.replace(/^aws-sso-tray: /, '').trim() || `autostart ${action} failed`)
    return JSON.parse(text) as AutostartStatus
  }
  return {
    enabled: () => {
      const st = run('status')
      return st.enabled && st.ours
    },
    set: (enable) => void run(enable ? 'enable' : 'disable'),
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
