// `aws-sso-tray` (no command) and `aws-sso-tray tray`: the composition root of the tray app. It
// builds the real adapters once and hands them to the app; everything else lives in tray/app.ts.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { createBrowser } from '../adapters/browser.ts'
import { createClipboard } from '../adapters/clipboard.ts'
import { probeDesktop, type Desktop } from '../adapters/dbus/desktop.ts'
import { acquireInstanceLock } from '../adapters/instance-lock.ts'
import { createNotifier } from '../adapters/notifier.ts'
import { createProcessRunner } from '../adapters/process-runner.ts'
import { createNoticeStore, stateDir } from '../adapters/state-store.ts'
import { createTrayHelper } from '../adapters/tray-helper.ts'
import { watchPaths } from '../adapters/watcher.ts'
import { loadProfiles, readTokens } from '../aws/load-profiles.ts'
import { AppError } from '../errors.ts'
import { loginLogDir } from '../login/log-dir.ts'
import { runLoginSession } from '../login/login-session.ts'
import type { Browser, Notifier, Tray } from '../ports.ts'
import type { Settings } from '../settings.ts'
import { createTrayApp, type TrayApp } from '../tray/app.ts'
import { awsChildEnv } from './aws-env.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'
import { stsVerify } from './sts-verify.ts'

export interface TrayOptions {
  assetsDir: string
}

const SETTINGS_TEMPLATE = `# aws-sso-tray settings. The environment (AWS_SSO_TRAY_*) wins over this file.
# Minutes before expiry to warn (default 15).
# warn_minutes = 15
# The AWS CLI v2 to run (default: aws from PATH).
# aws = /usr/local/bin/aws
# A browser command for login pages; the URL is passed as its last argument (default: system browser).
# browser = firefox
# Log in with the device-code flow (the sign-in page shows a code to compare), e.g. when the
# browser runs on another machine (default false).
# device_code = true
`

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
  const desktop = await probeDesktop(ctx.platform, ctx.env)
  const helper = () => createTrayHelper({
    platform: ctx.platform,
    env: ctx.env,
    assetsDir: opts.assetsDir,
    binPath: ctx.env.AWS_SSO_TRAY_HELPER || undefined, // tests: a fake helper speaking the protocol
    cacheDir: path.join(state, 'bin'),
    log,
    onUnavailable: (m) => app?.reportProblem('aws-sso-tray: tray icon unavailable', m),
  })
  const { tray, notifier } = await chooseBackends(desktop, opts.assetsDir, helper, () => createNotifier(ctx.platform, ctx.env, log), log)
  app = createTrayApp({
    clock: ctx.clock,
    monotonic: () => performance.now(),
    timer: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as NodeJS.Timeout) },
    async load() {
      settings = await loadSettings(ctx)
      const loaded = await loadProfiles(ctx.files, settings)
      const { tokens } = await readTokens(ctx.files, settings.cacheDir, loaded.profiles)
      return { settings, profiles: loaded.profiles, tokens, configErrors: loaded.configErrors }
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
        writeFileSync(file, SETTINGS_TEMPLATE, { mode: 0o600, flag: 'wx' })
      }
      return Promise.resolve(file)
    },
    fileExists: existsSync,
    watch: (targets, onChange) => watchPaths(targets, 150, onChange, log),
    memory: createNoticeStore(state, log),
    login: (root, emit, controls) =>
      runLoginSession({ env: ctx.env, files: ctx.files, clock: ctx.clock, settings, runner, clipboard, browser }, root, { open: true, copy: true, deviceCode: settings.deviceCode, timeoutS: 600 }, emit, controls),
    verify: (p) => stsVerify(runner, settings.awsCommand, awsChildEnv(ctx.env), p, 60_000),
    iconPath: (name) => path.join(opts.assetsDir, `${name}.png`),
    log,
    concurrency: 4,
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
  try {
    await app.start()
    log(`started (${ctx.platform}); quit from the menu or with Ctrl-C`)
    await app.done
    log('stopped')
    return 0
  } finally {
    // The bus connection would keep Node alive (the tray and notifier are disposed by the app).
    desktop.bus?.close()
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
async function chooseBackends(desktop: Desktop, assetsDir: string, helper: () => Tray, fallbackNotifier: () => Notifier, log: (m: string) => void): Promise<{ tray: Tray; notifier: Notifier }> {
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

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
