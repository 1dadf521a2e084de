// The tray app: holds the state, turns events (timers, file changes, clicks, login output, wake)
// into the pure decisions (groups, menu, notices, schedule) and carries out their effects through
// the ports it is given. Errors never end it: they become a menu line and at most one notice.

import type { Failure } from '../aws/classify-error.ts'
import type { CallerIdentity } from '../aws/verify.ts'
import type { LoginReport, LoginState } from '../core/login-machine.ts'
import { mapLimit } from '../core/map-limit.ts'
import { decideNotices, isSnoozed, sessionEndedNotice, type Notice, type NoticeMemory } from '../core/notify-policy.ts'
import { isClockJump, nextWakeAt } from '../core/schedule.ts'
import type { ConfigProblem } from '../core/status-report.ts'
import { buildTokenGroups, type TokenGroup } from '../core/token-groups.ts'
import { isUsable } from '../core/token-state.ts'
import type { Profile, TokenInput } from '../core/types.ts'
import type { TrayMemory } from '../adapters/state-store.ts'
import type { NoticeHandle, Notifier, Tray } from '../ports.ts'
import type { Browser, Clipboard, Clock } from '../ports.ts'
import type { Settings } from '../settings.ts'
import type { IconName } from './icons.ts'
import { buildMenu, type MenuAction } from './menu.ts'
import { createLogins } from './logins.ts'
import { checkSummaryNotice, noConfigNotice, policyNotice, problemNotice, type NoticeSpec } from './notice-texts.ts'
import type { CheckView, TrayView, VerifyView } from './view.ts'

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
  /** The one wake-up timer (setTimeout/clearTimeout); tests fire it by hand. */
  timer: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void }
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
  concurrency: number
}

const SNOOZE_NOTICE_MS = 60 * 60_000

export function createTrayApp(deps: TrayAppDeps) {
  let loaded: Loaded | null = null
  let groups: TokenGroup[] = []
  let memory: NoticeMemory = { shown: {}, lastSeen: null }
  const logins = createLogins({
    login: (root, emit, controls) => deps.login(root, emit, controls),
    browser: deps.browser,
    log: (m) => deps.log(m),
    notify: (n, onAction) => notify(n, onAction),
    groupOf: (profile) => groupOf(profile),
    profile: (name) => profileByName(name),
    changed: () => render(),
    ended: () => void reload(),
  })
  const verifies = new Map<string, VerifyView>()
  let check: CheckView | null = null
  let problem: string | null = null
  let snoozes: Record<string, number> = {}
  const quietDone = new Set<string>()
  /** Expiry notices still on screen, by group: closed once that token is usable again. */
  const openNotices = new Map<string, NoticeHandle[]>()
  let timer: unknown = null
  let watcher: { close(): void } | null = null
  let last = { wall: 0, mono: 0 }
  let quitting = false
  let resolveQuit: () => void = () => undefined
  const quitDone = new Promise<void>((r) => (resolveQuit = r))
  let reloading: Promise<void> | null = null
  let reloadAgain = false

  const profileByName = (name: string) => loaded?.profiles.find((p) => p.name === name)
  const groupOf = (profile: string) => groups.find((g) => g.profiles.some((p) => p.name === profile))

  function view(now: number): TrayView {
    return {
      groups,
      logins: logins.views(),
      verifies,
      check,
      configErrors: loaded?.configErrors ?? [],
      problem,
      snoozedUntil: (snoozes['*'] ?? 0) > now ? (snoozes['*'] ?? null) : null,
      warnMs: loaded?.settings.warnMs ?? 15 * 60_000,
    }
  }

  /** Recompute from what is loaded (no file reads), notify, render, and set the next timer. */
  function evaluate(): void {
    if (quitting || !loaded) return
    const now = deps.clock.now()
    groups = buildTokenGroups(loaded.profiles, loaded.tokens, now, { warnMs: loaded.settings.warnMs })
    const decided = decideNotices({ groups, configErrors: loaded.configErrors, memory, now, warnMs: loaded.settings.warnMs, snoozes, quietDone })
    const changed = JSON.stringify(decided.memory.shown) !== JSON.stringify(memory.shown)
    memory = decided.memory
    if (changed) save()
    for (const g of groups) {
      if (isUsable(g.state) && g.state !== 'expiring' && openNotices.has(g.id)) {
        for (const h of openNotices.get(g.id) ?? []) h.close()
        openNotices.delete(g.id)
      }
    }
    for (const n of decided.notices) show(n)
    for (const q of decided.quietVerifies) void quietVerify(q.key, q.group, q.profile)
    deps.tray.render(buildMenu(view(now), now))
    schedule(now)
  }

  function save(): void {
    deps.memory.save({ ...memory, snoozes }).catch((e: unknown) => deps.log(`cannot save ${String(e)}`))
  }

  function schedule(now: number): void {
    if (timer !== null) deps.timer.clear(timer)
    const ends = Object.values(snoozes)
    const at = nextWakeAt(groups, now, loaded?.settings.warnMs ?? 15 * 60_000, ends)
    last = { wall: now, mono: deps.monotonic() }
    timer = deps.timer.set(tick, Math.max(0, at - now) + 5)
  }

  function tick(): void {
    timer = null
    const wallDelta = deps.clock.now() - last.wall
    const monoDelta = deps.monotonic() - last.mono
    if (isClockJump(wallDelta, monoDelta)) {
      // Woke from sleep (or the clock was set): files may have changed while we slept.
      deps.log(`clock jump of ${Math.round((wallDelta - monoDelta) / 1000)} s (sleep or clock change): re-reading`)
      void reload()
      return
    }
    evaluate()
  }

  /** Re-read everything; concurrent requests collapse into one more pass. */
  function reload(): Promise<void> {
    if (reloading) {
      reloadAgain = true
      return reloading
    }
    reloading = (async () => {
      do {
        reloadAgain = false
        try {
          loaded = await deps.load()
          if (problem?.startsWith('cannot read')) problem = null
        } catch (e) {
          problem = `cannot read the AWS config: ${e instanceof Error ? e.message : String(e)}`
          deps.log(problem)
        }
        evaluate()
      } while (reloadAgain && !quitting)
      reloading = null
    })()
    return reloading
  }

  function show(n: Notice): void {
    const handle = notify(policyNotice(n), (id) => {
      if (id === 'login' && n.profile) logins.startOrConfirm(n.profile)
      else if (id === 'snooze' && n.group) {
        snoozes[n.group] = deps.clock.now() + SNOOZE_NOTICE_MS
        save()
        evaluate()
      } else if (id === 'open-config') void openConfig()
    })
    if (n.group) openNotices.set(n.group, [...(openNotices.get(n.group) ?? []), handle])
  }

  function notify(n: NoticeSpec, onAction: (id: string) => void = () => undefined): NoticeHandle {
    deps.log(`notify: ${n.title}`)
    return deps.notifier.notify({ title: n.title, body: n.body, buttons: n.buttons, urgency: n.urgency, iconPath: deps.iconPath(n.icon) }, (id) => {
      if (!quitting) onAction(id)
    })
  }

  async function verifyOne(profile: string): Promise<void> {
    const p = profileByName(profile)
    if (!p || verifies.get(profile)?.running) return
    verifies.set(profile, { ok: false, text: '', at: deps.clock.now(), running: true })
    render()
    const r = await deps.verify(p)
    verifies.set(profile, { ...verifyText(r), at: deps.clock.now(), running: false })
    await reload()
  }

  async function checkAll(): Promise<void> {
    if (check?.running || !loaded) return
    const selected = loaded.profiles.filter((p) => p.kind !== 'other' && p.configError === null)
    check = { running: true, done: 0, total: selected.length }
    render()
    const results = await mapLimit(selected, deps.concurrency, (p) => deps.verify(p), (done, total) => {
      check = { running: true, done, total }
      render()
    })
    const now = deps.clock.now()
    selected.forEach((p, i) => verifies.set(p.name, { ...verifyText(results[i] ?? { class: 'cli-error', message: 'not run' }), at: now, running: false }))
    const failed = selected.filter((_, i) => results[i] === undefined || 'class' in (results[i] as object)).map((p) => p.name)
    check = { running: false, total: selected.length, failed, at: now }
    notify(checkSummaryNotice(selected.length, failed))
    await reload()
  }

  async function quietVerify(key: string, groupId: string, profile: string): Promise<void> {
    quietDone.add(key)
    const p = profileByName(profile)
    if (!p) return
    const r = await deps.verify(p)
    // A refresh succeeded: the new token comes with the reload. An ended session is worth a notice.
    if ('class' in r && r.class === 'auth-expired') {
      const g = groups.find((x) => x.id === groupId)
      const snoozed = isSnoozed(snoozes, groupId, deps.clock.now())
      const notice = g ? sessionEndedNotice(g, r.message) : null
      // Remembered like the policy's own notices, so a restart does not tell it again.
      if (notice && !snoozed && !(notice.key in memory.shown)) {
        memory = { ...memory, shown: { ...memory.shown, [notice.key]: deps.clock.now() } }
        save()
        show(notice)
      }
    } else if ('class' in r) deps.log(`quiet verification of ${profile} failed: ${r.message}`)
    await reload()
  }

  async function openConfig(): Promise<void> {
    const file = loaded?.settings.configFile
    if (!file) return
    if (!deps.fileExists(file)) {
      notify(noConfigNotice(file))
      return
    }
    await deps.openPath(file).catch((e: unknown) => deps.log(`cannot open ${file}: ${String(e)}`))
  }

  function render(): void {
    if (quitting) return
    const now = deps.clock.now()
    deps.tray.render(buildMenu(view(now), now))
  }

  function onAction(a: MenuAction): void {
    if (quitting) return
    switch (a.type) {
      case 'login':
        return logins.start(a.profile)
      case 'verify':
        return void verifyOne(a.profile)
      case 'copy-url': {
        const url = logins.url(a.group)
        if (url) void deps.clipboard.write(url).catch((e: unknown) => deps.log(`cannot copy: ${String(e)}`))
        return
      }
      case 'open-url': {
        const url = logins.url(a.group)
        if (url) void deps.browser.open(url).catch((e: unknown) => deps.log(`cannot open a browser: ${String(e)}`))
        return
      }
      case 'confirm':
        return logins.confirm(a.group)
      case 'cancel':
        return logins.cancel(a.group)
      case 'check-all':
        return void checkAll()
      case 'refresh':
        return void reload()
      case 'open-config':
        return void openConfig()
      case 'open-settings':
        void deps.ensureSettingsFile().then((f) => deps.openPath(f)).catch((e: unknown) => deps.log(`cannot open settings: ${String(e)}`))
        return
      case 'snooze':
        snoozes['*'] = deps.clock.now() + a.minutes * 60_000
        save()
        return evaluate()
      case 'resume-notifications':
        delete snoozes['*']
        save()
        return evaluate()
      case 'quit':
        return void quit()
    }
  }

  async function quit(): Promise<void> {
    if (quitting) return quitDone
    quitting = true
    if (timer !== null) deps.timer.clear(timer)
    watcher?.close()
    // Cancelled logins kill their tmux session and remove their log before we go.
    await logins.cancelAll()
    deps.notifier.dispose()
    await deps.tray.dispose()
    await deps.memory.save({ ...memory, snoozes }).catch(() => undefined)
    resolveQuit()
    return quitDone
  }

  return {
    async start(): Promise<void> {
      const remembered = await deps.memory.load()
      memory = { shown: remembered.shown, lastSeen: remembered.lastSeen }
      const now = deps.clock.now()
      snoozes = Object.fromEntries(Object.entries(remembered.snoozes).filter(([, until]) => until > now))
      deps.tray.onAction(onAction)
      await reload()
      const s = loaded?.settings
      if (s) {
        const targets = [{ path: s.cacheDir, folder: true }, ...[s.configFile, s.credentialsFile, s.settingsFile].map((f) => ({ path: f, folder: false }))]
        watcher = deps.watch(targets, () => void reload())
      }
    },
    /** Shows a problem of the app itself (the tray helper is unavailable, a bug) as a menu line and one notice. */
    reportProblem(title: string, message: string): void {
      deps.log(message)
      if (message === problem) return // once, however often it happens
      problem = message
      notify(problemNotice(title, message))
      render()
    },
    quit,
    /** Resolves once Quit (or a signal) has finished cleaning up. */
    done: quitDone,
    // For tests: the current view.
    view: () => view(deps.clock.now()),
    handle: onAction,
  }
}

function verifyText(r: CallerIdentity | Failure): { ok: boolean; text: string } {
  if ('class' in r) return { ok: false, text: `${r.message} (${r.class})` }
  return { ok: true, text: `${r.account} ${r.arn.split(':').pop() ?? ''}` }
}


export type TrayApp = ReturnType<typeof createTrayApp>
