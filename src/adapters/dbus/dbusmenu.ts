// com.canonical.dbusmenu (libdbusmenu's protocol, version 3): the tray menu as an object on the
// bus that hosts read with GetLayout and click with Event. The layout and its diffs come from
// menu-layout.ts; this file only speaks the protocol.

import type { Message, SessionBus } from './bus.ts'
import type { LayoutNode, MenuChanges, MenuLayout, Props } from './menu-layout.ts'
import type { Item } from './tray-types.ts'
import { message, variant, Writer } from './wire.ts'

export const MENU_PATH = '/MenuBar'
const IFACE = 'com.canonical.dbusmenu'

type Variant = InstanceType<SessionBus['dbus']['Variant']>
type WireNode = [number, Record<string, Variant>, Variant[]]

export interface ExportedMenu {
  /** Sends what changed since the last render (LayoutUpdated and/or ItemsPropertiesUpdated). */
  publish(changes: MenuChanges): void
  dispose(): void
}

export function exportMenu(sb: SessionBus, layout: MenuLayout, onClick: (item: Item) => void, log: (m: string) => void): ExportedMenu {
  const { Variant, DBusError } = sb.dbus
  const Interface = sb.dbus.interface.Interface
  // Each node's properties as variants, rebuilt only when they change (GetLayout of a 1,000
  // profile menu touches ~11,000 of them).
  const wireProps = new Map<number, { sig: string; all: Record<string, Variant> }>()
  const propsOf = (n: LayoutNode, names: readonly string[]): Record<string, Variant> => {
    let cached = wireProps.get(n.id)
    if (!cached || cached.sig !== n.sig) {
      const all: Record<string, Variant> = {}
      for (const [k, v] of Object.entries(n.props)) all[k] = variantOf(v)
      cached = { sig: n.sig, all }
      wireProps.set(n.id, cached)
    }
    if (names.length === 0) return cached.all
    const some: Record<string, Variant> = {}
    for (const k of names) if (k in cached.all) some[k] = cached.all[k] as Variant
    return some
  }
  const variantOf = (v: Props[string]) => new Variant(typeof v === 'boolean' ? 'b' : 's', v)
  const node = (id: number, depth: number, names: readonly string[]): WireNode => {
    const n = layout.nodes.get(id)
    if (!n) throw new DBusError('com.canonical.dbusmenu.Error.UnknownId', `no menu item ${id}`)
    const children = depth === 0 ? [] : n.children.map((c) => new Variant('(ia{sv}av)', node(c, depth - 1, names)))
    return [id, propsOf(n, names), children]
  }
  /** GetLayout's node `(ia{sv}av)`, written straight into the reply (see wire.ts for why). */
  const writeNode = (w: Writer, id: number, depth: number, names: readonly string[]) => {
    const n = layout.nodes.get(id)
    if (!n) return
    w.align(8)
    w.i32(id)
    w.array(8, () => {
      for (const [k, v] of Object.entries(n.props)) {
        if (names.length > 0 && !names.includes(k)) continue
        w.align(8)
        w.string(k)
        if (typeof v === 'boolean') {
          w.signature('b')
          w.u32(v ? 1 : 0)
        } else {
          w.signature('s')
          w.string(v)
        }
      }
    })
    w.array(1, () => {
      if (depth === 0) return
      for (const c of n.children) {
        w.signature('(ia{sv}av)')
        writeNode(w, c, depth - 1, names)
      }
    })
  }
  // Runs before dbus-next's own dispatch; anything it does not take (an unknown id) goes on to
  // the interface below, which answers with the proper error.
  const fastGetLayout = (msg: Message) => {
    if (msg.path !== MENU_PATH || msg.interface !== IFACE || msg.member !== 'GetLayout' || msg.signature !== 'iias') return false
    const [parentId, depth, names] = msg.body as [number, number, string[]]
    if (!layout.nodes.has(parentId)) return false
    return sb.sendRaw((serial) =>
      message({ type: 'return', serial, replySerial: msg.serial ?? 0, destination: msg.sender }, 'u(ia{sv}av)', layoutBody(parentId, depth, names)),
    )
  }
  sb.bus.addMethodHandler(fastGetLayout)

  // Hosts read the whole menu (GetLayout 0, -1, all properties) after each LayoutUpdated, and
  // several may ask at once: its bytes are kept until the menu changes, and made right after a
  // new layout (off the request's path; this also compiles the writer before the first host asks).
  let whole: Buffer | null = null
  let prepare: NodeJS.Immediate | null = null
  const layoutBody = (parentId: number, depth: number, names: readonly string[]): Buffer => {
    const full = parentId === 0 && depth < 0 && names.length === 0
    if (full && whole) return whole
    const w = new Writer()
    w.u32(layout.revision)
    writeNode(w, parentId, depth, names)
    const bytes = Buffer.from(w.bytes())
    if (full) whole = bytes
    return bytes
  }
  const changed = (layoutChanged: boolean) => {
    whole = null
    // Only a new layout is read whole again; property updates hosts apply themselves (so an idle
    // minute's texts cost no rebuild unless someone asks).
    if (!layoutChanged) return
    if (prepare) clearImmediate(prepare)
    prepare = setImmediate(() => {
      prepare = null
      if (!whole) layoutBody(0, -1, [])
    })
    prepare.unref()
  }

  const click = (id: number, eventId: string): boolean => {
    if (!layout.nodes.has(id)) return false
    if (eventId !== 'clicked') return true
    const item = layout.clickable(id)
    if (item) onClick(item)
    return true
  }

  class DBusMenu extends Interface {
    get Version() {
      return 3
    }
    get TextDirection() {
      return 'ltr'
    }
    get Status() {
      return 'normal'
    }
    get IconThemePath() {
      return [] as string[]
    }
    GetLayout(parentId: number, recursionDepth: number, propertyNames: string[]) {
      return [layout.revision, node(parentId, recursionDepth, propertyNames)]
    }
    GetGroupProperties(ids: number[], propertyNames: string[]) {
      const wanted = ids.length > 0 ? ids : [...layout.nodes.keys()]
      return wanted.flatMap((id) => {
        const n = layout.nodes.get(id)
        return n ? [[id, propsOf(n, propertyNames)]] : []
      })
    }
    GetProperty(id: number, name: string) {
      const n = layout.nodes.get(id)
      const value = n?.props[name]
      if (!n || value === undefined) throw new DBusError('com.canonical.dbusmenu.Error.UnknownProperty', `menu item ${id} has no ${name}`)
      return variantOf(value)
    }
    Event(id: number, eventId: string) {
      click(id, eventId)
    }
    EventGroup(events: Array<[number, string, Variant, number]>) {
      const errors = events.filter(([id, eventId]) => !click(id, eventId)).map(([id]) => id)
      if (errors.length === events.length && events.length > 0) throw new DBusError('com.canonical.dbusmenu.Error.UnknownId', 'no such menu items')
      return errors
    }
    AboutToShow() {
      // The layout is always current: nothing to fetch before the menu opens.
      return false
    }
    AboutToShowGroup(ids: number[]) {
      return [[], ids.filter((id) => !layout.nodes.has(id))]
    }
    LayoutUpdated(revision: number, parent: number) {
      return [revision, parent]
    }
    ItemsPropertiesUpdated(updated: unknown[], removed: unknown[]) {
      return [updated, removed]
    }
    ItemActivationRequested(id: number, timestamp: number) {
      return [id, timestamp]
    }
  }
  DBusMenu.configureMembers({
    properties: {
      Version: { signature: 'u', access: 'read' },
      TextDirection: { signature: 's', access: 'read' },
      Status: { signature: 's', access: 'read' },
      IconThemePath: { signature: 'as', access: 'read' },
    },
    methods: {
      GetLayout: { inSignature: 'iias', outSignature: 'u(ia{sv}av)' },
      GetGroupProperties: { inSignature: 'aias', outSignature: 'a(ia{sv})' },
      GetProperty: { inSignature: 'is', outSignature: 'v' },
      Event: { inSignature: 'isvu', outSignature: '' },
      EventGroup: { inSignature: 'a(isvu)', outSignature: 'ai' },
      AboutToShow: { inSignature: 'i', outSignature: 'b' },
      AboutToShowGroup: { inSignature: 'ai', outSignature: 'aiai' },
    },
    signals: {
      LayoutUpdated: { signature: 'ui' },
      ItemsPropertiesUpdated: { signature: 'a(ia{sv})a(ias)' },
      ItemActivationRequested: { signature: 'iu' },
    },
  })
  const iface = new DBusMenu(IFACE)
  sb.bus.export(MENU_PATH, iface)

  return {
    publish(changes) {
      if (changes.layout || changes.updated.length > 0 || changes.removed.length > 0) changed(changes.layout !== null)
      try {
        if (changes.updated.length > 0 || changes.removed.length > 0) {
          // A minute's texts at 1,000 profiles are 1,000 labels: written directly, like GetLayout.
          const updated = changes.updated.map(([id, p]) => [
            id,
            Object.fromEntries(Object.entries(p).map(([k, v]) => [k, variant(typeof v === 'boolean' ? 'b' : 's', v)])),
          ])
          const sent = sb.sendRaw((serial) =>
            message({ type: 'signal', serial, path: MENU_PATH, iface: IFACE, member: 'ItemsPropertiesUpdated' }, 'a(ia{sv})a(ias)', (w) => {
              w.value('a(ia{sv})', updated)
              w.value('a(ias)', changes.removed)
            }),
          )
          if (!sent)
            iface.ItemsPropertiesUpdated(
              changes.updated.map(([id, p]) => [id, Object.fromEntries(Object.entries(p).map(([k, v]) => [k, variantOf(v)]))]),
              changes.removed,
            )
        }
        if (changes.layout) iface.LayoutUpdated(changes.layout.revision, changes.layout.parent)
      } catch (e) {
        log(`tray menu: cannot send an update: ${e instanceof Error ? e.message : String(e)}`)
      }
    },
    dispose() {
      if (prepare) clearImmediate(prepare)
      sb.bus.removeMethodHandler(fastGetLayout)
      try {
        sb.bus.unexport(MENU_PATH, iface)
      } catch {
        // the connection is gone already
      }
    },
  }
}
