// The tray: systray2's helper binary (getlantern/systray, Go), spoken to directly over its JSON-
// lines protocol. systray2's own JS wrapper is not used: it runs `./traybin/<binary>` from the
// current directory when one exists, exits Node from kill(), never settles ready() when the helper
// dies, sends an action name the helper ignores, and leaves the helper's stderr unread (a full
// pipe blocks it). Here the packaged binary is made executable, stderr is drained, clicks are
// de-duplicated, items are sent as fresh objects by id, and a dying helper is restarted.
//
// The helper cannot add or remove items after start, while the menu model grows and shrinks (a
// login adds its lines, a check its result). That limit stays here: the helper is started with a
// slot tree shaped like the model plus hidden spare slots at every level; a model that fits the
// slots is written into them (unused ones hidden), one that does not starts a new helper.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { Tray } from '../ports.ts'
import type { MenuAction, MenuItem, MenuModel } from '../tray/menu.ts'
import { iconFile } from '../tray/icons.ts'
import { executableHelper, explainFailure, preflight, sweepIconLeftovers } from './tray-helper-setup.ts'

export interface TrayHelperOptions {
  platform: NodeJS.Platform
  env: Readonly<Record<string, string | undefined>>
  assetsDir: string
  /** The helper binary; default: systray2's packaged one (made executable first). */
  binPath?: string
  /** Where to copy the binary when its packaged copy cannot be made executable. */
  cacheDir: string
  log(message: string): void
  /** The helper cannot run (or keeps dying): a message that names the fix. The app goes on without it. */
  onUnavailable(message: string): void
  readyTimeoutMs?: number
}

interface WireItem {
  title: string
  tooltip: string
  enabled: boolean
  hidden: boolean
  __id: number
  icon?: string
  isTemplateIcon?: boolean
  items?: WireItem[]
}

const SEPARATOR = '<SEPARATOR>'
const NESTED_SEPARATOR = '────────────'
const CLICK_DEDUPE_MS = 300
const MAX_START_FAILURES = 3
const MAX_BACKOFF_MS = 60_000
/** Spare (hidden) slots after each run of plain lines and each run of submenus. */
const SPARE_PLAIN = 6
const SPARE_SUB = 2

/** One position in the helper's menu; `children` when it was started as a submenu. */
export interface Slot {
  children: Slot[] | null
}

interface Run {
  sub: boolean
  start: number
  length: number
}

/** A list as runs of plain lines and of submenus. */
function runsOf<T>(list: readonly T[], isSub: (x: T) => boolean): Run[] {
  const runs: Run[] = []
  list.forEach((x, i) => {
    const sub = isSub(x)
    const last = runs[runs.length - 1]
    if (last && last.sub === sub) last.length++
    else runs.push({ sub, start: i, length: 1 })
  })
  return runs
}

/** Past this many items, spares would multiply a huge menu: it gets none (a change starts a new helper). */
const SPARE_LIMIT = 1500

/** Slots for a model: its own shape, plus spare slots after every run (spare submenus shaped like the run's last). */
export function allocateSlots(items: readonly MenuItem[], spare = countItems(items) <= SPARE_LIMIT): Slot[] {
  const out: Slot[] = []
  for (const run of runsOf(items, (i) => i.items !== undefined)) {
    const own = items.slice(run.start, run.start + run.length)
    for (const i of own) out.push({ children: i.items ? allocateSlots(i.items, spare) : null })
    const model = own[own.length - 1]?.items
    const spares = spare ? (run.sub ? SPARE_SUB : SPARE_PLAIN) : 0
    for (let k = 0; k < spares; k++) out.push({ children: run.sub && model ? allocateSlots(model, spare) : null })
  }
  return out
}

function countItems(items: readonly MenuItem[]): number {
  return items.reduce((n, i) => n + 1 + countItems(i.items ?? []), 0)
}

/**
 * Where each model item goes in these slots (model index → slot index), or null when it does not
 * fit: runs of plain lines and of submenus are placed in order into slot runs of the same kind
 * with room for them; submenus must fit their slot's children.
 */
export function placeInSlots(items: readonly MenuItem[], slots: readonly Slot[]): number[] | null {
  const slotRuns = runsOf(slots, (s) => s.children !== null)
  const placed: number[] = []
  let r = 0
  for (const run of runsOf(items, (i) => i.items !== undefined)) {
    const fits = (sr: Run) =>
      sr.sub === run.sub &&
      sr.length >= run.length &&
      (!run.sub ||
        items.slice(run.start, run.start + run.length).every((i, k) => placeInSlots(i.items ?? [], (slots[sr.start + k] as Slot).children ?? []) !== null))
    while (r < slotRuns.length && !fits(slotRuns[r] as Run)) r++
    const sr = slotRuns[r]
    if (!sr) return null
    for (let k = 0; k < run.length; k++) placed.push(sr.start + k)
    r++
  }
  return placed
}

export function createTrayHelper(opts: TrayHelperOptions): Tray {
  const listeners: Array<(a: MenuAction) => void> = []
  let child: ChildProcessWithoutNullStreams | null = null
  let ready = false
  let disposed = false
  let gaveUp = false
  let slots: Slot[] = []
  let model: MenuModel | null = null
  /** What the helper shows now, by id: the JSON last sent, and the model item behind it. */
  let sent = new Map<number, string>()
  let byId = new Map<number, MenuItem>()
  let sentMenu = ''
  let lastClick = { id: -1, at: 0 }
  let startFailures = 0
  let backoffMs = 1000
  let restartTimer: NodeJS.Timeout | null = null
  let switching = false
  let stderrTail = ''

  const iconCache = new Map<string, string>()
  /** What the helper shows for an item; icons compare by identity (they come from one cache). */
  const iconIds = new Map<string, number>()
  function itemJson(w: WireItem): string {
    let icon = 0
    if (w.icon !== undefined) {
      icon = iconIds.get(w.icon) ?? iconIds.size + 1
      iconIds.set(w.icon, icon)
    }
    return `${w.title}\0${w.enabled}\0${w.hidden}\0${icon}`
  }
  const iconData = (name: MenuModel['icon']) => {
    let data = iconCache.get(name)
    if (data === undefined) {
      data = readFileSync(path.join(opts.assetsDir, iconFile(name, opts.platform))).toString('base64')
      iconCache.set(name, data)
    }
    return data
  }
  const icon = (m: MenuModel) => iconData(m.icon)
  // Per-item icons only where they show: macOS (Linux ignores them, Windows drops them in submenus).
  const itemIcons = opts.platform === 'darwin'
  const menuHeader = (m: MenuModel) => ({
    icon: icon(m),
    // Some Linux hosts print the title as a label beside the icon: keep it for macOS only.
    title: opts.platform === 'darwin' ? m.title : '',
    tooltip: m.tooltip,
    isTemplateIcon: opts.platform === 'darwin',
  })

  /**
   * Fresh wire objects each time, never `checked` (Linux appends " (√)" to the title). The helper
   * draws `<SEPARATOR>` only at the top level; inside a submenu it would show the word itself, so
   * a separator there is a disabled line.
   */
  function wireOf(i: MenuItem, id: number, nested: boolean): WireItem {
    const title = i.separator ? (nested ? NESTED_SEPARATOR : SEPARATOR) : i.title
    const w: WireItem = { title, tooltip: '', enabled: i.separator ? false : i.enabled, hidden: i.hidden, __id: id }
    if (itemIcons && i.icon) {
      w.icon = iconData(i.icon)
      w.isTemplateIcon = true
    }
    return w
  }

  /** The model written into the slot tree, ids in pre-order from 1; unused slots hidden. */
  function toWire(
    items: readonly MenuItem[] | undefined,
    level: readonly Slot[],
    counter: { id: number },
    ids: Map<number, MenuItem>,
    nested = false,
  ): WireItem[] {
    const bySlot = new Map<number, MenuItem>()
    placeInSlots(items ?? [], level)?.forEach((slot, n) => bySlot.set(slot, (items as readonly MenuItem[])[n] as MenuItem))
    return level.map((slot, n) => {
      const id = counter.id++
      const i = bySlot.get(n)
      if (i) ids.set(id, i)
      const w = i ? wireOf(i, id, nested) : { title: '', tooltip: '', enabled: false, hidden: true, __id: id }
      if (slot.children) w.items = toWire(i?.items, slot.children, counter, ids, true)
      return w
    })
  }

  function write(message: unknown): void {
    if (!child || !ready) return
    // One JSON object per line; a blank line would make the helper exit.
    child.stdin.write(JSON.stringify(message) + '\n')
  }

  function sendAll(m: MenuModel): void {
    const ids = new Map<number, MenuItem>()
    const items = toWire(m.items, slots, { id: 1 }, ids)
    byId = ids
    sent = new Map()
    const walk = (ws: WireItem[]) => ws.forEach((w) => (sent.set(w.__id, itemJson(w)), w.items && walk(w.items)))
    walk(items)
    const header = menuHeader(m)
    sentMenu = JSON.stringify(header)
    write({ ...header, items })
  }

  /** The model fits the helper's slots: send only the items whose text, state or icon changed. */
  function sendChanges(m: MenuModel): void {
    const out: string[] = []
    const ids = new Map<number, MenuItem>()
    const walk = (ws: WireItem[]) =>
      ws.forEach((w) => {
        const json = itemJson(w)
        if (sent.get(w.__id) !== json) {
          sent.set(w.__id, json)
          // seq_id -1: the helper looks the item up by __id (our own ids only: an unknown one
          // would update item 0). Children travel separately, by their own ids.
          const item: WireItem = { ...w }
          delete item.items
          out.push(JSON.stringify({ type: 'update-item', item, seq_id: -1 }))
        }
        if (w.items) walk(w.items)
      })
    walk(toWire(m.items, slots, { id: 1 }, ids))
    byId = ids
    const header = menuHeader(m)
    const headerJson = JSON.stringify(header)
    if (headerJson !== sentMenu) {
      sentMenu = headerJson
      out.push(JSON.stringify({ type: 'update-menu', menu: { ...header, items: [] } }))
    }
    // One write for the whole batch (a minute's "time left" texts are a few hundred lines).
    if (out.length > 0 && child && ready) child.stdin.write(out.join('\n') + '\n')
  }

  function onLine(line: string): void {
    let msg: { type?: string; __id?: number }
    try {
      msg = JSON.parse(line) as typeof msg
    } catch {
      opts.log(`tray helper: ${line}`)
      return
    }
    if (msg.type === 'ready') {
      ready = true
      startFailures = 0
      if (model) sendAll(model)
      return
    }
    if (msg.type !== 'clicked' || typeof msg.__id !== 'number') return
    const now = Date.now()
    // XEmbed hosts deliver a submenu child's click twice.
    if (msg.__id === lastClick.id && now - lastClick.at < CLICK_DEDUPE_MS) return
    lastClick = { id: msg.__id, at: now }
    const item = byId.get(msg.__id)
    // Hovering a parent emits a click on some hosts; disabled lines are information.
    if (!item || item.items || !item.enabled || item.hidden || !item.action) return
    for (const l of listeners) l(item.action)
  }

  let swept = false
  function start(): void {
    if (disposed || gaveUp || !model) return
    if (!swept) {
      swept = true
      sweepIconLeftovers(opts)
    }
    const problem = preflight(opts)
    if (problem) return giveUp(problem)
    let bin: string
    try {
      bin = opts.binPath ?? executableHelper(opts)
    } catch (error) {
      return giveUp(`the tray helper cannot be made executable: ${(error as Error).message}`)
    }
    ready = false
    stderrTail = ''
    slots = allocateSlots(model.items)
    const c = spawn(bin, [], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, env: { ...opts.env, NO_AT_BRIDGE: '1' } })
    child = c
    const startedAt = Date.now()
    c.stderr.setEncoding('utf8')
    c.stderr.on('data', (d: string) => {
      stderrTail = (stderrTail + d).slice(-2000)
      opts.log(`tray helper stderr: ${d.trimEnd()}`)
    })
    c.stdin.on('error', () => undefined) // EPIPE after the helper died: the exit handler reports it
    createInterface({ input: c.stdout }).on('line', onLine)
    const timer = setTimeout(() => {
      if (!ready && child === c) {
        opts.log('tray helper did not start in time')
        c.kill()
      }
    }, opts.readyTimeoutMs ?? 10_000)
    c.on('error', (e) => {
      clearTimeout(timer)
      if (child === c) {
        child = null
        giveUp(`the tray helper cannot start: ${e.message}`)
      }
    })
    c.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (child !== c) return
      child = null
      const wasReady = ready
      ready = false
      if (disposed) return
      opts.log(`tray helper exited (${signal ?? code})`)
      if (!wasReady && ++startFailures >= MAX_START_FAILURES) return giveUp(explainFailure(code, stderrTail))
      // Healthy for a while: start over from a short delay.
      if (Date.now() - startedAt > MAX_BACKOFF_MS) backoffMs = 1000
      restartTimer = setTimeout(() => {
        restartTimer = null
        start()
      }, backoffMs)
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS)
    })
  }

  function giveUp(message: string): void {
    gaveUp = true
    opts.onUnavailable(message)
  }

  function stopChild(): Promise<void> {
    const c = child
    if (!c) return Promise.resolve()
    child = null
    return new Promise((resolve) => {
      const kill = setTimeout(() => c.kill('SIGKILL'), 2000)
      c.once('exit', () => {
        clearTimeout(kill)
        resolve()
      })
      if (ready) c.stdin.write(JSON.stringify({ type: 'exit' }) + '\n')
      c.stdin.end() // the helper also exits on stdin EOF
      ready = false
    })
  }

  return {
    render(m) {
      model = m
      if (gaveUp || disposed || switching) return
      if (!child) {
        if (!restartTimer) start()
        return
      }
      if (placeInSlots(m.items, slots) === null) {
        // The helper cannot add items: start a new one with slots for the new (latest) model.
        switching = true
        void stopChild().then(() => {
          switching = false
          start()
        })
        return
      }
      if (ready) sendChanges(m)
    },
    onAction(listener) {
      listeners.push(listener)
    },
    async dispose() {
      disposed = true
      if (restartTimer) clearTimeout(restartTimer)
      await stopChild()
    },
  }
}
