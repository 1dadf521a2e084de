// The built CLI's parse cache against real files: `status --json` is the same byte for byte with
// and without it (1,000 profiles), it is really used, it is private, and an edit that keeps the
// size and puts the mtime back is still seen.

import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheKey } from '../../src/aws/token-cache.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-status-cache-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const h = path.join(root, 'home')
const xdg = path.join(root, 'xdg')
const config = path.join(h, '.aws', 'config')
const cacheFile = path.join(xdg, 'aws-sso-tray', 'status-cache.json')
const inputs: string[] = [config]
const MTIME = 1_767_225_600 // 2026-01-01, in seconds

beforeAll(async () => {
  const dir = path.join(h, '.aws', 'sso', 'cache')
  mkdirSync(dir, { recursive: true })
  let text = ''
  for (let s = 0; s < 50; s++) {
    text += `[sso-session s${s}]\nsso_start_url = https://s${s}.awsapps.com/start\nsso_region = us-east-1\n\n`
    // Every state but refreshable; expiries hours from any boundary the test could cross.
    const expiresAt = new Date(Date.now() + (s % 3 === 0 ? -5 : 5) * 3600_000).toISOString()
    if (s % 5 !== 4) {
      const file = path.join(dir, `${cacheKey(`s${s}`)}.json`)
      writeFileSync(
        file,
        JSON.stringify({
          startUrl: `https://s${s}.awsapps.com/start`,
          region: 'us-east-1',
          accessToken: 'canary-access',
          expiresAt,
          refreshToken: 'canary-refresh',
          clientSecret: 'canary-secret',
        }),
      )
      inputs.push(file)
    }
  }
  for (let p = 0; p < 1000; p++) {
    text += `[profile team${p}.dev]\nsso_session = s${p % 50}\nsso_account_id = ${100000000000 + p}\nsso_role_name = Role${p % 7}\nregion = us-east-1\n\n`
  }
  writeFileSync(config, text)
  utimesSync(config, MTIME, MTIME) // whole seconds, so the test can put them back exactly
  await untilSettled()
})

/** Polls until every input is older than the cache's 2 s guard (ctime cannot be set back). */
async function untilSettled(): Promise<void> {
  const newest = () => Math.max(...inputs.map((f) => statSync(f).ctimeMs), ...inputs.map((f) => statSync(f).mtimeMs))
  while (Date.now() - newest() < 2100) await delay(50)
}

function status(cache: boolean): { stdout: string; code: number | null } {
  const r = spawnSync(process.execPath, [CLI, 'status', '--json'], {
    env: { PATH: process.env.PATH ?? '', HOME: h, XDG_CACHE_HOME: cache ? xdg : path.join(root, 'not-a-folder', 'x') },
    encoding: 'utf8',
  })
  expect(r.stderr).toBe('')
  return { stdout: r.stdout.replace(/"generatedAt":"[^"]+"/, '"generatedAt":""'), code: r.status }
}

describe.sequential('status parse cache (real files, the built CLI)', () => {
  beforeAll(() => writeFileSync(path.join(root, 'not-a-folder'), ''))

  it('writes a private entry and gives the same output, byte for byte, from it', () => {
    const fresh = status(false)
    expect((JSON.parse(fresh.stdout) as { profiles: unknown[] }).profiles).toHaveLength(1000)
    const first = status(true)
    expect(first).toEqual(fresh)
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600)
    expect(statSync(path.dirname(cacheFile)).mode & 0o777).toBe(0o700)
    expect(readFileSync(cacheFile, 'utf8')).not.toMatch(/canary/)
    const second = status(true)
    expect(second).toEqual(fresh)
  })

  it('is really read: a value planted in the entry shows (so the checks below mean something)', () => {
    const saved = readFileSync(cacheFile, 'utf8')
    writeFileSync(cacheFile, saved.replace('"accountId":"100000000007"', '"accountId":"999999999999"'), { mode: 0o600 })
    expect(status(true).stdout).toContain('"accountId":"999999999999"')
    writeFileSync(cacheFile, saved, { mode: 0o600 })
  })

  it('sees an edit that keeps the size and puts the mtime back, and keeps nothing while it is new', async () => {
    const size = statSync(config).size
    const saved = readFileSync(cacheFile, 'utf8')
    writeFileSync(config, readFileSync(config, 'utf8').replace('sso_role_name = Role1\n', 'sso_role_name = Role9\n'))
    utimesSync(config, MTIME, MTIME)
    expect(statSync(config).size).toBe(size)
    expect(statSync(config).mtimeMs).toBe(MTIME * 1000)
    const edited = status(true)
    expect(edited).toEqual(status(false))
    expect(edited.stdout).toContain('"roleName":"Role9"')
    expect(readFileSync(cacheFile, 'utf8')).toBe(saved) // the config is younger than 2 s
    await untilSettled()
    expect(status(true)).toEqual(edited)
    expect(readFileSync(cacheFile, 'utf8')).toContain('Role9')
  })

  it('sees a token file that changed', () => {
    const file = inputs[1] ?? ''
    writeFileSync(file, JSON.stringify({ accessToken: 'canary-access', expiresAt: 'not a time' }))
    const changed = status(true)
    expect(changed).toEqual(status(false))
    expect(changed.stdout).toContain('not a time')
  })
})
