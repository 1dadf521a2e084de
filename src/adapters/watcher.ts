// Watches the files and folders the tray depends on (SSO cache folder, config, credentials, our
// settings) and calls back once per burst of changes. Files are watched through their folder and
// filtered by name: editors and the AWS CLI replace files by rename, which ends a watch on the old
// file, and the folders (~/.aws, ~/.config) hold other busy files. A path that does not exist yet
// (no login ever) is watched through its nearest existing parent, for the one name that leads to it.

import { existsSync, statSync, watch, type FSWatcher } from 'node:fs'
import path from 'node:path'

export interface Watcher {
  close(): void
}

export interface WatchTarget {
  path: string
  /** A folder whose every entry matters (the token cache); otherwise a single file. */
  folder: boolean
}

/** The debounce timer. Tests hand in one they run themselves, so no test waits on the clock. */
export interface DebounceTimer {
  set(fn: () => void, ms: number): unknown
  clear(handle: unknown): void
}

const realTimer: DebounceTimer = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

export function watchPaths(
  targets: readonly WatchTarget[],
  debounceMs: number,
  onChange: () => void,
  log: (m: string) => void,
  timers: DebounceTimer = realTimer,
): Watcher {
  const watchers = new Map<string, { w: FSWatcher; names: Set<string> | null }>()
  let timer: unknown = null
  let closed = false
  const fire = () => {
    if (timer !== null) timers.clear(timer)
    timer = timers.set(() => {
      timer = null
      arm() // a missing folder may exist now
      onChange()
    }, debounceMs)
  }
  const arm = () => {
    if (closed) return
    // folder → names that matter in it (null: all of them)
    const plan = new Map<string, Set<string> | null>()
    for (const t of targets) {
      const [dir, name] = watchPoint(t)
      if (dir === null) continue
      const names = plan.has(dir) ? plan.get(dir) : new Set<string>()
      if (names === null || names === undefined || name === null) plan.set(dir, null)
      else plan.set(dir, names.add(name))
    }
    for (const [dir, entry] of watchers) {
      if (!plan.has(dir)) {
        entry.w.close()
        watchers.delete(dir)
      }
    }
    for (const [dir, names] of plan) {
      const existing = watchers.get(dir)
      if (existing) {
        existing.names = names
        continue
      }
      try {
        const entry = { w: watch(dir, { persistent: false }), names }
        entry.w.on('change', (_event, filename) => {
          const f = typeof filename === 'string' ? filename : filename?.toString()
          if (entry.names === null || f === undefined || entry.names.has(f)) fire()
        })
        entry.w.on('error', () => {
          entry.w.close()
          watchers.delete(dir)
          fire()
        })
        watchers.set(dir, entry)
      } catch (e) {
        log(`cannot watch ${dir}: ${(e as Error).message}`)
      }
    }
  }
  arm()
  return {
    close() {
      closed = true
      if (timer !== null) timers.clear(timer)
      timer = null
      for (const { w } of watchers.values()) w.close()
      watchers.clear()
    },
  }
}

/** The folder to watch for a target and the entry name that matters there (null: any). */
function watchPoint(t: WatchTarget): [string | null, string | null] {
  const target = path.resolve(t.path)
  if (t.folder && isDir(target)) return [target, null]
  let child = target
  let dir = path.dirname(target)
  for (;;) {
    if (isDir(dir)) return [dir, path.basename(child)]
    const up = path.dirname(dir)
    if (up === dir) return [null, null]
    child = dir
    dir = up
  }
}

function isDir(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isDirectory()
  } catch {
    return false
  }
}
