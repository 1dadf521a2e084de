// The code cache's file: keyed by the build, the bundle's stamp and the runtime; saved only for a
// settled, unchanged bundle; private and atomic like the parse cache; anything foreign is no entry.

import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { openCodeCache } from '../../src/adapters/code-cache.ts'
import { stampOf } from '../../src/adapters/parse-cache.ts'

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-code-cache-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const DATA = Buffer.from([0, 1, 2, 10, 255, 10, 7])
let n = 0

/** A bundle file and a cache folder of its own; `age` ms after the bundle last changed is "now". */
function setup(age = 2000): { dir: string; bundle: string; now: () => number } {
  const base = path.join(root, String(n++))
  mkdirSync(base)
  const bundle = path.join(base, 'main.cjs')
  writeFileSync(bundle, 'console.log(1)\n')
  const changed = stampOf(bundle)?.changedMs ?? 0
  return { dir: path.join(base, 'cache', 'aws-sso-tray'), bundle, now: () => changed + age }
}

describe('code cache file', () => {
  it('is saved 0600 in a 0700 folder with its key on the first line, and read back for the same build and runtime only', () => {
    const { dir, bundle, now } = setup()
    const first = openCodeCache(dir, bundle, 'b1', 'v20.0.0 x64', now)
    expect(first?.data).toBeUndefined()
    first?.save(() => DATA)
    expect(readdirSync(dir)).toEqual(['code-cache.bin'])
    const file = path.join(dir, 'code-cache.bin')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    const bytes = readFileSync(file)
    expect(bytes.subarray(0, bytes.indexOf(10)).toString('latin1')).toBe(`aws-sso-tray code cache b1 ${stampOf(bundle)?.key} v20.0.0 x64`)
    expect(openCodeCache(dir, bundle, 'b1', 'v20.0.0 x64', now)?.data).toEqual(DATA)
    expect(openCodeCache(dir, bundle, 'b2', 'v20.0.0 x64', now)?.data).toBeUndefined()
    expect(openCodeCache(dir, bundle, 'b1', 'v22.0.0 x64', now)?.data).toBeUndefined()
    expect(openCodeCache(dir, bundle, 'b1', 'v20.0.0', now)?.data).toBeUndefined()
  })

  it('is not saved while the bundle is younger than 2 s', () => {
    const young = setup(1999)
    openCodeCache(young.dir, young.bundle, 'b', 'r', young.now)?.save(() => DATA)
    expect(() => readdirSync(young.dir)).toThrow(/ENOENT/)
    const settled = setup(2000)
    openCodeCache(settled.dir, settled.bundle, 'b', 'r', settled.now)?.save(() => DATA)
    expect(readdirSync(settled.dir)).toEqual(['code-cache.bin'])
  })

  it('is not saved when the bundle changed after it was read, and a new bundle of the same size is another entry', async () => {
    const { dir, bundle, now } = setup()
    const cache = openCodeCache(dir, bundle, 'b', 'r', now)
    await delay(20) // a later timestamp on filesystems with coarse times
    writeFileSync(bundle, 'console.log(2)\n')
    cache?.save(() => DATA)
    expect(() => readdirSync(dir)).toThrow(/ENOENT/)
    const later = () => (stampOf(bundle)?.changedMs ?? 0) + 2000
    openCodeCache(dir, bundle, 'b', 'r', later)?.save(() => DATA)
    expect(openCodeCache(dir, bundle, 'b', 'r', later)?.data).toEqual(DATA)
    await delay(20)
    writeFileSync(bundle, 'console.log(3)\n')
    expect(openCodeCache(dir, bundle, 'b', 'r', later)?.data).toBeUndefined()
  })

  it("asks for V8's data (a few ms to serialise) only when it will be saved", () => {
    let asked = 0
    const produce = () => {
      asked++
      return DATA
    }
    const young = setup(1999)
    openCodeCache(young.dir, young.bundle, 'b', 'r', young.now)?.save(produce)
    const blocked = setup()
    mkdirSync(path.dirname(blocked.dir))
    writeFileSync(blocked.dir, 'a file where the folder would be')
    openCodeCache(blocked.dir, blocked.bundle, 'b', 'r', blocked.now)?.save(produce)
    expect(asked).toBe(0)
    const fine = setup()
    openCodeCache(fine.dir, fine.bundle, 'b', 'r', fine.now)?.save(produce)
    expect(asked).toBe(1)
  })

  it('is no cache at all for a bundle that is not there or cannot be stamped, and saves nothing once it cannot be', () => {
    const { dir, bundle, now } = setup()
    const cache = openCodeCache(dir, bundle, 'b', 'r', now)
    rmSync(bundle)
    expect(openCodeCache(dir, bundle, 'b', 'r', now)).toBeUndefined()
    symlinkSync(bundle, bundle) // a loop: stat fails with ELOOP
    expect(openCodeCache(dir, bundle, 'b', 'r', now)).toBeUndefined()
    expect(() => cache?.save(() => DATA)).not.toThrow()
    expect(() => readdirSync(dir)).toThrow(/ENOENT/)
  })

  it('neither reads nor writes in a folder others can write to, or through a symlinked folder', () => {
    const { dir, bundle, now } = setup()
    openCodeCache(dir, bundle, 'b', 'r', now)?.save(() => DATA)
    chmodSync(dir, 0o777)
    expect(openCodeCache(dir, bundle, 'b', 'r', now)?.data).toBeUndefined()
    rmSync(path.join(dir, 'code-cache.bin'))
    openCodeCache(dir, bundle, 'b', 'r', now)?.save(() => DATA)
    expect(readdirSync(dir)).toEqual([])

    const real = path.join(root, 'real')
    mkdirSync(real, { mode: 0o700 })
    const link = path.join(root, 'link')
    symlinkSync(real, link)
    openCodeCache(link, bundle, 'b', 'r', now)?.save(() => DATA)
    expect(readdirSync(real)).toEqual([])
  })

  it('a broken or foreign file is no entry, and the next save replaces it', () => {
    const { dir, bundle, now } = setup()
    const key = `aws-sso-tray code cache b ${stampOf(bundle)?.key} r`
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const file = path.join(dir, 'code-cache.bin')
    for (const text of ['', 'garbage without a newline', `${key} and more\n\u0001`, `${key.slice(0, -1)}\n\u0001`, `x${key}\n\u0001`]) {
      writeFileSync(file, text)
      expect(openCodeCache(dir, bundle, 'b', 'r', now)?.data).toBeUndefined()
    }
    openCodeCache(dir, bundle, 'b', 'r', now)?.save(() => DATA)
    expect(readFileSync(file)).toEqual(Buffer.concat([Buffer.from(`${key}\n`), DATA]))
    writeFileSync(file, `${key}\n`)
    expect(openCodeCache(dir, bundle, 'b', 'r', now)?.data).toEqual(Buffer.alloc(0))
  })
})
