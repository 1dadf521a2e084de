// PNG → StatusNotifierItem pixmaps: decoding (every PNG filter), ARGB byte order, resampling.

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodePng, pixmapsOf, resize, toArgb, type Rgba } from '../../src/adapters/dbus/pixmap.ts'

const ASSETS = path.join(import.meta.dirname, '../../assets')

/** A minimal PNG writer (CRC left zero: the decoder does not check it) with a chosen filter per row. */
function png(img: Rgba, filters: number[]): Buffer {
  const stride = img.width * 4
  const raw = Buffer.alloc(img.height * (stride + 1))
  for (let y = 0; y < img.height; y++) {
    const f = filters[y % filters.length] ?? 0
    raw[y * (stride + 1)] = f
    for (let x = 0; x < stride; x++) {
      const cur = img.data[y * stride + x] ?? 0
      const a = x >= 4 ? (img.data[y * stride + x - 4] ?? 0) : 0
      const b = y > 0 ? (img.data[(y - 1) * stride + x] ?? 0) : 0
      const c = x >= 4 && y > 0 ? (img.data[(y - 1) * stride + x - 4] ?? 0) : 0
      const p = a + b - c
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c
      const pred = [0, a, b, (a + b) >> 1, paeth][f] ?? 0
      raw[y * (stride + 1) + 1 + x] = (cur - pred) & 0xff
    }
  }
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(body.length, 0)
    head.write(type, 4, 'latin1')
    return Buffer.concat([head, body, Buffer.alloc(4)])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(img.width, 0)
  ihdr.writeUInt32BE(img.height, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function noise(width: number, height: number): Rgba {
  const data = new Uint8Array(width * height * 4)
  let s = 7
  for (let i = 0; i < data.length; i++) data[i] = s = (s * 1103515245 + 12345) & 0xff
  return { width, height, data }
}

describe('pixmap', () => {
  it('decodes every PNG row filter back to the same pixels', () => {
    const img = noise(5, 10)
    for (const filters of [[0], [1], [2], [3], [4], [0, 1, 2, 3, 4]]) expect(decodePng(png(img, filters)).data).toEqual(img.data)
  })

  it('writes ARGB in network byte order: alpha first, then red, green, blue', () => {
    const argb = toArgb({ width: 1, height: 2, data: Uint8Array.from([0x11, 0x22, 0x33, 0x44, 0xaa, 0xbb, 0xcc, 0xdd]) }).argb
    expect([...argb]).toEqual([0x44, 0x11, 0x22, 0x33, 0xdd, 0xaa, 0xbb, 0xcc])
  })

  it('averages by area and weighs colour by alpha (transparent neighbours do not darken an edge)', () => {
    // 2x2 → 1x1: one opaque red pixel, three transparent black ones.
    const img: Rgba = { width: 2, height: 2, data: Uint8Array.from([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }
    expect([...resize(img, 1).data]).toEqual([255, 0, 0, 64])
    // Non-integer factor: 3 → 2 keeps a uniform image uniform.
    const grey: Rgba = { width: 3, height: 3, data: new Uint8Array(36).fill(200) }
    expect([...resize(grey, 2).data]).toEqual(new Array(16).fill(200))
  })

  it('turns our icons into 16, 22, 24, 32 and 48 px pixmaps; 32 px is the PNG itself', () => {
    const bytes = readFileSync(path.join(ASSETS, 'login.png'))
    const maps = pixmapsOf(bytes)
    expect(maps.map((m) => [m.width, m.height, m.argb.length])).toEqual([16, 22, 24, 32, 48].map((s) => [s, s, s * s * 4]))
    const src = decodePng(bytes)
    expect(maps[3]?.argb).toEqual(toArgb(src).argb)
    // The icon is drawn, not blank, at every size: some opaque and some transparent pixels.
    for (const m of maps) {
      const alphas = [...m.argb].filter((_, i) => i % 4 === 0)
      expect(alphas.some((a) => a === 0)).toBe(true)
      expect(alphas.some((a) => a > 200)).toBe(true)
    }
  })

  it('keeps each part of the picture in its place when shrinking', () => {
    // 4x4 in four coloured quadrants → 2x2: one pixel per quadrant, its colour.
    const data = new Uint8Array(64)
    const colour = (x: number, y: number) => [x < 2 ? 200 : 10, y < 2 ? 100 : 20, x < 2 === y < 2 ? 50 : 150, 255]
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) data.set(colour(x, y), (y * 4 + x) * 4)
    expect([...resize({ width: 4, height: 4, data }, 2).data]).toEqual([...colour(0, 0), ...colour(3, 0), ...colour(0, 3), ...colour(3, 3)])
  })

  it('refuses what it cannot read, by name', () => {
    expect(() => decodePng(Buffer.from('GIF89a'))).toThrow('not a PNG file')
    expect(() => decodePng(Buffer.from('GIF89a, long enough to be read as one'))).toThrow('not a PNG file')
    const whole = png(noise(2, 2), [0])
    expect(() => decodePng(whole.subarray(0, 8))).toThrow('PNG without a header')
    // IHDR says 2x9 while the data holds 2x2 rows.
    const taller = Buffer.from(whole)
    taller.writeUInt32BE(9, 8 + 8 + 4)
    expect(() => decodePng(taller)).toThrow('PNG data is truncated')
    const ihdr = png(noise(1, 1), [0])
    ihdr[8 + 8 + 9] = 2 // colour type 2 (RGB)
    expect(() => decodePng(ihdr)).toThrow(/only 8-bit RGBA/)
  })
})
