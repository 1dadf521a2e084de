import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  createLog,
  loginLogDir,
  newLogPath,
  nodeDirFs,
  ownDirProblem,
  privateLogDir,
  readLog,
  removeLog,
  statProblem,
  type DirFs,
} from '../../src/login/log-dir.ts'

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

describe('statProblem: each check, in order', () => {
  const st = (over: { dir?: boolean; link?: boolean; uid?: number; mode?: number }) => ({
    isDirectory: () => over.dir ?? true,
    isSymbolicLink: () => over.link ?? false,
    uid: over.uid ?? UID,
    mode: over.mode ?? 0o40700,
  })

  it.each([
    ['ours, 0700', {}, null],
    ['0600 (no search bit)', { mode: 0o40600 }, 'has mode 0600, not 0700'],
    ['0070', { mode: 0o40070 }, 'has mode 0070, not 0700'],
    ['0000 (padded to four digits)', { mode: 0o40000 }, 'has mode 0000, not 0700'],
    ['0701: one bit for others is one too many', { mode: 0o40701 }, 'has mode 0701, not 0700'],
    ['set-gid 2700: only the permission bits count', { mode: 0o42700 }, null],
    ['a link to a directory of ours: the link is what counts', { link: true, mode: 0o120777 }, 'is a symbolic link'],
    ['a link, another user’s, not a directory: the link is said first', { link: true, dir: false, uid: 65534 }, 'is a symbolic link'],
    ['a 0644 file of another user: not a directory, said first', { dir: false, uid: 65534, mode: 0o100644 }, 'is not a directory'],
    ['another user’s 0755 folder: the owner, said before the mode', { uid: 65534, mode: 0o40755 }, 'belongs to another user (uid 65534)'],
    ['root’s folder, for a user', { uid: 0 }, 'belongs to another user (uid 0)'],
  ] as const)('%s → %s', (_what, over, expected) => {
    expect(statProblem(st(over), UID)).toBe(expected)
  })

  it('without a uid to compare (Windows) only the owner check is skipped', () => {
    expect(statProblem(st({ uid: 65534 }), undefined)).toBeNull()
    expect(statProblem(st({ uid: 65534, mode: 0o40755 }), undefined)).toBe('has mode 0755, not 0700')
    expect(statProblem(st({ dir: false }), undefined)).toBe('is not a directory')
  })
})

describe('ownDirProblem: errors without a code', () => {
  it('says "error" when the failure names no code', async () => {
    const bare: DirFs = {
      mkdir: () => Promise.reject(new Error('odd')),
      lstat: () => Promise.reject(new Error('odd')),
      mkdtemp: () => Promise.reject(new Error('unused')),
    }
    expect(await ownDirProblem(bare, '/x', UID)).toBe('cannot be created (error)')
    const exists: DirFs = { ...bare, mkdir: () => Promise.reject(Object.assign(new Error('EEXIST'), { code: 'EEXIST' })) }
    expect(await ownDirProblem(exists, '/x', UID)).toBe('cannot be checked (error)')
  })
})

/** Runs `fn` as on Windows, where node has no process.getuid. */
async function withoutGetuid<T>(fn: () => Promise<T> | T): Promise<T> {
  const getuid = Object.getOwnPropertyDescriptor(process, 'getuid')
  Object.defineProperty(process, 'getuid', { value: undefined, configurable: true, writable: true })
  try {
    return await fn()
  } finally {
    if (getuid) Object.defineProperty(process, 'getuid', getuid)
  }
}

describe('without uids (Windows: no process.getuid)', () => {
  it('the folder and the fallback say "user", and the owner is not checked', async () => {
    const { fs, calls } = fakeFs({ uid: 65534, mode: 0o40755 }, 'EEXIST')
    const choice = await withoutGetuid(() => privateLogDir({ XDG_RUNTIME_DIR: '/run/user/1000' }, fs, undefined, '/var/tmp'))
    expect(choice).toEqual({
      dir: '/var/tmp/aws-sso-tray-fallback-user-AbC123',
      fallback: true,
      reason: '/run/user/1000/aws-sso-tray has mode 0755, not 0700',
    })
    expect(calls).toEqual(['mkdir /run/user/1000/aws-sso-tray 700', 'lstat /run/user/1000/aws-sso-tray', 'mkdtemp /var/tmp/aws-sso-tray-fallback-user-'])
    expect(await withoutGetuid(() => loginLogDir({}))).toBe(path.join(tmpdir(), 'aws-sso-tray-user'))
  })
})

// The checks against the real file system, through the real adapter (nodeDirFs, lstat).
describe('the folder checks on a real file system', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-dircheck-'))
  chmodSync(root, 0o700)
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const me = process.getuid?.()

  it('without $XDG_RUNTIME_DIR (or with an empty one) the folder is aws-sso-tray-UID in the temp folder', () => {
    const expected = path.join(tmpdir(), `aws-sso-tray-${me ?? 'user'}`)
    expect(loginLogDir({})).toBe(expected)
    expect(loginLogDir({ XDG_RUNTIME_DIR: '' })).toBe(expected)
  })

  it('a missing folder is created 0700 and is then fine', async () => {
    const dir = path.join(root, 'fresh')
    expect(await ownDirProblem(nodeDirFs, dir, me)).toBeNull()
    expect(statSync(dir).mode & 0o777).toBe(0o700)
  })

  it('our own folder that is 0755 is refused, and left as it was', async () => {
    const dir = path.join(root, 'open')
    mkdirSync(dir)
    chmodSync(dir, 0o755)
    expect(await ownDirProblem(nodeDirFs, dir, me)).toBe('has mode 0755, not 0700')
    expect(statSync(dir).mode & 0o777).toBe(0o755)
  })

  it('a link to a 0700 folder of ours is refused (lstat, not stat)', async () => {
    const target = path.join(root, 'target')
    mkdirSync(target, { mode: 0o700 })
    const link = path.join(root, 'link')
    symlinkSync(target, link)
    expect(await ownDirProblem(nodeDirFs, link, me)).toBe('is a symbolic link')
  })

  it('a file where the folder should be is refused', async () => {
    const file = path.join(root, 'file')
    writeFileSync(file, '')
    expect(await ownDirProblem(nodeDirFs, file, me)).toBe('is not a directory')
  })

  it('a folder whose parent is missing cannot be created', async () => {
    expect(await ownDirProblem(nodeDirFs, path.join(root, 'no', 'such'), me)).toBe('cannot be created (ENOENT)')
  })

  it.skipIf(me !== 0)('another user’s 0700 folder is refused (needs root to chown)', async () => {
    const dir = path.join(root, 'theirs')
    mkdirSync(dir, { mode: 0o700 })
    chownSync(dir, 65534, 65534)
    expect(await ownDirProblem(nodeDirFs, dir, me)).toBe('belongs to another user (uid 65534)')
  })

  it('privateLogDir with its defaults: our folder under $XDG_RUNTIME_DIR when safe, else a fresh one in the temp folder', async () => {
    const runtime = path.join(root, 'runtime')
    mkdirSync(runtime, { mode: 0o700 })
    expect(await privateLogDir({ XDG_RUNTIME_DIR: runtime })).toEqual({ dir: path.join(runtime, 'aws-sso-tray'), fallback: false })
    chmodSync(path.join(runtime, 'aws-sso-tray'), 0o750)
    const choice = await privateLogDir({ XDG_RUNTIME_DIR: runtime })
    try {
      expect(choice).toMatchObject({ fallback: true, reason: `${path.join(runtime, 'aws-sso-tray')} has mode 0750, not 0700` })
      expect(path.dirname(choice.dir)).toBe(tmpdir())
      expect(path.basename(choice.dir)).toMatch(new RegExp(`^aws-sso-tray-fallback-${me ?? 'user'}-[A-Za-z0-9]{6}$`))
      expect(lstatSync(choice.dir).mode & 0o777).toBe(0o700)
    } finally {
      rmSync(choice.dir, { recursive: true, force: true })
    }
  })

  it.skipIf(me !== 0)('privateLogDir checks the owner against our own uid by default (needs root to chown)', async () => {
    const runtime = path.join(root, 'runtime-owner')
    mkdirSync(path.join(runtime, 'aws-sso-tray'), { recursive: true, mode: 0o700 })
    chownSync(path.join(runtime, 'aws-sso-tray'), 65534, 65534)
    const choice = await privateLogDir({ XDG_RUNTIME_DIR: runtime })
    rmSync(choice.dir, { recursive: true, force: true })
    expect(choice).toMatchObject({ fallback: true, reason: `${path.join(runtime, 'aws-sso-tray')} belongs to another user (uid 65534)` })
  })

  it('readLog: the text, or undefined when there is no log (never a throw)', async () => {
    const f = path.join(root, 'r.log')
    writeFileSync(f, 'Please visit\n')
    expect(await readLog(f)).toBe('Please visit\n')
    expect(await readLog(path.join(root, 'none.log'))).toBeUndefined()
  })

  it('removeLog keeps a fallback folder that still holds another log, without an error', async () => {
    const fallback = path.join(root, 'aws-sso-tray-fallback-0-Shared')
    mkdirSync(fallback)
    await createLog(path.join(fallback, 'a.1.log'))
    await createLog(path.join(fallback, 'b.2.log'))
    await removeLog(path.join(fallback, 'a.1.log'))
    expect(readdirSync(fallback)).toEqual(['b.2.log'])
  })
})
