// One tray per user: a second one would show every notice twice. A pid file in the private
// runtime folder; a stale one (its process is gone) is taken over.
//
// The folder sits in a shared place ($XDG_RUNTIME_DIR, else $TMPDIR), so it is trusted only as the
// login logs' folder is (log-dir.ts): ours, a real directory, mode 0700, not a link. Unlike the
// logs, the lock has no private fallback: a fresh folder per start would let every start win its
// own lock, so an untrusted folder is refused with a message naming it and the fix. The pid file
// is created O_EXCL|O_NOFOLLOW (never an existing file, never through a link) and read O_NOFOLLOW.

import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'
import { AppError } from '../errors.ts'
import { statProblem } from '../login/log-dir.ts'

export interface LockDeps {
  /** Our uid (undefined where there is none: Windows). */
  uid?: number | undefined
  pid?: number
  alive?: (pid: number) => boolean
}

export type LockResult = { ok: true; release(): void } | { ok: false; pid: number }

/** Throws AppError when `dir` cannot be trusted with the lock. */
export function acquireInstanceLock(dir: string, deps: LockDeps = {}): LockResult {
  const uid = 'uid' in deps ? deps.uid : typeof process.getuid === 'function' ? process.getuid() : undefined
  const pid = deps.pid ?? process.pid
  const isAlive = deps.alive ?? alive
  trustedDir(dir, uid)
  const file = path.join(dir, 'tray.pid')
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number
    try {
      fd = openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0), 0o600)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw lockError(file, e)
      const other = readPid(file)
      if (other !== null && other !== pid && isAlive(other)) return { ok: false, pid: other }
      // Stale (its process is gone), unreadable or not a plain file: ours to replace, as the folder is ours.
      rmSync(file, { force: true })
      continue
    }
    try {
      writeSync(fd, String(pid))
    } finally {
      closeSync(fd)
    }
    return {
      ok: true,
      release() {
        if (readPid(file) === pid) rmSync(file, { force: true })
      },
    }
  }
  return { ok: false, pid: 0 }
}

/** Creates the folder (0700) when missing; throws when it is not ours to trust. */
function trustedDir(dir: string, uid: number | undefined): void {
  try {
    mkdirSync(dir, { mode: 0o700 })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code !== 'EEXIST') {
      throw new AppError(`cannot create ${dir} for the one-tray lock (${code ?? 'error'})`, {
        hint: 'check that XDG_RUNTIME_DIR (or TMPDIR) names a folder you can write to',
        cause: e,
      })
    }
  }
  let problem: string | null
  try {
    problem = statProblem(lstatSync(dir), uid)
  } catch (e) {
    problem = `cannot be checked (${(e as NodeJS.ErrnoException).code ?? 'error'})`
  }
  if (problem === null) return
  const quoted = `'${dir.replaceAll("'", `'\\''`)}'`
  const fix = problem.startsWith('has mode')
    ? `make it private: chmod 700 ${quoted}`
    : `it is not the private folder it should be: remove or rename ${quoted} if it is yours, else set XDG_RUNTIME_DIR to a private folder`
  throw new AppError(`not starting: the folder for the one-tray lock, ${dir}, ${problem}`, { hint: fix })
}

/** The pid in the file, or null when it is missing, a link, not a plain file or not a pid. */
function readPid(file: string): number | null {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
  } catch {
    return null
  }
  try {
    if (!fstatSync(fd).isFile()) return null
    const n = Number(readFileSync(fd, 'utf8').trim())
    return Number.isInteger(n) && n > 0 ? n : null
  } catch {
    return null
  } finally {
    closeSync(fd)
  }
}

function lockError(file: string, e: unknown): AppError {
  return new AppError(`cannot create the one-tray lock ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, {
    hint: `check the permissions of ${path.dirname(file)}`,
    cause: e,
  })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
