// One session-bus connection for the tray item, its menu and the notifications (dbus-next: pure
// JavaScript, so nothing to compile and no native module to match Node's ABI). The library is
// required here only, on demand: `status` and `check` never load it.
//
// Calls go out as plain messages (no proxy objects): a proxy introspects first, which costs a
// round trip and an XML parse per object, and we know the signatures.

import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type * as DBus from 'dbus-next'

export type DBusModule = typeof DBus
export type MessageBus = DBus.MessageBus
export type Message = DBus.Message

export interface SessionBus {
  readonly dbus: DBusModule
  readonly bus: MessageBus
  /** Our unique name (":1.42"). */
  readonly name: string
  call(destination: string, objectPath: string, iface: string, member: string, signature?: string, body?: unknown[]): Promise<unknown[]>
  /** Subscribes to signals matching `rule` (AddMatch syntax); returns the unsubscribe. */
  onSignal(rule: Record<string, string>, listener: (msg: Message) => void): Promise<() => void>
  nameHasOwner(name: string): Promise<boolean>
  /** A name is owned now, or can be started by the bus on first call. */
  nameAvailable(name: string): Promise<boolean>
  /** Writes an already marshalled message (wire.ts) with the next serial; false: cannot. */
  sendRaw(build: (serial: number) => Buffer): boolean
  close(): void
}

/** The session bus address from the environment, or the systemd user bus socket; null: none. */
export function sessionBusAddress(env: Readonly<Record<string, string | undefined>>): string | null {
  if (env.DBUS_SESSION_BUS_ADDRESS) return env.DBUS_SESSION_BUS_ADDRESS
  const socket = env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, 'bus') : null
  return socket && existsSync(socket) ? `unix:path=${socket}` : null
}

/** Connects, or throws with a one-line reason (no bus, refused, timed out). */
export async function connectSessionBus(address: string, timeoutMs = 3000): Promise<SessionBus> {
  const dbus = loadDbus()
  const bus = dbus.sessionBus({ busAddress: address })
  let lastError = ''
  // An error after connecting (the bus went away) must not become an uncaught 'error' event.
  bus.on('error', (e: unknown) => (lastError = e instanceof Error ? e.message : String(e)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no answer from the session bus at ${address} within ${timeoutMs} ms${lastError ? ` (${lastError})` : ''}`))
    }, timeoutMs)
    bus.once('connect', () => (clearTimeout(timer), resolve()))
    bus.once(
      'error',
      (e: unknown) => (
        clearTimeout(timer),
        reject(new Error(`cannot connect to the session bus at ${address}: ${e instanceof Error ? e.message : String(e)}`))
      ),
    )
  }).catch((e: unknown) => {
    try {
      bus.disconnect()
    } catch {
      // already closed
    }
    throw e
  })
  return wrap(dbus, bus)
}

function wrap(dbus: DBusModule, bus: MessageBus): SessionBus {
  const call = async (destination: string, objectPath: string, iface: string, member: string, signature = '', body: unknown[] = []) => {
    const reply = await bus.call(new dbus.Message({ destination, path: objectPath, interface: iface, member, signature, body }))
    return (reply?.body ?? []) as unknown[]
  }
  const daemon = (member: string, signature = '', body: unknown[] = []) =>
    call('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', member, signature, body)
  const listeners = new Set<(m: Message) => void>()
  bus.on('message', (m: Message) => {
    if (m.type !== dbus.MessageType.SIGNAL) return
    for (const l of listeners) l(m)
  })
  return {
    dbus,
    bus,
    name: (bus as MessageBus & { name: string }).name,
    call,
    async onSignal(rule, listener) {
      const text = Object.entries({ type: 'signal', ...rule })
        .map(([k, v]) => `${k}='${v.replace(/'/g, '')}'`)
        .join(',')
      await daemon('AddMatch', 's', [text])
      const filter = (m: Message) => {
        if (rule.interface && m.interface !== rule.interface) return
        if (rule.member && m.member !== rule.member) return
        if (rule.path && m.path !== rule.path) return
        if (rule.arg0 !== undefined && m.body[0] !== rule.arg0) return
        listener(m)
      }
      listeners.add(filter)
      return () => {
        listeners.delete(filter)
        void daemon('RemoveMatch', 's', [text]).catch(() => undefined)
      }
    },
    async nameHasOwner(name) {
      const [owned] = await daemon('NameHasOwner', 's', [name])
      return owned === true
    },
    async nameAvailable(name) {
      const [owned] = await daemon('NameHasOwner', 's', [name])
      if (owned === true) return true
      const [activatable] = await daemon('ListActivatableNames')
      return Array.isArray(activatable) && activatable.includes(name)
    },
    sendRaw(build) {
      // dbus-next keeps its socket on a private field; 0.10.2 is pinned (and no longer changes).
      const stream = (bus as unknown as { _connection?: { stream?: RawStream } })._connection?.stream
      if (!stream?.writable) return false
      const data = build(bus.newSerial())
      if (stream.supportsUnixFd) stream.write({ data, fds: [] })
      else stream.write(data)
      return true
    },
    close() {
      listeners.clear()
      try {
        bus.disconnect()
      } catch {
        // already closed
      }
    },
  }
}

interface RawStream {
  writable: boolean
  supportsUnixFd?: boolean
  write(chunk: Buffer | { data: Buffer; fds: number[] }): boolean
}

let loaded: DBusModule | null = null
function loadDbus(): DBusModule {
  // require, not import(): dbus-next is CommonJS, and import() would run Node's ESM loader and
  // its CommonJS export scanner over it first (~60 ms at start, measured).
  loaded ??= createRequire(import.meta.url)('dbus-next') as DBusModule
  return loaded
}
