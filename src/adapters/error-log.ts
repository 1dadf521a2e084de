// The private log that keeps the stack trace of an internal error, so the user sees one line and
// a bug report can still carry the trace. $XDG_STATE_HOME/aws-sso-tray/errors.log (folder 0700,
// file 0600, opened O_NOFOLLOW so a planted symlink cannot redirect it); never under ~/.aws.
// One file, rotated once it passes MAX_BYTES: the previous one is kept as errors.log.1.

import { closeSync, constants, lstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs'
import path from 'node:path'

const MAX_BYTES = 256 * 1024

/** Appends the report and returns the log's path, or undefined when it could not be written. */
export function writeErrorLog(dir: string, report: string): string | undefined {
  const file = path.join(dir, 'errors.log')
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    if (!lstatSync(dir).isDirectory()) return undefined
    rotate(file)
    const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600)
    try {
      writeSync(fd, report.endsWith('\n') ? report : report + '\n')
    } finally {
      closeSync(fd)
    }
    return file
  } catch {
    return undefined
  }
}

function rotate(file: string): void {
  try {
    const st = lstatSync(file)
    if (st.isFile() && st.size > MAX_BYTES) renameSync(file, `${file}.1`)
  } catch {
    // No log yet.
  }
}
