// The native Linux tray: an org.kde.StatusNotifierItem with a com.canonical.dbusmenu menu, served
// from our own process over the session bus. No helper process, no GTK: the menu can grow and
// shrink in place (a new profile is a LayoutUpdated, not a restart), the icon is ours (IconPixmap),
// and hosts get a tooltip, a status and Activate (left click).

import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Tray } from '../../ports.ts'
import type { Message, SessionBus } from './bus.ts'
import { exportMenu, MENU_PATH } from './dbusmenu.ts'
import { escapeMarkup } from './notifications.ts'
import { MenuLayout } from './menu-layout.ts'
import { pixmapsOf, type Pixmap } from './pixmap.ts'
import { activateOf, type Action, type Icon, type Model } from './tray-types.ts'

export const ITEM_PATH = '/StatusNotifierItem'
export const WATCHER = 'org.kde.StatusNotifierWatcher'
const IFACE = 'org.kde.StatusNotifierItem'

export interface NativeTrayOptions {
  bus: SessionBus
  assetsDir: string
  log: (message: string) => void
  /** Tests: the bytes of an icon's PNG (default: assets/<name>.png). */
  readIcon?(name: Icon): Uint8Array
}

export interface NativeTray extends Tray {
  /** The well-known name the item is registered under. */
  readonly serviceName: string
}

let instances = 0

/** Exports the item and its menu, owns a name and registers with the watcher (again when it restarts). */
export async function createNativeTray(opts: NativeTrayOptions): Promise<NativeTray> {
  const sb = opts.bus
  const log = opts.log
  const Interface = sb.dbus.interface.Interface
  const serviceName = `org.kde.StatusNotifierItem-${process.pid}-${++instances}`
  const listeners: Array<(a: Action) => void> = []
  const emit = (a: Action) => {
    for (const l of listeners) l(a)
  }
  const layout = new MenuLayout()
  let model: Model | null = null
  let disposed = false

  const pixmaps = new Map<Icon, Array<[number, number, Buffer]>>()
  const read = (name: Icon) => (opts.readIcon ? opts.readIcon(name) : readFileSync(path.join(opts.assetsDir, `${name}.png`)))
  const pixmapOf = (name: Icon) => {
    let p = pixmaps.get(name)
    if (!p) {
      try {
        p = pixmapsOf(read(name)).map((m: Pixmap) => [m.width, m.height, m.argb])
      } catch (e) {
        log(`tray icon ${name}: ${e instanceof Error ? e.message : String(e)}`)
        p = []
      }
      pixmaps.set(name, p)
    }
    return p
  }
  const statusOf = (m: Model | null) => (m && (m.icon === 'login' || m.icon === 'error') ? 'NeedsAttention' : 'Active')

  class StatusNotifierItem extends Interface {
    get Category() {
      return 'ApplicationStatus'
    }
    get Id() {
      return 'aws-sso-tray'
    }
    get Title() {
      return 'AWS SSO'
    }
    get Status() {
      return statusOf(model)
    }
    get WindowId() {
      return 0
    }
    get Icon() {
      return ''
    }
    get IconThemePath() {
      return ''
    }
    get IconPixmap() {
      return pixmapOf(model?.icon ?? 'none')
    }
    get OverlayIcon() {
      return ''
    }
    get OverlayIconPixmap() {
      return []
    }
    get AttentionIcon() {
      return ''
    }
    get AttentionIconPixmap() {
      return []
    }
    get AttentionMovieName() {
      return ''
    }
    get ToolTip() {
      // Hosts may read the description as a subset of HTML (the spec allows it): profile names
      // are user text, so it is escaped.
      // The title already says AWS SSO: a model text that starts with it would say it twice.
      return ['', [], 'AWS SSO', escapeMarkup((model?.tooltip ?? '').replace(/^AWS SSO: /, ''))]
    }
    get ItemIsMenu() {
      // Without an activate action a left click should open the menu, as on hosts without Activate.
      return model !== null && activateOf(model) === undefined
    }
    get Menu() {
      return MENU_PATH
    }
    Activate() {
      emit(activateOf(model) ?? { type: 'refresh' })
    }
    SecondaryActivate() {
      // A middle click: nothing of its own (the menu has every action).
    }
    Scroll() {
      // Scrolling over the icon means nothing here.
    }
    ContextMenu() {
      // Hosts show the menu themselves from `Menu`.
    }
    NewTitle() {
      return undefined
    }
    NewIcon() {
      return undefined
    }
    NewToolTip() {
      return undefined
    }
    NewStatus(status: string) {
      return status
    }
  }
  const read_ = { access: 'read' as const }
  StatusNotifierItem.configureMembers({
    properties: {
      Category: { signature: 's', ...read_ },
      Id: { signature: 's', ...read_ },
      Title: { signature: 's', ...read_ },
      Status: { signature: 's', ...read_ },
      WindowId: { signature: 'i', ...read_ },
      Icon: { signature: 's', ...read_ },
      IconThemePath: { signature: 's', ...read_ },
      IconPixmap: { signature: 'a(iiay)', ...read_ },
      OverlayIcon: { signature: 's', ...read_ },
      OverlayIconPixmap: { signature: 'a(iiay)', ...read_ },
      AttentionIcon: { signature: 's', ...read_ },
      AttentionIconPixmap: { signature: 'a(iiay)', ...read_ },
      AttentionMovieName: { signature: 's', ...read_ },
      ToolTip: { signature: '(sa(iiay)ss)', ...read_ },
      ItemIsMenu: { signature: 'b', ...read_ },
      Menu: { signature: 'o', ...read_ },
    },
    methods: {
      Activate: { inSignature: 'ii' },
      SecondaryActivate: { inSignature: 'ii' },
      Scroll: { inSignature: 'is' },
      ContextMenu: { inSignature: 'ii' },
    },
    signals: {
      NewTitle: { signature: '' },
      NewIcon: { signature: '' },
      NewToolTip: { signature: '' },
      NewStatus: { signature: 's' },
    },
  })
  const item = new StatusNotifierItem(IFACE)
  const menu = exportMenu(sb, layout, (i) => i.action && emit(i.action), log)
  sb.bus.export(ITEM_PATH, item)

  let retry: NodeJS.Timeout | null = null
  const register = async (attempt = 0): Promise<void> => {
    if (retry) clearTimeout(retry)
    retry = null
    try {
      await sb.call(WATCHER, '/StatusNotifierWatcher', WATCHER, 'RegisterStatusNotifierItem', 's', [serviceName])
      log(`tray: registered ${serviceName} with the StatusNotifierWatcher`)
    } catch (e) {
      // A watcher that has just taken its name may not serve its object yet: try again shortly.
      if (attempt < 5 && !disposed) {
        retry = setTimeout(() => void register(attempt + 1), 100 * 2 ** attempt)
        retry.unref()
        return
      }
      log(`tray: cannot register with the StatusNotifierWatcher: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  // A restarted watcher (a panel restart) forgets every item: register with the new one.
  const unwatch = await sb.onSignal(
    { sender: 'org.freedesktop.DBus', interface: 'org.freedesktop.DBus', member: 'NameOwnerChanged', arg0: WATCHER },
    (m: Message) => {
      const newOwner: unknown = m.body[2]
      if (!disposed && typeof newOwner === 'string' && newOwner !== '') void register()
    },
  )
  const DO_NOT_QUEUE = 4
  await sb.bus.requestName(serviceName, DO_NOT_QUEUE)
  await register()

  return {
    serviceName,
    render(m) {
      if (disposed) return
      const before = model
      model = m
      menu.publish(layout.update(m.items))
      // The item registered before its first model: a host that read it then holds the empty
      // defaults, so the first render signals whatever differs from them.
      try {
        if ((before?.icon ?? 'none') !== m.icon) item.NewIcon()
        if (statusOf(before) !== statusOf(m)) item.NewStatus(statusOf(m))
        if ((before?.tooltip ?? '') !== m.tooltip) item.NewToolTip()
      } catch (e) {
        log(`tray: cannot send an update: ${e instanceof Error ? e.message : String(e)}`)
      }
    },
    onAction(listener) {
      listeners.push(listener)
    },
    async dispose() {
      if (disposed) return
      disposed = true
      if (retry) clearTimeout(retry)
      unwatch()
      menu.dispose()
      try {
        sb.bus.unexport(ITEM_PATH, item)
        await sb.bus.releaseName(serviceName)
      } catch {
        // the connection is gone already: the watcher drops the item with it
      }
    },
  }
}
