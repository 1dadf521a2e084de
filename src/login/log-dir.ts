// Private place for login logs (they hold login URLs): a 0700 folder of our own, 0600 files.
// The usual folder sits in shared places ($TMPDIR, or $XDG_RUNTIME_DIR), so it is trusted only
// when lstat shows it is ours, a real directory and 0700; anything else (another user's folder, a
// link, a 0777 folder) is left alone and a fresh mkdtemp folder is used instead. The path also
// ends up in a shell string (tmux pipe-pane), so it must hold no shell or tmux format syntax.

import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { lstat, mkdir, mkdtemp, open, readFile, rm, rmdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Env } from '../settings.ts'
import { SAFE_PATH } from './tmux-runner.ts'

/** The folder we would like to use (the tray's instance lock lives there too). */
export function loginLogDir(env: Env): string {
  if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'aws-sso-tray')
  return path.join(tmpdir(), `aws-sso-tray-${uidText()}`)
}

/** The file-system calls the folder checks make; tests hand in a recording fake. */
export interface DirFs {
  mkdir(p: string, mode: number): Promise<void>
  lstat(p: string): Promise<{ isDirectory(): boolean; isSymbolicLink(): boolean; uid: number; mode: number }>
  mkdtemp(prefix: string): Promise<string>
}

export const nodeDirFs: DirFs = {
  mkdir: async (p, mode) => {
    await mkdir(p, { mode })
  },
  lstat: (p) => lstat(p),
  mkdtemp: (prefix) => mkdtemp(prefix),
}

export type LogDirChoice = { dir: string; fallback: false } | { dir: string; fallback: true; reason: string }

/** Our folder if it is safe to use, else a fresh private one (the reason says why). */
export async function privateLogDir(env: Env, fs: DirFs = nodeDirFs, uid: number | undefined = currentUid(), tmp = tmpdir()): Promise<LogDirChoice> {
  const wanted = loginLogDir(env)
  const problem = SAFE_PATH.test(wanted) ? await ownDirProblem(fs, wanted, uid) : 'its path needs shell quoting'
  if (problem === null) return { dir: wanted, fallback: false }
  const base = SAFE_PATH.test(tmp) ? tmp : '/tmp'
  const dir = await fs.mkdtemp(path.join(base, `${FALLBACK_PREFIX}${uid ?? 'user'}-`))
  return { dir, fallback: true, reason: `${wanted} ${problem}` }
}

/** null when `dir` is (now) a directory of ours with mode 0700 and no link; else what is wrong. */
export async function ownDirProblem(fs: DirFs, dir: string, uid: number | undefined): Promise<string | null> {
  try {
    await fs.mkdir(dir, 0o700)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return `cannot be created (${(e as NodeJS.ErrnoException).code ?? 'error'})`
  }
  let st
  try {
    st = await fs.lstat(dir)
  } catch (e) {
    return `cannot be checked (${(e as NodeJS.ErrnoException).code ?? 'error'})`
  }
  return statProblem(st, uid)
}

/** The verdict on a folder's lstat: null when it is a real directory of ours with mode 0700. */
export function statProblem(st: { isDirectory(): boolean; isSymbolicLink(): boolean; uid: number; mode: number }, uid: number | undefined): string | null {
  if (st.isSymbolicLink()) return 'is a symbolic link'
  if (!st.isDirectory()) return 'is not a directory'
  if (uid !== undefined && st.uid !== uid) return `belongs to another user (uid ${st.uid})`
  if ((st.mode & 0o777) !== 0o700) return `has mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}, not 0700`
  return null
}

const FALLBACK_PREFIX = 'aws-sso-tray-fallback-'

/** A new log file name for one login of `session`: random, so no two logins ever share one. */
export function newLogPath(dir: string, session: string, random = randomBytes(6).toString('hex')): string {
  return path.join(dir, `${session}.${random}.log`)
}

/** Creates the log: never through a link, never an existing file, 0600. */
export async function createLog(file: string): Promise<void> {
  const handle = await open(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0), 0o600)
  await handle.close()
}

export async function readLog(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch {
    return undefined
  }
}

/** Removes the log, and its folder when that was a fallback made for it (once empty). */
export async function removeLog(file: string): Promise<void> {
  await rm(file, { force: true })
  const dir = path.dirname(file)
  if (path.basename(dir).startsWith(FALLBACK_PREFIX)) await rmdir(dir).catch(() => undefined)
}

function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined
}

function uidText(): string {
  const uid = currentUid()
  return uid === undefined ? 'user' : String(uid)
}
