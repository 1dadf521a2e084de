#!/usr/bin/env node
// Draws the tray icons into assets/ with no dependencies: shapes as coverage functions, 4x4
// supersampling, PNG via zlib, ICO with BMP entries (the safest kind for the Windows tray).
// Every state has its own shape, so the macOS template icons (alpha only) stay distinguishable.
// Deterministic: `npm run icons` reproduces the committed files byte for byte (a test checks).
//
// Usage: node scripts/gen-icons.mjs [outDir]

import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const COLOURS = {
  ok: [0x2e, 0x9e, 0x44],
  expiring: [0xe3, 0x9b, 0x00],
  login: [0xd9, 0x30, 0x25],
  error: [0x9c, 0x27, 0xb0],
  busy: [0x1a, 0x73, 0xe8],
  none: [0x80, 0x80, 0x80],
}

// Primitives in a unit square (0..1). Each returns true when the point is inside.
const disc = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy)
  return d <= r && d >= r - w
}
const capsule = (x1, y1, x2, y2, w) => (x, y) => {
  const dx = x2 - x1
  const dy = y2 - y1
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= w / 2
}
const wedge = (cx, cy, r, from, to) => (x, y) => {
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return false
  const a = (Math.atan2(y - cy, x - cx) * 180) / Math.PI // 0 = east, 90 = south
  const deg = (a + 360) % 360
  return from <= to ? deg >= from && deg <= to : deg >= from || deg <= to
}
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy)
  const d1 = s(ax, ay, bx, by)
  const d2 = s(bx, by, cx, cy)
  const d3 = s(cx, cy, ax, ay)
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0))
}
const union =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y))
const minus =
  (f, ...cuts) =>
  (x, y) =>
    f(x, y) && !cuts.some((c) => c(x, y))

const SHAPES = {
  // ok: a solid disc with a check mark cut out.
  ok: minus(disc(0.5, 0.5, 0.46), capsule(0.27, 0.52, 0.43, 0.68, 0.11), capsule(0.43, 0.68, 0.73, 0.35, 0.11)),
  // expiring: a clock face, half run out (ring plus a filled half).
  expiring: union(ring(0.5, 0.5, 0.46, 0.1), wedge(0.5, 0.5, 0.46, 270, 90)),
  // needs login: a hollow ring with an X.
  login: union(ring(0.5, 0.5, 0.46, 0.1), capsule(0.34, 0.34, 0.66, 0.66, 0.12), capsule(0.66, 0.34, 0.34, 0.66, 0.12)),
  // error: a warning triangle with "!" cut out.
  error: minus(triangle(0.5, 0.05, 0.97, 0.93, 0.03, 0.93), capsule(0.5, 0.35, 0.5, 0.62, 0.11), disc(0.5, 0.78, 0.065)),
  // login in progress: an open arc with an arrow head (refresh).
  busy: union(minus(ring(0.5, 0.5, 0.44, 0.12), wedge(0.5, 0.5, 0.5, 300, 20)), triangle(0.62, 0.06, 0.95, 0.22, 0.7, 0.42)),
  // no SSO profiles: a thin dashed-looking ring.
  none: minus(
    ring(0.5, 0.5, 0.44, 0.08),
    wedge(0.5, 0.5, 0.5, 40, 50),
    wedge(0.5, 0.5, 0.5, 130, 140),
    wedge(0.5, 0.5, 0.5, 220, 230),
    wedge(0.5, 0.5, 0.5, 310, 320),
  ),
}

/** RGBA pixels; colour null = black template (alpha carries the shape). */
function render(shape, size, colour) {
  const px = Buffer.alloc(size * size * 4)
  const SS = 4
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) if (shape((x + (sx + 0.5) / SS) / size, (y + (sy + 0.5) / SS) / size)) hits++
      }
      const i = (y * size + x) * 4
      const [r, g, b] = colour ?? [0, 0, 0]
      px[i] = r
      px[i + 1] = g
      px[i + 2] = b
      px[i + 3] = Math.round((hits / (SS * SS)) * 255)
    }
  }
  return px
}

function png(rgba, size) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(zlib.crc32(td))
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

/** A BMP (DIB) icon entry: BGRA bottom-up plus a 1-bit AND mask, height doubled. */
function dib(rgba, size) {
  const header = Buffer.alloc(40)
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(size, 4)
  header.writeInt32LE(size * 2, 8)
  header.writeUInt16LE(1, 12)
  header.writeUInt16LE(32, 14)
  const pixels = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const s = (y * size + x) * 4
      const d = ((size - 1 - y) * size + x) * 4
      pixels[d] = rgba[s + 2]
      pixels[d + 1] = rgba[s + 1]
      pixels[d + 2] = rgba[s]
      pixels[d + 3] = rgba[s + 3]
    }
  }
  const maskRow = Math.ceil(size / 32) * 4
  const mask = Buffer.alloc(maskRow * size) // all zero: alpha decides
  return Buffer.concat([header, pixels, mask])
}

function ico(entries) {
  const head = Buffer.alloc(6 + 16 * entries.length)
  head.writeUInt16LE(1, 2)
  head.writeUInt16LE(entries.length, 4)
  let offset = head.length
  entries.forEach(({ size, data }, i) => {
    const o = 6 + 16 * i
    head[o] = size >= 256 ? 0 : size
    head[o + 1] = size >= 256 ? 0 : size
    head.writeUInt16LE(1, o + 4)
    head.writeUInt16LE(32, o + 6)
    head.writeUInt32LE(data.length, o + 8)
    head.writeUInt32LE(offset, o + 12)
    offset += data.length
  })
  return Buffer.concat([head, ...entries.map((e) => e.data)])
}

const out = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'assets'))
mkdirSync(out, { recursive: true })
for (const [name, shape] of Object.entries(SHAPES)) {
  const colour = COLOURS[name]
  writeFileSync(path.join(out, `${name}.png`), png(render(shape, 32, colour), 32))
  writeFileSync(path.join(out, `${name}-template.png`), png(render(shape, 32, null), 32))
  writeFileSync(path.join(out, `${name}.ico`), ico([16, 32].map((size) => ({ size, data: dib(render(shape, size, colour), size) }))))
}
console.log(`icons written to ${out}`)
