// A small D-Bus marshaller (little-endian) for the two big messages the menu sends: the GetLayout
// reply and ItemsPropertiesUpdated. dbus-next's general marshaller needs ~1.1 s for a 1,000-profile
// layout (~11,000 items) and churns the heap; this writes the same bytes in a few milliseconds.
// Pure: values in, bytes out. Signatures are the caller's to get right (the tests decode the
// output with dbus-next and with busctl).

/** A variant value: its signature and the value. */
export interface WireVariant {
  sig: string
  value: unknown
}

export const variant = (sig: string, value: unknown): WireVariant => ({ sig, value })

const ALIGN: Record<string, number> = { y: 1, b: 4, n: 2, q: 2, i: 4, u: 4, x: 8, t: 8, d: 8, s: 4, o: 4, g: 1, v: 1, a: 4, '(': 8, '{': 8, h: 4 }

export class Writer {
  private buf = Buffer.alloc(4096)
  pos = 0

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = Buffer.alloc(size)
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }

  align(n: number): void {
    const pad = (n - (this.pos % n)) % n
    this.room(pad)
    this.buf.fill(0, this.pos, this.pos + pad)
    this.pos += pad
  }

  byte(v: number): void {
    this.room(1)
    this.buf[this.pos++] = v
  }

  u32(v: number): void {
    this.align(4)
    this.room(4)
    this.buf.writeUInt32LE(v >>> 0, this.pos)
    this.pos += 4
  }

  i32(v: number): void {
    this.align(4)
    this.room(4)
    this.buf.writeInt32LE(v | 0, this.pos)
    this.pos += 4
  }

  /** s and o: length, UTF-8 bytes, NUL. */
  string(v: string): void {
    const n = Buffer.byteLength(v)
    this.u32(n)
    this.room(n + 1)
    this.buf.write(v, this.pos)
    this.pos += n
    this.buf[this.pos++] = 0
  }

  /** g: one length byte, ASCII, NUL. */
  signature(v: string): void {
    this.room(v.length + 2)
    this.buf[this.pos++] = v.length
    this.buf.write(v, this.pos, 'latin1')
    this.pos += v.length
    this.buf[this.pos++] = 0
  }

  /** An array: length placeholder, padding to the element alignment, elements, length patched. */
  array(elementAlign: number, writeElements: () => void): void {
    this.u32(0)
    const at = this.pos - 4
    this.align(elementAlign)
    const start = this.pos
    writeElements()
    this.buf.writeUInt32LE(this.pos - start, at)
  }

  /** Any value by its (single complete) signature. */
  value(sig: string, v: unknown): void {
    writeValue(this, sig, 0, v)
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos)
  }
}

/** Splits "ia{sv}av" into its complete types ["i", "a{sv}", "av"]. */
export function splitSignature(sig: string): string[] {
  const out: string[] = []
  for (let i = 0; i < sig.length;) {
    const end = typeEnd(sig, i)
    out.push(sig.slice(i, end))
    i = end
  }
  return out
}

function typeEnd(sig: string, i: number): number {
  const c = sig[i]
  if (c === 'a') return typeEnd(sig, i + 1)
  if (c === '(' || c === '{') {
    const close = c === '(' ? ')' : '}'
    let j = i + 1
    while (sig[j] !== close) {
      if (j >= sig.length) throw new Error(`unbalanced signature ${sig}`)
      j = typeEnd(sig, j)
    }
    return j + 1
  }
  if (c === undefined || !(c in ALIGN)) throw new Error(`unsupported signature ${sig} at ${i}`)
  return i + 1
}

const split = new Map<string, string[]>()
function members(sig: string): string[] {
  let m = split.get(sig)
  if (!m) {
    m = splitSignature(sig)
    split.set(sig, m)
  }
  return m
}

function writeValue(w: Writer, sig: string, i: number, v: unknown): void {
  const c = sig[i]
  switch (c) {
    case 'y':
      return w.byte(v as number)
    case 'b':
      return w.u32(v ? 1 : 0)
    case 'i':
      return w.i32(v as number)
    case 'u':
      return w.u32(v as number)
    case 's':
    case 'o':
      return w.string(v as string)
    case 'g':
      return w.signature(v as string)
    case 'v': {
      const { sig: inner, value } = v as WireVariant
      w.signature(inner)
      return writeValue(w, inner, 0, value)
    }
    case 'a': {
      const element = sig.slice(i + 1, typeEnd(sig, i + 1))
      const elementAlign = ALIGN[element[0] as string] ?? 1
      if (element[0] === '{') {
        const [k, val] = members(element.slice(1, -1)) as [string, string]
        return w.array(8, () => {
          for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
            w.align(8)
            writeValue(w, k, 0, key)
            writeValue(w, val, 0, value)
          }
        })
      }
      return w.array(elementAlign, () => {
        for (const e of v as unknown[]) writeValue(w, element, 0, e)
      })
    }
    case '(': {
      w.align(8)
      const fields = members(sig.slice(i + 1, typeEnd(sig, i) - 1))
      const values = v as unknown[]
      fields.forEach((f, n) => writeValue(w, f, 0, values[n]))
      return
    }
    default:
      throw new Error(`cannot write signature ${sig}`)
  }
}

export interface WireHeader {
  type: 'return' | 'signal'
  serial: number
  /** Method returns. */
  replySerial?: number
  destination?: string
  /** Signals. */
  path?: string
  iface?: string
  member?: string
}

/** A whole message: the fixed header, its fields, padding to 8, then the body (bytes, or written by `body`). */
export function message(h: WireHeader, signature: string, body: ((w: Writer) => void) | Buffer): Buffer {
  let bodyBytes: Buffer
  if (Buffer.isBuffer(body)) bodyBytes = body
  else {
    const b = new Writer()
    body(b)
    bodyBytes = b.bytes()
  }
  const w = new Writer()
  w.byte(0x6c) // 'l': little-endian
  w.byte(h.type === 'return' ? 2 : 4)
  w.byte(0x01) // NO_REPLY_EXPECTED for returns and signals alike
  w.byte(1) // protocol version
  w.u32(bodyBytes.length)
  w.u32(h.serial)
  const fields: Array<[number, string, unknown]> = []
  if (h.path !== undefined) fields.push([1, 'o', h.path])
  if (h.iface !== undefined) fields.push([2, 's', h.iface])
  if (h.member !== undefined) fields.push([3, 's', h.member])
  if (h.replySerial !== undefined) fields.push([5, 'u', h.replySerial])
  if (h.destination !== undefined) fields.push([6, 's', h.destination])
  if (signature) fields.push([8, 'g', signature])
  w.array(8, () => {
    for (const [code, sig, value] of fields) {
      w.align(8)
      w.byte(code)
      w.signature(sig)
      writeValue(w, sig, 0, value)
    }
  })
  w.align(8)
  return Buffer.concat([w.bytes(), bodyBytes])
}
