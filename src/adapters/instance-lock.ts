// One tray per user: a second one would show every notice twice. A pid file in the private
// runtime folder; a stale one (its process is gone) is taken over.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export function acquireInstanceLock(dir: string): { ok: true; release(): void } | { ok: false; pid: number } {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = path.join(dir, 'tray.pid')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 })
      return {
        ok: true,
        release() {
          try {
            if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true })
          } catch {
            // already gone
          }
        },
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const pid = Number(readFileSync(file, 'utf8').trim())
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return { ok: false, pid }
      rmSync(file, { force: true })
    }
  }
  return { ok: false, pid: 0 }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
