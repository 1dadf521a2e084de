// Private place for login logs (they hold login URLs): a 0700 folder, 0600 files.

import { chmod, mkdir, open, rm, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Env } from '../settings.ts'

export function loginLogDir(env: Env): string {
  if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'aws-sso-tray')
  const uid = typeof process.getuid === 'function' ? String(process.getuid()) : 'user'
  return path.join(tmpdir(), `aws-sso-tray-${uid}`)
}

export function logPathFor(dir: string, session: string): string {
  return path.join(dir, `${session}.log`)
}

export async function prepareLog(dir: string, session: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await chmod(dir, 0o700)
  const file = logPathFor(dir, session)
  const handle = await open(file, 'a', 0o600)
  await handle.close()
  await chmod(file, 0o600)
  return file
}

export async function readLog(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch {
    return undefined
  }
}

export async function removeLog(file: string): Promise<void> {
  await rm(file, { force: true })
}
