// The one-tray lock on the real file system, in temporary folders: the folder is trusted only as
// the login logs' folder is, and the pid file is never written through a link.

import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { acquireInstanceLock } from '../../src/adapters/instance-lock.ts'
import { AppError } from '../../src/errors.ts'

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-lock-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const uid = typeof process.getuid === 'function' ? process.getuid() : undefined
let n = 0
const fresh = () => path.join(root, `case-${n++}`)

function refusal(dir: string, deps = {}): AppError {
  try {
    acquireInstanceLock(dir, deps)
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('the lock was taken')
}

describe('acquireInstanceLock', () => {
  it('creates its folder 0700 and a 0600 pid file; a live holder keeps it; release frees it', () => {
    const dir = fresh()
    const first = acquireInstanceLock(dir, { pid: 1111, alive: () => true })
    expect(first.ok).toBe(true)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    const file = path.join(dir, 'tray.pid')
    expect([statSync(file).mode & 0o777, readFileSync(file, 'utf8')]).toEqual([0o600, '1111'])
    expect(acquireInstanceLock(dir, { pid: 2222, alive: () => true })).toEqual({ ok: false, pid: 1111 })
    if (first.ok) first.release()
    expect(acquireInstanceLock(dir, { pid: 2222, alive: () => true }).ok).toBe(true)
  })

  it('a stale pid file (its process gone) is taken over; a release by someone else leaves the file', () => {
    const dir = fresh()
    acquireInstanceLock(dir, { pid: 1111 })
    const second = acquireInstanceLock(dir, { pid: 2222, alive: () => false })
    expect(second.ok).toBe(true)
    expect(readFileSync(path.join(dir, 'tray.pid'), 'utf8')).toBe('2222')
  })

  it('never writes through a tray.pid link planted in the folder: the target stays, the link is replaced', () => {
    const dir = fresh()
    mkdirSync(dir, { mode: 0o700 })
    const target = path.join(root, `victim-${n}`)
    writeFileSync(target, 'precious')
    symlinkSync(target, path.join(dir, 'tray.pid'))
    expect(acquireInstanceLock(dir, { pid: 3333, alive: () => true }).ok).toBe(true)
    expect(readFileSync(target, 'utf8')).toBe('precious')
    expect(lstatSync(path.join(dir, 'tray.pid')).isSymbolicLink()).toBe(false)
    expect(readFileSync(path.join(dir, 'tray.pid'), 'utf8')).toBe('3333')
  })

  it('a folder with a loose mode is refused, naming it and chmod 700 as the fix; nothing is written in it', () => {
    const dir = fresh()
    mkdirSync(dir)
    chmodSync(dir, 0o755)
    const e = refusal(dir)
    expect(e.message).toBe(`not starting: the folder for the one-tray lock, ${dir}, has mode 0755, not 0700`)
    expect(e.hint).toBe(`make it private: chmod 700 '${dir}'`)
    expect(() => statSync(path.join(dir, 'tray.pid'))).toThrow()
  })

  it("a link, a file, or another user's folder is refused with the folder named", () => {
    const real = fresh()
    mkdirSync(real, { mode: 0o700 })
    const link = fresh()
    symlinkSync(real, link)
    expect(refusal(link).message).toBe(`not starting: the folder for the one-tray lock, ${link}, is a symbolic link`)
    expect(() => statSync(path.join(real, 'tray.pid'))).toThrow() // nothing written through the link
    const file = fresh()
    writeFileSync(file, '')
    expect(refusal(file).message).toContain(`${file}, is not a directory`)
    const theirs = fresh()
    mkdirSync(theirs, { mode: 0o700 })
    const other = refusal(theirs, { uid: (uid ?? 0) + 1 })
    expect(other.message).toContain(`${theirs}, belongs to another user (uid ${uid ?? 0})`)
    expect(other.hint).toContain('XDG_RUNTIME_DIR')
  })

  it('a folder that cannot be created: a one-line error naming it and what to check', () => {
    const e = refusal(path.join(root, 'missing-parent', 'aws-sso-tray'))
    expect(e.message).toMatch(/^cannot create .*missing-parent\/aws-sso-tray for the one-tray lock \(ENOENT\)$/)
    expect(e.hint).toContain('XDG_RUNTIME_DIR')
  })
})
