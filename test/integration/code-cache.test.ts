// The built loader (dist/cli.cjs) and its V8 code cache against real files: a status run saves
// it, later runs really use it and print the same bytes as without it, a broken entry is
// replaced, and a bundle changed to the same size never runs the old code (V8 itself checks only
// the length). The bundles are copied to a folder of the test's own: it changes them.

import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheKey } from '../../src/aws/token-cache.ts'

const DIST = path.join(import.meta.dirname, '../../dist')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-code-cache-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const home = path.join(root, 'home')
const SUMMARY = "Show every profile's SSO token state"
const CHANGED = "SHOW EVERY profile's SSO token state" // the same length

/** A copy of the built CLI; `edit` changes main.cjs keeping its size. */
function install(name: string, edit?: (text: string) => string): string {
  const dir = path.join(root, name)
  mkdirSync(path.join(dir, 'dist'), { recursive: true })
  for (const f of ['cli.cjs', 'main.cjs', 'commands.cjs']) copyFileSync(path.join(DIST, f), path.join(dir, 'dist', f))
  copyFileSync(path.join(DIST, '..', 'package.json'), path.join(dir, 'package.json'))
  if (edit) {
    const main = path.join(dir, 'dist', 'main.cjs')
    const text = readFileSync(main, 'latin1')
    const edited = edit(text)
    expect(edited).not.toBe(text)
    expect(edited.length).toBe(text.length)
    writeFileSync(main, edited, 'latin1')
  }
  return path.join(dir, 'dist', 'cli.cjs')
}

/** Polls until the files are older than the cache's 2 s guard (ctime cannot be set back). */
async function untilSettled(files: string[]): Promise<void> {
  const newest = () => Math.max(...files.map((f) => Math.max(statSync(f).ctimeMs, statSync(f).mtimeMs)))
  while (Date.now() - newest() < 2100) await delay(50)
}

function run(cli: string, args: string[], xdg: string | null): { stdout: string; code: number | null } {
  const r = spawnSync(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: xdg ?? path.join(root, 'not-a-folder', 'x') },
    encoding: 'utf8',
  })
  expect(r.stderr).toBe('')
  return { stdout: r.stdout.replace(/"generatedAt":"[^"]+"/, '"generatedAt":""'), code: r.status }
}

const entryOf = (xdg: string) => path.join(xdg, 'aws-sso-tray', 'code-cache.bin')
const keyLine = (file: string) => {
  const bytes = readFileSync(file)
  return bytes.subarray(0, bytes.indexOf(10)).toString('latin1')
}

let cli = ''
beforeAll(async () => {
  const dir = path.join(home, '.aws', 'sso', 'cache')
  mkdirSync(dir, { recursive: true })
  let config = ''
  for (const s of ['a', 'b']) {
    config += `[sso-session ${s}]\nsso_start_url = https://${s}.awsapps.com/start\nsso_region = us-east-1\n`
    const expiresAt = new Date(Date.now() + (s === 'a' ? 5 : -5) * 3600_000).toISOString()
    writeFileSync(path.join(dir, `${cacheKey(s)}.json`), JSON.stringify({ accessToken: 'canary-access', expiresAt }))
  }
  for (let p = 0; p < 20; p++) config += `[profile p${p}]\nsso_session = ${p % 2 ? 'a' : 'b'}\nsso_account_id = ${100000000000 + p}\nsso_role_name = Admin\n`
  writeFileSync(path.join(home, '.aws', 'config'), config)
  writeFileSync(path.join(root, 'not-a-folder'), '')
  cli = install('pkg')
  await untilSettled([cli, path.join(path.dirname(cli), 'main.cjs'), path.join(home, '.aws', 'config')])
})

describe.sequential('code cache (the built CLI)', () => {
  const xdg = path.join(root, 'xdg')
  const entry = entryOf(xdg)

  it('is saved by a finished status run only, private, and then used as it is; the output is the same byte for byte', () => {
    const plain = run(cli, ['status', '--json'], null)
    expect((JSON.parse(plain.stdout) as { profiles: unknown[] }).profiles).toHaveLength(20)
    expect(run(cli, ['--version'], xdg).code).toBe(0)
    expect(() => statSync(entry)).toThrow(/ENOENT/)
    expect(spawnSync(process.execPath, [cli, 'status', '--jsno'], { env: { HOME: home, XDG_CACHE_HOME: xdg } }).status).toBe(2)
    for (const args of [
      ['status', '--help'],
      ['status', '-v'],
      ['status', '--line-path'],
    ])
      expect(run(cli, args, xdg).code).toBe(0)
    expect(() => statSync(entry)).toThrow(/ENOENT/)

    expect(run(cli, ['status', '--json'], xdg)).toEqual(plain)
    expect(statSync(entry).mode & 0o777).toBe(0o600)
    expect(statSync(path.dirname(entry)).mode & 0o777).toBe(0o700)
    expect(keyLine(entry)).toMatch(new RegExp(`^aws-sso-tray code cache [0-9a-f]{16} \\d+:\\d+:\\d+:\\d+:\\d+ ${process.version} ${process.arch}$`))
    expect(readFileSync(entry, 'latin1')).not.toMatch(/canary/)
    const saved = statSync(entry, { bigint: true })
    expect(run(cli, ['status', '--json'], xdg)).toEqual(plain)
    for (const args of [['status'], ['status', '--line'], ['status', 'p3', '--wide'], ['--help']]) expect(run(cli, args, xdg)).toEqual(run(cli, args, null))
    // Accepted by V8: a rejected entry is saved again.
    const again = statSync(entry, { bigint: true })
    expect([again.ino, again.mtimeNs]).toEqual([saved.ino, saved.mtimeNs])
  })

  it('without HOME or XDG_CACHE_HOME, none is kept and the home comes from the OS', () => {
    const bare = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' })
    expect(bare(['status', '--help'])).toMatchObject({ status: 0, stderr: '', stdout: expect.stringMatching(/^Usage: aws-sso-tray status/) as unknown })
    // Reads and writes nothing: it names the settings file under the home the OS gives.
    expect(bare(['config', 'path'])).toMatchObject({
      status: 0,
      stderr: '',
      stdout: `${path.join(userInfo().homedir, '.config', 'aws-sso-tray', 'config.ini')}\n`,
    })
  })

  it('is really used: code cached for another bundle of the same size runs when planted under this key', async () => {
    const other = install('other', (t) => t.replace(SUMMARY, CHANGED))
    const otherXdg = path.join(root, 'xdg-other')
    await untilSettled([other, path.join(path.dirname(other), 'main.cjs')])
    run(other, ['status', '--json'], otherXdg)
    const foreign = readFileSync(entryOf(otherXdg))
    const good = readFileSync(entry)
    writeFileSync(entry, Buffer.concat([Buffer.from(`${keyLine(entry)}\n`), foreign.subarray(foreign.indexOf(10) + 1)]))
    expect(run(cli, ['status', '--help'], xdg).stdout).toContain(CHANGED)
    writeFileSync(entry, good)
    expect(run(cli, ['status', '--help'], xdg).stdout).toContain(SUMMARY)
  })

  it('a broken entry is ignored and replaced by the next status run', () => {
    const plain = run(cli, ['status', '--json'], null)
    const good = readFileSync(entry)
    const key = `${keyLine(entry)}\n`
    for (const broken of [Buffer.from('garbage'), Buffer.from(`${key}garbage`), good.subarray(0, key.length + 100), good.subarray(0, key.length)]) {
      writeFileSync(entry, broken)
      expect(run(cli, ['status', '--json'], xdg)).toEqual(plain)
      expect(keyLine(entry)).toBe(key.trimEnd())
      expect(readFileSync(entry).length).toBeGreaterThan(key.length + 1000)
    }
  })

  it('a bundle changed to the same size is never run from the old entry', async () => {
    const good = readFileSync(entry)
    const main = path.join(path.dirname(cli), 'main.cjs')
    const text = readFileSync(main, 'latin1')
    writeFileSync(main, text.replace(SUMMARY, CHANGED), 'latin1')
    expect(statSync(main).size).toBe(text.length)
    expect(run(cli, ['status', '--help'], xdg).stdout).toContain(CHANGED)
    expect(readFileSync(entry)).toEqual(good) // nothing is saved for a bundle younger than 2 s
    await untilSettled([main])
    expect(run(cli, ['status', '--json'], xdg).code).toBe(1) // session b has expired
    expect(keyLine(entry)).not.toBe(good.subarray(0, good.indexOf(10)).toString('latin1'))
    expect(run(cli, ['status', '--help'], xdg).stdout).toContain(CHANGED)
  })
})
