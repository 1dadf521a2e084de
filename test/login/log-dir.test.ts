import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLog, loginLogDir, newLogPath, ownDirProblem, privateLogDir, removeLog, type DirFs } from '../../src/login/log-dir.ts'

const UID = 1000

/** A folder as lstat would describe it; `mkdir` answers with `mkdirError` (EEXIST: it is already there). */
function fakeFs(entry: { dir?: boolean; link?: boolean; uid?: number; mode?: number } | null, mkdirError?: string) {
  const calls: string[] = []
  const fs: DirFs = {
    mkdir: (p, mode) => {
      calls.push(`mkdir ${p} ${mode.toString(8)}`)
      return mkdirError ? Promise.reject(Object.assign(new Error(mkdirError), { code: mkdirError })) : Promise.resolve()
    },
    lstat: (p) => {
      calls.push(`lstat ${p}`)
      if (!entry) return Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }))
      return Promise.resolve({
        isDirectory: () => entry.dir ?? true,
        isSymbolicLink: () => entry.link ?? false,
        uid: entry.uid ?? UID,
        mode: entry.mode ?? 0o40700,
      })
    },
    mkdtemp: (prefix) => {
      calls.push(`mkdtemp ${prefix}`)
      return Promise.resolve(`${prefix}AbC123`)
    },
  }
  return { fs, calls }
}

describe('ownDirProblem', () => {
  it.each([
    ['ours, a directory, 0700', {}, undefined, null],
    ['created just now', {}, undefined, null],
    ['a symbolic link', { link: true }, 'EEXIST', 'is a symbolic link'],
    ['a file', { dir: false }, 'EEXIST', 'is not a directory'],
    ['another user’s', { uid: 65534 }, 'EEXIST', 'belongs to another user (uid 65534)'],
    ['0777', { mode: 0o40777 }, 'EEXIST', 'has mode 0777, not 0700'],
    ['0755', { mode: 0o40755 }, 'EEXIST', 'has mode 0755, not 0700'],
    ['sticky 1700', { mode: 0o41700 }, 'EEXIST', null],
  ] as const)('%s → %s', async (_what, entry, mkdirError, expected) => {
    const { fs } = fakeFs(entry, mkdirError)
    expect(await ownDirProblem(fs, '/run/user/1000/aws-sso-tray', UID)).toBe(expected)
  })

  it('a parent that cannot hold it (ENOENT, EACCES) is a problem, not a crash', async () => {
    expect(await ownDirProblem(fakeFs(null, 'ENOENT').fs, '/gone/aws-sso-tray', UID)).toBe('cannot be created (ENOENT)')
    expect(await ownDirProblem(fakeFs(null, 'EEXIST').fs, '/x/aws-sso-tray', UID)).toBe('cannot be checked (ENOENT)')
  })

  it('creates the folder 0700 and never chmods (there is no chmod in its reach)', async () => {
    const { fs, calls } = fakeFs({})
    await ownDirProblem(fs, '/t/aws-sso-tray-1000', UID)
    expect(calls).toEqual(['mkdir /t/aws-sso-tray-1000 700', 'lstat /t/aws-sso-tray-1000'])
  })

  it('without uids (Windows) the owner is not checked', async () => {
    expect(await ownDirProblem(fakeFs({ uid: 0 }, 'EEXIST').fs, 'C:/t/aws-sso-tray-user', undefined)).toBeNull()
  })
})

describe('privateLogDir', () => {
  it('uses $XDG_RUNTIME_DIR/aws-sso-tray when it is ours', async () => {
    expect(await privateLogDir({ XDG_RUNTIME_DIR: '/run/user/1000' }, fakeFs({}).fs, UID, '/tmp')).toEqual({
      dir: '/run/user/1000/aws-sso-tray',
      fallback: false,
    })
    expect(loginLogDir({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/run/user/1000/aws-sso-tray')
  })

  it('falls back to a fresh mkdtemp folder, and says why', async () => {
    const { fs, calls } = fakeFs({ uid: 65534 }, 'EEXIST')
    expect(await privateLogDir({ XDG_RUNTIME_DIR: '/run/user/1000' }, fs, UID, '/var/tmp')).toEqual({
      dir: '/var/tmp/aws-sso-tray-fallback-1000-AbC123',
      fallback: true,
      reason: '/run/user/1000/aws-sso-tray belongs to another user (uid 65534)',
    })
    expect(calls.at(-1)).toBe('mkdtemp /var/tmp/aws-sso-tray-fallback-1000-')
  })

  it('a folder path that would need shell quoting is not used; nor a TMPDIR that would', async () => {
    const { fs, calls } = fakeFs({})
    const choice = await privateLogDir({ XDG_RUNTIME_DIR: '/run/my dir;$(id)' }, fs, UID, '/tmp/#(id) x')
    expect(choice).toEqual({
      dir: '/tmp/aws-sso-tray-fallback-1000-AbC123',
      fallback: true,
      reason: '/run/my dir;$(id)/aws-sso-tray its path needs shell quoting',
    })
    expect(calls).toEqual(['mkdtemp /tmp/aws-sso-tray-fallback-1000-'])
  })
})

describe('log files (real file system)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-logfile-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('names each login’s log uniquely and shell-safely', () => {
    expect(newLogPath('/d', 'aws-sso-tray-x-0123', 'abcdef012345')).toBe('/d/aws-sso-tray-x-0123.abcdef012345.log')
    expect(newLogPath('/d', 's')).toMatch(/^\/d\/s\.[0-9a-f]{12}\.log$/)
    expect(newLogPath('/d', 's')).not.toBe(newLogPath('/d', 's'))
  })

  it('creates the log 0600', async () => {
    const f = path.join(dir, 'a.log')
    await createLog(f)
    expect(statSync(f).mode & 0o777).toBe(0o600)
  })

  it('refuses a symlink planted at the log path (and never writes through it)', async () => {
    const target = path.join(dir, 'victim')
    writeFileSync(target, 'precious')
    const f = path.join(dir, 'planted.log')
    symlinkSync(target, f)
    await expect(createLog(f)).rejects.toMatchObject({ code: expect.stringMatching(/^(EEXIST|ELOOP)$/) as string })
    expect(lstatSync(f).isSymbolicLink()).toBe(true)
    expect(readFileSync(target, 'utf8')).toBe('precious')
  })

  it('refuses a dangling symlink too (O_EXCL: nothing is created at its target)', async () => {
    const target = path.join(dir, 'would-be-created')
    const f = path.join(dir, 'dangling.log')
    symlinkSync(target, f)
    await expect(createLog(f)).rejects.toMatchObject({ code: expect.stringMatching(/^(EEXIST|ELOOP)$/) as string })
    expect(existsSync(target)).toBe(false)
  })

  it('refuses an existing file', async () => {
    const f = path.join(dir, 'existing.log')
    writeFileSync(f, '')
    await expect(createLog(f)).rejects.toMatchObject({ code: 'EEXIST' })
  })

  it('removeLog removes the log, and a fallback folder with it once empty; never our usual folder', async () => {
    const fallback = path.join(dir, 'aws-sso-tray-fallback-0-XyZ789')
    mkdirSync(fallback)
    await createLog(path.join(fallback, 's.1.log'))
    await removeLog(path.join(fallback, 's.1.log'))
    expect(existsSync(fallback)).toBe(false)
    const usual = path.join(dir, 'aws-sso-tray-0')
    mkdirSync(usual)
    await createLog(path.join(usual, 's.2.log'))
    await removeLog(path.join(usual, 's.2.log'))
    expect(readdirSync(usual)).toEqual([])
    await removeLog(path.join(usual, 'never-there.log')) // no error
  })
})
