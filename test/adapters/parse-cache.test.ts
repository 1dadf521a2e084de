// The parse cache's file: private, atomic, tied to the build, and never in a folder that is not
// ours alone. File stamps change with any write.

import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
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
})
