// The small marshaller, decoded by another implementation (dbus-next's unmarshaller): headers,
// alignment after odd-length strings, nested variants, dicts, UTF-8.

import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { message, splitSignature, variant, Writer } from '../../src/adapters/dbus/wire.ts'

interface Decoded {
  type: number
  serial: number
  replySerial?: number
  destination?: string
  path?: string
  interface?: string
  member?: string
  signature: string
  body: unknown[]
}
const require = createRequire(import.meta.url)
const { unmarshall: raw } = require('dbus-next/lib/message.js') as { unmarshall: (b: Buffer) => Decoded }
const { messageToJsFmt } = require('dbus-next/lib/marshall-compat.js') as { messageToJsFmt: (m: Decoded) => Decoded }
/** Decoded as dbus-next hands messages to applications (dicts as objects, variants as Variant). */
const unmarshall = (b: Buffer) => messageToJsFmt(raw(b))
/** dbus-next's Variant objects → plain {signature, value}, recursively. */
const plain = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(plain)
    : v && typeof v === 'object' && 'signature' in v && 'value' in v
      ? { sig: (v as { signature: string }).signature, value: plain((v as { value: unknown }).value) }
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
        : v

describe('wire', () => {
  it('splits signatures into complete types', () => {
    expect(splitSignature('u(ia{sv}av)')).toEqual(['u', '(ia{sv}av)'])
    expect(splitSignature('ia{sv}av')).toEqual(['i', 'a{sv}', 'av'])
    expect(() => splitSignature('(ii')).toThrow(/unbalanced/)
  })

  it('writes a method return that decodes to the same layout (nested variants, dicts, booleans, UTF-8)', () => {
    const child = (id: number, label: string, visible: boolean) =>
      variant('(ia{sv}av)', [id, { label: variant('s', label), visible: variant('b', visible) }, []])
    const root = [0, { 'children-display': variant('s', 'submenu') }, [child(1, '● dév — 7h 59m', true), child(22, 'x', false), child(3, '', true)]]
    const buf = message({ type: 'return', serial: 7, replySerial: 41, destination: ':1.5' }, 'u(ia{sv}av)', (w) => {
      w.u32(12)
      w.value('(ia{sv}av)', root)
    })
    const m = unmarshall(buf)
    expect({ type: m.type, serial: m.serial, replySerial: m.replySerial, destination: m.destination, signature: m.signature }).toEqual({
      type: 2,
      serial: 7,
      replySerial: 41,
      destination: ':1.5',
      signature: 'u(ia{sv}av)',
    })
    expect(plain(m.body)).toEqual([12, plain(root)])
  })

  it('writes a signal with arrays of structs of dicts and string arrays', () => {
    const updated = [
      [5, { label: variant('s', 'a'), enabled: variant('b', false) }],
      [123456, { label: variant('s', 'abc') }],
    ]
    const removed = [
      [5, ['visible']],
      [9, []],
    ]
    const buf = message(
      { type: 'signal', serial: 3, path: '/MenuBar', iface: 'com.canonical.dbusmenu', member: 'ItemsPropertiesUpdated' },
      'a(ia{sv})a(ias)',
      (w) => {
        w.value('a(ia{sv})', updated)
        w.value('a(ias)', removed)
      },
    )
    const m = unmarshall(buf)
    expect({ type: m.type, path: m.path, interface: m.interface, member: m.member, replySerial: m.replySerial }).toEqual({
      type: 4,
      path: '/MenuBar',
      interface: 'com.canonical.dbusmenu',
      member: 'ItemsPropertiesUpdated',
      replySerial: undefined,
    })
    expect(plain(m.body)).toEqual([plain(updated), removed])
  })

  it('pads to each type’s alignment, and an empty array still pads to its element alignment', () => {
    const w = new Writer()
    w.byte(1)
    w.value('a(ii)', [])
    // 1 byte, 3 padding, length 0, then padding to 8 for the (absent) first struct.
    expect([...w.bytes()]).toEqual([1, 0, 0, 0, 0, 0, 0, 0])
  })

  it('takes a body already written (kept layout bytes) the same as one written in place', () => {
    const write = (w: Writer) => w.value('(ia{sv}av)', [7, { label: variant('s', 'x') }, []])
    const body = new Writer()
    body.u32(3)
    write(body)
    const header = { type: 'return' as const, serial: 9, replySerial: 2, destination: ':1.1' }
    const inPlace = message(header, 'u(ia{sv}av)', (w) => (w.u32(3), write(w)))
    expect(message(header, 'u(ia{sv}av)', Buffer.from(body.bytes()))).toEqual(inPlace)
    expect(unmarshall(inPlace).signature).toBe('u(ia{sv}av)')
  })
})
