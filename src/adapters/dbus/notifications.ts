// Desktop notifications straight over org.freedesktop.Notifications, on the tray's own bus
// connection: buttons (ActionInvoked), a notice replaced in place (replaces_id) instead of a
// second one on screen, close by id, and no dependence on the installed notify-send's version.

import type { NoticeHandle, Notifier, NotifyRequest } from '../../ports.ts'
import type { Message, SessionBus } from './bus.ts'

export const NOTIFICATIONS = 'org.freedesktop.Notifications'
const PATH = '/org/freedesktop/Notifications'
const URGENCY = { low: 0, normal: 1, critical: 2 } as const

interface Shown {
  token: object
  request: NotifyRequest
  onAction: (id: string) => void
}

export interface DbusNotifier extends Notifier {
  readonly capabilities: readonly string[]
}

/** The D-Bus fields of a notice: pure, so the rules (markup, buttons, no-actions text) are testable. */
export function noticeFields(n: NotifyRequest, capabilities: readonly string[]): { body: string; actions: string[]; hints: { urgency: number } } {
  let body = n.body
  const actions: string[] = []
  if (capabilities.includes('actions')) {
    // The first button is also the default: a click on the notice's body.
    n.buttons.forEach((b, i) => actions.push(i === 0 ? 'default' : b.id, b.label))
  } else if (n.buttons.length > 0) {
    body += `\n(No buttons here: the tray menu has ${n.buttons.map((b) => `"${b.label}"`).join(', ')}.)`
  }
  // Servers with body-markup read the body as markup: a profile named "<b>x" must show as typed.
  if (capabilities.includes('body-markup')) body = escapeMarkup(body)
  return { body, actions, hints: { urgency: URGENCY[n.urgency] } }
}

export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export async function createDbusNotifier(sb: SessionBus, log: (m: string) => void): Promise<DbusNotifier> {
  const { Variant } = sb.dbus
  const call = (member: string, signature = '', body: unknown[] = []) => sb.call(NOTIFICATIONS, PATH, NOTIFICATIONS, member, signature, body)
  const [caps] = await call('GetCapabilities')
  const capabilities = Array.isArray(caps) ? caps.filter((c): c is string => typeof c === 'string') : []
  /** What is on screen now, by the server's id. */
  const shown = new Map<number, Shown>()
  /** The latest notice for each replaceKey: its id once the server answered. */
  const keyed = new Map<string, Promise<number | null>>()
  let disposed = false

  const unsubscribe = await Promise.all([
    sb.onSignal({ interface: NOTIFICATIONS, member: 'ActionInvoked', path: PATH }, (m: Message) => {
      const [id, key] = m.body as [number, string]
      const s = shown.get(id)
      if (!s) return // another application's notice
      const button = key === 'default' ? s.request.buttons[0] : s.request.buttons.find((b) => b.id === key)
      if (button) s.onAction(button.id)
    }),
    sb.onSignal({ interface: NOTIFICATIONS, member: 'NotificationClosed', path: PATH }, (m: Message) => {
      shown.delete(m.body[0] as number)
    }),
  ])

  const close = (id: number) => {
    shown.delete(id)
    call('CloseNotification', 'u', [id]).catch(() => undefined) // already gone
  }

  return {
    capabilities,
    notify(n, onAction): NoticeHandle {
      const token = {}
      const { body, actions, hints } = noticeFields(n, capabilities)
      const previous = n.replaceKey !== undefined ? keyed.get(n.replaceKey) : undefined
      const sent: Promise<number | null> = (previous ?? Promise.resolve(null))
        .then(async (prevId) => {
          // Same key: reuse the id of the notice still on screen, so the server replaces it in place.
          const replaces = prevId !== null && shown.has(prevId) ? prevId : 0
          const [id] = await call('Notify', 'susssasa{sv}i', [
            'aws-sso-tray',
            replaces,
            n.iconPath ?? '',
            n.title,
            body,
            actions,
            { urgency: new Variant('y', hints.urgency) },
            -1,
          ])
          if (typeof id !== 'number') return null
          if (disposed) {
            close(id)
            return null
          }
          shown.set(id, { token, request: n, onAction })
          return id
        })
        .catch((e: unknown) => {
          log(`notification failed: ${e instanceof Error ? e.message : String(e)}`)
          return null
        })
      if (n.replaceKey !== undefined) keyed.set(n.replaceKey, sent)
      return {
        close() {
          void sent.then((id) => {
            // Only if it is still this notice (a replacement took over the id otherwise).
            if (id !== null && shown.get(id)?.token === token) close(id)
          })
        },
      }
    },
    dispose() {
      disposed = true
      for (const id of [...shown.keys()]) close(id)
      for (const u of unsubscribe) u()
    },
  }
}
