// status.line and status.json in the tray's private runtime folder, for prompts and bars that
// read them on every redraw (as cheap as `cat`). Each is replaced atomically (a new file, then
// rename), so a reader sees the old text or the new, never half; created 0600 without following
// links, in a folder the caller has checked is ours.

import { closeSync, constants, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'

export function statusLinePath(runtimeDir: string): string {
  return path.join(runtimeDir, 'status.line')
}

export function statusJsonPath(runtimeDir: string): string {
  return path.join(runtimeDir, 'status.json')
}

export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600)
  try {
    try {
      writeSync(fd, text)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, file)
  } catch (e) {
    rmSync(tmp, { force: true }) // a full disk must not leave one temp file per change
    throw e
  }
}

/** Writes both files; only when the text changed, so an idle minute costs two string compares. */
export function createStatusFiles(runtimeDir: string) {
  let last: { line: string; json: string } | null = null
  return {
    write(line: string, json: string): void {
      if (last?.line === line && last.json === json) return
      writeAtomically(statusLinePath(runtimeDir), line + '\n')
      writeAtomically(statusJsonPath(runtimeDir), json + '\n')
      last = { line, json }
    },
    /** The tray stops: a stale line would claim a state nobody watches any more. */
    remove(): void {
      rmSync(statusLinePath(runtimeDir), { force: true })
      rmSync(statusJsonPath(runtimeDir), { force: true })
      last = null
    },
  }
}
