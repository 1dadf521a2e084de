// `aws-sso-tray autostart enable|disable|status [--json]`: start the tray with the desktop session.
// The entry's text comes from core/autostart-entry.ts; this file reads, writes and removes it:
// atomically, never through a symlink, and never touching a file we did not write.

import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { autostartEntry, autostartLocation, entryCommand, unusablePath, type AutostartKind, type AutostartTarget } from '../core/autostart-entry.ts'
import { AppError, UsageError } from '../errors.ts'
import { colourEnabled, painter } from '../render/colour.ts'
import type { CommandContext } from './context.ts'

export type AutostartAction = 'enable' | 'disable' | 'status'

export interface AutostartOptions {
  action: AutostartAction
  json: boolean
  /** This installation: process.execPath and the bundle's own path. */
  target: AutostartTarget
}

/** What is at the entry's path now. */
export type Found = { state: 'absent' } | { state: 'foreign'; why: string } | { state: 'ours'; current: boolean; command: string }

export interface AutostartStatus {
  platform: NodeJS.Platform
  file: string
  enabled: boolean
  ours: boolean
  current: boolean
  /** The line (or array) that says what the entry starts, when it is ours. */
  command: string | null
}

/**
 * This installation: the Node running us and the script it was started with. Not import.meta.url:
 * the build puts most commands in a second bundle file that cannot be started. The script path
 * is resolved through npm's bin symlink to the bundle itself, which stays put across upgrades.
 */
export function thisInstallation(argv1: string | undefined = process.argv[1]): AutostartTarget {
  if (!argv1) throw new AppError('cannot tell which script is running', { hint: 'run autostart from the installed aws-sso-tray command' })
  let cli = argv1
  try {
    cli = realpathSync(argv1)
  } catch {
    // keep the path as given
  }
  return { node: process.execPath, cli }
}

export function runAutostart(ctx: CommandContext, opts: AutostartOptions): number {
  const where = autostartLocation(ctx.platform, ctx.env, ctx.home)
  if ('error' in where) throw new AppError(where.error, { hint: 'autostart needs to know the per-user startup folder' })
  const pathApi = ctx.platform === 'win32' ? path.win32 : path.posix
  const target: AutostartTarget = ctx.platform === 'darwin' && ctx.env.PATH ? { ...opts.target, path: ctx.env.PATH } : opts.target
  const expected = autostartEntry(where.kind, target)
  const found = inspect(where.file, where.kind, expected)
  const say = (text: string) => ctx.out.stdout(opts.json ? '' : `${text}\n`)
  // Green: starts this installation; yellow: not (yet) starting it; red: a file that is not ours.
  const paint = painter(!opts.json && colourEnabled(ctx.env, ctx.out.isTTY))
  let code = 0

  if (opts.action === 'enable') {
    const bad = unusablePath(target, where.kind)
    if (bad) throw new UsageError(`cannot write an autostart entry: ${bad}`, 'install aws-sso-tray (and Node) under a plainer path')
    if (found.state === 'foreign') {
      throw new AppError(`${where.file} exists and was not written by aws-sso-tray (${found.why}): left alone`, {
        hint: 'remove or rename it, then run aws-sso-tray autostart enable again',
      })
    }
    if (found.state === 'ours' && readNoFollow(where.file) === expected) {
      say(`autostart ${paint('green', 'already enabled')}: ${where.file}`)
    } else {
      writeAtomic(pathApi.dirname(where.file), where.file, expected)
      say(`autostart ${paint('green', found.state === 'ours' ? 'updated' : 'enabled')}: ${where.file}`)
    }
  } else if (opts.action === 'disable') {
    if (found.state === 'absent') say(`autostart is ${paint('yellow', 'not enabled')} (no ${where.file})`)
    else if (found.state === 'foreign') {
      ctx.out.stderr(`aws-sso-tray: ${where.file} was not written by aws-sso-tray (${found.why}): left alone\n`)
      code = 1
    } else {
      unlinkSync(where.file)
      say(`autostart ${paint('yellow', 'disabled')}: removed ${where.file}`)
    }
  } else {
    if (found.state === 'absent') say(`autostart: ${paint('yellow', 'not enabled')} (enable writes ${where.file})`)
    else if (found.state === 'foreign') say(`autostart: ${where.file} ${paint('red', 'exists but was not written by aws-sso-tray')} (${found.why})`)
    else if (found.current) say(`autostart: ${paint('green', 'enabled')}, starts this installation (${where.file})`)
    else
      say(
        `autostart: enabled, ${paint('yellow', 'but starts another installation')} (${where.file}: ${found.command}); run aws-sso-tray autostart enable to point it here`,
      )
  }

  if (opts.json) {
    const now = inspect(where.file, where.kind, expected)
    const status: AutostartStatus = {
      platform: ctx.platform,
      file: where.file,
      enabled: now.state !== 'absent',
      ours: now.state === 'ours',
      current: now.state === 'ours' && now.current,
      command: now.state === 'ours' ? now.command : null,
    }
    ctx.out.stdout(`${JSON.stringify(status, null, 2)}\n`)
  }
  return code
}

export function inspect(file: string, kind: AutostartKind, expected: string): Found {
  let st
  try {
    st = lstatSync(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    // ENOTDIR: a file where a folder should be; nothing of ours, and enable says why it cannot write.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'absent' }
    throw new AppError(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  if (st.isSymbolicLink()) return { state: 'foreign', why: 'a symbolic link' }
  if (!st.isFile()) return { state: 'foreign', why: 'not a regular file' }
  const command = entryCommand(kind, readNoFollow(file))
  if (command === null) return { state: 'foreign', why: 'no aws-sso-tray marker in it' }
  return { state: 'ours', current: command === entryCommand(kind, expected), command }
}

function readNoFollow(file: string): string {
  // O_NOFOLLOW: a symlink swapped in after lstat fails here instead of being read through.
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  try {
    if (!fstatSync(fd).isFile()) throw new AppError(`${file} is not a regular file`)
    return readFileSync(fd, 'utf8')
  } finally {
    closeSync(fd)
  }
}

/**
 * A fresh temporary file next to the target ('wx': never an existing file or a symlink's
 * target), then rename, which replaces a path without following it. Readers (the session
 * starting) see the old entry or the new one, never half of one.
 */
function writeAtomic(dir: string, file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(tmp, text, { flag: 'wx', mode: 0o644 })
    renameSync(tmp, file)
  } catch (e) {
    try {
      unlinkSync(tmp)
    } catch {
      // nothing was created
    }
    throw new AppError(`cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e, hint: `check the permissions of ${dir}` })
  }
}
