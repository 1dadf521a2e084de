// The parse cache's file: private, atomic, tied to the build, and never in a folder that is not
// ours alone. File stamps change with any write.

import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { createParseCache, parseCacheDir, stampOf } from '../../src/adapters/parse-cache.ts'
import type { ProfileCacheEntry } from '../../src/aws/load-profiles.ts'

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-parse-cache-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const clock = { now: () => 0 }
const entry: ProfileCacheEntry = { configFile: '/c', credentialsFile: '/k', inputs: { '/c': 'x' }, profiles: [], cacheDir: '/d', tokens: {} }

describe('parse cache file', () => {
  it('lives in $XDG_CACHE_HOME/aws-sso-tray, else ~/.cache/aws-sso-tray', () => {
    expect(parseCacheDir({ XDG_CACHE_HOME: '/x' }, '/h')).toBe('/x/aws-sso-tray')
    expect(parseCacheDir({}, '/h')).toBe('/h/.cache/aws-sso-tray')
  })

  it('is written 0600 in a 0700 folder, by rename (no temporary file left), and read back by the same build only', () => {
    const dir = path.join(root, 'a', 'aws-sso-tray')
    createParseCache(dir, 'build-1', clock).write(entry)
    expect(readdirSync(dir)).toEqual(['status-cache.json'])
    expect(statSync(path.join(dir, 'status-cache.json')).mode & 0o777).toBe(0o600)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(createParseCache(dir, 'build-1', clock).read()).toEqual(entry)
    expect(createParseCache(dir, 'build-2', clock).read()).toBeUndefined()
  })

  it('reads back text beyond ASCII as written (an ASCII entry is decoded the fast way)', () => {
    const dir = path.join(root, 'utf8', 'aws-sso-tray')
    const named = { ...entry, configFile: '/home/zoë/.aws/config ✓ 設定' }
    createParseCache(dir, 'b', clock).write(named)
    expect(createParseCache(dir, 'b', clock).read()).toEqual(named)
  })

  it('neither writes nor reads in a folder others can write to, or through a symlinked folder', () => {
    const shared = path.join(root, 'shared')
    mkdirSync(shared, { mode: 0o700 })
    chmodSync(shared, 0o777)
    createParseCache(shared, 'b', clock).write(entry)
    expect(readdirSync(shared)).toEqual([])
    writeFileSync(path.join(shared, 'status-cache.json'), JSON.stringify({ app: 'b', entry }))
    expect(createParseCache(shared, 'b', clock).read()).toBeUndefined()

    const real = path.join(root, 'real')
    mkdirSync(real, { mode: 0o700 })
    const link = path.join(root, 'link')
    symlinkSync(real, link)
    createParseCache(link, 'b', clock).write(entry)
    expect(readdirSync(real)).toEqual([])
  })

  it('a broken or foreign file reads as no entry', () => {
    const dir = path.join(root, 'broken')
    mkdirSync(dir, { mode: 0o700 })
    writeFileSync(path.join(dir, 'status-cache.json'), '{"app": "b", "entry": ')
    expect(createParseCache(dir, 'b', clock).read()).toBeUndefined()
  })

  it('stamps change with a write, even one that keeps the size, once the clock has moved on; a missing file is "absent"', async () => {
    const f = path.join(root, 'f')
    writeFileSync(f, 'aaaa')
    const a = stampOf(f)
    // File times tick coarsely (hence the cache's 2 s guard): wait for the next tick.
    while (Date.now() - (a?.changedMs ?? 0) < 20) await delay(5)
    writeFileSync(f, 'bbbb')
    const b = stampOf(f)
    expect(a?.key).not.toBe(b?.key)
    expect(b?.changedMs).toBeGreaterThan(Date.now() - 60_000)
    expect(stampOf(path.join(root, 'none'))).toEqual({ key: 'absent', changedMs: -Infinity })
    expect(stampOf(path.join(f, 'below-a-file'))).toEqual({ key: 'absent', changedMs: -Infinity })
    expect(readFileSync(f, 'utf8')).toBe('bbbb')
  })

  it('stamps a file by its later time (an mtime set ahead counts), and cannot stamp through a symlink loop', () => {
    const f = path.join(root, 'ahead')
    writeFileSync(f, 'x')
    const ahead = Math.floor(Date.now() / 1000) + 3600
    utimesSync(f, ahead, ahead)
    expect(stampOf(f)?.changedMs).toBe(ahead * 1000)
    expect(stampOf(f)?.key).toMatch(new RegExp(`^\\d+:\\d+:1:${ahead}000000000:\\d+$`))
    const before = Date.now()
    utimesSync(f, 1_000_000, 1_000_000) // set back: the change itself (ctime) is now
    expect(stampOf(f)?.changedMs).toBeGreaterThanOrEqual(before - 1000)
    const loop = path.join(root, 'loop')
    symlinkSync(loop, loop)
    expect(stampOf(loop)).toBeUndefined()
  })

  it('stamps and tells the time through the cache it made', () => {
    const f = path.join(root, 'stamped')
    writeFileSync(f, 'x')
    const cache = createParseCache(path.join(root, 'unused'), 'b', { now: () => 1234 })
    expect(cache.stamp(f)).toEqual(stampOf(f))
    expect(cache.now()).toBe(1234)
  })

  it('writes over a temporary file an earlier process with this pid left, and leaves none when the rename fails', () => {
    const dir = path.join(root, 'leftover', 'aws-sso-tray')
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    writeFileSync(path.join(dir, `.status-cache.json.${process.pid}.tmp`), 'old')
    createParseCache(dir, 'b', clock).write(entry)
    expect(readdirSync(dir)).toEqual(['status-cache.json'])
    expect(createParseCache(dir, 'b', clock).read()).toEqual(entry)
    rmSync(path.join(dir, 'status-cache.json'))
    mkdirSync(path.join(dir, 'status-cache.json', 'in-the-way'), { recursive: true })
    createParseCache(dir, 'b', clock).write(entry)
    expect(readdirSync(dir)).toEqual(['status-cache.json'])
  })

  it.skipIf(process.getuid?.() !== 0)("neither reads nor writes in a private folder that is another user's", () => {
    const dir = path.join(root, 'theirs')
    createParseCache(dir, 'b', clock).write(entry)
    chownSync(dir, 12345, 12345)
    expect(createParseCache(dir, 'b', clock).read()).toBeUndefined()
    rmSync(path.join(dir, 'status-cache.json'))
    createParseCache(dir, 'b', clock).write(entry)
    expect(readdirSync(dir)).toEqual([])
  })
})
