import { mkdirSync, mkdtempSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { watchPaths, type DebounceTimer } from '../../src/adapters/watcher.ts'

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-watch-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const POLL = { timeout: 10_000, interval: 10 }

/** A debounce timer the test runs by hand: it sees every request and every cancellation. */
function manualTimer() {
  const pending = new Set<() => void>()
  let requests = 0
  const timers: DebounceTimer = {
    set: (fn) => {
      requests++
      pending.add(fn)
      return fn
    },
    clear: (handle) => {
      pending.delete(handle as () => void)
    },
  }
  return {
    timers,
    get requests() {
      return requests
    },
    get pending() {
      return pending.size
    },
    run() {
      const due = [...pending]
      pending.clear()
      for (const fn of due) fn()
    },
  }
}

/**
 * Does `act`, then writes a marker file into `dir` and returns once the marker's event has been
 * delivered. inotify keeps a folder's events in order, so by then every watcher of `dir` has had
 * the events `act` caused (setImmediate: all handles of that inotify read have run).
 */
async function settled(dir: string, act: () => void): Promise<void> {
  const marker = `.marker-${Math.random().toString(36).slice(2)}`
  const w = watch(dir, { persistent: false })
  try {
    const seen = new Promise<void>((resolve) =>
      w.on('change', (_e, f) => {
        if (String(f) === marker) resolve()
      }),
    )
    act()
    writeFileSync(path.join(dir, marker), '')
    await seen
    await new Promise((r) => setImmediate(r))
  } finally {
    w.close()
  }
}

describe('watchPaths', () => {
  it('reports a first login (cache folder created later), a replaced config, one call per burst, and ignores neighbours', async () => {
    const aws = path.join(root, 'a', '.aws')
    const cache = path.join(aws, 'sso', 'cache')
    mkdirSync(aws, { recursive: true })
    writeFileSync(path.join(aws, 'config'), '[profile a]\n')
    const t = manualTimer()
    let changes = 0
    const w = watchPaths(
      [
        { path: cache, folder: true },
        { path: path.join(aws, 'config'), folder: false },
      ],
      50,
      () => changes++,
      () => undefined,
      t.timers,
    )
    try {
      // A neighbour in ~/.aws (and the marker, another neighbour) asks for nothing.
      await settled(aws, () => writeFileSync(path.join(aws, 'unrelated.txt'), 'x'))
      expect(t.requests).toBe(0)

      // First login: the cache folder appears under a folder watched for its name.
      mkdirSync(cache, { recursive: true })
      await vi.waitFor(() => expect(t.pending).toBe(1), POLL)
      t.run()
      expect(changes).toBe(1)

      // Now watched inside the new folder: two files, several events, one pending call.
      const before = t.requests
      await settled(cache, () => {
        writeFileSync(path.join(cache, 'abc.json'), '{}')
        writeFileSync(path.join(cache, 'def.json'), '{}')
      })
      expect(t.requests - before).toBeGreaterThanOrEqual(3) // two files and the marker
      expect(t.pending).toBe(1)
      expect(changes).toBe(1) // nothing before the debounce timer runs
      t.run()
      expect(changes).toBe(2)

      // How editors save: a temporary neighbour renamed over the config.
      writeFileSync(path.join(aws, 'config.tmp'), '[profile b]\n')
      renameSync(path.join(aws, 'config.tmp'), path.join(aws, 'config'))
      await vi.waitFor(() => expect(t.pending).toBe(1), POLL)
      t.run()
      expect(changes).toBe(3)

      // close() cancels a pending call.
      writeFileSync(path.join(aws, 'config'), '[profile c]\n')
      await vi.waitFor(() => expect(t.pending).toBe(1), POLL)
      w.close()
      expect(t.pending).toBe(0)
      expect(changes).toBe(3)
    } finally {
      w.close()
    }
  })

  it('runs its debounce on the real clock by default', async () => {
    const aws = path.join(root, 'b', '.aws')
    mkdirSync(aws, { recursive: true })
    let changes = 0
    const w = watchPaths(
      [{ path: path.join(aws, 'config'), folder: false }],
      20,
      () => changes++,
      () => undefined,
    )
    try {
      writeFileSync(path.join(aws, 'config'), '[profile a]\n')
      await vi.waitFor(() => expect(changes).toBeGreaterThan(0), POLL)
    } finally {
      w.close()
    }
  })
})
