// A tray that starts as systray2's helper and moves to the native item when a
// StatusNotifierWatcher appears later on the bus (a panel started after us). The app sees one Tray.

import type { Tray } from '../../ports.ts'
import type { Message, SessionBus } from './bus.ts'
import { WATCHER } from './status-notifier-item.ts'
import type { Action as MenuAction, Model as MenuModel } from './tray-types.ts'

export async function switchWhenWatcherAppears(bus: SessionBus, first: Tray, next: () => Promise<Tray>, log: (m: string) => void): Promise<Tray> {
  const listeners: Array<(a: MenuAction) => void> = []
  const forward = (a: MenuAction) => {
    for (const l of listeners) l(a)
  }
  let current = first
  let model: MenuModel | null = null
  let disposed = false
  let switching = false
  first.onAction(forward)
  const unwatch = await bus.onSignal(
    { sender: 'org.freedesktop.DBus', interface: 'org.freedesktop.DBus', member: 'NameOwnerChanged', arg0: WATCHER },
    (m: Message) => {
      if (disposed || switching || typeof m.body[2] !== 'string' || m.body[2] === '') return
      switching = true
      unwatch()
      log('tray: a StatusNotifierWatcher appeared: moving to the native tray item')
      next()
        .then(async (native) => {
          if (disposed) return native.dispose()
          native.onAction(forward)
          const old = current
          current = native
          if (model) native.render(model)
          await old.dispose()
        })
        .catch((e: unknown) => log(`tray: cannot start the native item, keeping the helper: ${e instanceof Error ? e.message : String(e)}`))
    },
  )
  return {
    render(m) {
      model = m
      current.render(m)
    },
    onAction(listener) {
      listeners.push(listener)
    },
    async dispose() {
      disposed = true
      unwatch()
      await current.dispose()
    },
  }
}
