// Which tray and notifier backends this desktop supports, and why. Linux with a session bus and
// a StatusNotifierWatcher: the native item (dbus/status-notifier-item.ts); without a watcher
// (XEmbed trays: trayer, stalonetray, i3bar), macOS and Windows: systray2's helper. Notifications
// over D-Bus whenever org.freedesktop.Notifications answers.

import { connectSessionBus, sessionBusAddress, type SessionBus } from './bus.ts'
import { NOTIFICATIONS } from './notifications.ts'
import { WATCHER } from './status-notifier-item.ts'

export interface Desktop {
  platform: NodeJS.Platform
  bus: SessionBus | null
  /** A StatusNotifierWatcher owns its name now. */
  watcher: boolean
  notifications: boolean
  /** One line for the log and `doctor`: what was found. */
  reason: string
}

export async function probeDesktop(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): Promise<Desktop> {
  if (platform !== 'linux') return { platform, bus: null, watcher: false, notifications: false, reason: `${platform}: no session bus tray` }
  if (env.AWS_SSO_TRAY_BACKEND === 'helper') return { platform, bus: null, watcher: false, notifications: false, reason: 'AWS_SSO_TRAY_BACKEND=helper' }
  const address = sessionBusAddress(env)
  if (!address) return { platform, bus: null, watcher: false, notifications: false, reason: 'no session bus (DBUS_SESSION_BUS_ADDRESS is not set)' }
  let bus: SessionBus
  try {
    bus = await connectSessionBus(address)
  } catch (e) {
    return { platform, bus: null, watcher: false, notifications: false, reason: e instanceof Error ? e.message : String(e) }
  }
  const [watcher, notifications] = await Promise.all([bus.nameHasOwner(WATCHER).catch(() => false), bus.nameAvailable(NOTIFICATIONS).catch(() => false)])
  const reason = `session bus: ${watcher ? 'a StatusNotifierWatcher runs' : `no ${WATCHER} (an XEmbed tray or none)`}, ${notifications ? 'a notification server answers' : 'no notification server'}`
  return { platform, bus, watcher, notifications, reason }
}
