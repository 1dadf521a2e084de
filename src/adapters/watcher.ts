// Watches folders (the SSO cache, the config files' folders) and calls back once per burst of
// changes. Folders are watched rather than files: editors and the AWS CLI replace files by rename,
// which ends a watch on the old file. A folder that does not exist yet (no login ever) is watched
// through its nearest existing parent and picked up when it appears.

import { existsSync, watch, type FSWatcher } from 'node:fs'
import path from 'node:path'

export interface Watcher {
  close(): void
}

export function watchFolders(folders: readonly string[], debounceMs: number, onChange: () => void, log: (m: string) => void): Watcher {
  const watchers = new Map<string, FSWatcher>()
  let timer: NodeJS.Timeout | null = null
  let closed = false
  const fire = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      arm() // a missing folder may exist now
      onChange()
    }, debounceMs)
  }
  const arm = () => {
    if (closed) return
    const wanted = new Set(folders.map(nearestExisting).filter((d): d is string => d !== null))
    for (const [dir, w] of watchers) {
      if (!wanted.has(dir)) {
        w.close()
        watchers.delete(dir)
      }
    }
    for (const dir of wanted) {
      if (watchers.has(dir)) continue
      try {
        const w = watch(dir, { persistent: false }, fire)
        w.on('error', () => {
          w.close()
          watchers.delete(dir)
          fire()
        })
        watchers.set(dir, w)
      } catch (e) {
        log(`cannot watch ${dir}: ${(e as Error).message}`)
      }
    }
  }
  arm()
  return {
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      for (const w of watchers.values()) w.close()
      watchers.clear()
    },
  }
}

function nearestExisting(dir: string): string | null {
  let d = path.resolve(dir)
  for (;;) {
    if (existsSync(d)) return d
    const up = path.dirname(d)
    if (up === d) return null
    d = up
  }
}
