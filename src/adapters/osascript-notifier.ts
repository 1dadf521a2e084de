// macOS notices through `osascript` (AppleScript's `display notification`), for Macs where
// terminal-notifier cannot run (it is x86-64 only: Apple silicon without Rosetta 2). Such a notice
// has no buttons and reports no click, and cannot be replaced or closed: the tray menu is where
// the user acts. Title and body are handed to the script's `on run argv` as arguments, never
// written into its text, so no quote or backslash in a profile name can change what runs.

import type { Notifier, ProcessRunner } from '../ports.ts'

export const OSASCRIPT = '/usr/bin/osascript'

// `argv` holds [marker, title, body]. The fixed first argument keeps osascript's own option
// parsing (it stops at the first non-option) away from a title that starts with "-".
const SCRIPT = ['on run argv', 'display notification (item 3 of argv) with title (item 2 of argv)', 'end run']
const MARKER = 'aws-sso-tray'

/** The argv of one notice (exported for tests and docs). */
export function osascriptArgs(title: string, body: string): string[] {
  return [...SCRIPT.flatMap((line) => ['-e', line]), MARKER, title, body]
}

export function createOsascriptNotifier(runner: ProcessRunner, log: (m: string) => void): Notifier {
  let disposed = false
  let warned = false
  return {
    notify(n) {
      if (disposed) return { close: () => undefined }
      runner.run(OSASCRIPT, osascriptArgs(n.title, n.body), { timeoutMs: 15_000 }).then(
        (r) => {
          if (r.exitCode === 0 || warned) return
          warned = true
          log(
            `osascript could not show a notice: ${r.notFound ? `${OSASCRIPT} not found` : r.timedOut ? 'timed out' : r.stderr.trim() || `exit ${r.exitCode ?? '?'}`}`,
          )
        },
        (e: unknown) => log(`osascript failed: ${e instanceof Error ? e.message : String(e)}`),
      )
      // A shown notice stays until macOS removes it: there is nothing to close.
      return { close: () => undefined }
    },
    dispose() {
      disposed = true
    },
  }
}
