// Our PNG icons as StatusNotifierItem pixmaps: `a(iiay)`, each ARGB32 in network byte order
// (A, R, G, B per pixel). Hosts pick the size closest to their panel, so a few are offered. Pure,
// except for zlib; no image library (the icons are small 8-bit RGBA PNGs we draw ourselves).

import { inflateSync } from 'node:zlib'

export interface Rgba {
  width: number
  height: number
  /** width * height * 4 bytes, R G B A, not premultiplied. */
  data: Uint8Array
}

export interface Pixmap {
  width: number
  height: number
  /** width * height * 4 bytes, A R G B. */
  argb: Buffer
}

export const PIXMAP_SIZES = [16, 22, 24, 32, 48] as const

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** Decodes an 8-bit RGBA (colour type 6), non-interlaced PNG; anything else is an error naming it. */
export function decodePng(png: Uint8Array): Rgba {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength)
  if (buf.length < 8 || SIGNATURE.some((b, i) => buf[i] !== b)) throw new Error('not a PNG file')
  let width = 0
  let height = 0
  const idat: Buffer[] = []
  for (let at = 8; at + 8 <= buf.length;) {
    const length = buf.readUInt32BE(at)
    const type = buf.toString('latin1', at + 4, at + 8)
    const body = buf.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]]
      if (depth !== 8 || colour !== 6 || interlace !== 0)
        throw new Error(`unsupported PNG (bit depth ${depth}, colour type ${colour}, interlace ${interlace}): only 8-bit RGBA`)
    } else if (type === 'IDAT') idat.push(body)
    else if (type === 'IEND') break
    at += 12 + length
  }
  if (width === 0 || height === 0) throw new Error('PNG without a header')
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * 4
  if (raw.length < height * (stride + 1)) throw new Error('PNG data is truncated')
  const out = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const src = y * (stride + 1) + 1
    const row = y * stride
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? (out[row + x - 4] ?? 0) : 0
      const b = y > 0 ? (out[row - stride + x] ?? 0) : 0
      const c = x >= 4 && y > 0 ? (out[row - stride + x - 4] ?? 0) : 0
      const v = raw[src + x] ?? 0
      out[row + x] = (v + predict(filter, a, b, c)) & 0xff
    }
  }
  return { width, height, data: out }
}

function predict(filter: number | undefined, a: number, b: number, c: number): number {
  switch (filter) {
    case 0:
      return 0
    case 1:
      return a
    case 2:
      return b
    case 3:
      return (a + b) >> 1
    case 4: {
      const p = a + b - c
      const pa = Math.abs(p - a)
      const pb = Math.abs(p - b)
      const pc = Math.abs(p - c)
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
    }
    default:
      throw new Error(`bad PNG filter type ${String(filter)}`)
  }
}

/**
 * Resamples by area averaging (each target pixel averages the source area it covers), with
 * colour weighted by alpha so transparent pixels do not darken the edges. Same size: a copy.
 */
export function resize(img: Rgba, size: number): Rgba {
  const out = new Uint8Array(size * size * 4)
  const sx = img.width / size
  const sy = img.height / size
  for (let ty = 0; ty < size; ty++) {
    for (let tx = 0; tx < size; tx++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      let area = 0
      const x0 = tx * sx
      const x1 = x0 + sx
      const y0 = ty * sy
      const y1 = y0 + sy
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0)
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const w = wy * (Math.min(x + 1, x1) - Math.max(x, x0))
          const i = (y * img.width + x) * 4
          const pa = (img.data[i + 3] ?? 0) * w
          r += (img.data[i] ?? 0) * pa
          g += (img.data[i + 1] ?? 0) * pa
          b += (img.data[i + 2] ?? 0) * pa
          a += pa
          area += w
        }
      }
      const o = (ty * size + tx) * 4
      if (a > 0) {
        out[o] = Math.round(r / a)
        out[o + 1] = Math.round(g / a)
        out[o + 2] = Math.round(b / a)
      }
      out[o + 3] = Math.round(a / area)
    }
  }
  return { width: size, height: size, data: out }
}

/** RGBA → ARGB32 in network byte order (the byte order the StatusNotifierItem spec asks for). */
export function toArgb(img: Rgba): Pixmap {
  const argb = Buffer.alloc(img.width * img.height * 4)
  for (let i = 0; i < argb.length; i += 4) {
    argb[i] = img.data[i + 3] ?? 0
    argb[i + 1] = img.data[i] ?? 0
    argb[i + 2] = img.data[i + 1] ?? 0
    argb[i + 3] = img.data[i + 2] ?? 0
  }
  return { width: img.width, height: img.height, argb }
}

/** One PNG → the pixmaps at every size hosts commonly ask for. */
export function pixmapsOf(png: Uint8Array, sizes: readonly number[] = PIXMAP_SIZES): Pixmap[] {
  const img = decodePng(png)
  return sizes.map((s) => toArgb(s === img.width && s === img.height ? img : resize(img, s)))
}
