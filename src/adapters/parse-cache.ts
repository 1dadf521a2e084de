// Where `status` keeps its parse cache: $XDG_CACHE_HOME/aws-sso-tray/status-cache.json (folder
// 0700, file 0600, written to a temporary file and renamed over, so a reader never sees half of
// one); never under ~/.aws. What it holds and when it may be used: src/aws/load-profiles.ts.
// The entry is tied to the app's version and build; another build starts from scratch. The code
// cache (src/adapters/code-cache.ts) shares the folder and its rules.

import { isAscii } from 'node:buffer'
import { lstatSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FileStamp, ProfileCache, ProfileCacheEntry } from '../aws/load-profiles.ts'
import type { Clock } from '../ports.ts'
import type { Env } from '../settings.ts'

const FILE = 'status-cache.json'

export function parseCacheDir(env: Env, home: string): string {
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'aws-sso-tray')
}

/** `app` names this version and build of the app: an entry saved by any other is ignored. */
export function createParseCache(dir: string, app: string, clock: Clock): ProfileCache {
  const file = join(dir, FILE)
  return {
    read() {
      try {
        if (!isPrivateFolder(dir)) return undefined
        const saved = JSON.parse(text(readFileSync(file))) as { app?: unknown; entry?: ProfileCacheEntry }
        return saved.app === app ? saved.entry : undefined
      } catch {
        return undefined
      }
    },
    write(entry) {
      writePrivately(dir, FILE, JSON.stringify({ app, entry }))
    },
    stamp(p) {
      return stampOf(p)
    },
    now: () => clock.now(),
  }
}

/** UTF-8 bytes as text; ASCII (the usual entry) as Latin-1, ~3x faster to decode (0.2 ms at 1,000 profiles). */
function text(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')
}

/** Our own folder, private to us: not a planted symlink, not someone else's, not shared. */
export function isPrivateFolder(dir: string): boolean {
  const st = lstatSync(dir, { throwIfNoEntry: false }) // none yet (a first run): no exception, cheaper
  return st !== undefined && st.isDirectory() && (process.getuid === undefined || st.uid === process.getuid()) && (st.mode & 0o077) === 0
}

/** Our private folder, made (0700) when missing; false when it cannot be (a file there, not ours, shared). */
export function makePrivateFolder(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    return isPrivateFolder(dir)
  } catch {
    return false
  }
}

/**
 * Puts `name` in our private cache folder (made 0700 when missing) as a 0600 file, through a
 * temporary file renamed over it, so that a reader never sees half of one. Failures are ignored:
 * the caches are only a speed-up.
 */
export function writePrivately(dir: string, name: string, data: string | Uint8Array): void {
  const tmp = join(dir, `.${name}.${process.pid}.tmp`)
  try {
    if (!makePrivateFolder(dir)) return
    try {
      unlinkSync(tmp) // left over by an earlier process with this pid
    } catch {
      // none: the usual case
    }
    writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' })
    renameSync(tmp, join(dir, name))
  } catch {
    try {
      unlinkSync(tmp)
    } catch {
      // nothing to clean up
    }
  }
}

/** Device, inode, size, mtime and ctime (ns) of a file; 'absent' when it does not exist; undefined when it cannot be told. */
export function stampOf(p: string): FileStamp | undefined {
  try {
    // No exception for a missing file (the usual case for a session never logged in to): cheaper.
    const st = statSync(p, { bigint: true, throwIfNoEntry: false })
    if (st === undefined) return { key: 'absent', changedMs: -Infinity }
    const changed = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs
    return { key: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`, changedMs: Number(changed / 1_000_000n) }
  } catch (error) {
    // ENOENT is no exception here (throwIfNoEntry); a path through a file (ENOTDIR) still is.
    return (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? { key: 'absent', changedMs: -Infinity } : undefined
  }
}
