// V8's code cache for the app bundle (dist/main.cjs), which dist/cli.cjs compiles with it
// (src/startup/cli-entry.ts): Node 20 keeps no compiled code between runs, and compiling the
// bundle was a few ms of every `status`.
//
// V8 checks a cache against its own version and flags, and the source's length only: a bundle
// of the same length would run the old code. So the entry is keyed by the build's id (a hash of
// the bundle stamped into dist/cli.cjs), the bundle's stamp (device, inode, size, mtime and
// ctime in ns), and the Node version and architecture; it is written only while the bundle is
// unchanged since it was read and at least 2 s old (a write within one timestamp tick could
// otherwise leave the stamp as it was), by rename, 0600, in the app's private cache folder
// (never under ~/.aws). One file: the key on the first line, V8's data after it. A foreign,
// broken or rejected entry is ignored, and the next run that may write one replaces it.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isPrivateFolder, makePrivateFolder, stampOf, writePrivately } from './parse-cache.ts'

const FILE = 'code-cache.bin'
const QUIET_MS = 2000

export interface CodeCache {
  /** What an earlier run saved for this very bundle and runtime, or undefined. */
  data: Buffer | undefined
  /**
   * Saves V8's data for the next runs, unless the bundle changed or is younger than 2 s, or the
   * folder cannot be ours; `produce` (V8 serialising the code, a few ms) is called only then.
   */
  save(produce: () => Uint8Array): void
}

/**
 * The cache of `bundle` in `dir`. `build` is the bundle's id from the build, `runtime` the Node
 * version and architecture; undefined when the bundle cannot be stamped (then no cache).
 */
export function openCodeCache(dir: string, bundle: string, build: string, runtime: string, now: () => number): CodeCache | undefined {
  const stamp = stampOf(bundle)
  if (stamp === undefined || stamp.key === 'absent') return undefined
  const key = `aws-sso-tray code cache ${build} ${stamp.key} ${runtime}`
  return {
    data: readEntry(dir, key),
    save(produce) {
      if (stampOf(bundle)?.key !== stamp.key || now() - stamp.changedMs < QUIET_MS || !makePrivateFolder(dir)) return
      writePrivately(dir, FILE, Buffer.concat([Buffer.from(`${key}\n`), produce()]))
    },
  }
}

function readEntry(dir: string, key: string): Buffer | undefined {
  try {
    if (!isPrivateFolder(dir)) return undefined
    const bytes = readFileSync(join(dir, FILE))
    const end = bytes.indexOf(10)
    return bytes.toString('latin1', 0, end) === key ? bytes.subarray(end + 1) : undefined
  } catch {
    return undefined
  }
}
