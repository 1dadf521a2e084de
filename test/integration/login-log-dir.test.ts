// Fault-matrix rows: attacks on the login log folder. Another user's folder, a 0777 folder and a
// planted symlink are never used (nor chmod'ed, nor written through): the login goes to a fresh
// private folder and says so. As root for the chown cases; as an ordinary user (setpriv to 65534)
// where the old code died with EPERM.

import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI, assertClean, makeHome, runLogin, types, type Home, type LoginRun } from '../login/process-harness.ts'
import { program, requireOutside, type Requirement } from '../support/outside-tools.ts'

const isRoot = process.getuid?.() === 0
const asRoot: Requirement = { name: 'root (to chown folders to another user)', present: isRoot }
const ok = requireOutside('the log folder attack tests', [program('tmux'), asRoot])
const okUser = requireOutside('the log folder test as an ordinary user', [program('setpriv'), asRoot])
const NOBODY = 65534
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-logdir-'))
chmodSync(root, 0o755) // the ordinary user must reach its home below
const socket = `aws-sso-tray-logdir-${process.pid}`
afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(root, { recursive: true, force: true })
})

function modeOf(p: string): string {
  return (statSync(p).mode & 0o7777).toString(8)
}

function expectFallbackNote(r: LoginRun, problem: RegExp): void {
  expect(r.events[0]).toEqual({ type: 'note', message: expect.stringMatching(problem) as string })
  expect(String(r.events[0]?.message)).toMatch(/the login log goes to .*\/aws-sso-tray-fallback-\d+-[A-Za-z0-9]{6}$/)
}

/** A login with no XDG_RUNTIME_DIR, so the folder is $TMPDIR/aws-sso-tray-<uid>. */
function loginInTmp(h: Home, more: Partial<Parameters<typeof runLogin>[2]> = {}): Promise<LoginRun> {
  return runLogin(h, 'p', { socket, ...more, env: { XDG_RUNTIME_DIR: '', ...more.env } })
}

describe.skipIf(!ok)('login log folder attacks (as root)', () => {
  it('a folder owned by another user (uid 65534) is left alone: a private folder is used instead', async () => {
    const h = makeHome(root, 'foreign-owner', ['p'])
    const planted = path.join(h.tmp, 'aws-sso-tray-0')
    mkdirSync(planted, { mode: 0o700 })
    chownSync(planted, NOBODY, NOBODY)
    const r = await loginInTmp(h)
    expect([r.code, r.stderr, types(r)]).toEqual([0, '', ['note', 'url', 'code', 'success', 'verified']])
    expectFallbackNote(r, /aws-sso-tray-0 belongs to another user \(uid 65534\)/)
    expect([statSync(planted).uid, modeOf(planted), readdirSync(planted)]).toEqual([NOBODY, '700', []])
    await assertClean(h, socket)
  })

  it('a 0777 folder is neither chmod-ed nor written into', async () => {
    const h = makeHome(root, 'world-writable', ['p'])
    const planted = path.join(h.tmp, 'aws-sso-tray-0')
    mkdirSync(planted)
    chmodSync(planted, 0o777)
    const r = await loginInTmp(h)
    expect([r.code, types(r)]).toEqual([0, ['note', 'url', 'code', 'success', 'verified']])
    expectFallbackNote(r, /aws-sso-tray-0 has mode 0777, not 0700/)
    expect([modeOf(planted), readdirSync(planted)]).toEqual(['777', []])
    await assertClean(h, socket)
  })

  it('a symlink planted as the folder ($XDG_RUNTIME_DIR/aws-sso-tray) is not followed', async () => {
    const h = makeHome(root, 'planted-link', ['p'])
    const victim = path.join(h.home, 'victim')
    mkdirSync(victim, { mode: 0o700 })
    symlinkSync(victim, path.join(h.runtime, 'aws-sso-tray'))
    const r = await runLogin(h, 'p', { socket })
    expect([r.code, types(r)]).toEqual([0, ['note', 'url', 'code', 'success', 'verified']])
    expectFallbackNote(r, /aws-sso-tray is a symbolic link/)
    expect(readdirSync(victim)).toEqual([])
    await assertClean(h, socket)
  })
})

describe.skipIf(!ok)('the tray lock folder: the same rule, but refused (a fallback per start would be no lock)', () => {
  const tray = (h: Home, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [CLI, 'tray'], {
      env: { PATH: process.env.PATH ?? '', HOME: h.home, TMPDIR: h.tmp, XDG_RUNTIME_DIR: h.runtime, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    })

  it('a 0777 folder: the tray does not start, names the folder and chmod 700; nothing is written into it', () => {
    const h = makeHome(root, 'lock-loose', ['p'])
    const planted = path.join(h.runtime, 'aws-sso-tray')
    mkdirSync(planted)
    chmodSync(planted, 0o777)
    const r = tray(h)
    expect([r.status, r.stdout]).toEqual([1, ''])
    expect(r.stderr).toBe(
      `aws-sso-tray: not starting: the folder for the one-tray lock, ${planted}, has mode 0777, not 0700\n  make it private: chmod 700 '${planted}'\n`,
    )
    expect([modeOf(planted), readdirSync(planted)]).toEqual(['777', []])
  })

  it('a symlink planted as the folder is not followed: refused, the target untouched', () => {
    const h = makeHome(root, 'lock-link', ['p'])
    const victim = path.join(h.home, 'victim')
    mkdirSync(victim, { mode: 0o700 })
    symlinkSync(victim, path.join(h.runtime, 'aws-sso-tray'))
    const r = tray(h)
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(
      /^aws-sso-tray: not starting: the folder for the one-tray lock, .*\/aws-sso-tray, is a symbolic link\n {2}it is not the private folder it should be: remove or rename .* if it is yours, else set XDG_RUNTIME_DIR to a private folder\n$/,
    )
    expect(readdirSync(victim)).toEqual([])
  })
})

describe.skipIf(!okUser)('login log folder as an ordinary user', () => {
  it('a root-owned 0777 $TMPDIR/aws-sso-tray-65534: no EPERM crash, a private folder instead', async () => {
    const h = makeHome(root, 'nobody', ['p'])
    spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, h.home])
    const planted = path.join(h.tmp, `aws-sso-tray-${NOBODY}`)
    mkdirSync(planted)
    chmodSync(planted, 0o777)
    const r = await loginInTmp(h, {
      prefix: ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'],
      env: { AWS_SSO_TRAY_RUNNER: 'detached' },
    })
    expect([r.code, r.stderr, types(r)]).toEqual([0, '', ['note', 'url', 'code', 'success', 'verified']])
    expectFallbackNote(r, new RegExp(`aws-sso-tray-${NOBODY} belongs to another user \\(uid 0\\)`))
    expect([statSync(planted).uid, modeOf(planted), readdirSync(planted)]).toEqual([0, '777', []])
    expect(existsSync(path.join(h.home, '.aws', 'sso', 'cache'))).toBe(true)
    await assertClean(h, socket)
  })
})
